// test_catalog.cpp — catalog interpretation (catalog.h) on fixtures written in the style of real
// county catalogs (catalog-format.md): two-row headers, merged cells, 同上, ■/□ and OCR channel
// checklists, √ columns, every layout variant, GB18030, traditional characters, footnotes, and a
// file of deliberately broken rows. Every test also checks the accounting invariant
// rows_read == imported + rejected.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "import/catalog/catalog.h"
#include "import/catalog/decode.h"
#include "xlsx_fixture.h"

namespace gongkai::catalog {
namespace {

using Names = std::vector<std::string>;

const Names kPilotDomains = {
    "重大建设项目", "公共资源交易", "财政预决算",       "安全生产",
    "税收管理",     "城乡规划",     "农村集体土地征收", "国有土地上房屋征收与补偿",
    "农村危房改造", "保障性住房",   "市政服务",         "城市综合执法",
    "生态环境",     "公共文化服务", "公共法律服务",     "扶贫",
    "救灾",         "社会救助",     "养老服务",         "户籍管理",
    "涉农补贴",     "义务教育",     "卫生健康",         "食品药品监管",
    "就业",         "社会保险"};

std::string fixture(const std::string& name) {
  return std::string(GONGKAI_SOURCE_DIR) + "/tests/import_catalog/fixtures/" + name;
}

CatalogOptions options(const std::string& file, const std::string& domain = "") {
  CatalogOptions o;
  o.file = file;
  o.region = "341799000000";
  o.domain = domain;
  o.known_domains = kPilotDomains;
  o.region_names = {"青禾县"};
  return o;
}

void expect_accounted(const CatalogParse& p) {
  EXPECT_EQ(p.report.rows_read, static_cast<int>(p.items.size()) + p.report.rejected);
  const bool whole_file = !p.report.rejections.empty() && p.report.rejections[0].row == 0;
  if (!whole_file) {  // one Rejection per rejected row; a whole-file rejection covers them all
    EXPECT_EQ(p.report.rejected, static_cast<int>(p.report.rejections.size()));
  }
}

CatalogParse parse_fixture(const std::string& name, const std::string& domain = "") {
  auto t = read_table_file(fixture(name), "");
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
  if (!t.ok()) return {};
  CatalogParse p = interpret_catalog(*t, options(name, domain));
  expect_accounted(p);
  return p;
}

CatalogParse parse_text(const std::string& csv, const std::string& domain = "社会救助") {
  CatalogParse p = interpret_catalog(parse_csv(csv), options("inline.csv", domain));
  expect_accounted(p);
  return p;
}

const CatalogItem* item_at_row(const CatalogParse& p, int row) {
  for (const auto& it : p.items) {
    if (it.source_row == row) return &it;
  }
  return nullptr;
}

std::string original(const CatalogItem& it, const std::string& header) {
  for (const auto& c : it.original) {
    if (c.header == header) return c.text;
  }
  return "<no such column>";
}

bool has_warning(const CatalogParse& p, int row, const std::string& needle) {
  return std::any_of(p.report.warnings.begin(), p.report.warnings.end(),
                     [&](const ImportWarning& w) {
                       return w.row == row && (w.message_en.find(needle) != std::string::npos ||
                                               w.message_zh.find(needle) != std::string::npos ||
                                               w.column.find(needle) != std::string::npos);
                     });
}

constexpr const char* kHeader =
    "序号,公开事项,,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,,公开方式,,"
    "公开层级,\n"
    ",一级事项,二级事项,,,,,,全社会,特定群体,主动,依申请,县级,乡、村级\n";

// --- header and columns ----------------------------------------------------------------------
TEST(Header, TwoRowHeaderBelowATitleRow) {
  Table t = parse_csv(std::string("青禾县社会救助领域基层政务公开标准目录,,,\n") + kHeader);
  auto h = find_header(t);
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->header_index, 1u);
  EXPECT_EQ(h->data_index, 3u);
  EXPECT_EQ(h->titles, (Names{"青禾县社会救助领域基层政务公开标准目录"}));
  const auto& c = h->columns;
  ASSERT_EQ(c.size(), 14u);
  EXPECT_EQ(c[0].role, ColumnRole::Serial);
  EXPECT_EQ(c[1].role, ColumnRole::Level1);
  EXPECT_EQ(c[1].header, "公开事项/一级事项");
  EXPECT_EQ(c[2].role, ColumnRole::Level2);
  EXPECT_EQ(c[2].header, "公开事项/二级事项");
  EXPECT_EQ(c[3].role, ColumnRole::Content);
  EXPECT_EQ(c[3].header, "公开内容（要素）");
  EXPECT_EQ(c[4].role, ColumnRole::Basis);
  EXPECT_EQ(c[5].role, ColumnRole::TimeLimit);
  EXPECT_EQ(c[6].role, ColumnRole::Subject);
  EXPECT_EQ(c[7].role, ColumnRole::Channels);
  EXPECT_EQ(c[8].role, ColumnRole::AudiencePublic);
  EXPECT_EQ(c[9].role, ColumnRole::AudienceSpecific);
  EXPECT_EQ(c[9].header, "公开对象/特定群体");
  EXPECT_EQ(c[10].role, ColumnRole::ModeProactive);
  EXPECT_EQ(c[11].role, ColumnRole::ModeOnRequest);
  EXPECT_EQ(c[12].role, ColumnRole::LevelCheck);
  EXPECT_EQ(c[12].levels, (Names{"县级"}));
  EXPECT_EQ(c[13].role, ColumnRole::LevelCheck);
  EXPECT_EQ(c[13].levels, (Names{"乡级", "村级"}));
}

TEST(Header, VariantHeadings) {
  EXPECT_EQ(classify_column("公开对象", "特定群众"), ColumnRole::AudienceSpecific);
  EXPECT_EQ(classify_column("公开方式", "依申请公开"), ColumnRole::ModeOnRequest);
  EXPECT_EQ(classify_column("公开层级", "镇级"), ColumnRole::LevelCheck);
  EXPECT_EQ(classify_column("公开层级", "市级"), ColumnRole::LevelCheck);
  EXPECT_EQ(classify_column("公开层级", ""), ColumnRole::LevelText);
  EXPECT_EQ(classify_column("公开要求", ""), ColumnRole::Requirement);
  EXPECT_EQ(classify_column("公开时长", ""), ColumnRole::Duration);
  EXPECT_EQ(classify_column("领域", ""), ColumnRole::Domain);
  EXPECT_EQ(classify_column("一级目录", ""), ColumnRole::Domain);
  EXPECT_EQ(classify_column("网址", ""), ColumnRole::Url);
  EXPECT_EQ(classify_column("链接", ""), ColumnRole::Url);
  EXPECT_EQ(classify_column("公開渠道和載體", ""), ColumnRole::Channels);
  EXPECT_EQ(classify_column("公开事项", "三级事项"), ColumnRole::Level3);
  EXPECT_EQ(classify_column("备注", ""), ColumnRole::Remark);
}

TEST(Header, NoHeaderRejectsTheWholeFile) {
  CatalogParse p = parse_text("这不是目录\n1,2,3\n");
  ASSERT_EQ(p.report.rejections.size(), 1u);
  EXPECT_EQ(p.report.rejections[0].row, 0);
  EXPECT_NE(p.report.rejections[0].reason_zh.find("表头"), std::string::npos);
  EXPECT_TRUE(p.items.empty());
}

TEST(Header, NoHeaderOnTheFirstSheetNamesTheOtherSheets) {
  Table t = parse_csv("青禾县政务公开标准目录汇编\n");
  t.sheet = "封面";
  t.sheets = {"封面", "社会救助", "养老服务"};
  CatalogParse p = interpret_catalog(t, options("汇编.xlsx"));
  ASSERT_EQ(p.report.rejections.size(), 1u);
  EXPECT_NE(p.report.rejections[0].reason_en.find("社会救助, 养老服务"), std::string::npos);
  EXPECT_NE(p.report.rejections[0].reason_zh.find("--sheet"), std::string::npos);
}

// --- the standard two-row layout ---------------------------------------------------------------
TEST(StandardFixture, ImportsEveryItemRow) {
  CatalogParse p = parse_fixture("standard.csv");
  EXPECT_EQ(p.report.rows_read, 7);
  EXPECT_EQ(p.items.size(), 7u);
  EXPECT_EQ(p.report.rejected, 0);
  for (const auto& it : p.items) {
    EXPECT_EQ(it.domain, "社会救助");
    EXPECT_EQ(it.region, "341799000000");
    EXPECT_EQ(it.source_file, "standard.csv");
  }
}

TEST(StandardFixture, FirstRowElements) {
  CatalogParse p = parse_fixture("standard.csv");
  const CatalogItem* it = item_at_row(p, 4);
  ASSERT_NE(it, nullptr);
  EXPECT_EQ(it->serial, "1");
  EXPECT_EQ(it->level1, "最低生活保障");
  EXPECT_EQ(it->level2, "政策文件");
  ASSERT_EQ(it->basis.size(), 3u);
  EXPECT_EQ(it->basis[0].tag, "法律");
  EXPECT_EQ(it->basis[0].text, "《中华人民共和国社会救助法》");
  EXPECT_EQ(it->basis[1].tag, "行政法规");
  EXPECT_EQ(it->basis[2].tag, "行政法规");
  EXPECT_EQ(it->basis[2].text,
            "《国务院关于进一步加强和改进最低生活保障工作的意见》（国发〔2012〕45号）");
  EXPECT_EQ(it->time_limit.kind, TimeLimitKind::WithinDays);
  EXPECT_EQ(it->time_limit.days, 20);
  EXPECT_EQ(it->subject, "县民政局");
  EXPECT_EQ(it->channels, (Names{"政府网站", "两微一端", "公开查阅点", "政务服务中心"}));
  EXPECT_EQ(it->audience, Audience::Public);
  EXPECT_EQ(it->mode, DisclosureMode::Proactive);
  EXPECT_EQ(it->levels, (Names{"县级"}));
  EXPECT_EQ(it->url, "https://www.qinghe.gov.cn.example/xxgk/shjz/dbzc.html");
  EXPECT_EQ(original(*it, "公开对象/全社会"), "√");
  EXPECT_EQ(original(*it, "网址"), it->url);
}

TEST(StandardFixture, MergedLevel1ContinuesAndSameAsAboveResolves) {
  CatalogParse p = parse_fixture("standard.csv");
  const CatalogItem* it = item_at_row(p, 5);
  ASSERT_NE(it, nullptr);
  EXPECT_EQ(it->level1, "最低生活保障");
  EXPECT_EQ(it->time_limit_text, "信息形成或者变更之日起20个工作日内");
  EXPECT_EQ(it->time_limit.days, 20);
  EXPECT_EQ(original(*it, "公开时限"), "同上");  // verbatim cell kept
  EXPECT_EQ(original(*it, "公开事项/一级事项"), "");
  EXPECT_NE(it->content.find("●申请材料\n"), std::string::npos);  // embedded newline kept
  EXPECT_EQ(it->channels.back(), "12345政务服务热线");
  EXPECT_EQ(it->levels, (Names{"县级", "乡级", "村级"}));
}

TEST(StandardFixture, SameAsAboveSkipsBlankRowsAndPublicityPeriod) {
  CatalogParse p = parse_fixture("standard.csv");
  const CatalogItem* it = item_at_row(p, 7);  // record 6 is a stray blank row
  ASSERT_NE(it, nullptr);
  EXPECT_EQ(it->basis_text, "《最低生活保障审核确认办法》（民发〔2021〕57号）");
  EXPECT_EQ(it->time_limit.days, 10);
  EXPECT_EQ(it->time_limit.publicity_days, 7);
  EXPECT_EQ(it->audience, Audience::SpecificGroup);
  EXPECT_EQ(it->levels, (Names{"乡级", "村级"}));
  EXPECT_EQ(it->channels, (Names{"入户/现场", "社区/企事业单位/村公示栏(电子屏)", "村应急广播"}));
}

TEST(StandardFixture, CsvFlattenedMergeInAContinuedItemIsReported) {
  CatalogParse p = parse_fixture("standard.csv");
  const CatalogItem* it = item_at_row(p, 9);
  ASSERT_NE(it, nullptr);
  EXPECT_EQ(it->subject, "县民政局");  // empty in the CSV: the merged cell of row 8
  EXPECT_TRUE(has_warning(p, 0, "rows 9"));
  EXPECT_EQ(it->audience, Audience::SpecificGroup);
  EXPECT_EQ(it->mode, DisclosureMode::Both);
  EXPECT_EQ(it->time_limit.kind, TimeLimitKind::Timely);
}

TEST(StandardFixture, PeriodicOnRequestAndLongTerm) {
  CatalogParse p = parse_fixture("standard.csv");
  ASSERT_NE(item_at_row(p, 10), nullptr);
  EXPECT_EQ(item_at_row(p, 10)->time_limit.kind, TimeLimitKind::Periodic);
  EXPECT_EQ(item_at_row(p, 10)->time_limit.period, "季度");
  const CatalogItem* it = item_at_row(p, 11);
  ASSERT_NE(it, nullptr);
  EXPECT_EQ(it->mode, DisclosureMode::OnRequest);
  EXPECT_EQ(it->time_limit.kind, TimeLimitKind::LongTerm);
  ASSERT_EQ(it->basis.size(), 1u);
  EXPECT_EQ(it->basis[0].text, "《社会救助暂行办法》（国务院令第649号）第四十八条");
  EXPECT_EQ(it->channels, (Names{"政务服务中心"}));
}

TEST(StandardFixture, FootnotesAreWarningsNotItems) {
  CatalogParse p = parse_fixture("standard.csv");
  EXPECT_TRUE(has_warning(p, 12, "注："));
  EXPECT_TRUE(has_warning(p, 13, "填表说明"));
  EXPECT_EQ(item_at_row(p, 12), nullptr);
}

// --- broken rows -----------------------------------------------------------------------------
TEST(BrokenFixture, EachBrokenRowIsRejectedWithRowAndColumnAndEveryGoodRowImported) {
  CatalogParse p = parse_fixture("broken.csv");
  EXPECT_EQ(p.report.rows_read, 10);
  EXPECT_EQ(p.report.rejected, 6);
  Names good;
  for (const auto& it : p.items) good.push_back(std::to_string(it.source_row));
  EXPECT_EQ(good, (Names{"4", "11", "12", "13"}));

  struct Expect {
    int row;
    std::string column, reason;
  };
  const std::vector<Expect> expected = {
      {5, "公开时限", "empty cell"},
      {6, "公开渠道和载体", "no channel is marked"},
      {7, "公开事项/二级事项", "the same item as row 4"},
      {8, "公开对象", "全社会"},
      {9, "公开方式", "主动"},
      {10, "公开内容（要素）", "公开时限"},  // two elements missing: both named
  };
  ASSERT_EQ(p.report.rejections.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const Rejection& r = p.report.rejections[i];
    EXPECT_EQ(r.file, "broken.csv");
    EXPECT_EQ(r.row, expected[i].row);
    EXPECT_EQ(r.column, expected[i].column) << "row " << r.row;
    EXPECT_NE(r.reason_en.find(expected[i].reason), std::string::npos) << r.reason_en;
    EXPECT_FALSE(r.reason_zh.empty());
  }
  // The good row after the rejected ones still resolves 同上 from its own group.
  ASSERT_NE(item_at_row(p, 12), nullptr);
  EXPECT_EQ(item_at_row(p, 12)->level1, "养老服务补贴");
  EXPECT_EQ(item_at_row(p, 12)->basis_text,
            "《养老服务领域基层政务公开标准指引》（民办函〔2019〕52号）");
  EXPECT_EQ(item_at_row(p, 12)->time_limit.period, "月");
}

TEST(BrokenRows, SameAsAboveWithNothingAboveIsRejected) {
  CatalogParse p =
      parse_text(std::string(kHeader) +
                 "1,最低生活保障,政策文件,法规,同上,实时公开,县民政局,■政府网站,√,,√,,√,\n");
  ASSERT_EQ(p.report.rejections.size(), 1u);
  EXPECT_EQ(p.report.rejections[0].row, 3);
  EXPECT_EQ(p.report.rejections[0].column, "公开依据");
  EXPECT_NE(p.report.rejections[0].reason_zh.find("同上"), std::string::npos);
}

TEST(Rows, SameAsAboveChainsDownSeveralRows) {
  CatalogParse p =
      parse_text(std::string(kHeader) +
                 "1,低保,政策,法规,《社会救助暂行办法》,实时公开,县民政局,■政府网站,√,,√,,√,\n"
                 "2,同上,标准,标准,同上,同上,同上,同上,√,,√,,√,\n"
                 "3,同上,结果,名单,同上,同上,同上,同上,,√,√,,,√\n");
  ASSERT_EQ(p.items.size(), 3u);
  for (const auto& it : p.items) {
    EXPECT_EQ(it.level1, "低保");
    EXPECT_EQ(it.basis_text, "《社会救助暂行办法》");
    EXPECT_EQ(it.subject, "县民政局");
    EXPECT_EQ(it.channels, (Names{"政府网站"}));
  }
  EXPECT_EQ(p.items[2].audience, Audience::SpecificGroup);
}

TEST(BrokenRows, FirstRowWithoutItemNameIsRejected) {
  CatalogParse p = parse_text(std::string(kHeader) +
                              "1,,政策文件,法规,《条例》,实时公开,县民政局,■政府网站,√,,√,,√,\n");
  ASSERT_EQ(p.report.rejections.size(), 1u);
  EXPECT_EQ(p.report.rejections[0].column, "公开事项/一级事项");
}

TEST(BrokenRows, MissingColumnWarnsOnceInsteadOfRejectingEveryRow) {
  CatalogParse p = parse_text(
      "序号,公开事项,公开内容,公开依据,公开时限,公开渠道和载体,公开对象,公开方式\n"
      "1,低保政策,法规,《条例》,实时公开,■政府网站,全社会,主动\n"
      "2,低保标准,标准,《条例》,实时公开,■政府网站,全社会,主动\n");
  EXPECT_EQ(p.items.size(), 2u);
  int subject_warnings = 0;
  for (const auto& w : p.report.warnings) subject_warnings += w.column == "公开主体" ? 1 : 0;
  EXPECT_EQ(subject_warnings, 1);
}

TEST(BrokenRows, UnrecognisedMarkIsReadAsUncheckedWithAWarning) {
  CatalogParse p =
      parse_text(std::string(kHeader) +
                 "1,低保,政策,法规,《条例》,实时公开,县民政局,■政府网站,√,,√,,√,县民政局\n");
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].levels, (Names{"县级"}));
  EXPECT_TRUE(has_warning(p, 3, "not a check mark"));
}

TEST(Rows, RepeatedHeaderAndHeadingRowsAreWarnings) {
  CatalogParse p =
      parse_text(std::string(kHeader) +
                 "一、最低生活保障,,,,,,,,,,,,,\n"
                 "1,低保,政策,法规,《条例》,实时公开,县民政局,■政府网站,√,,√,,√,\n" +
                 kHeader + "2,特困,政策,法规,《条例》,实时公开,县民政局,■政府网站,√,,√,,√,\n");
  EXPECT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.report.rows_read, 2);
  EXPECT_TRUE(has_warning(p, 3, "一、最低生活保障"));
  EXPECT_TRUE(has_warning(p, 5, "repeated header"));
}

TEST(Rows, CsvContinuationNeverCrossesIntoANewItem) {
  // Row 4 starts a new 一级事项 with an empty 公开主体: that is a missing element, not a merge.
  CatalogParse p = parse_text(std::string(kHeader) +
                              "1,低保,政策,法规,《条例》,实时公开,县民政局,■政府网站,√,,√,,√,\n"
                              "2,特困,政策,法规,《条例》,实时公开,,■政府网站,√,,√,,√,\n");
  ASSERT_EQ(p.report.rejections.size(), 1u);
  EXPECT_EQ(p.report.rejections[0].row, 4);
  EXPECT_EQ(p.report.rejections[0].column, "公开主体");
}

// --- layout variants -------------------------------------------------------------------------
TEST(Variants, DomainColumnRequirementColumnSingleLevelColumnAndDuration) {
  CatalogParse p = parse_fixture("variant-requirement.csv");
  EXPECT_EQ(p.report.rejected, 0) << (p.report.rejections.empty()
                                          ? ""
                                          : p.report.rejections[0].reason_en);
  ASSERT_EQ(p.items.size(), 5u);
  const auto& a = p.items[0];
  EXPECT_EQ(a.domain, "就业");
  EXPECT_EQ(a.level3, "国家政策");
  EXPECT_EQ(a.basis_text, "依据《中华人民共和国就业促进法》");
  EXPECT_EQ(a.time_limit_text, "信息形成之日起20个工作日内公开");
  EXPECT_EQ(a.time_limit.days, 20);
  EXPECT_EQ(a.levels, (Names{"县级", "乡级"}));
  EXPECT_EQ(a.duration_text, "长期，最新有效");
  const auto& b = p.items[1];
  EXPECT_EQ(b.domain, "就业");
  EXPECT_EQ(b.level1, "就业政策");
  EXPECT_EQ(b.level2, "政策文件");  // 二级 spans its 三级 rows
  EXPECT_EQ(b.level3, "地方政策");
  EXPECT_EQ(b.levels, (Names{"县级"}));
  const auto& c = p.items[2];
  EXPECT_EQ(c.domain, "社会保险");
  ASSERT_EQ(c.basis.size(), 1u);
  EXPECT_EQ(c.basis[0].tag, "行政法规");
  EXPECT_EQ(c.time_limit.kind, TimeLimitKind::Timely);
  EXPECT_EQ(c.channels, (Names{"政府网站", "政务服务中心"}));
  EXPECT_EQ(c.levels, (Names{"市级", "县级"}));
  const auto& d = p.items[3];
  EXPECT_EQ(d.level1, "社会保险登记");
  EXPECT_EQ(d.subject, "县社会保险事业管理中心");
  EXPECT_EQ(d.channels, c.channels);
  EXPECT_EQ(d.audience, Audience::SpecificGroup);
  EXPECT_EQ(d.mode, DisclosureMode::OnRequest);
  EXPECT_EQ(d.levels, (Names{"乡级", "村级"}));
  const auto& e = p.items[4];
  EXPECT_EQ(e.domain, "乡村振兴");  // unknown domain, 领域 suffix dropped; created by the store
  EXPECT_EQ(e.time_limit.period, "年");
  EXPECT_EQ(e.channels, (Names{"社区/企事业单位/村公示栏(电子屏)"}));
  EXPECT_EQ(e.duration_text, "任期内");
}

TEST(Variants, DomainOptionOverridesTheDomainColumn) {
  CatalogParse p = parse_fixture("variant-requirement.csv", "就业");
  for (const auto& it : p.items) EXPECT_EQ(it.domain, "就业");
}

TEST(Variants, OcrMarksTraditionalCharactersAndFullWidthPunctuation) {
  CatalogParse p = parse_fixture("ocr-traditional.csv");
  EXPECT_EQ(p.report.rejected, 0);
  ASSERT_EQ(p.items.size(), 3u);
  const auto& a = p.items[0];
  EXPECT_EQ(a.domain, "户籍管理");  // the store's name, found through the traditional title
  EXPECT_EQ(a.level1, "戶口登記");  // kept as written
  EXPECT_EQ(a.subject, "縣公安局");
  EXPECT_EQ(a.time_limit.kind, TimeLimitKind::WithinDays);
  EXPECT_EQ(a.time_limit.days, 20);
  EXPECT_EQ(a.channels, (Names{"政府网站", "政务服务中心"}));
  EXPECT_EQ(a.audience, Audience::Public);
  EXPECT_EQ(a.mode, DisclosureMode::Proactive);
  EXPECT_EQ(a.levels, (Names{"县级"}));
  EXPECT_EQ(original(a, "公開事項/一級事項"), "戶口登記");
  const auto& b = p.items[1];
  EXPECT_EQ(b.level1, "戶口登記");
  EXPECT_EQ(b.subject, "縣公安局");
  EXPECT_EQ(b.channels, (Names{"政府网站", "政务服务中心", "“皖事通”App"}));
  EXPECT_EQ(b.levels, (Names{"县级", "乡级", "村级"}));
  EXPECT_EQ(p.items[2].time_limit.kind, TimeLimitKind::RealTime);
  EXPECT_EQ(p.items[2].audience, Audience::Public);
}

TEST(Variants, SingleRowHeaderTextColumnsNoLevelsDomainFromFileName) {
  CatalogParse p = parse_fixture("variant-02-公共资源交易.csv");
  EXPECT_EQ(p.report.rejected, 0);
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].domain, "公共资源交易");
  EXPECT_EQ(p.items[0].level1, "政府采购意向");
  EXPECT_TRUE(p.items[0].level2.empty());
  EXPECT_TRUE(p.items[0].levels.empty());
  EXPECT_EQ(p.items[0].channels, (Names{"政府网站", "中国政府采购网安徽分网"}));
  EXPECT_EQ(p.items[0].time_limit.days, 30);
  EXPECT_EQ(p.items[1].mode, DisclosureMode::Proactive);
  ASSERT_EQ(p.items[1].basis.size(), 1u);
  EXPECT_EQ(p.items[1].time_limit.days, 2);
  EXPECT_TRUE(p.report.warnings.empty());
}

TEST(Variants, ChannelsAsOneCheckColumnPerChannelAndOneRowCheckHeadings) {
  CatalogParse p = parse_fixture("variant-channel-columns.csv");
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].domain, "卫生健康");
  EXPECT_EQ(p.items[0].channels, (Names{"政府网站", "两微一端"}));
  EXPECT_EQ(p.items[0].levels, (Names{"县级", "乡级"}));
  EXPECT_EQ(p.items[0].audience, Audience::Public);
  EXPECT_EQ(original(p.items[0], "公开渠道和载体/两微一端"), "√");
  // 村务公开栏 is this county's name for its board: kept as a local channel.
  EXPECT_EQ(p.items[1].channels, (Names{"政府网站", "政务服务中心", "村务公开栏"}));
  EXPECT_EQ(p.items[1].levels, (Names{"县级", "乡级", "村级"}));
  ASSERT_EQ(p.report.rejections.size(), 1u);
  EXPECT_EQ(p.report.rejections[0].row, 6);
  EXPECT_EQ(p.report.rejections[0].column, "公开渠道和载体");
}

TEST(Header, LongHeadingsAreNotSubHeadings) {
  EXPECT_EQ(classify_column("公开内容（主动公开的要素）", ""), ColumnRole::Content);
  EXPECT_EQ(classify_column("公开依据（县级以上文件）", ""), ColumnRole::Basis);
  EXPECT_EQ(classify_column("公开对象（全社会/特定群体）", ""), ColumnRole::AudienceText);
  EXPECT_EQ(classify_column("全社会", ""), ColumnRole::AudiencePublic);
  EXPECT_EQ(classify_column("县级", ""), ColumnRole::LevelCheck);
  EXPECT_EQ(classify_column("公开渠道和载体", "政府网站"), ColumnRole::ChannelCheck);
}

TEST(Variants, Gb18030FileWithGb18030_2022Characters) {
  CatalogParse p = parse_fixture("gb18030.csv");
  EXPECT_EQ(p.report.rejected, 0);
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].domain, "救灾");
  EXPECT_EQ(p.items[0].channels,
            (Names{"政府网站", "两微一端", "广播电视", "精准推送", "村应急广播"}));
  EXPECT_EQ(p.items[1].level1, "灾害预警");
  EXPECT_NE(p.items[1].content.find("\u9FB4\U00020000"), std::string::npos);
  EXPECT_EQ(p.items[1].time_limit.publicity_days, 5);
  EXPECT_EQ(p.items[1].levels, (Names{"乡级", "村级"}));
}

// --- domains ---------------------------------------------------------------------------------
TEST(Domains, FromTitleRows) {
  CatalogOptions o = options("x.csv");
  EXPECT_EQ(domain_from_title("青禾县社会救助领域基层政务公开标准目录", o), "社会救助");
  EXPECT_EQ(domain_from_title("青禾县乡村振兴领域基层政务公开标准目录", o), "乡村振兴");
  EXPECT_EQ(domain_from_title("松溪镇政府文件领域政务公开事项标准目录", o), "政府文件");
  EXPECT_EQ(domain_from_title("青禾县基层政务公开标准目录", o), "");
}

TEST(Domains, FromFileNames) {
  CatalogOptions o = options("x.csv");
  EXPECT_EQ(domain_from_file_name("/data/341799000000/18-社会救助.csv", o), "社会救助");
  EXPECT_EQ(domain_from_file_name("青禾县乡村振兴领域标准目录.xlsx", o), "乡村振兴");
  EXPECT_EQ(domain_from_file_name("catalog-2024.csv", o), "");
}

TEST(Domains, FileWithoutAnyDomainIsRejectedAsAWhole) {
  CatalogParse p = parse_fixture("no-domain.csv");
  EXPECT_TRUE(p.items.empty());
  ASSERT_EQ(p.report.rejections.size(), 1u);
  EXPECT_EQ(p.report.rejections[0].row, 0);
  EXPECT_NE(p.report.rejections[0].reason_en.find("--domain"), std::string::npos);
  EXPECT_GE(p.report.rejected, 1);

  CatalogParse q = parse_fixture("no-domain.csv", "政府信息公开");
  ASSERT_EQ(q.items.size(), 1u);
  EXPECT_EQ(q.items[0].domain, "政府信息公开");
}

// --- XLSX with real merges ---------------------------------------------------------------------
TEST(XlsxCatalog, MergedCellsSpanItemsAndHeaders) {
  const std::string ch = "■政府网站 □政府公报 ■两微一端";
  const std::string law = "《社会救助暂行办法》（国务院令第649号）";
  testing::GridSheet g(
      {{"青禾县社会救助领域基层政务公开标准目录"},
       {"序号", "公开事项", "", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
        "公开渠道和载体", "公开对象", "", "公开方式", "", "公开层级", ""},
       {"", "一级事项", "二级事项", "", "", "", "", "", "全社会", "特定群体", "主动", "依申请",
        "县级", "乡、村级"},
       {"1", "最低生活保障", "政策文件", "法规文件", law, "实时公开", "县民政局", ch, "√", "", "√",
        "", "√", ""},
       {"2", "", "办事指南", "办理条件", law, "及时公开", "", ch, "√", "", "√", "", "√", "√"},
       {"3", "", "审核结果", "保障对象名单", law, "", "", ch, "", "√", "√", "", "", "√"},
       {"4", "临时救助", "", "救助标准", law, "每季度", "县民政局", ch, "√", "", "√", "", "√", ""},
       {"注：本目录由青禾县民政局编制。"}},
      {"A1:N1", "A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:J2", "K2:L2",
       "M2:N2", "B4:B6", "G4:G6", "B7:C7", "A8:N8"});
  const std::string path =
      ::testing::TempDir() + "gk-catalog-" + std::to_string(getpid()) + ".xlsx";
  testing::write_xlsx(path, {{"社会救助", g.sheet_xml}}, g.shared_strings_xml);
  auto t = read_table_file(path, "");
  ASSERT_TRUE(t.ok()) << t.error().message;
  CatalogParse p = interpret_catalog(*t, options("社会救助.xlsx"));
  expect_accounted(p);
  EXPECT_EQ(p.report.rows_read, 4);
  ASSERT_EQ(p.items.size(), 3u);
  EXPECT_EQ(p.items[0].domain, "社会救助");
  EXPECT_EQ(p.items[1].level1, "最低生活保障");  // merged B4:B6
  EXPECT_EQ(p.items[1].subject, "县民政局");     // merged G4:G6
  EXPECT_EQ(p.items[1].levels, (Names{"县级", "乡级", "村级"}));
  EXPECT_EQ(original(p.items[1], "公开事项/一级事项"), "最低生活保障");
  EXPECT_EQ(p.items[2].level1, "临时救助");  // B7:C7 spans 一级 and 二级: one name
  EXPECT_TRUE(p.items[2].level2.empty());
  EXPECT_EQ(p.items[2].time_limit.period, "季度");
  // Row 6 has an empty, unmerged 公开时限: in XLSX that is a missing element, not a merge.
  ASSERT_EQ(p.report.rejections.size(), 1u);
  EXPECT_EQ(p.report.rejections[0].row, 6);
  EXPECT_EQ(p.report.rejections[0].column, "公开时限");
  EXPECT_TRUE(has_warning(p, 8, "注："));
  EXPECT_FALSE(has_warning(p, 0, "merged cell above"));
}

// --- hostile input ---------------------------------------------------------------------------
// Deterministic mutations (byte flips, stray quotes, delimiters, line breaks, truncation) of a
// real fixture: the importer must neither crash (ASan/UBSan run this) nor lose count of a row.
TEST(HostileInput, MutatedCsvNeverBreaksTheAccounting) {
  std::ifstream in(fixture("standard.csv"), std::ios::binary);
  const std::string original_bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
  ASSERT_FALSE(original_bytes.empty());
  uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  const char inserts[] = {'"', ',', '\n', '\r', '\t', '\xA1', '\xFE', '\0'};
  for (int round = 0; round < 300; ++round) {
    std::string bytes = original_bytes;
    const int edits = 1 + static_cast<int>(next() % 8);
    for (int e = 0; e < edits && !bytes.empty(); ++e) {
      const size_t pos = next() % bytes.size();
      switch (next() % 4) {
        case 0:
          bytes[pos] = static_cast<char>(next());
          break;
        case 1:
          bytes.insert(pos, 1, inserts[next() % sizeof inserts]);
          break;
        case 2:
          bytes.erase(pos, 1 + next() % 16);
          break;
        default:
          bytes.resize(pos);
          break;
      }
    }
    const DecodedText d = decode_text(bytes);
    CatalogParse p = interpret_catalog(parse_csv(d.utf8), options("mutated.csv"));
    EXPECT_EQ(p.report.rows_read, static_cast<int>(p.items.size()) + p.report.rejected) << round;
  }
}

TEST(HostileInput, MutatedXlsxIsAnErrorOrATableNeverACrash) {
  testing::GridSheet g({{"序号", "公开事项", "公开内容"}, {"1", "最低生活保障", "法规"}},
                       {"A1:A2"});
  const std::string path = ::testing::TempDir() + "gk-mut-" + std::to_string(getpid()) + ".xlsx";
  testing::write_xlsx(path, {{"S", g.sheet_xml}}, g.shared_strings_xml);
  std::ifstream in(path, std::ios::binary);
  const std::string original_bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
  uint32_t seed = 777;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  int readable = 0;
  for (int round = 0; round < 200; ++round) {
    std::string bytes = original_bytes;
    for (int e = 0; e < 1 + static_cast<int>(next() % 4); ++e) {
      bytes[next() % bytes.size()] = static_cast<char>(next());
    }
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    auto t = read_table_file(path, "");
    if (t.ok()) {
      ++readable;
      (void)interpret_catalog(*t, options("mutated.xlsx"));
    } else {
      EXPECT_FALSE(t.error().message.empty());
    }
  }
  EXPECT_GT(readable, 0);  // flips inside stored-but-unused bytes leave the file readable
}

}  // namespace
}  // namespace gongkai::catalog
