// fixture.h — a county publisher and a kiosk for the apply tests: a content store filled with the
// Store write API, keys/root/delegation and the feed made by the real gongkai-publish command
// functions (keygen, root init, delegate, emit-feed, make-usb), and a SyncEngine on a temp data
// directory with an injected clock.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "apply/engine.h"
#include "gongkai/store.h"
#include "publish/commands.h"
#include "tuf/fsutil.h"

namespace gongkai::apply::testing {

namespace fs = std::filesystem;
inline constexpr const char* kCounty = "341799000000";
inline constexpr const char* kTown = "341799101000";
inline constexpr const char* kVillage = "341799101001";
inline constexpr int64_t kNow = 1795000000;  // 2026-11-18T11:06:40Z
inline constexpr int64_t kDay = 86400;
inline constexpr int64_t kYear = 365 * kDay;
using testsupport::TempDir;

// A settable wall clock and monotonic clock shared with the engine.
struct FakeClock {
  std::shared_ptr<int64_t> system = std::make_shared<int64_t>(kNow);
  std::shared_ptr<int64_t> mono = std::make_shared<int64_t>(1000);
  Clock clock() const {
    auto s = system, m = mono;
    return Clock{[s] { return *s; }, [m] { return *m; }};
  }
};

inline std::map<std::string, std::string> dir_files(const std::string& dir) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) {
      auto b = tuf::read_file_capped(it->path().string(), 64 << 20);
      out[fs::relative(it->path(), dir).string()] = b ? *b : "";
    }
  }
  return out;
}

class Publisher {
 public:
  explicit Publisher(const std::string& dir)
      : db(dir + "/content.db"), keys(dir + "/keys"), feed(dir + "/feed") {}
  std::string db, keys, feed;
  std::unique_ptr<Store> store;
  std::vector<CatalogItem> items;

  void init(int n_items = 40) {
    auto s = Store::open(db, Store::Mode::ReadWrite);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store = std::move(*s);
    Store::Transaction tx(*store);
    ASSERT_TRUE(store->put_region({kCounty, "青禾县", "", RegionLevel::County}).ok());
    ASSERT_TRUE(store->put_region({kTown, "松溪镇", kCounty, RegionLevel::Township}).ok());
    ASSERT_TRUE(store->put_region({kVillage, "石桥村", kTown, RegionLevel::Village}).ok());
    for (int i = 0; i < n_items; ++i) {
      CatalogItem it;
      it.region = i % 2 ? kCounty : kTown;
      it.domain = "01";
      it.level1 = "一级事项" + std::to_string(i / 10);
      it.level2 = "二级事项" + std::to_string(i);
      it.content = "公开内容 " + std::to_string(i);
      it.uid = make_item_uid(it);
      ASSERT_TRUE(store->put_item(it).ok());
      items.push_back(it);
    }
    auto att = store->put_attachment({0x89, 'P', 'N', 'G', 1, 2, 3}, "image/png");
    ASSERT_TRUE(att.ok());
    add_notice("2026-青禾-0001", "关于低保对象的公示", kNow - kDay, kNow + 6 * kDay, *att);
    add_notice("2026-青禾-0000", "已结束的公示", kNow - 30 * kDay, kNow - 20 * kDay, "");
    ASSERT_TRUE(tx.commit().ok());
    for (const char* k : {"root-a", "root-b", "targets", "snapshot", "timestamp"}) {
      ASSERT_EQ(publish::cmd_keygen({"--out", keys + "/" + k}), 0);
    }
    ASSERT_EQ(publish::cmd_keygen({"--out", keys + "/county-" + std::string(kCounty)}), 0);
    ASSERT_EQ(
        publish::cmd_root({"init", "--keys", keys, "--root-key", keys + "/root-a", "--root-key",
                           keys + "/root-b", "--threshold", "2", "--now", std::to_string(kNow)}),
        0);
    ASSERT_EQ(publish::cmd_delegate({"--keys", keys, "--county", kCounty, "--key",
                                     keys + "/county-" + std::string(kCounty) + ".pub", "--now",
                                     std::to_string(kNow)}),
              0);
  }

  void add_notice(const std::string& id, const std::string& title, int64_t start, int64_t end,
                  const std::string& att) {
    Notice n;
    n.id = id;
    n.title = title;
    n.region = kTown;
    n.category = "财务";
    n.published_at = start;
    n.start_at = start;
    n.end_at = end;
    n.body = "公示内容";
    if (!att.empty()) n.attachments = {{att, "photo.png", "image/png", "现场照片"}};
    auto s = store->put_notice(n);
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  void change_item(int i, const std::string& content) {
    items[static_cast<size_t>(i)].content = content;
    ASSERT_TRUE(store->put_item(items[static_cast<size_t>(i)]).ok());
  }

  // The real `gongkai-publish emit-feed`.
  void emit(int64_t now) {
    ASSERT_EQ(publish::cmd_emit_feed(
                  {"--db", db, "--keys", keys, "--out", feed, "--now", std::to_string(now)}),
              0);
  }

  std::string root1() const { return *tuf::read_file_capped(keys + "/root/1.root.json", 1 << 20); }
};

inline SyncConfig kiosk_config(const std::string& data, const Publisher& p, const FakeClock& c,
                               const std::string& region = kVillage) {
  SyncConfig cfg;
  cfg.data_dir = data;
  cfg.region = region;
  cfg.bootstrap_root = p.root1();
  cfg.clock = c.clock();
  cfg.min_free_bytes = 0;
  return cfg;
}

inline std::unique_ptr<SyncEngine> open_engine(const SyncConfig& cfg) {
  auto e = SyncEngine::open(cfg);
  EXPECT_TRUE(e.ok()) << e.error().message;
  return e.ok() ? std::move(*e) : nullptr;
}

inline Result<CycleResult> sync_dir(SyncEngine& e, const std::string& repo) {
  auto m = tuf::DirMirror::open(repo);
  if (!m) return m.error();
  return e.run_cycle(**m);
}

}  // namespace gongkai::apply::testing
