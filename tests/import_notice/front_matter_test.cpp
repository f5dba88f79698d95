// front_matter_test.cpp — the YAML-subset header of notice files and its time values
// (sync/import/notice/front_matter.h; docs/notice-format.md §头部字段).
#include "import/notice/front_matter.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace gongkai::notice {
namespace {

using testing::china_time;

std::optional<FrontMatter> parse(const std::string& text, Issues& issues) {
  return parse_front_matter(text, issues);
}

TEST(FrontMatter, ReadsKeysValuesCommentsAndBodyLine) {
  Issues issues;
  const auto fm = parse(
      "---\n"
      "# a comment line\n"
      "id: qh-2026-0012                 # optional\n"
      "title: 关于2026年第四季度城乡低保拟保对象的公示\n"
      "\n"
      "doc_number: 松政〔2026〕31号      # 文号\n"
      "---\n"
      "正文第一段。\n",
      issues);
  ASSERT_TRUE(fm) << issues.errors.front().en;
  ASSERT_EQ(fm->entries.size(), 3u);
  EXPECT_EQ(fm->entries[0].key, "id");
  EXPECT_EQ(fm->entries[0].value, "qh-2026-0012");
  EXPECT_EQ(fm->entries[0].line, 3);
  EXPECT_EQ(fm->entries[1].value, "关于2026年第四季度城乡低保拟保对象的公示");
  EXPECT_EQ(fm->entries[2].value, "松政〔2026〕31号");
  EXPECT_EQ(fm->entries[2].line, 6);
  EXPECT_EQ(fm->body_first_line, 8);
  EXPECT_EQ(fm->body, "正文第一段。\n");
}

TEST(FrontMatter, HashWithoutPrecedingSpaceIsPartOfTheValue) {
  Issues issues;
  const auto fm = parse("---\ntitle: 第#3号公告 # comment\n---\n", issues);
  ASSERT_TRUE(fm);
  EXPECT_EQ(fm->entries[0].value, "第#3号公告");
}

TEST(FrontMatter, QuotedValuesKeepHashAndColonAndTakeEscapes) {
  Issues issues;
  const auto fm = parse(
      "---\n"
      "title: \"关于“a: b” #1 的公示\"  # comment\n"
      "issuer: 'O''Brien 镇'\n"
      "doc_number: \"line\\\\\\\"x\"\n"
      "---\n",
      issues);
  ASSERT_TRUE(fm) << issues.errors.front().en;
  EXPECT_EQ(fm->entries[0].value, "关于“a: b” #1 的公示");
  EXPECT_EQ(fm->entries[1].value, "O'Brien 镇");
  EXPECT_EQ(fm->entries[2].value, "line\\\"x");
}

TEST(FrontMatter, AcceptsFullWidthColonBomAndCrlf) {
  Issues issues;
  const auto fm =
      parse("\xEF\xBB\xBF---\r\n标题：石桥村务公开\r\n发布单位:石桥村民委员会\r\n---\r\n正文\r\n",
            issues);
  ASSERT_TRUE(fm);
  ASSERT_EQ(fm->entries.size(), 2u);
  EXPECT_EQ(fm->entries[0].key, "标题");
  EXPECT_EQ(fm->entries[0].value, "石桥村务公开");
  EXPECT_EQ(fm->entries[1].value, "石桥村民委员会");
  EXPECT_EQ(fm->body, "正文\n");
}

TEST(FrontMatter, RejectsFileWithoutOpeningDelimiter) {
  Issues issues;
  EXPECT_FALSE(parse("title: x\n---\n", issues));
  ASSERT_EQ(issues.errors.size(), 1u);
  EXPECT_EQ(issues.errors[0].line, 1);
}

TEST(FrontMatter, RejectsUnclosedBlockAtItsLastLine) {
  Issues issues;
  EXPECT_FALSE(parse("---\ntitle: x\nissuer: y\n", issues));
  ASSERT_EQ(issues.errors.size(), 1u);
  EXPECT_EQ(issues.errors[0].line, 3);
  EXPECT_NE(issues.errors[0].zh.find("---"), std::string::npos);
}

TEST(FrontMatter, RejectsIndentedListAndBlockValuesWithTheirLines) {
  Issues issues;
  EXPECT_FALSE(parse("---\ntitle: |\n  two lines\n- item\nno colon here\n---\n", issues));
  ASSERT_EQ(issues.errors.size(), 4u);
  EXPECT_EQ(issues.errors[0].line, 2);
  EXPECT_EQ(issues.errors[1].line, 3);
  EXPECT_EQ(issues.errors[2].line, 4);
  EXPECT_EQ(issues.errors[3].line, 5);
}

TEST(FrontMatter, RejectsUnclosedQuote) {
  Issues issues;
  EXPECT_FALSE(parse("---\ntitle: \"abc\n---\n", issues));
  ASSERT_EQ(issues.errors.size(), 1u);
  EXPECT_EQ(issues.errors[0].field, "title");
}

// --- time values ----------------------------------------------------------------------------

TEST(TimeValue, DateFormsMeanMidnightChinaTime) {
  const int64_t want = china_time(2026, 11, 20);
  for (const char* s : {"2026-11-20", "2026/11/20", "2026.11.20", "2026年11月20日", "2026-1-5"}) {
    const auto tv = parse_time_value(s);
    ASSERT_TRUE(tv) << s;
    EXPECT_TRUE(tv->date_only) << s;
    if (std::string(s) != "2026-1-5") {
      EXPECT_EQ(tv->unix_seconds, want) << s;
    }
  }
  EXPECT_EQ(parse_time_value("2026-1-5")->unix_seconds, china_time(2026, 1, 5));
  // 2026-11-20 00:00 China time = 2026-11-19 16:00 UTC = Unix 1795104000 (checked with Python).
  EXPECT_EQ(want, 1795104000);
}

TEST(TimeValue, DateTimeFormsInChinaTime) {
  const int64_t want = china_time(2026, 11, 20, 9, 0);
  for (const char* s :
       {"2026-11-20 09:00", "2026-11-20T09:00", "2026-11-20 9:00", "2026-11-20 09:00:00",
        "2026年11月20日 9时", "2026年11月20日9时", "2026年11月20日9点", "2026-11-20 09:00+08:00",
        "2026-11-20T09:00:00+0800"}) {
    const auto tv = parse_time_value(s);
    ASSERT_TRUE(tv) << s;
    EXPECT_FALSE(tv->date_only) << s;
    EXPECT_EQ(tv->unix_seconds, want) << s;
  }
  EXPECT_EQ(parse_time_value("2026年11月20日9时30分")->unix_seconds,
            china_time(2026, 11, 20, 9, 30));
  EXPECT_EQ(parse_time_value("2026-11-20 17:45:30")->unix_seconds,
            china_time(2026, 11, 20, 17, 45, 30));
}

TEST(TimeValue, TwentyFourHundredIsTheNextMidnight) {
  EXPECT_EQ(parse_time_value("2026-11-26 24:00")->unix_seconds, china_time(2026, 11, 27));
  EXPECT_EQ(parse_time_value("2026年11月26日24时")->unix_seconds, china_time(2026, 11, 27));
  EXPECT_FALSE(parse_time_value("2026-11-26 24:01"));
}

TEST(TimeValue, RejectsImpossibleDatesTimesAndOtherZones) {
  for (const char* s : {"2026-02-29", "2026-13-01", "2026-11-31", "2026-11-20 25:00",
                        "2026-11-20 09:60", "2026-11-20 09:00+09:00", "2026-11-20Z", "next week",
                        "26-11-20", "2026-11-20 09", "2026年11月20", ""}) {
    EXPECT_FALSE(parse_time_value(s)) << s;
  }
  EXPECT_TRUE(parse_time_value("2028-02-29"));  // leap year
}

}  // namespace
}  // namespace gongkai::notice
