// legal_period.cpp — legal minimum 公示期 rules and their check (legal_period.h).
#include "import/notice/legal_period.h"

#include <array>
#include <set>

namespace gongkai::notice {

namespace {

constexpr std::array<LegalMinimum, 4> kRules = {{
    {"低保初审公示", 7, false, "《最低生活保障审核确认办法》（民发〔2021〕57号）",
     "the Measures for Review and Confirmation of Minimum Living Allowance (民发〔2021〕57号)",
     false},
    {"征地预公告", 10, true, "《土地管理法实施条例》第二十六条",
     "art. 26 of the Regulation on the Implementation of the Land Administration Law", false},
    {"征地补偿安置方案公告", 30, false, "《土地管理法实施条例》第二十八条",
     "art. 28 of the Regulation on the Implementation of the Land Administration Law", true},
    {"政府采购招标公告", 5, true, "《政府采购货物和服务招标投标管理办法》（财政部令第87号）",
     "the Measures on Tendering for Government Procurement of Goods and Services (MOF Order 87)",
     false},
}};

struct Alias {
  std::string_view alias;
  size_t rule;
};
constexpr std::array<Alias, 12> kAliases = {{
    {"低保初审公示", 0},
    {"低保公示", 0},
    {"最低生活保障初审公示", 0},
    {"低保拟保对象公示", 0},
    {"征地预公告", 1},
    {"征收土地预公告", 1},
    {"土地征收预公告", 1},
    {"征地补偿安置方案公告", 2},
    {"征收土地补偿安置方案公告", 2},
    {"征地补偿安置公告", 2},
    {"政府采购招标公告", 3},
    {"招标公告", 3},
}};

bool contains(std::string_view s, std::string_view what) {
  return s.find(what) != std::string_view::npos;
}

bool names_land_expropriation(std::string_view t) {
  return contains(t, "征地") || contains(t, "征收土地") || contains(t, "土地征收") ||
         contains(t, "集体土地征收");
}

// A deadline in the body: a calendar date (2026年12月25日, 12月25日, 2026-12-25) or a
// relative one (…之日起15日内, 截止, 期限).
bool has_deadline_wording(std::string_view body) {
  if (contains(body, "日内") || contains(body, "截止") || contains(body, "期限") ||
      contains(body, "之前")) {
    return true;
  }
  // "N月N日" or "YYYY-MM-DD"
  for (size_t i = 0; i + 1 < body.size(); ++i) {
    if (body[i] >= '0' && body[i] <= '9') {
      size_t j = i;
      while (j < body.size() && body[j] >= '0' && body[j] <= '9') ++j;
      if (body.substr(j, 3) == "月" || (j < body.size() && body[j] == '-' && j - i == 4)) {
        return true;
      }
      i = j;
    }
  }
  return false;
}

std::string days_text_zh(int n, bool working) {
  return std::to_string(n) + (working ? " 个工作日" : " 天");
}
std::string days_text_en(int n, bool working) {
  return std::to_string(n) + (working ? " working day" : " day") + (n == 1 ? "" : "s");
}

}  // namespace

const LegalMinimum* legal_minimum_for_kind(std::string_view kind) {
  for (const auto& a : kAliases) {
    if (a.alias == kind) return &kRules[a.rule];
  }
  return nullptr;
}

const LegalMinimum* legal_minimum_from_title(std::string_view title) {
  // Order matters: a 补偿安置方案 title also names 征地, and 预公告 is checked before 公告 forms.
  if (names_land_expropriation(title) && contains(title, "补偿安置") && contains(title, "方案")) {
    return &kRules[2];
  }
  if (names_land_expropriation(title) && contains(title, "预公告")) return &kRules[1];
  if ((contains(title, "低保") || contains(title, "最低生活保障")) && contains(title, "公示") &&
      (contains(title, "初审") || contains(title, "拟"))) {
    return &kRules[0];
  }
  // 政府采购 招标公告; 中标/成交结果公告 do not contain 招标公告.
  if (contains(title, "招标公告") && contains(title, "采购")) return &kRules[3];
  return nullptr;
}

DaySpan whole_days_inside(int64_t start_at, int64_t end_at) {
  // First day whose 00:00 is at or after start; last day whose 24:00 is at or before end.
  int64_t first = china_day_of(start_at);
  if (china_midnight(first) < start_at) ++first;
  const int64_t end = china_day_of(end_at);  // the day containing end_at starts at or before it
  return DaySpan{first, end};
}

int count_working_days(const DaySpan& span, const WorkdayCalendar& cal) {
  int n = 0;
  for (int64_t d = span.first; d < span.end; ++d) {
    if (cal.is_workday(d)) ++n;
  }
  return n;
}

void check_legal_period(const LegalMinimum& rule, int64_t start_at, std::optional<int64_t> end_at,
                        std::string_view body, const WorkdayCalendar& cal, int end_line,
                        int body_line, Issues& issues) {
  const std::string kind(rule.kind);
  if (end_at) {
    const DaySpan span = whole_days_inside(start_at, *end_at);
    int counted = static_cast<int>(span.count());
    if (rule.working_days) {
      counted = count_working_days(span, cal);
      std::set<int> uncovered;
      for (int64_t d = span.first; d < span.end; ++d) {
        const int y = civil_from_days(d).year;
        if (!cal.covers_year(y)) uncovered.insert(y);
      }
      for (int y : uncovered) {
        issues.warn(
            end_line, "end（公示结束）",
            "the working-day calendar does not cover " + std::to_string(y) +
                "; counted Monday–Friday only (update assets/calendar/cn-workdays.tsv)",
            "工作日历未包含 " + std::to_string(y) +
                " 年的节假日安排，按周一至周五计算（请更新 assets/calendar/cn-workdays.tsv）");
      }
    }
    if (counted < rule.days) {
      issues.error(end_line, "end（公示结束）",
                   "publicity period of " + days_text_en(counted, rule.working_days) +
                       " is shorter than the " + days_text_en(rule.days, rule.working_days) +
                       " required by " + std::string(rule.basis_en) + " for " + kind,
                   "公示期 " + days_text_zh(counted, rule.working_days) + "，少于" +
                       std::string(rule.basis_zh) + "规定的 " + std::to_string(rule.days) +
                       (rule.working_days ? " 个工作日" : " 日") + "（" + kind + "）");
    }
  }
  if (rule.needs_objection_channel) {
    const bool channel = contains(body, "异议") || contains(body, "听证");
    if (!channel) {
      issues.error(body_line, "正文",
                   "a " + kind + " must state how to raise objections (异议 or 听证 channel), " +
                       std::string(rule.basis_en),
                   kind + "应载明异议反馈渠道（异议、听证），见" + std::string(rule.basis_zh));
    } else if (!has_deadline_wording(body)) {
      issues.error(
          body_line, "正文",
          "a " + kind + " must state the deadline for objections, " + std::string(rule.basis_en),
          kind + "应载明提出异议的期限，见" + std::string(rule.basis_zh));
    }
  }
}

}  // namespace gongkai::notice
