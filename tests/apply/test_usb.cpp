// test_usb.cpp — USB import (issue #5, DESIGN §5 "USB = another untrusted mirror") and the
// gongkai-sync once/import/status command functions, against a stick tree made by the real
// `gongkai-publish make-usb`. Pins: import + Chinese banner + report written back; a stick not
// newer than the kiosk is skipped, not an error; symlinks, FIFOs, over-long and zero-length
// files are refused with the kiosk unchanged; a file changing between reads cannot reach the
// generation (only the internal copy is used); a stick pulled out midway leaves the previous
// generation; not enough space is refused before anything is copied; a symlinked report/ folder
// is not written through; mount roots are scanned; exit codes of the commands.
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <fstream>
#include <set>

#include "apply/commands.h"
#include "fixture.h"

namespace gongkai::apply::testing {
namespace {

class UsbTest : public ::testing::Test {
 protected:
  TempDir tmp;
  Publisher pub{tmp.path()};
  FakeClock clock;
  std::string data = tmp / "kiosk";
  std::string stick = tmp / "media/staff/GONGKAI";
  std::string tree = stick + "/gongkai-update/" + kCounty;

  void SetUp() override {
    pub.init();
    pub.emit(kNow);
    make_stick();
  }
  void make_stick() {
    std::error_code ec;
    fs::remove_all(stick, ec);
    ASSERT_EQ(publish::cmd_make_usb({"--feed", pub.feed, "--out", stick}), 0);
  }
  SyncConfig cfg() const { return kiosk_config(data, pub, clock); }
  // Some catalog shard on the stick.
  std::string a_target() const {
    for (const auto& f : fs::recursive_directory_iterator(tree + "/targets")) {
      if (f.path().filename().string().find("catalog-") != std::string::npos)
        return f.path().string();
    }
    return "";
  }
  std::optional<int64_t> active() {
    auto s = peek_status(data, clock.clock());
    return s.ok() ? s->generation : std::nullopt;
  }
};

TEST_F(UsbTest, ImportAppliesWritesAChineseBannerAndAReportOnTheStick) {
  auto e = open_engine(cfg());
  UsbResult r = e->import_usb(stick);
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(r.tree, tree);
  EXPECT_EQ(r.cycle.outcome, CycleResult::Outcome::Applied);
  EXPECT_EQ(r.banner,
            "U盘更新完成：公开事项新增 40 项、删除 0 项，公告新增 2 条、删除 0 条（内容版本 1）。");
  ASSERT_FALSE(r.report_file.empty());
  auto report = tuf::read_file_capped(r.report_file, 1 << 20);
  ASSERT_TRUE(report.ok());
  EXPECT_NE(report->find(r.banner), std::string::npos);
  EXPECT_EQ(fs::path(r.report_file).parent_path().string(), stick + "/gongkai-update/report");
  EXPECT_EQ(e->status()->last_usb, r.banner);
}

TEST_F(UsbTest, StickNotNewerThanTheKioskIsSkippedNotAnError) {
  auto e = open_engine(cfg());
  ASSERT_FALSE(e->import_usb(stick).error);
  UsbResult same = e->import_usb(stick);  // equal metadata
  ASSERT_FALSE(same.error) << same.error->message;
  EXPECT_EQ(same.cycle.outcome, CycleResult::Outcome::Skipped);
  EXPECT_NE(same.banner.find("不比本机新"), std::string::npos);
  // Older: the kiosk has since synced a newer feed over the network.
  pub.change_item(1, "更新");
  pub.emit(kNow + 60);
  ASSERT_TRUE(sync_dir(*e, pub.feed).ok());
  UsbResult older = e->import_usb(stick);
  ASSERT_FALSE(older.error) << older.error->message;
  EXPECT_EQ(older.cycle.outcome, CycleResult::Outcome::Skipped);
  EXPECT_EQ(*active(), 2);
}

class UsbRefusal : public UsbTest {
 protected:
  // Imports after a first good sync of the same content minus one item, so the planted file is
  // one the kiosk must copy; checks the kiosk stays on generation 1.
  void expect_refused(const std::function<void(const std::string&)>& plant,
                      std::set<std::string> codes) {
    auto e = open_engine(cfg());
    ASSERT_TRUE(sync_dir(*e, pub.feed).ok());
    pub.change_item(4, "新内容");
    pub.emit(kNow + 60);
    make_stick();
    // The changed shard is the only file the kiosk will read; plant the trick there.
    std::string victim;
    auto cached = dir_files(data + "/objects");
    for (const auto& f : fs::recursive_directory_iterator(tree + "/targets")) {
      std::string sha = f.path().filename().string().substr(0, 64);
      if (f.is_regular_file() && !cached.count(sha)) victim = f.path().string();
    }
    ASSERT_FALSE(victim.empty());
    plant(victim);
    UsbResult r = e->import_usb(stick);
    ASSERT_TRUE(r.error);
    EXPECT_TRUE(codes.count(r.error->code)) << r.error->code << ": " << r.error->message;
    EXPECT_NE(r.banner.find("U盘更新未执行"), std::string::npos);
    EXPECT_NE(r.banner.find("本机继续显示原有内容"), std::string::npos);
    EXPECT_EQ(*active(), 1);
    EXPECT_FALSE(r.report_file.empty());
  }
};

TEST_F(UsbRefusal, SymlinkedTargetIsRefusedNotFollowed) {
  expect_refused(
      [&](const std::string& victim) {
        std::string real = tmp / "real-copy";
        fs::copy_file(victim, real);
        fs::remove(victim);
        fs::create_symlink(real, victim);
      },
      {"mirror.not_regular"});
}

TEST_F(UsbRefusal, FifoIsRefusedWithoutBlocking) {
  expect_refused(
      [&](const std::string& victim) {
        fs::remove(victim);
        ASSERT_EQ(::mkfifo(victim.c_str(), 0644), 0);
      },
      {"mirror.not_regular"});
}

TEST_F(UsbRefusal, FileLongerThanItsSignedLengthIsRefused) {
  expect_refused(
      [&](const std::string& victim) {
        std::ofstream(victim, std::ios::binary | std::ios::app) << std::string(1 << 20, 'x');
      },
      {"mirror.too_large", "tuf.length_mismatch"});  // refused while reading, or after
}

TEST_F(UsbRefusal, ZeroLengthFileIsRefused) {
  expect_refused([&](const std::string& victim) { fs::resize_file(victim, 0); },
                 {"tuf.length_mismatch"});
}

TEST_F(UsbRefusal, StickPulledOutMidImportLeavesThePreviousGeneration) {
  // Some files read, the rest gone: as if the stick vanished between two reads.
  expect_refused(
      [&](const std::string& victim) {
        for (const auto& f : fs::recursive_directory_iterator(tree + "/targets")) {
          if (f.is_regular_file() && f.path().string() >= victim) fs::remove(f.path());
        }
      },
      {"mirror.not_found"});
}

// A mirror over the stick that misbehaves between reads.
class TrickMirror : public tuf::Mirror {
 public:
  TrickMirror(std::unique_ptr<tuf::DirMirror> m, std::function<void(int)> after_read)
      : m_(std::move(m)), after_(std::move(after_read)) {}
  std::string describe() const override { return m_->describe(); }
  Result<std::string> read_metadata(const std::string& n, size_t cap) override {
    return m_->read_metadata(n, cap);
  }
  Result<std::string> read_target(const std::string& p, const tuf::TargetFile& i) override {
    auto r = m_->read_target(p, i);
    after_(++reads_);
    return r;
  }

 private:
  std::unique_ptr<tuf::DirMirror> m_;
  std::function<void(int)> after_;
  int reads_ = 0;
};

TEST_F(UsbTest, FileChangedAfterItWasReadCannotReachTheGeneration) {
  auto e = open_engine(cfg());
  auto dm = tuf::DirMirror::open(tree);
  ASSERT_TRUE(dm.ok());
  // After each read the stick rewrites every target with other bytes (a hostile controller).
  TrickMirror m(std::move(*dm), [&](int) {
    for (const auto& f : fs::recursive_directory_iterator(tree + "/targets")) {
      if (f.is_regular_file())
        std::ofstream(f.path(), std::ios::binary | std::ios::trunc) << "evil";
    }
  });
  auto r = e->run_cycle(m);
  ASSERT_FALSE(r.ok());  // the second file read is the evil one: refused
  EXPECT_FALSE(active());
  // With the rewrite only after the last read, the apply succeeds from the internal copies.
  make_stick();
  auto dm2 = tuf::DirMirror::open(tree);
  ASSERT_TRUE(dm2.ok());
  size_t n_targets = dir_files(tree + "/targets").size();
  TrickMirror m2(std::move(*dm2), [&](int reads) {
    if (static_cast<size_t>(reads) != n_targets) return;
    for (const auto& f : fs::recursive_directory_iterator(tree + "/targets")) {
      if (f.is_regular_file())
        std::ofstream(f.path(), std::ios::binary | std::ios::trunc) << "evil";
    }
  });
  auto ok = e->run_cycle(m2);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  auto st = Store::open(e->status()->generation_path, Store::Mode::ReadOnly);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ((*st)->counts()->items, 40);
}

TEST_F(UsbTest, NotEnoughSpaceIsRefusedBeforeAnythingIsCopied) {
  struct statvfs v {};
  ASSERT_EQ(::statvfs(tmp.path().c_str(), &v), 0);
  SyncConfig c = cfg();
  // A reserve larger than what is free: the disk is "full" for this kiosk, whatever other
  // processes on the test machine write meanwhile.
  c.min_free_bytes = static_cast<uint64_t>(v.f_bavail) * v.f_frsize + (1ull << 30);
  auto e = open_engine(c);
  UsbResult r = e->import_usb(stick);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, "apply.no_space");
  EXPECT_NE(r.banner.find("存储空间不足"), std::string::npos);
  EXPECT_TRUE(dir_files(data + "/objects").empty());
  EXPECT_FALSE(active());
}

TEST_F(UsbTest, SymlinkedReportFolderIsNotWrittenThrough) {
  std::string elsewhere = tmp / "kiosk-secrets";
  fs::create_directories(elsewhere);
  fs::remove_all(stick + "/gongkai-update/report");
  fs::create_directory_symlink(elsewhere, stick + "/gongkai-update/report");
  auto e = open_engine(cfg());
  UsbResult r = e->import_usb(stick);
  EXPECT_FALSE(r.error);
  EXPECT_TRUE(r.report_file.empty());
  EXPECT_TRUE(fs::is_empty(elsewhere));
}

TEST_F(UsbTest, StickWithoutThisRegionIsReportedNotApplied) {
  SyncConfig c = cfg();
  c.region = "110101001001";  // 北京: no tree for it on this stick
  auto e = open_engine(c);
  UsbResult r = e->import_usb(stick);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, "usb.not_found");
  EXPECT_NE(r.banner.find("没有本机所属区划"), std::string::npos);
}

TEST_F(UsbTest, SymlinkedRegionTreeOnTheStickIsIgnored) {
  std::string elsewhere = tmp / "elsewhere";
  fs::rename(tree, elsewhere);
  fs::create_directory_symlink(elsewhere, tree);
  auto e = open_engine(cfg());
  UsbResult r = e->import_usb(stick);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, "usb.not_found");
  EXPECT_FALSE(active());
}

TEST_F(UsbTest, FindsSticksUnderTheConfiguredMountRoots) {
  SyncConfig c = cfg();
  c.usb_roots = {tmp / "media", tmp / "nonexistent"};
  auto e = open_engine(c);
  auto found = e->find_usb();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0], stick);
}

// gongkai-sync once / import / status (commands.h exit codes).
TEST_F(UsbTest, CommandsReturnTheDocumentedExitCodes) {
  std::string root = pub.keys + "/root/1.root.json";
  // The commands use the real clock: sign with it.
  pub.emit(static_cast<int64_t>(::time(nullptr)));
  make_stick();
  EXPECT_EQ(sync_cmd_once({"--data", data}), 1);
  EXPECT_EQ(sync_cmd_status({"--data", data}), 3);  // no state DB yet
  EXPECT_EQ(sync_cmd_import({"--data", data, "--region", kVillage, "--root", root, tmp / "empty"}),
            4);
  EXPECT_EQ(sync_cmd_import({"--data", data, "--region", kVillage, "--root", root, stick}), 0);
  EXPECT_EQ(
      sync_cmd_once({"--data", data, "--region", kVillage, "--root", root, "file://" + pub.feed}),
      0);
  EXPECT_EQ(sync_cmd_status({"--data", data}), 0);
  fs::resize_file(a_target(), 0);
  std::string other = tmp / "kiosk2";
  EXPECT_EQ(sync_cmd_import({"--data", other, "--region", kVillage, "--root", root, stick}), 2);
  EXPECT_EQ(
      sync_cmd_once({"--data", data, "--region", kVillage, "--root", root, "http://127.0.0.1:1/"}),
      1);
  // The dispatcher's HTTP factory gets every URL SOURCE (here it serves the feed directory).
  std::string asked;
  RemoteMirrorFactory factory =
      [&](const std::string& url) -> Result<std::unique_ptr<tuf::Mirror>> {
    asked = url;
    auto m = tuf::DirMirror::open(pub.feed);
    if (!m) return m.error();
    return std::unique_ptr<tuf::Mirror>(std::move(*m));
  };
  EXPECT_EQ(sync_cmd_once({"--data", data, "--region", kVillage, "--root", root,
                           "https://county.example/feed/"},
                          factory),
            0);
  EXPECT_EQ(asked, "https://county.example/feed/");
}

}  // namespace
}  // namespace gongkai::apply::testing
