// test_command.cpp — `gongkai-publish import-catalog` end to end: fixture files through
// cmd_import_catalog into a temporary store, read back through the store's read API.
// Pins the exit codes of commands.h (0 ok, 1 usage/I-O, 2 rejected rows) and issue #2's
// "a spreadsheet with broken rows reports each one and keeps every good row".
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "gongkai/store.h"
#include "publish/commands.h"
#include "xlsx_fixture.h"

namespace gongkai {
namespace {

using publish::cmd_import_catalog;

constexpr const char* kCounty = "341799000000";

std::string fixture(const std::string& name) {
  return std::string(GONGKAI_SOURCE_DIR) + "/tests/import_catalog/fixtures/" + name;
}

class ImportCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    db_ = ::testing::TempDir() + "gk-import-" + std::to_string(getpid()) + "-" +
          std::to_string(++n) + ".db";
    cleanup();
  }
  void TearDown() override { cleanup(); }
  void cleanup() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((db_ + suffix).c_str());
  }
  std::unique_ptr<Store> open() {
    auto s = Store::open(db_, Store::Mode::ReadOnly);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return s.ok() ? std::move(*s) : nullptr;
  }
  int items() {
    auto s = open();
    if (!s) return -1;
    auto c = s->counts();
    return c.ok() ? c->items : -1;
  }
  int import(std::vector<std::string> extra, const std::string& file) {
    publish::Args args = {fixture(file), "--region", kCounty, "--region-name",
                          "青禾县",      "--db",     db_};
    args.insert(args.end(), extra.begin(), extra.end());
    return cmd_import_catalog(args);
  }
  std::string db_;
};

TEST_F(ImportCommand, ImportsAFixtureIntoANewStore) {
  ASSERT_EQ(import({}, "standard.csv"), 0);
  auto store = open();
  ASSERT_TRUE(store);
  auto region = store->region(kCounty);
  ASSERT_TRUE(region.ok() && region->has_value());
  EXPECT_EQ((*region)->name, "青禾县");
  auto domain = store->domain_by_name("社会救助");
  ASSERT_TRUE(domain.ok() && domain->has_value());
  EXPECT_EQ((*domain)->code, "18");  // the seeded pilot domain, not a new one
  auto groups = store->items_of_domain("18", Scope{kCounty, ""});
  ASSERT_TRUE(groups.ok()) << groups.error().message;
  ASSERT_EQ(groups->size(), 3u);
  EXPECT_EQ((*groups)[0].level1, "最低生活保障");
  EXPECT_EQ((*groups)[0].items.size(), 3u);
  EXPECT_EQ((*groups)[2].level1, "临时救助");
  auto item = store->item((*groups)[0].items[1].id);
  ASSERT_TRUE(item.ok() && item->has_value());
  const CatalogItem& it = **item;
  EXPECT_EQ(it.level2, "办事指南");
  EXPECT_EQ(it.source_row, 5);
  EXPECT_EQ(it.levels, (std::vector<std::string>{"县级", "乡级", "村级"}));
  EXPECT_EQ(it.channels.back(), "12345政务服务热线");
  EXPECT_EQ(it.uid, make_item_uid(it));
  EXPECT_FALSE(it.original.empty());
}

TEST_F(ImportCommand, BrokenRowsExitTwoAndEveryGoodRowIsKept) {
  EXPECT_EQ(import({}, "broken.csv"), 2);
  EXPECT_EQ(items(), 4);
}

TEST_F(ImportCommand, AllowPartialExitsZeroWithTheSameRows) {
  EXPECT_EQ(import({"--allow-partial"}, "broken.csv"), 0);
  EXPECT_EQ(items(), 4);
}

TEST_F(ImportCommand, ReimportReplacesItemsByUid) {
  ASSERT_EQ(import({}, "standard.csv"), 0);
  ASSERT_EQ(import({}, "standard.csv"), 0);
  EXPECT_EQ(items(), 7);
}

// Writes `fixture` without the lines containing `drop` (a row the county deleted, or broke).
std::string edited_copy(const std::string& name, const std::string& drop,
                        const std::string& replace_with = "") {
  std::FILE* in = std::fopen(fixture(name).c_str(), "rb");
  std::string text;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, in)) > 0;) text.append(buf, n);
  std::fclose(in);
  auto at = text.find(drop);
  EXPECT_NE(at, std::string::npos);
  auto end = text.find('\n', at);
  auto start = text.rfind('\n', at) + 1;
  text.replace(start, end + 1 - start, replace_with);
  // Same file name, another directory: the county's edited copy of the same spreadsheet.
  std::string dir = ::testing::TempDir() + "edited-" + std::to_string(getpid());
  mkdir(dir.c_str(), 0700);
  std::string out = dir + "/" + name;
  std::FILE* o = std::fopen(out.c_str(), "wb");
  std::fwrite(text.data(), 1, text.size(), o);
  std::fclose(o);
  return out;
}

TEST_F(ImportCommand, ReimportRemovesItemsDeletedFromTheSpreadsheet) {
  ASSERT_EQ(import({}, "standard.csv"), 0);
  const int before = items();
  std::string edited = edited_copy("standard.csv", "5,,认定结果");
  // The edited copy has another path but the same file name: it is the same spreadsheet.
  publish::Args args = {edited, "--region", kCounty, "--db", db_};
  ASSERT_EQ(cmd_import_catalog(args), 0);
  EXPECT_EQ(items(), before - 1);
  std::remove(edited.c_str());
}

TEST_F(ImportCommand, ReimportWithRejectedRowsRemovesNothing) {
  ASSERT_EQ(import({}, "standard.csv"), 0);
  const int before = items();
  // Row 6 broken (its 公开内容 emptied): the old item must stay rather than vanish with the
  // rejection, even with --allow-partial.
  std::string edited = edited_copy(
      "standard.csv", "6,临时救助,救助标准",
      "6,临时救助,救助标准,,《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）,"
      "每季度的首个月20日前,县民政局,■政府网站 ■政府公报,√,,√,,√,,\n");
  publish::Args args = {edited, "--region", kCounty, "--db", db_, "--allow-partial"};
  ASSERT_EQ(cmd_import_catalog(args), 0);
  EXPECT_EQ(items(), before);
  std::remove(edited.c_str());
}

TEST_F(ImportCommand, StoresTheFileNameNotTheBuildMachinesPath) {
  ASSERT_EQ(import({}, "standard.csv"), 0);
  auto store = open();
  auto groups = store->items_of_domain("18", Scope{kCounty, ""});
  auto item = store->item((*groups)[0].items[0].id);
  EXPECT_EQ((*item)->source_file, "standard.csv");
}

TEST_F(ImportCommand, SeveralFilesAndANewDomainInOneRun) {
  publish::Args args = {fixture("standard.csv"),
                        fixture("variant-requirement.csv"),
                        "--region",
                        kCounty,
                        "--region-name",
                        "青禾县",
                        "--db",
                        db_};
  ASSERT_EQ(cmd_import_catalog(args), 0);
  EXPECT_EQ(items(), 12);
  auto store = open();
  ASSERT_TRUE(store);
  auto d = store->domain_by_name("乡村振兴");
  ASSERT_TRUE(d.ok() && d->has_value());
  EXPECT_TRUE((*d)->code.starts_with("x-"));
}

TEST_F(ImportCommand, TheSameItemTwiceInOneRunIsRejectedAcrossFiles) {
  publish::Args args = {fixture("standard.csv"),
                        fixture("standard.csv"),
                        "--region",
                        kCounty,
                        "--region-name",
                        "青禾县",
                        "--db",
                        db_};
  EXPECT_EQ(cmd_import_catalog(args), 2);
  EXPECT_EQ(items(), 7);
}

TEST_F(ImportCommand, XlsxSheetChosenByName) {
  const std::string ch = "■政府网站 □政府公报";
  catalog::testing::GridSheet g({{"序号", "公开事项", "公开内容", "公开依据", "公开时限",
                                  "公开主体", "公开渠道和载体", "公开对象", "公开方式", "公开层级"},
                                 {"1", "就业创业政策", "政策文件", "《中华人民共和国就业促进法》",
                                  "实时公开", "县人社局", ch, "全社会", "主动", "县级"},
                                 {"2", "就业见习", "见习岗位", "《就业补助资金管理办法》", "每季度",
                                  "县人社局", ch, "特定群体", "主动", "县级"}},
                                {});
  const std::string notes = catalog::testing::worksheet(
      "<row r=\"1\"><c r=\"A1\" "
      "t=\"inlineStr\"><is><t>填表说明：每个领域一张工作表。</t></is></c></row>",
      {});
  const std::string xlsx = db_ + ".xlsx";
  catalog::testing::write_xlsx(xlsx, {{"说明", notes}, {"就业", g.sheet_xml}},
                               g.shared_strings_xml);
  // The first sheet is not a catalog: without --sheet the file is rejected as a whole.
  EXPECT_EQ(cmd_import_catalog({xlsx, "--region", kCounty, "--region-name", "青禾县", "--domain",
                                "就业", "--db", db_}),
            2);
  EXPECT_EQ(cmd_import_catalog({xlsx, "--region", kCounty, "--region-name", "青禾县", "--domain",
                                "就业", "--sheet", "就业", "--db", db_}),
            0);
  EXPECT_EQ(items(), 2);
  std::remove(xlsx.c_str());
}

TEST_F(ImportCommand, UnknownRegionWithoutANameIsAnError) {
  EXPECT_EQ(cmd_import_catalog({fixture("standard.csv"), "--region", kCounty, "--db", db_}), 1);
  EXPECT_EQ(items(), 0);
}

TEST_F(ImportCommand, FileWithoutDomainIsRejected) {
  EXPECT_EQ(import({}, "no-domain.csv"), 2);
  EXPECT_EQ(items(), 0);
  EXPECT_EQ(import({"--domain", "政府信息公开"}, "no-domain.csv"), 0);
  EXPECT_EQ(items(), 1);
}

TEST_F(ImportCommand, UsageErrorsExitOne) {
  EXPECT_EQ(cmd_import_catalog({}), 1);
  EXPECT_EQ(cmd_import_catalog({fixture("standard.csv"), "--region", kCounty}), 1);
  EXPECT_EQ(cmd_import_catalog({fixture("standard.csv"), "--db", db_}), 1);
  EXPECT_EQ(cmd_import_catalog({fixture("standard.csv"), "--region", "1234", "--db", db_}), 1);
  EXPECT_EQ(
      cmd_import_catalog({fixture("standard.csv"), "--region", kCounty, "--db", db_, "--bogus"}),
      1);
  EXPECT_EQ(cmd_import_catalog({fixture("standard.csv"), "--region"}), 1);
  EXPECT_EQ(cmd_import_catalog({"/nonexistent/目录.csv", "--region", kCounty, "--region-name",
                                "青禾县", "--db", db_}),
            1);
}

TEST_F(ImportCommand, UnreadableSpreadsheetIsARejectionNotACrash) {
  const std::string bad = db_ + ".xlsx";
  {
    std::FILE* f = std::fopen(bad.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("PK\x03\x04 truncated", f);
    std::fclose(f);
  }
  EXPECT_EQ(cmd_import_catalog({bad, "--region", kCounty, "--region-name", "青禾县", "--db", db_}),
            2);
  std::remove(bad.c_str());
}

}  // namespace
}  // namespace gongkai
