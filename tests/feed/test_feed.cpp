// test_feed.cpp — the publisher side of issue #5 end to end with real components: a content
// store → gongkai-publish keygen / root / delegate / emit-feed / make-usb (the command functions
// themselves) → the TUF client (tuf/updater.h) verifies it and every record decodes. Pins reuse
// (one changed item touches one shard and one bin), versions only going up, the 14-day keep of
// superseded files, root rotation thresholds, the decompression-bomb cap, and the exit codes of
// `gongkai-sync verify`.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "support/temp_dir.h"
#include "feed/emit.h"
#include "feed/records.h"
#include "gongkai/store.h"
#include "publish/commands.h"
#include "tuf/fsutil.h"
#include "tuf/updater.h"

namespace gongkai::feed {
namespace {

namespace fs = std::filesystem;
constexpr const char* kCounty = "341799000000";
constexpr const char* kTown = "341799101000";
constexpr int64_t kNow = 1795000000;  // 2026-11-18T11:06:40Z
constexpr int64_t kDaySec = 86400;
using testsupport::TempDir;

int run(int (*cmd)(const publish::Args&), publish::Args args) { return cmd(args); }

class FeedTest : public ::testing::Test {
 protected:
  TempDir tmp;
  std::string db = tmp / "content.db", keys = tmp / "keys", out = tmp / "feed";
  std::unique_ptr<Store> store;
  std::vector<CatalogItem> items;

  void SetUp() override {
    auto s = Store::open(db, Store::Mode::ReadWrite);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store = std::move(*s);
    Store::Transaction tx(*store);
    ASSERT_TRUE(store->put_region({kCounty, "青禾县", "", RegionLevel::County}).ok());
    ASSERT_TRUE(store->put_region({kTown, "松溪镇", kCounty, RegionLevel::Township}).ok());
    for (int i = 0; i < 40; ++i) {
      CatalogItem it;
      it.region = i % 2 ? kCounty : kTown;
      it.domain = "01";
      it.level1 = "一级事项" + std::to_string(i / 10);
      it.level2 = "二级事项" + std::to_string(i);
      it.content = "公开内容\n第二行 " + std::to_string(i);
      it.basis = {{"《中华人民共和国政府信息公开条例》", "行政法规"}};
      it.uid = make_item_uid(it);
      ASSERT_TRUE(store->put_item(it).ok());
      items.push_back(it);
    }
    auto att = store->put_attachment({0x89, 'P', 'N', 'G', 1, 2, 3}, "image/png");
    ASSERT_TRUE(att.ok());
    Notice n;
    n.id = "2026-青禾-0001";
    n.title = "关于低保对象的公示";
    n.region = kTown;
    n.category = "财务";
    n.published_at = kNow - kDaySec;
    n.start_at = kNow - kDaySec;
    n.end_at = kNow + 6 * kDaySec;
    n.body = "公示内容\n\n| 姓名 | 户数 |";
    n.attachments = {{*att, "photo.png", "image/png", "现场照片"}};
    auto pn = store->put_notice(n);
    ASSERT_TRUE(pn.ok()) << pn.error().message;
    ASSERT_TRUE(tx.commit().ok());

    for (const char* k : {"root-a", "root-b", "targets", "snapshot", "timestamp"}) {
      ASSERT_EQ(run(publish::cmd_keygen, {"--out", keys + "/" + k}), 0);
    }
    ASSERT_EQ(run(publish::cmd_keygen, {"--out", keys + "/county-" + kCounty}), 0);
    ASSERT_EQ(run(publish::cmd_root,
                  {"init", "--keys", keys, "--root-key", keys + "/root-a", "--root-key",
                   keys + "/root-b", "--threshold", "2", "--now", std::to_string(kNow)}),
              0);
    ASSERT_EQ(run(publish::cmd_delegate,
                  {"--keys", keys, "--county", kCounty, "--key",
                   keys + "/county-" + kCounty + ".pub", "--now", std::to_string(kNow)}),
              0);
  }

  EmitSummary emit(int64_t now = kNow) {
    auto r = emit_feed(EmitOptions{db, keys, out, "", now});
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : EmitSummary{};
  }

  std::string root1() { return *tuf::read_file_capped(keys + "/root/1.root.json", 1 << 20); }

  // Verifies `repo` as a kiosk would (memory only) and decodes every record; returns the number
  // of catalog items seen.
  int verify(const std::string& repo, int64_t now = kNow) {
    auto u = tuf::Updater::open(root1(), "", now);
    EXPECT_TRUE(u.ok());
    auto m = tuf::DirMirror::open(repo);
    EXPECT_TRUE(m.ok());
    auto s = (*u)->refresh(**m);
    EXPECT_TRUE(s.ok()) << s.error().message;
    if (!s) return -1;
    int n = 0;
    for (const auto& [path, t] : (*u)->targets()) {
      auto bytes = (*u)->read_target(**m, path);
      EXPECT_TRUE(bytes.ok()) << path;
      if (!bytes) return -1;
      if (t.info.custom["gongkai"]["kind"] == "attachment") continue;
      auto j = decode_payload(*bytes, t.info.custom);
      EXPECT_TRUE(j.ok()) << path << ": " << j.error().message;
      if (j && (*j)["kind"] == "catalog-shard") n += static_cast<int>((*j)["items"].size());
    }
    return n;
  }
};

TEST_F(FeedTest, EmitsARepositoryTheClientVerifies) {
  EmitSummary s = emit();
  EXPECT_EQ(s.region, kCounty);
  EXPECT_EQ(s.timestamp_version, 1);
  EXPECT_EQ(verify(out), 40);
  // Role names avoid '/', files are where TUF clients look for them.
  EXPECT_TRUE(fs::exists(out + "/metadata/1.root.json"));
  EXPECT_TRUE(fs::exists(out + "/metadata/1.county-" + std::string(kCounty) + "-bin-0.json"));
}

TEST_F(FeedTest, ReEmittingUnchangedContentReusesEveryFile) {
  emit();
  EmitSummary s = emit(kNow + 3600);
  EXPECT_EQ(s.targets_written, 0);
  EXPECT_EQ(s.roles_written, 0);
  EXPECT_EQ(s.snapshot_version, 1);
  EXPECT_EQ(s.timestamp_version, 2);  // always re-signed: new expiry and issued time
  EXPECT_EQ(verify(out, kNow + 3600), 40);
}

TEST_F(FeedTest, OneChangedItemTouchesOneShardAndOneBin) {
  emit();
  items[7].content = "修改后的公开内容";
  ASSERT_TRUE(store->put_item(items[7]).ok());
  EmitSummary s = emit(kNow + 60);
  EXPECT_EQ(s.targets_written, 1);
  EXPECT_EQ(s.roles_written, 1);
  EXPECT_EQ(s.snapshot_version, 2);
  EXPECT_EQ(verify(out, kNow + 60), 40);
}

TEST_F(FeedTest, VersionsOnlyGoUpEvenWhenTimestampIsLost) {
  emit();
  fs::remove(out + "/metadata/timestamp.json");
  auto r = emit_feed(EmitOptions{db, keys, out, "", kNow + 60});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "feed.emit");
}

TEST_F(FeedTest, KeepsSupersededFilesFourteenDaysThenRemovesThem) {
  emit();
  items[3].content = "变更";
  ASSERT_TRUE(store->put_item(items[3]).ok());
  emit(kNow + 60);
  EmitSummary kept = emit(kNow + 13 * kDaySec);
  EXPECT_EQ(kept.files_removed, 0);
  EmitSummary gone = emit(kNow + 15 * kDaySec);
  EXPECT_EQ(gone.files_removed, 3);  // the old shard, the old bin and the old snapshot
  EXPECT_EQ(verify(out, kNow + 15 * kDaySec), 40);
}

TEST_F(FeedTest, MakeUsbCopiesTheCurrentTreeWithAReportFolder) {
  emit();
  items[1].content = "变更";
  ASSERT_TRUE(store->put_item(items[1]).ok());
  emit(kNow + 60);
  auto r = make_usb(out, tmp / "stick");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, kCounty);
  std::string tree = tmp / ("stick/gongkai-update/" + std::string(kCounty));
  EXPECT_TRUE(fs::is_directory(tmp / "stick/gongkai-update/report"));
  EXPECT_EQ(verify(tree, kNow + 60), 40);
  // Only what the current timestamp references: the superseded snapshot stays home.
  EXPECT_FALSE(fs::exists(tree + "/metadata/1.snapshot.json"));
  EXPECT_TRUE(fs::exists(tree + "/metadata/2.snapshot.json"));
}

TEST_F(FeedTest, RootRotationNeedsTheOldThreshold) {
  ASSERT_EQ(run(publish::cmd_keygen, {"--out", keys + "/root-c"}), 0);
  // Root v1 needs 2 of {a, b}: a alone cannot rotate to c.
  EXPECT_EQ(run(publish::cmd_root, {"rotate", "--keys", keys, "--old-key", keys + "/root-a",
                                    "--new-root-key", keys + "/root-c"}),
            2);
  EXPECT_FALSE(fs::exists(keys + "/root/2.root.json"));
  ASSERT_EQ(run(publish::cmd_root, {"rotate", "--keys", keys, "--old-key", keys + "/root-a",
                                    "--old-key", keys + "/root-b", "--new-root-key",
                                    keys + "/root-c", "--now", std::to_string(kNow)}),
            0);
  emit();
  EXPECT_TRUE(fs::exists(out + "/metadata/2.root.json"));
  EXPECT_EQ(verify(out), 40);  // the client walks 1 → 2
}

TEST_F(FeedTest, RefusesACountyKeyTheDelegationDoesNotName) {
  fs::remove(keys + "/county-" + std::string(kCounty) + ".key");
  fs::remove(keys + "/county-" + std::string(kCounty) + ".pub");
  ASSERT_EQ(run(publish::cmd_keygen, {"--out", keys + "/county-" + kCounty}), 0);
  auto r = emit_feed(EmitOptions{db, keys, out, "", kNow});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "feed.emit");
}

TEST_F(FeedTest, ANewCountyKeyReSignsEveryCountyRole) {
  emit();
  const std::string base = keys + "/county-" + kCounty;
  fs::remove(base + ".key");
  fs::remove(base + ".pub");
  ASSERT_EQ(run(publish::cmd_keygen, {"--out", base}), 0);
  ASSERT_EQ(run(publish::cmd_delegate, {"--keys", keys, "--county", kCounty, "--key", base + ".pub",
                                        "--now", std::to_string(kNow)}),
            0);
  EmitSummary s = emit(kNow + 60);
  EXPECT_EQ(s.roles_written, kTufBins + 1);  // nothing signed by the old key is reused
  EXPECT_EQ(s.targets_written, 0);
  EXPECT_EQ(verify(out, kNow + 60), 40);
}

TEST_F(FeedTest, AKioskCycleAfterOneChangeFetchesOneBinAndOneNewTarget) {
  emit();
  const std::string trust = tmp / "trust";
  std::set<std::string> had;
  {
    auto u = tuf::Updater::open(root1(), trust, kNow);
    ASSERT_TRUE(u.ok());
    auto m = tuf::DirMirror::open(out);
    ASSERT_TRUE((*u)->refresh(**m).ok());
    for (const auto& [path, t] : (*u)->targets()) had.insert(t.info.sha256);
  }
  items[11].content = "一处修改";
  ASSERT_TRUE(store->put_item(items[11]).ok());
  emit(kNow + 60);
  auto u = tuf::Updater::open(root1(), trust, kNow + 60);
  ASSERT_TRUE(u.ok());
  auto m = tuf::DirMirror::open(out);
  ASSERT_TRUE((*u)->refresh(**m).ok());
  const auto& fetched = (*u)->report().roles_fetched;
  ASSERT_EQ(fetched.size(), 3u);  // timestamp, snapshot, one bin
  EXPECT_EQ(fetched[0], "timestamp.json");
  EXPECT_EQ(fetched[1], "2.snapshot.json");
  EXPECT_NE(fetched[2].find("-bin-"), std::string::npos);
  int fresh = 0;
  for (const auto& [path, t] : (*u)->targets()) fresh += had.count(t.info.sha256) ? 0 : 1;
  EXPECT_EQ(fresh, 1);
}

TEST_F(FeedTest, RecordsRoundTrip) {
  auto back = item_from_json(item_to_json(items[5]));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->uid, items[5].uid);
  EXPECT_EQ(back->content, items[5].content);
  EXPECT_EQ(back->basis.at(0).tag, "行政法规");
  auto n = store->notice("2026-青禾-0001");
  ASSERT_TRUE(n.ok() && *n);
  Notice with_url = **n;
  with_url.url = "https://www.qinghe.gov.cn.example/xxgk/2026/0001.html";
  auto nb = notice_from_json(notice_to_json(with_url));
  ASSERT_TRUE(nb.ok());
  EXPECT_EQ(nb->end_at, (*n)->end_at);
  EXPECT_EQ(nb->url, with_url.url);
  EXPECT_EQ(nb->attachments.at(0).caption, "现场照片");
}

// --- decompression bomb (issue #5 attack list) ---------------------------------------------------
TEST(Records, DecompressionStopsAtTheCap) {
  std::string zeros(32 << 20, '\0');  // 32 MiB of zeros compress to a few KiB
  auto z = zstd_compress(zeros);
  ASSERT_TRUE(z.ok());
  ASSERT_LT(z->size(), 64u * 1024);
  auto r = zstd_decompress_capped(*z, 1 << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "feed.too_large");
  EXPECT_TRUE(zstd_decompress_capped(*z, 32 << 20).ok());
}

TEST(Records, PayloadLargerThanItsSignedRawLengthIsRefused) {
  // A shard whose signed raw_length says 100 bytes but that expands to 8 MiB.
  std::string big = R"({"format":"gongkai-feed/1","kind":"catalog-shard","items":[],"pad":")" +
                    std::string(8 << 20, 'x') + "\"}";
  auto z = zstd_compress(big);
  ASSERT_TRUE(z.ok());
  tuf::Json custom{
      {"gongkai",
       {{"kind", "catalog-shard"}, {"raw_length", 100}, {"raw_sha256", std::string(64, '0')}}}};
  auto r = decode_payload(*z, custom);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "feed.too_large");
}

TEST(Records, RefusesTruncatedFrames) {
  auto z = zstd_compress(std::string(1000, 'a'));
  ASSERT_TRUE(z.ok());
  EXPECT_FALSE(zstd_decompress_capped(z->substr(0, z->size() / 2), 1 << 20).ok());
  EXPECT_FALSE(zstd_decompress_capped("", 1 << 20).ok());
}

// --- gongkai-sync verify exit codes (docs/operator.md) ---------------------------------------
int sync_verify(const std::string& args) {
  std::string cmd = std::string(GONGKAI_BINARY_DIR) + "/sync/tools/gongkai-sync verify " + args +
                    " >/dev/null 2>&1";
  int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

TEST_F(FeedTest, SyncVerifyExitCodes) {
  emit();
  const std::string when = " --now " + std::to_string(kNow);
  const std::string trust = " --trust " + keys + "/root/1.root.json";
  EXPECT_EQ(sync_verify(out + trust + when), 0);
  ASSERT_TRUE(make_usb(out, tmp / "stick").ok());
  auto listing = [&] {
    std::string all;
    for (const auto& e : fs::recursive_directory_iterator(tmp / "stick")) {
      all += e.path().string() + "\n";
    }
    return all;
  };
  const std::string before = listing();
  EXPECT_EQ(sync_verify(tmp / "stick" + trust + when), 0);
  EXPECT_EQ(listing(), before);  // verify changes nothing, not even on the stick
  EXPECT_EQ(sync_verify(tmp / "nothing-here" + trust + when), 3);
  EXPECT_EQ(sync_verify(out + trust + " --now " + std::to_string(kNow + 8 * kDaySec)),
            2);  // expired
  // A symlink planted on the stick in place of a signed target.
  std::string tdir =
      tmp / ("stick/gongkai-update/" + std::string(kCounty) + "/targets/county/" + kCounty);
  for (const auto& e : fs::directory_iterator(tdir)) {
    if (e.path().filename().string().find(".regions.zst") == std::string::npos) continue;
    fs::rename(e.path(), tmp / "elsewhere");
    fs::create_symlink(tmp / "elsewhere", e.path());
  }
  EXPECT_EQ(sync_verify(tmp / "stick" + trust + when), 2);
  EXPECT_EQ(sync_verify(""), 1);
}

}  // namespace
}  // namespace gongkai::feed
