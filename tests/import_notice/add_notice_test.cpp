// add_notice_test.cpp — `gongkai-publish add-notice` against a real temporary store
// (sync/import/notice/command.cpp, notice_store.cpp): one transaction, rejected notices listed
// and counted once each, images stored by sha256, replacement by id, exit codes, --shift-days.
#include <gtest/gtest.h>

#include <filesystem>

#include "gongkai/store.h"
#include "import/notice/notice_import.h"
#include "publish/commands.h"
#include "test_util.h"

namespace gongkai::notice {
namespace {

using testing::china_time;
using testing::fixtures_dir;
using testing::TempDir;

constexpr const char* kCounty = "340123000000";
constexpr const char* kTown = "340123101000";
constexpr const char* kVillage = "340123101002";

std::string notice_text(const std::string& id, const std::string& title, const std::string& end,
                        const std::string& region = kVillage, const std::string& body = "正文。") {
  return "---\nid: " + id + "\ntitle: " + title +
         "\nissuer: 石桥村民委员会\ncategory: 事务\nregion: " + region +
         "\nstart: 2026-11-20\nend: " + end + "\n---\n" + body + "\n";
}

class AddNoticeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::open(db(), Store::Mode::ReadWrite);
    ASSERT_TRUE(s.ok()) << s.error().message;
    for (auto [code, name] :
         {std::pair{kCounty, "青禾县"}, {kTown, "松溪镇"}, {kVillage, "石桥村"}}) {
      ASSERT_TRUE((*s)->put_region(Region{code, name, "", RegionLevel::County}).ok());
    }
  }

  std::string db() const { return dir_.file("content.db"); }

  std::unique_ptr<Store> open_store() {
    auto s = Store::open(db(), Store::Mode::ReadWrite);
    EXPECT_TRUE(s.ok());
    return std::move(*s);
  }

  std::optional<Notice> stored(const std::string& id) {
    auto n = open_store()->notice(id);
    EXPECT_TRUE(n.ok());
    return *n;
  }

  int run(std::vector<std::string> args) {
    args.push_back("--db");
    args.push_back(db());
    return publish::cmd_add_notice(args);
  }

  TempDir dir_;
};

TEST_F(AddNoticeTest, FixtureWithImageIsStoredWithAttachmentBytesAndMaskedBody) {
  ASSERT_EQ(run({fixtures_dir() + "/land-compensation.md"}), 0);
  const auto n = stored("qh-2026-0031");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->kind, "征地补偿安置方案公告");
  EXPECT_EQ(n->region, kVillage);
  EXPECT_EQ(n->start_at, china_time(2026, 11, 20));
  EXPECT_EQ(*n->end_at, china_time(2026, 12, 20));
  EXPECT_EQ(n->priority, NoticePriority::Pinned);
  EXPECT_NE(n->body.find("139****5678"), std::string::npos);
  EXPECT_EQ(n->body.find("13912345678"), std::string::npos);
  ASSERT_EQ(n->attachments.size(), 1u);
  const NoticeAttachment& a = n->attachments[0];
  EXPECT_EQ(a.name, "images/site-map.png");
  EXPECT_EQ(a.mime, "image/png");
  EXPECT_EQ(a.caption, "征收范围示意图");
  const auto bytes = open_store()->attachment_bytes(a.sha256);
  ASSERT_TRUE(bytes.ok());
  ASSERT_TRUE(bytes->has_value());
  EXPECT_EQ((*bytes)->size(), std::filesystem::file_size(fixtures_dir() + "/images/site-map.png"));
  EXPECT_EQ(a.sha256, sha256_hex((*bytes)->data(), (*bytes)->size()));
}

TEST_F(AddNoticeTest, RejectedNoticesAreListedAndGoodOnesStillWritten) {
  dir_.write("in/a-good.md", notice_text("good", "石桥村道路维修公示", "2026-11-26"));
  dir_.write("in/b-short.md",
             notice_text("short", "关于石桥村集体土地征收补偿安置方案的公告", "2026-11-29",
                         kVillage, "如有异议请于2026年11月29日前提出。"));
  dir_.write("in/c-region.md", notice_text("noregion", "白沙村公示", "2026-11-26", "340123999999"));
  dir_.write("in/notes.txt", "not a notice");
  dir_.write("in/README.md", "# 说明\n本目录存放公告。\n");
  auto store = open_store();
  ParseOptions po;
  const auto cal = WorkdayCalendar::builtin();
  po.calendar = &cal.value();
  const auto report = import_notice_files(*store, expand_notice_paths({dir_.file("in")}), po);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->rows_read, 3);  // notes.txt is not a *.md file; README.md is documentation
  EXPECT_EQ(report->imported, 1);
  EXPECT_EQ(report->rejected, 2);
  ASSERT_EQ(report->rejections.size(), 2u);
  EXPECT_EQ(std::filesystem::path(report->rejections[0].file).filename(), "b-short.md");
  EXPECT_EQ(report->rejections[0].row, 8);  // the end: line
  EXPECT_NE(report->rejections[0].reason_zh.find("第二十八条规定的 30 日"), std::string::npos);
  EXPECT_EQ(std::filesystem::path(report->rejections[1].file).filename(), "c-region.md");
  EXPECT_EQ(report->rejections[1].row, 6);  // the region: line
  EXPECT_NE(report->rejections[1].reason_en.find("340123999999"), std::string::npos);
  store.reset();
  EXPECT_TRUE(stored("good"));
  EXPECT_FALSE(stored("short"));
  EXPECT_FALSE(stored("noregion"));
}

TEST_F(AddNoticeTest, ExitCodeIsTwoOnRejectionUnlessAllowPartial) {
  dir_.write("in/a.md", notice_text("a", "公示一", "2026-11-26"));
  dir_.write("in/b.md", notice_text("b", "公示二", "2026-11-19"));  // ends before it starts
  EXPECT_EQ(run({dir_.file("in")}), 2);
  EXPECT_TRUE(stored("a"));
  EXPECT_EQ(run({dir_.file("in"), "--allow-partial"}), 0);
}

TEST_F(AddNoticeTest, ReAddingAnIdReplacesTheNotice) {
  const auto path = dir_.write("n.md", notice_text("same", "第一版标题", "2026-11-26"));
  ASSERT_EQ(run({path}), 0);
  dir_.write("n.md", notice_text("same", "更正后的标题", "2026-11-27"));
  ASSERT_EQ(run({path}), 0);
  const auto n = stored("same");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->title, "更正后的标题");
  EXPECT_EQ(*n->end_at, china_time(2026, 11, 28));
  EXPECT_EQ(open_store()->counts()->notices, 1);
}

TEST_F(AddNoticeTest, ShiftDaysMovesStoredDates) {
  const auto path = dir_.write("n.md", notice_text("shifted", "公示", "2026-11-26"));
  ASSERT_EQ(run({path, "--shift-days", "10"}), 0);
  const auto n = stored("shifted");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->start_at, china_time(2026, 11, 30));
  EXPECT_EQ(*n->end_at, china_time(2026, 12, 7));
}

TEST_F(AddNoticeTest, UsageErrorsExitOne) {
  const auto path = dir_.write("n.md", notice_text("x", "公示", "2026-11-26"));
  EXPECT_EQ(publish::cmd_add_notice({path}), 1);  // no --db
  EXPECT_EQ(run({path, "--shift-days", "ten"}), 1);
  EXPECT_EQ(run({path, "--frobnicate"}), 1);
  EXPECT_EQ(run({dir_.file("empty-dir-that-does-not-exist/")}), 2);  // reported as rejected
  EXPECT_EQ(run({path, "--calendar", dir_.file("missing.tsv")}), 1);
  EXPECT_FALSE(stored("x"));
}

TEST_F(AddNoticeTest, CustomCalendarFileIsUsed) {
  // A calendar that makes 2027-01-04..08 holidays: a 5-working-day tender notice over that week
  // and the next is then short.
  const auto cal = dir_.write("cal.tsv",
                              "2027-01-04\tholiday\tx\n2027-01-05\tholiday\tx\n"
                              "2027-01-06\tholiday\tx\n2027-01-07\tholiday\tx\n"
                              "2027-01-08\tholiday\tx\n");
  const auto path = dir_.write(
      "t.md",
      "---\ntitle: 青禾县办公设备采购项目公开招标公告\nissuer: 青禾县财政局\ncategory: 政务\n"
      "region: 340123000000\nstart: 2027-01-04\nend: 2027-01-11\n---\n正文\n");
  EXPECT_EQ(run({path}), 0);                     // built-in: 2027 uncovered, Mon–Fri = 6
  EXPECT_EQ(run({path, "--calendar", cal}), 2);  // custom: only 01-11 is a working day
}

}  // namespace
}  // namespace gongkai::notice
