// markdown_test.cpp — the notice-body Markdown subset (sync/import/notice/markdown_check.h):
// supported constructs pass silently, unsupported ones warn with their line, malformed tables
// are errors with their line.
#include <gtest/gtest.h>

#include "import/notice/markdown_check.h"

namespace gongkai::notice {
namespace {

// Runs the checker on a body whose first line is file line 10.
BodyCheck check(const std::string& body, Issues& issues) {
  return check_markdown_body(body, 10, issues);
}

TEST(Markdown, SupportedSubsetPassesWithoutIssues) {
  Issues issues;
  const auto r = check(
      "# 一、基本情况\n"
      "\n"
      "经村民代表会议评议，现将拟保对象公示如下：\n"
      "\n"
      "## 二、名单\n"
      "\n"
      "| 序号 | 户主 | 保障人口 | 所在组 |\n"
      "| :--: | ---- | ---: | --- |\n"
      "| 1 | 李秀英 | 2 | 一组 |\n"
      "| 2 | 王建国 | 1 | 三组 |\n"
      "\n"
      "### 三、监督\n"
      "- 公示期内如有异议，请向镇民政办反映。\n"
      "- 监督电话：0551-65551234\n"
      "1. 第一项\n"
      "2. 第二项\n"
      "\n"
      "![公示现场](images/photo.jpg)\n"
      "费用 5%，税率 [1] 条。价格 2*3*4 元。\n",
      issues);
  EXPECT_TRUE(issues.errors.empty()) << issues.errors.front().en;
  EXPECT_TRUE(issues.warnings.empty()) << issues.warnings.front().en;
  EXPECT_EQ(r.tables, 1);
  ASSERT_EQ(r.images.size(), 1u);
  EXPECT_EQ(r.images[0].caption, "公示现场");
  EXPECT_EQ(r.images[0].target, "images/photo.jpg");
  EXPECT_EQ(r.images[0].line, 27);
}

TEST(Markdown, TableWithoutSeparatorRowIsRejectedAtItsHeaderLine) {
  Issues issues;
  check("说明\n\n| 户主 | 人口 |\n| 李秀英 | 2 |\n", issues);
  ASSERT_EQ(issues.errors.size(), 1u);
  EXPECT_EQ(issues.errors[0].line, 12);
  EXPECT_EQ(issues.errors[0].field, "表格");
  EXPECT_NE(issues.errors[0].zh.find("分隔行"), std::string::npos);
}

TEST(Markdown, TableRowWithWrongCellCountIsRejectedAtThatLine) {
  Issues issues;
  check("| 户主 | 人口 |\n| --- | --- |\n| 李秀英 | 2 |\n| 王建国 | 1 | 三组 |\n| 赵 |\n", issues);
  ASSERT_EQ(issues.errors.size(), 2u);
  EXPECT_EQ(issues.errors[0].line, 13);
  EXPECT_NE(issues.errors[0].en.find("3 cells, header has 2"), std::string::npos);
  EXPECT_EQ(issues.errors[1].line, 14);
}

TEST(Markdown, SeparatorWithWrongCellCountIsRejected) {
  Issues issues;
  check("| a | b | c |\n| --- | --- |\n| 1 | 2 | 3 |\n", issues);
  ASSERT_EQ(issues.errors.size(), 1u);
  EXPECT_EQ(issues.errors[0].line, 11);
}

TEST(Markdown, TableWithoutOuterPipesAndEscapedPipeIsAccepted) {
  Issues issues;
  const auto r = check("项目 | 金额\n--- | ---:\n办公费 \\| 印刷 | 1200\n", issues);
  EXPECT_TRUE(issues.errors.empty());
  EXPECT_EQ(r.tables, 1);
  const auto cells = split_table_row("| 办公费 \\| 印刷 | 1200 |");
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_EQ(cells[0], "办公费 | 印刷");
}

TEST(Markdown, HeaderOnlyTableWarns) {
  Issues issues;
  check("| a | b |\n| - | - |\n\n后文\n", issues);
  EXPECT_TRUE(issues.errors.empty());
  ASSERT_EQ(issues.warnings.size(), 1u);
  EXPECT_EQ(issues.warnings[0].line, 10);
}

TEST(Markdown, UnsupportedConstructsWarnWithTheirLines) {
  Issues issues;
  check(
      "> 引用\n"                          // 10
      "#### 四级标题\n"                   // 11
      "#没有空格\n"                       // 12
      "+ 加号列表\n"                      // 13
      "  - 嵌套\n"                        // 14
      "见[县政府网站](http://example)\n"  // 15
      "这是**重点**内容\n"                // 16
      "<b>粗体</b>\n"                     // 17
      "---\n"                             // 18
      "```\n"                             // 19
      "| not | a table inside code |\n"   // 20
      "```\n",                            // 21
      issues);
  EXPECT_TRUE(issues.errors.empty()) << issues.errors.front().en;
  std::vector<int> lines;
  for (const auto& w : issues.warnings) lines.push_back(w.line);
  EXPECT_EQ(lines, (std::vector<int>{10, 11, 12, 13, 14, 15, 16, 17, 18, 19}));
}

TEST(Markdown, MaskedNumbersAreNotEmphasis) {
  Issues issues;
  check("联系人手机 139****5678，证件号 110105********1234。\n", issues);
  EXPECT_TRUE(issues.warnings.empty());
}

TEST(Markdown, ImagesInsideTablesAndWithTitlesAreFound) {
  Issues issues;
  const auto r = check(
      "| 位置 | 图 |\n| --- | --- |\n| 东至 | ![东界](images/east.png \"东界桩\") |\n"
      "![](<images/two words.jpg>)\n",
      issues);
  EXPECT_TRUE(issues.errors.empty());
  // The kiosk draws images only alone on a line: the one in the table cell warns.
  ASSERT_EQ(issues.warnings.size(), 1u);
  EXPECT_EQ(issues.warnings[0].line, 12);
  ASSERT_EQ(r.images.size(), 2u);
  EXPECT_EQ(r.images[0].target, "images/east.png");
  EXPECT_EQ(r.images[0].caption, "东界");
  EXPECT_EQ(r.images[0].line, 12);
  EXPECT_EQ(r.images[1].target, "images/two words.jpg");  // <…> allows spaces
}

TEST(Markdown, ImageInsideAParagraphLineWarns) {
  Issues issues;
  const auto r = check("见下图![图](images/a.png)。\n* 星号列表项\n", issues);
  EXPECT_EQ(r.images.size(), 1u);
  ASSERT_EQ(issues.warnings.size(), 1u);
  EXPECT_EQ(issues.warnings[0].field, "图片");
  EXPECT_EQ(issues.warnings[0].line, 10);
}

TEST(Markdown, UnclosedImageReferenceIsAnError) {
  Issues issues;
  check("![图](images/a.png\n", issues);
  ASSERT_EQ(issues.errors.size(), 1u);
  EXPECT_EQ(issues.errors[0].line, 10);
}

}  // namespace
}  // namespace gongkai::notice
