// notice_parse_test.cpp — a whole notice file → ParsedNotice (sync/import/notice/notice_import.h):
// field aliases, required fields, the inclusive end date, priorities and channels, images and
// path-escape refusal, masking at import, and the demo date shift.
#include <gtest/gtest.h>

#include <filesystem>

#include "import/notice/notice_import.h"
#include "test_util.h"

namespace gongkai::notice {
namespace {

using testing::china_time;
using testing::fixtures_dir;
using testing::TempDir;

const WorkdayCalendar& cal() {
  static const WorkdayCalendar c = WorkdayCalendar::builtin().value();
  return c;
}

ParseOptions options(int shift_days = 0) {
  ParseOptions o;
  o.calendar = &cal();
  o.shift_days = shift_days;
  return o;
}

constexpr const char* kMinimal =
    "---\n"
    "title: 石桥村2026年10月财务收支公开\n"
    "issuer: 石桥村民委员会\n"
    "category: 财务\n"
    "region: 340123101002\n"
    "start: 2026-11-20\n"
    "end: 2026-11-26\n"
    "---\n"
    "本月收入 12000 元，支出 8000 元。\n";

std::optional<ParsedNotice> parse(const std::string& text, Issues& issues,
                                  const std::string& file = "notices/qh-0001.md",
                                  const std::string& dir = ".", int shift = 0) {
  return parse_notice_text(text, file, dir, options(shift), issues);
}

// Replaces the line starting with `key:` in kMinimal-like text (or appends before the closer).
std::string with(std::string text, const std::string& key, const std::string& line) {
  const size_t at = text.find("\n" + key + ":");
  if (at != std::string::npos) {
    const size_t end = text.find('\n', at + 1);
    text.replace(at + 1, end - at - 1, line);
  } else {
    text.insert(text.find("\n---\n") + 1, line + "\n");
  }
  return text;
}

std::string without(std::string text, const std::string& key) {
  const size_t at = text.find("\n" + key + ":");
  const size_t end = text.find('\n', at + 1);
  text.erase(at + 1, end - at);
  return text;
}

TEST(NoticeParse, MinimalNoticeFillsFieldsWithDefaults) {
  Issues issues;
  const auto p = parse(kMinimal, issues);
  ASSERT_TRUE(p) << issues.errors.front().en;
  const Notice& n = p->notice;
  EXPECT_EQ(n.id, "qh-0001");  // file name without extension
  EXPECT_EQ(n.title, "石桥村2026年10月财务收支公开");
  EXPECT_EQ(n.issuer, "石桥村民委员会");
  EXPECT_EQ(n.category, "财务");
  EXPECT_EQ(n.region, "340123101002");
  EXPECT_EQ(n.channel, "");
  EXPECT_EQ(n.priority, NoticePriority::Normal);
  EXPECT_EQ(n.start_at, china_time(2026, 11, 20));
  EXPECT_EQ(n.published_at, n.start_at);  // published defaults to start
  EXPECT_EQ(n.body, "本月收入 12000 元，支出 8000 元。");
  EXPECT_EQ(n.source_file, "notices/qh-0001.md");
  EXPECT_TRUE(issues.warnings.empty());
}

TEST(NoticeParse, InclusiveEndDateEndsAtMidnightAfterTheLastDay) {
  Issues issues;
  const auto p = parse(kMinimal, issues);
  ASSERT_TRUE(p);
  // end: 2026-11-26 → the 公示期 ends at 2026-11-27 00:00:00 China time (exclusive).
  ASSERT_TRUE(p->notice.end_at);
  EXPECT_EQ(*p->notice.end_at, china_time(2026, 11, 27));
  EXPECT_EQ(notice_state_at(p->notice, china_time(2026, 11, 26, 23, 59, 59)),
            NoticeState::InPublicity);
  EXPECT_EQ(notice_state_at(p->notice, china_time(2026, 11, 27)), NoticeState::Archived);
  EXPECT_EQ(notice_state_at(p->notice, china_time(2026, 11, 20) - 1), NoticeState::Upcoming);
  EXPECT_EQ(notice_state_at(p->notice, china_time(2026, 11, 20)), NoticeState::InPublicity);
}

TEST(NoticeParse, DateTimeEndIsExclusiveAtThatSecond) {
  Issues issues;
  const auto p = parse(
      with(with(kMinimal, "start", "start: 2026-11-20 09:00"), "end", "end: 2026-11-27 09:00"),
      issues);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->notice.start_at, china_time(2026, 11, 20, 9));
  EXPECT_EQ(*p->notice.end_at, china_time(2026, 11, 27, 9));
  EXPECT_EQ(notice_state_at(p->notice, china_time(2026, 11, 27, 8, 59, 59)),
            NoticeState::InPublicity);
  EXPECT_EQ(notice_state_at(p->notice, china_time(2026, 11, 27, 9)), NoticeState::Archived);
}

TEST(NoticeParse, ChineseKeyAliasesAreAccepted) {
  Issues issues;
  const auto p = parse(
      "---\n"
      "编号: st-2026-07\n"
      "标题: 关于2026年第四季度城乡低保拟保对象的公示\n"
      "发布单位: 松溪镇人民政府\n"
      "文号: 松政〔2026〕31号\n"
      "类别: 事务\n"
      "类型: 低保初审公示\n"
      "区划: 340123101000\n"
      "渠道: 公开栏\n"
      "置顶: 是\n"
      "发布时间: 2026年11月20日 9时\n"
      "公示开始: 2026年11月20日\n"
      "公示结束: 2026年11月26日\n"
      "---\n"
      "正文。\n",
      issues);
  ASSERT_TRUE(p) << issues.errors.front().zh;
  const Notice& n = p->notice;
  EXPECT_EQ(n.id, "st-2026-07");
  EXPECT_EQ(n.doc_number, "松政〔2026〕31号");
  EXPECT_EQ(n.kind, "低保初审公示");
  EXPECT_EQ(n.channel, "board");
  EXPECT_EQ(n.priority, NoticePriority::Pinned);
  EXPECT_EQ(n.published_at, china_time(2026, 11, 20, 9));
  EXPECT_EQ(*n.end_at, china_time(2026, 11, 27));
  EXPECT_TRUE(issues.warnings.empty()) << issues.warnings.front().en;
}

TEST(NoticeParse, LongTermHasNoEndAndNeedsNone) {
  Issues issues;
  const auto p = parse(with(without(kMinimal, "end"), "长期公布", "长期公布: true"), issues);
  ASSERT_TRUE(p) << issues.errors.front().en;
  EXPECT_FALSE(p->notice.end_at);
  EXPECT_EQ(notice_state_at(p->notice, china_time(2030, 1, 1)), NoticeState::LongTerm);
}

TEST(NoticeParse, LongTermWithEndWarnsAndDropsTheEnd) {
  Issues issues;
  const auto p = parse(with(kMinimal, "long_term", "long_term: yes"), issues);
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->notice.end_at);
  ASSERT_EQ(issues.warnings.size(), 1u);
  EXPECT_EQ(issues.warnings[0].line, 7);
}

TEST(NoticeParse, PriorityFormsAndTheHighestWins) {
  for (const auto& [line, want] : std::vector<std::pair<std::string, NoticePriority>>{
           {"priority: urgent", NoticePriority::Urgent},
           {"优先级: 置顶", NoticePriority::Pinned},
           {"紧急: true", NoticePriority::Urgent},
           {"priority: normal", NoticePriority::Normal}}) {
    Issues issues;
    const auto p = parse(with(kMinimal, line.substr(0, line.find(':')), line), issues);
    ASSERT_TRUE(p) << line;
    EXPECT_EQ(p->notice.priority, want) << line;
  }
  Issues issues;
  const auto both = parse(with(with(kMinimal, "置顶", "置顶: 是"), "紧急", "紧急: 是"), issues);
  EXPECT_EQ(both->notice.priority, NoticePriority::Urgent);
}

TEST(NoticeParse, BadEnumeratedValuesAreRejectedWithTheirLine) {
  for (const std::string line :
       {"priority: high", "channel: website", "long_term: maybe", "置顶: 也许"}) {
    Issues issues;
    EXPECT_FALSE(parse(with(kMinimal, line.substr(0, line.find(':')), line), issues)) << line;
    ASSERT_EQ(issues.errors.size(), 1u) << line;
    EXPECT_EQ(issues.errors[0].line, 8) << line;  // appended as line 8
  }
}

TEST(NoticeParse, UrlForTheQrCodeIsKeptWhenItIsAWebAddress) {
  Issues issues;
  auto n = parse(with(kMinimal, "url", "url: https://www.qinghe.gov.cn.example/xxgk/2026/12.html"),
                 issues);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->notice.url, "https://www.qinghe.gov.cn.example/xxgk/2026/12.html");
  Issues alias_issues;
  auto a = parse(with(kMinimal, "网址", "网址: http://qh.example/1"), alias_issues);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->notice.url, "http://qh.example/1");
  for (const std::string line :
       {"url: www.qinghe.gov.cn", "url: javascript:alert(1)", "url: https://a b.example/",
        "url: https://"}) {
    Issues bad;
    EXPECT_FALSE(parse(with(kMinimal, "url", line), bad)) << line;
    ASSERT_EQ(bad.errors.size(), 1u) << line;
    EXPECT_EQ(bad.errors[0].line, 8) << line;
  }
}

TEST(NoticeParse, EachMissingRequiredFieldIsNamedInBothLanguages) {
  for (const std::string key : {"title", "issuer", "category", "region", "start", "end"}) {
    Issues issues;
    EXPECT_FALSE(parse(without(kMinimal, key), issues)) << key;
    ASSERT_EQ(issues.errors.size(), 1u) << key;
    const Issue& e = issues.errors[0];
    EXPECT_EQ(e.line, 7) << key;  // the closing --- line
    EXPECT_EQ(e.field.rfind(key, 0), 0u) << e.field;
    EXPECT_NE(e.en.find("missing"), std::string::npos) << e.en;
    EXPECT_NE(e.zh.find("缺少必填字段"), std::string::npos) << e.zh;
  }
}

TEST(NoticeParse, EndBeforeOrAtStartIsRejected) {
  for (const std::string end : {"end: 2026-11-19", "end: 2026-11-20 00:00"}) {
    Issues issues;
    EXPECT_FALSE(parse(with(kMinimal, "end", end), issues)) << end;
    ASSERT_EQ(issues.errors.size(), 1u);
    EXPECT_EQ(issues.errors[0].line, 7);
    EXPECT_NE(issues.errors[0].zh.find("早于"), std::string::npos);
  }
}

TEST(NoticeParse, MalformedRegionTimeAndIdAreRejected) {
  Issues a;
  EXPECT_FALSE(parse(with(kMinimal, "region", "region: 3401231010"), a));
  EXPECT_EQ(a.errors.at(0).line, 5);
  Issues b;
  EXPECT_FALSE(parse(with(kMinimal, "start", "start: 11月20日"), b));
  EXPECT_EQ(b.errors.at(0).line, 6);
  Issues c;
  EXPECT_FALSE(parse(with(kMinimal, "id", "id: a b"), c));
}

TEST(NoticeParse, UnknownAndDuplicateKeys) {
  Issues unknown;
  EXPECT_TRUE(parse(with(kMinimal, "author", "author: 张三"), unknown));
  ASSERT_EQ(unknown.warnings.size(), 1u);
  EXPECT_EQ(unknown.warnings[0].line, 8);
  EXPECT_EQ(unknown.warnings[0].field, "author");
  Issues dup;
  EXPECT_FALSE(parse(with(kMinimal, "标题", "标题: 另一个标题"), dup));
  ASSERT_EQ(dup.errors.size(), 1u);
  EXPECT_NE(dup.errors[0].en.find("first on line 2"), std::string::npos);
}

TEST(NoticeParse, InvalidUtf8IsRejectedWithItsLine) {
  Issues issues;
  std::string text = kMinimal;
  text += "第二段\xB5\xCD\xB1\xA3\n";  // GBK bytes of 低保
  EXPECT_FALSE(parse(text, issues));
  ASSERT_EQ(issues.errors.size(), 1u);
  EXPECT_EQ(issues.errors[0].line, 10);
  EXPECT_NE(issues.errors[0].zh.find("UTF-8"), std::string::npos);
}

TEST(NoticeParse, MalformedTableRejectsTheNoticeWithTheFileLine) {
  Issues issues;
  std::string text = kMinimal;
  text += "\n| 户主 | 人口 |\n| --- | --- |\n| 李秀英 |\n";
  EXPECT_FALSE(parse(text, issues));
  ASSERT_EQ(issues.errors.size(), 1u);
  EXPECT_EQ(issues.errors[0].line, 13);
}

TEST(NoticeParse, ShortLegalPeriodFromTitleIsRefused) {
  Issues issues;
  const auto text = with(with(kMinimal, "title", "title: 关于石桥村集体土地征收补偿安置方案的公告"),
                         "end", "end: 2026-11-29");
  EXPECT_FALSE(parse(text + "如有异议，请于2026年11月29日前提出。\n", issues));
  ASSERT_EQ(issues.errors.size(), 1u);
  EXPECT_EQ(issues.errors[0].line, 7);
  EXPECT_NE(
      issues.errors[0].zh.find("公示期 10 天，少于《土地管理法实施条例》第二十八条规定的 30 日"),
      std::string::npos);
  ASSERT_GE(issues.warnings.size(), 1u);  // kind recognised from the title
  EXPECT_NE(issues.warnings[0].zh.find("征地补偿安置方案公告"), std::string::npos);
}

TEST(NoticeParse, MasksTitleAndBodyAndSaysHowMany) {
  Issues issues;
  const auto text = with(kMinimal, "title", "title: 关于李秀英（13912345678）的公示") +
                    "申请人身份证号 110105199003071234，联系电话 0551-65551234。\n";
  const auto p = parse(text, issues);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->notice.title, "关于李秀英（139****5678）的公示");
  EXPECT_NE(p->notice.body.find("110105********1234"), std::string::npos);
  EXPECT_NE(p->notice.body.find("0551-65551234"), std::string::npos);
  EXPECT_EQ(p->masked_id_cards, 1);
  EXPECT_EQ(p->masked_mobiles, 1);
  ASSERT_EQ(issues.warnings.size(), 1u);
  EXPECT_NE(issues.warnings[0].zh.find("身份证号 1 个、手机号 1 个"), std::string::npos);
}

TEST(NoticeParse, ShiftDaysMovesAllDatesButLegalCheckUsesTheWrittenDates) {
  Issues issues;
  const auto text = with(with(kMinimal, "kind", "kind: 低保初审公示"), "published",
                         "published: 2026-11-19 15:00");
  const auto p = parse(text, issues, "n.md", ".", -30);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->notice.start_at, china_time(2026, 10, 21));
  EXPECT_EQ(*p->notice.end_at, china_time(2026, 10, 28));
  EXPECT_EQ(p->notice.published_at, china_time(2026, 10, 20, 15));
}

// --- images ---------------------------------------------------------------------------------

TEST(NoticeImages, PngFixtureIsLoadedAndTheBodyKeepsItsReference) {
  Issues issues;
  const auto p = parse_notice_file(fixtures_dir() + "/land-compensation.md", options(), issues);
  ASSERT_TRUE(p) << issues.errors.front().en;
  ASSERT_EQ(p->images.size(), 1u);
  const ParsedImage& img = p->images[0];
  EXPECT_EQ(img.name, "images/site-map.png");
  EXPECT_EQ(img.caption, "征收范围示意图");
  EXPECT_EQ(img.mime, "image/png");
  EXPECT_EQ(img.bytes.size(), std::filesystem::file_size(fixtures_dir() + "/images/site-map.png"));
  EXPECT_NE(p->notice.body.find("![征收范围示意图](images/site-map.png)"), std::string::npos);
  EXPECT_EQ(p->notice.kind, "征地补偿安置方案公告");
  EXPECT_EQ(p->notice.id, "qh-2026-0031");
  EXPECT_EQ(p->notice.priority, NoticePriority::Pinned);
  EXPECT_EQ(p->masked_mobiles, 1);
}

TEST(NoticeImages, JpegIsRecognisedByMagicBytesAndOtherFormatsAreRefused) {
  TempDir dir;
  dir.write("a.jpg", std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11));
  dir.write("b.png", "GIF89a\x01\x00\x01\x00");  // a GIF named .png
  Issues ok;
  const auto p = parse(std::string(kMinimal) + "![照片](a.jpg)\n", ok, "n.md", dir.path());
  ASSERT_TRUE(p) << ok.errors.front().en;
  EXPECT_EQ(p->images.at(0).mime, "image/jpeg");
  Issues bad;
  EXPECT_FALSE(parse(std::string(kMinimal) + "\n![图](b.png)\n", bad, "n.md", dir.path()));
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].line, 11);
  EXPECT_NE(bad.errors[0].zh.find("PNG 或 JPEG"), std::string::npos);
}

TEST(NoticeImages, PathsLeavingTheNoticeDirectoryAreRefused) {
  TempDir dir;
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "rest";
  dir.write("outside.png", png);
  dir.write("notices/inside.png", png);
  std::filesystem::create_symlink(dir.file("outside.png"), dir.file("notices/link.png"));
  const std::string base = dir.file("notices");
  for (const std::string& ref :
       std::vector<std::string>{"../outside.png", "sub/../../outside.png", dir.file("outside.png"),
                                "link.png", "http://example.com/a.png", "missing.png"}) {
    Issues issues;
    EXPECT_FALSE(parse(std::string(kMinimal) + "![x](" + ref + ")\n", issues, "n.md", base)) << ref;
    ASSERT_EQ(issues.errors.size(), 1u) << ref;
    EXPECT_EQ(issues.errors[0].field, "图片");
  }
  Issues fine;
  EXPECT_TRUE(parse(std::string(kMinimal) + "![x](./sub/../inside.png)\n", fine, "n.md", base));
}

TEST(NoticeImages, ImagesOverTheSizeLimitAreRefused) {
  TempDir dir;
  std::string big = std::string("\x89PNG\r\n\x1a\n", 8);
  big.resize(kMaxImageBytes + 1, '\0');
  dir.write("big.png", big);
  big.resize(kMaxImageBytes);
  dir.write("limit.png", big);
  Issues over;
  EXPECT_FALSE(parse(std::string(kMinimal) + "![x](big.png)\n", over, "n.md", dir.path()));
  ASSERT_EQ(over.errors.size(), 1u);
  EXPECT_NE(over.errors[0].en.find("10 MiB"), std::string::npos);
  Issues at;
  EXPECT_TRUE(parse(std::string(kMinimal) + "![x](limit.png)\n", at, "n.md", dir.path()));
}

TEST(NoticeImages, TheSameImageReferencedTwiceIsLoadedOnce) {
  Issues issues;
  const auto p =
      parse(std::string(kMinimal) + "![a](images/site-map.png)\n![b](images/site-map.png)\n",
            issues, "n.md", fixtures_dir());
  ASSERT_TRUE(p);
  EXPECT_EQ(p->images.size(), 1u);
}

}  // namespace
}  // namespace gongkai::notice
