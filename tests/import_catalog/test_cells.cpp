// test_cells.cpp — the cell parsers of the catalog importer (cells.h), one rule per test, with
// cell texts in the style of real county catalogs (catalog-format.md).
#include <gtest/gtest.h>

#include "import/catalog/cells.h"

namespace gongkai::catalog {
namespace {

using Names = std::vector<std::string>;

// --- √ marks ---------------------------------------------------------------------------------
TEST(Marks, AcceptsEveryCheckMarkForm) {
  for (const char* m : {"√", "✓", "✔", "☑", "v", "V", "Ｖ", "Y", "是", "●", " √ ", "√√"}) {
    EXPECT_EQ(parse_mark(m), Mark::Yes) << m;
  }
}

TEST(Marks, ReadsNegativesAndBlanksAsUnchecked) {
  EXPECT_EQ(parse_mark(""), Mark::Empty);
  EXPECT_EQ(parse_mark("  "), Mark::Empty);
  for (const char* m : {"×", "否", "无", "/", "—", "□"}) EXPECT_EQ(parse_mark(m), Mark::No) << m;
}

TEST(Marks, FlagsTextThatIsNoMark) { EXPECT_EQ(parse_mark("县民政局"), Mark::Unrecognized); }

TEST(SameAsAbove, RecognisesSpellings) {
  EXPECT_TRUE(is_same_as_above("同上"));
  EXPECT_TRUE(is_same_as_above(" 同 上 "));
  EXPECT_TRUE(is_same_as_above("同上。"));
  EXPECT_FALSE(is_same_as_above("同上级部门"));
  EXPECT_FALSE(is_same_as_above(""));
}

// --- 公开渠道和载体
// --------------------------------------------------------------------------------
TEST(Channels, ChecklistKeepsOnlyFilledBoxesInChecklistOrder) {
  auto c = parse_channels(
      "□政府网站 ■政府公报 ■两微一端 □发布会/听证会 □广播电视 □纸质媒体 ■公开查阅点 "
      "□政务服务中心 □便民服务站 □入户/现场 ■社区/企事业单位/村公示栏(电子屏) □精准推送 □其他");
  EXPECT_TRUE(c.had_markers);
  EXPECT_EQ(c.chosen,
            (Names{"政府公报", "两微一端", "公开查阅点", "社区/企事业单位/村公示栏(电子屏)"}));
}

TEST(Channels, OrderFollowsChecklistNotCell) {
  auto c = parse_channels("■政务服务中心 ■政府网站");
  EXPECT_EQ(c.chosen, (Names{"政府网站", "政务服务中心"}));
}

TEST(Channels, OcrFormsTForFilledAndKouForEmpty) {
  auto c = parse_channels("t政府网站 口政府公报 t两微一端 口发布会/听证会");
  EXPECT_EQ(c.chosen, (Names{"政府网站", "两微一端"}));
}

TEST(Channels, OcrFormsWithoutSpaces) {
  auto c = parse_channels("t政府网站口政府公报t政务服务中心");
  EXPECT_EQ(c.chosen, (Names{"政府网站", "政务服务中心"}));
}

TEST(Channels, KouInsideAWordIsText) {
  auto c = parse_channels("■政务服务中心窗口");
  EXPECT_EQ(c.chosen, (Names{"政务服务中心窗口"}));
  EXPECT_EQ(c.local, (Names{"政务服务中心窗口"}));
}

TEST(Channels, KouRightAfterAMarkIsText) {
  auto c = parse_channels("■口岸公示栏 □政府公报");
  EXPECT_EQ(c.chosen, (Names{"口岸公示栏"}));
}

TEST(Channels, FullWidthPunctuationMatchesStandardName) {
  auto c = parse_channels("■社区／企事业单位／村公示栏（电子屏）；■发布会／听证会");
  EXPECT_EQ(c.chosen, (Names{"发布会/听证会", "社区/企事业单位/村公示栏(电子屏)"}));
}

TEST(Channels, LocalChannelsAreKeptAfterStandardOnes) {
  auto c = parse_channels("■12345政务服务热线 ■政府网站 ■村应急广播 □组员微信群");
  EXPECT_EQ(c.chosen, (Names{"政府网站", "12345政务服务热线", "村应急广播"}));
  EXPECT_EQ(c.local, (Names{"12345政务服务热线", "村应急广播"}));
}

TEST(Channels, OtherWithANameYieldsTheNamedLocalChannel) {
  auto c = parse_channels("■政府网站 ■其他：征地信息公开平台");
  EXPECT_EQ(c.chosen, (Names{"政府网站", "征地信息公开平台"}));
  EXPECT_EQ(parse_channels("■其他").chosen, (Names{"其他"}));
}

TEST(Channels, PlainListWithoutMarkersChoosesAll) {
  auto c = parse_channels("政府网站、两微一端（微博、微信、客户端），便民服务站");
  EXPECT_FALSE(c.had_markers);
  EXPECT_EQ(c.chosen, (Names{"政府网站", "两微一端", "便民服务站"}));
}

TEST(Channels, TraditionalNamesMatchStandardOnes) {
  EXPECT_EQ(parse_channels("t政府網站 t政務服務中心").chosen, (Names{"政府网站", "政务服务中心"}));
}

TEST(Channels, AllEmptyBoxesChooseNothing) {
  EXPECT_TRUE(parse_channels("□政府网站 □政府公报").chosen.empty());
  EXPECT_TRUE(parse_channels("").chosen.empty());
}

// --- 公开依据 ----------------------------------------------------------------------------------
TEST(Citations, SplitsTitlesAndKeepsDocumentNumbers) {
  auto c = parse_citations(
      "《国务院关于进一步加强和改进最低生活保障工作的意见》（国发〔2012〕45号）、各地相关政策法规文"
      "件");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].text, "《国务院关于进一步加强和改进最低生活保障工作的意见》（国发〔2012〕45号）");
  EXPECT_EQ(c[1].text, "各地相关政策法规文件");
}

TEST(Citations, AdjacentTitlesAreSeparateCitations) {
  auto c = parse_citations(
      "《政府信息公开条例》《关于推进重大建设项目批准和实施领域政府信息公开的意见》");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[1].text, "《关于推进重大建设项目批准和实施领域政府信息公开的意见》");
}

TEST(Citations, TagsApplyUntilTheNextTagOrSemicolon) {
  auto c = parse_citations(
      "【法律】《中华人民共和国预算法》第十四条、《中华人民共和国审计法》；"
      "《财政部关于印发〈地方预决算公开操作规程〉的通知》（财预〔2016〕143号）"
      "【规章】《社会救助暂行办法》（国务院令第649号）");
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].tag, "法律");
  EXPECT_EQ(c[0].text, "《中华人民共和国预算法》第十四条");
  EXPECT_EQ(c[1].tag, "法律");
  EXPECT_EQ(c[2].tag, "");
  EXPECT_EQ(c[3].tag, "规章");
  EXPECT_EQ(c[3].text, "《社会救助暂行办法》（国务院令第649号）");
}

TEST(Citations, DocumentNumberAfterACommaStaysWithItsTitle) {
  auto c = parse_citations(
      "《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》，国办发〔2019〕54号");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(
      c[0].text,
      "《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》，国办发〔2019〕54号");
}

TEST(Citations, ArticleListStaysTogether) {
  auto c = parse_citations("《中华人民共和国政府信息公开条例》第十九条、第二十条");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].text, "《中华人民共和国政府信息公开条例》第十九条、第二十条");
}

TEST(Citations, BracketsOfADocumentNumberAreNotATag) {
  auto c = parse_citations("《关于做好就业工作的通知》（人社部发[2019]12号）");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].tag, "");
  EXPECT_EQ(c[0].text, "《关于做好就业工作的通知》（人社部发[2019]12号）");
}

TEST(Citations, UntitledBasisIsOneCitation) {
  auto c = parse_citations("信息公开规定");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].text, "信息公开规定");
  EXPECT_TRUE(parse_citations("").empty());
}

// --- 公开时限 ----------------------------------------------------------------------------------
TEST(TimeLimits, WithinWorkingDays) {
  auto r = parse_time_limit("信息形成或者变更之日起20个工作日内");
  EXPECT_EQ(r.kind, TimeLimitKind::WithinDays);
  EXPECT_EQ(r.days, 20);
  EXPECT_TRUE(r.working_days);
  EXPECT_EQ(r.publicity_days, 0);
}

TEST(TimeLimits, WithinDaysAndPublicityPeriod) {
  auto r = parse_time_limit("制定或获取信息之日起10个工作日内，公示7个工作日");
  EXPECT_EQ(r.kind, TimeLimitKind::WithinDays);
  EXPECT_EQ(r.days, 10);
  EXPECT_EQ(r.publicity_days, 7);
}

TEST(TimeLimits, CalendarDaysAndFullWidthDigits) {
  auto r = parse_time_limit("审批后１５日内");
  EXPECT_EQ(r.kind, TimeLimitKind::WithinDays);
  EXPECT_EQ(r.days, 15);
  EXPECT_FALSE(r.working_days);
}

TEST(TimeLimits, ChineseNumeralsAndTraditionalForms) {
  auto r = parse_time_limit("信息形成之日起二十個工作日內");
  EXPECT_EQ(r.kind, TimeLimitKind::WithinDays);
  EXPECT_EQ(r.days, 20);
  EXPECT_TRUE(r.working_days);
  EXPECT_EQ(parse_time_limit("三十日内").days, 30);
  EXPECT_EQ(parse_time_limit("十五个工作日内").days, 15);
}

TEST(TimeLimits, RealTimeTimelyLongTerm) {
  EXPECT_EQ(parse_time_limit("实时公开").kind, TimeLimitKind::RealTime);
  EXPECT_EQ(parse_time_limit("實時公開").kind, TimeLimitKind::RealTime);
  EXPECT_EQ(parse_time_limit("及时公开").kind, TimeLimitKind::Timely);
  EXPECT_EQ(parse_time_limit("受理后及时公开").kind, TimeLimitKind::Timely);
  EXPECT_EQ(parse_time_limit("长期公开").kind, TimeLimitKind::LongTerm);
}

TEST(TimeLimits, Periodic) {
  auto q = parse_time_limit("每季度的首个月20日");
  EXPECT_EQ(q.kind, TimeLimitKind::Periodic);
  EXPECT_EQ(q.period, "季度");
  EXPECT_EQ(parse_time_limit("每月10日前").period, "月");
  EXPECT_EQ(parse_time_limit("按年公开").period, "年");
  EXPECT_EQ(parse_time_limit("每半年公开一次").period, "半年");
  EXPECT_EQ(parse_time_limit("每学年开学后").period, "学年");
}

TEST(TimeLimits, PublicityOnlyIsUnparsedButKeepsThePeriod) {
  auto r = parse_time_limit("审核后公示，公示期不少于7天");
  EXPECT_EQ(r.kind, TimeLimitKind::Unparsed);
  EXPECT_EQ(r.publicity_days, 7);
}

TEST(TimeLimits, FreeTextIsUnparsed) {
  EXPECT_EQ(parse_time_limit("按规定时限发布").kind, TimeLimitKind::Unparsed);
  EXPECT_EQ(parse_time_limit("").kind, TimeLimitKind::Unparsed);
}

// --- 公开层级, 对象, 方式, 公开要求
// --------------------------------------------------------------------
TEST(Levels, TownshipAndVillageHeaderYieldsBoth) {
  EXPECT_EQ(parse_levels("乡、村级"), (Names{"乡级", "村级"}));
  EXPECT_EQ(parse_levels("县级"), (Names{"县级"}));
  EXPECT_EQ(parse_levels("镇级"), (Names{"乡级"}));
  EXPECT_EQ(parse_levels("县(市、区)级"), (Names{"县级"}));
  EXPECT_EQ(parse_levels("村级、县级、市级"), (Names{"市级", "县级", "村级"}));
  EXPECT_EQ(parse_levels("鄉、村級"), (Names{"乡级", "村级"}));
  EXPECT_EQ(parse_levels("社区"), (Names{"村级"}));
  EXPECT_TRUE(parse_levels("").empty());
}

TEST(Audience, SingleColumnText) {
  EXPECT_EQ(parse_audience_text("全社会"), Audience::Public);
  EXPECT_EQ(parse_audience_text("特定群众"), Audience::SpecificGroup);
  EXPECT_EQ(parse_audience_text("特定群體"), Audience::SpecificGroup);
  EXPECT_EQ(parse_audience_text("全社会、特定群体"), Audience::Both);
  EXPECT_EQ(parse_audience_text("√"), Audience::Unknown);
}

TEST(Mode, SingleColumnText) {
  EXPECT_EQ(parse_mode_text("主动公开"), DisclosureMode::Proactive);
  EXPECT_EQ(parse_mode_text("依申请公开"), DisclosureMode::OnRequest);
  EXPECT_EQ(parse_mode_text("主动/依申请"), DisclosureMode::Both);
  EXPECT_EQ(parse_mode_text(""), DisclosureMode::Unknown);
}

TEST(Requirement, SplitsBasisFromTimeLimit) {
  auto r = split_requirement("依据《中华人民共和国就业促进法》，信息形成之日起20个工作日内公开");
  EXPECT_EQ(r.basis, "依据《中华人民共和国就业促进法》");
  EXPECT_EQ(r.time_limit, "信息形成之日起20个工作日内公开");
  auto q = split_requirement("【行政法规】《社会保险费征缴暂行条例》；按规定及时公开");
  EXPECT_EQ(q.basis, "【行政法规】《社会保险费征缴暂行条例》");
  EXPECT_EQ(q.time_limit, "按规定及时公开");
}

TEST(Requirement, TitleWithTimeWordsStaysBasis) {
  auto r = split_requirement("《关于做好每月公示工作的通知》");
  EXPECT_EQ(r.basis, "《关于做好每月公示工作的通知》");
  EXPECT_TRUE(r.time_limit.empty());
}

}  // namespace
}  // namespace gongkai::catalog
