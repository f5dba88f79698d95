// legal_period_test.cpp — legal minimum 公示期 (sync/import/notice/legal_period.h) and the
// working-day calendar (calendar.h, assets/calendar/cn-workdays.tsv). Each minimum is accepted
// at exactly the minimum and refused one (working) day below; the working-day cases span 国庆
// 2025 and 春节 2026, where plain Monday–Friday counting would give a different answer.
#include "import/notice/legal_period.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace gongkai::notice {
namespace {

using testing::china_time;

int64_t day(int y, int m, int d) { return days_from_civil(CivilDate{y, m, d}); }

const WorkdayCalendar& cal() {
  static const WorkdayCalendar c = WorkdayCalendar::builtin().value();
  return c;
}

// Checks a date-only period [start, last] (last day inclusive, as a notice file writes it).
Issues check_dates(const char* kind, CivilDate start, CivilDate last,
                   const std::string& body = "") {
  Issues issues;
  const LegalMinimum* rule = legal_minimum_for_kind(kind);
  EXPECT_NE(rule, nullptr) << kind;
  if (rule == nullptr) return issues;
  const int64_t s = china_midnight(days_from_civil(start));
  const int64_t e = china_midnight(days_from_civil(last) + 1);
  check_legal_period(*rule, s, e, body, cal(), 7, 9, issues);
  return issues;
}

constexpr const char* kObjectionBody =
    "对本方案有异议的，请于2026年12月25日前向县自然资源局书面提出；符合条件的将组织听证。";

// --- calendar ---------------------------------------------------------------------------------

TEST(WorkdayCalendar, BuiltInCoversExactlyTheListedYears) {
  EXPECT_EQ(cal().years(), (std::set<int>{2024, 2025, 2026}));
  EXPECT_FALSE(cal().covers_year(2023));
  EXPECT_FALSE(cal().covers_year(2027));
}

TEST(WorkdayCalendar, HolidaysAndMakeUpWorkdaysFollowTheStateCouncilNotices) {
  EXPECT_FALSE(cal().is_workday(day(2025, 10, 8)));   // Wednesday, 国庆节、中秋节
  EXPECT_TRUE(cal().is_workday(day(2025, 9, 28)));    // Sunday, 调休上班
  EXPECT_TRUE(cal().is_workday(day(2025, 10, 11)));   // Saturday, 调休上班
  EXPECT_FALSE(cal().is_workday(day(2025, 10, 12)));  // ordinary Sunday
  EXPECT_TRUE(cal().is_workday(day(2026, 2, 14)));    // Saturday before 春节 2026
  EXPECT_FALSE(cal().is_workday(day(2026, 2, 23)));   // Monday, 正月初七
  // 除夕 2024 (Friday 2-9): the notice only "encourages" a day off; officially a working day.
  EXPECT_TRUE(cal().is_workday(day(2024, 2, 9)));
}

TEST(WorkdayCalendar, WeekdaysAndNames) {
  EXPECT_EQ(iso_weekday(day(2026, 11, 23)), 1);  // Monday
  EXPECT_EQ(iso_weekday(day(1970, 1, 1)), 4);    // Thursday
  EXPECT_EQ(cal().name_of(day(2026, 10, 1)), "国庆节");
  EXPECT_EQ(cal().name_of(day(2026, 11, 23)), "");
  EXPECT_EQ(format_date(day(2026, 2, 28)), "2026-02-28");
}

TEST(WorkdayCalendar, ParseErrorsNameTheLine) {
  auto bad = WorkdayCalendar::parse_tsv("# x\n2025-10-01\tholiday\t国庆\n2025-13-01\tholiday\tx\n",
                                        "t.tsv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("t.tsv:3:"), std::string::npos);
  auto kind = WorkdayCalendar::parse_tsv("2025-10-01\toff\t国庆\n", "t.tsv");
  ASSERT_FALSE(kind.ok());
  auto twice = WorkdayCalendar::parse_tsv("2025-10-01\tholiday\ta\n2025-10-01\tholiday\tb\n", "t");
  ASSERT_FALSE(twice.ok());
}

// --- counting ---------------------------------------------------------------------------------

TEST(LegalPeriod, OnlyWholeChinaDaysCount) {
  // 00:00 start: the first day counts; 09:00 start: it does not (民法典 art. 201).
  EXPECT_EQ(whole_days_inside(china_time(2026, 11, 20), china_time(2026, 11, 27)).count(), 7);
  EXPECT_EQ(whole_days_inside(china_time(2026, 11, 20, 9), china_time(2026, 11, 27)).count(), 6);
  EXPECT_EQ(whole_days_inside(china_time(2026, 11, 20, 9), china_time(2026, 11, 27, 9)).count(), 6);
  EXPECT_EQ(whole_days_inside(china_time(2026, 11, 20), china_time(2026, 11, 26, 23, 59)).count(),
            6);
  EXPECT_EQ(whole_days_inside(china_time(2026, 11, 27), china_time(2026, 11, 20)).count(), 0);
}

// --- 低保初审公示: 7 days --------------------------------------------------------------------

TEST(LegalPeriod, DibaoAcceptedAtSevenDaysRefusedAtSix) {
  EXPECT_TRUE(check_dates("低保初审公示", {2026, 11, 20}, {2026, 11, 26}).errors.empty());
  const Issues six = check_dates("低保初审公示", {2026, 11, 20}, {2026, 11, 25});
  ASSERT_EQ(six.errors.size(), 1u);
  EXPECT_EQ(six.errors[0].line, 7);
  EXPECT_NE(six.errors[0].zh.find("公示期 6 天，少于"), std::string::npos) << six.errors[0].zh;
}

// --- 征地预公告: 10 working days (art. 26), across 国庆 2025 ----------------------------------

TEST(LegalPeriod, LandPreNoticeCountsWorkingDaysAcrossNationalDay2025) {
  // 2025-09-26 (Fri) … 10-15: 9/26, 9/28 (Sun, 调休), 9/29, 9/30, [10/1–10/8 off], 10/9, 10/10,
  // 10/11 (Sat, 调休), 10/13, 10/14, 10/15 = 10 working days.
  EXPECT_TRUE(check_dates("征地预公告", {2025, 9, 26}, {2025, 10, 15}).errors.empty());
  const Issues nine = check_dates("征地预公告", {2025, 9, 26}, {2025, 10, 14});
  ASSERT_EQ(nine.errors.size(), 1u);
  EXPECT_NE(nine.errors[0].zh.find(
                "公示期 9 个工作日，少于《土地管理法实施条例》第二十六条规定的 10 个工作日"),
            std::string::npos)
      << nine.errors[0].zh;
  EXPECT_NE(nine.errors[0].en.find("9 working days is shorter than the 10 working days"),
            std::string::npos);
  // Plain Monday–Friday counting would have found 13 days here and accepted it.
  EXPECT_TRUE(nine.warnings.empty());
}

// --- 政府采购招标公告: 5 working days, across 春节 2026 ---------------------------------------

TEST(LegalPeriod, ProcurementTenderCountsWorkingDaysAcrossSpringFestival2026) {
  // 2/12 Thu, 2/13 Fri, 2/14 Sat (调休上班), [2/15–2/23 off], 2/24 Tue, 2/25 Wed = 5.
  EXPECT_TRUE(check_dates("政府采购招标公告", {2026, 2, 12}, {2026, 2, 25}).errors.empty());
  const Issues four = check_dates("政府采购招标公告", {2026, 2, 12}, {2026, 2, 24});
  ASSERT_EQ(four.errors.size(), 1u);
  EXPECT_NE(four.errors[0].zh.find("4 个工作日"), std::string::npos);
}

// --- 征地补偿安置方案公告: 30 days and an objection channel (art. 28) ---------------------------

TEST(LegalPeriod, LandCompensationAcceptedAtThirtyDaysRefusedAtTwentyNine) {
  EXPECT_TRUE(check_dates("征地补偿安置方案公告", {2026, 11, 20}, {2026, 12, 19}, kObjectionBody)
                  .errors.empty());
  const Issues short_one =
      check_dates("征地补偿安置方案公告", {2026, 11, 20}, {2026, 12, 18}, kObjectionBody);
  ASSERT_EQ(short_one.errors.size(), 1u);
  EXPECT_NE(short_one.errors[0].zh.find("29 天"), std::string::npos);
}

TEST(LegalPeriod, LandCompensationWithTenDaysIsRefusedWithTheIssueWording) {
  const Issues ten =
      check_dates("征地补偿安置方案公告", {2026, 11, 20}, {2026, 11, 29}, kObjectionBody);
  ASSERT_EQ(ten.errors.size(), 1u);
  EXPECT_NE(ten.errors[0].zh.find("公示期 10 天，少于《土地管理法实施条例》第二十八条规定的 30 日"),
            std::string::npos)
      << ten.errors[0].zh;
  EXPECT_NE(ten.errors[0].en.find("publicity period of 10 days is shorter than the 30 days "
                                  "required by art. 28"),
            std::string::npos)
      << ten.errors[0].en;
}

TEST(LegalPeriod, LandCompensationNeedsObjectionChannelAndDeadline) {
  const Issues none =
      check_dates("征地补偿安置方案公告", {2026, 11, 20}, {2026, 12, 19}, "补偿标准见下表。");
  ASSERT_EQ(none.errors.size(), 1u);
  EXPECT_NE(none.errors[0].zh.find("异议"), std::string::npos);
  EXPECT_EQ(none.errors[0].line, 9);  // the body's first line
  const Issues no_deadline = check_dates("征地补偿安置方案公告", {2026, 11, 20}, {2026, 12, 19},
                                         "如有异议，可向县自然资源局反映。");
  ASSERT_EQ(no_deadline.errors.size(), 1u);
  EXPECT_NE(no_deadline.errors[0].zh.find("期限"), std::string::npos);
  EXPECT_TRUE(check_dates("征地补偿安置方案公告", {2026, 11, 20}, {2026, 12, 19},
                          "对方案有异议的，可在公告之日起30日内申请听证。")
                  .errors.empty());
}

TEST(LegalPeriod, LongTermNoticeSatisfiesAnyMinimum) {
  Issues issues;
  check_legal_period(*legal_minimum_for_kind("低保初审公示"), china_time(2026, 11, 20),
                     std::nullopt, "", cal(), 1, 2, issues);
  EXPECT_TRUE(issues.errors.empty());
}

TEST(LegalPeriod, UncoveredYearCountsMondayToFridayAndWarns) {
  // 2027-01-04 (Mon) … 01-15 (Fri): 10 weekdays; 2027 is not in the calendar.
  const Issues issues = check_dates("征地预公告", {2027, 1, 4}, {2027, 1, 15});
  EXPECT_TRUE(issues.errors.empty());
  ASSERT_EQ(issues.warnings.size(), 1u);
  EXPECT_NE(issues.warnings[0].zh.find("2027"), std::string::npos);
}

// --- recognising the kind -----------------------------------------------------------------

TEST(LegalPeriod, KindAliasesMapToTheCanonicalRule) {
  EXPECT_EQ(legal_minimum_for_kind("征收土地预公告")->kind, "征地预公告");
  EXPECT_EQ(legal_minimum_for_kind("招标公告")->kind, "政府采购招标公告");
  EXPECT_EQ(legal_minimum_for_kind("低保公示")->days, 7);
  EXPECT_EQ(legal_minimum_for_kind("村务公开"), nullptr);
}

TEST(LegalPeriod, KindIsRecognisedFromTitles) {
  auto kind = [](const char* title) {
    const LegalMinimum* r = legal_minimum_from_title(title);
    return r ? std::string(r->kind) : std::string();
  };
  EXPECT_EQ(kind("关于2026年第四季度城乡低保拟保对象的公示"), "低保初审公示");
  EXPECT_EQ(kind("松溪镇最低生活保障初审情况公示"), "低保初审公示");
  EXPECT_EQ(kind("青禾县人民政府征收土地预公告"), "征地预公告");
  EXPECT_EQ(kind("关于石桥村集体土地征收补偿安置方案的公告"), "征地补偿安置方案公告");
  EXPECT_EQ(kind("征地补偿安置方案公告（青政征〔2026〕9号）"), "征地补偿安置方案公告");
  EXPECT_EQ(kind("青禾县教育局办公设备采购项目公开招标公告"), "政府采购招标公告");
  EXPECT_EQ(kind("青禾县教育局办公设备采购项目中标公告"), "");
  EXPECT_EQ(kind("2026年松溪镇低保对象名单（长期公布）"), "");
  EXPECT_EQ(kind("石桥村2026年10月财务收支公开"), "");
}

}  // namespace
}  // namespace gongkai::notice
