// bench_sync.cpp — issue #5 benchmark, network side: bytes on the wire and wall time of a kiosk's
// pull over HTTP from real nginx on 127.0.0.1, for
//   1. the first sync of a generated county: 20 000 catalog items and 300 notices (one in ten
//      with a 30 KB photo), every target downloaded and verified;
//   2. the sync after one catalog item changed (goal ≤ 32 KB);
//   3. a poll with nothing new (goal ≤ 2 KB: the root probe's 404 and a 304 on timestamp.json).
// Input → output: nothing → a table on stdout (also the publisher's emit times, for context).
// The goals are reported, not asserted; tests/fetch asserts them on a small repository.
// "On the wire" is HTTP request + response headers + bodies as counted by HttpMirror, which the
// integration test cross-checks with nginx's $bytes_sent; TCP/IP framing is not included.
// Run: build/bench/sync/bench_sync
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "feed/emit.h"
#include "fetch/http_mirror.h"
#include "gongkai/store.h"
#include "publish/commands.h"
#include "support/servers.h"
#include "tuf/fsutil.h"
#include "tuf/updater.h"

namespace {

namespace fs = std::filesystem;
using namespace gongkai;

constexpr const char* kCounty = "341799000000";
constexpr int kItems = 20000;
constexpr int kNotices = 300;
constexpr int kTownships = 18;
constexpr int64_t kNow = 1795000000;

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

std::string town(int i) { return "341799" + std::to_string(100 + i) + "000"; }  // i < 900

// Chinese filler text from a small vocabulary of 政务公开 words, deterministic per seed.
std::string filler(std::mt19937_64& rng, int words) {
  static const char* kWords[] = {"公开", "事项", "办理", "依据", "条例", "政府信息",
                                 "标准", "流程", "时限", "结果", "申请", "审核",
                                 "公示", "补助", "资金", "名单", "村民", "委员会",
                                 "乡镇", "县级", "服务", "指南", "，",   "。"};
  std::string s;
  for (int i = 0; i < words; ++i) s += kWords[rng() % (sizeof kWords / sizeof *kWords)];
  return s;
}

bool populate(Store& store, std::vector<CatalogItem>& items) {
  std::mt19937_64 rng(20261123);
  Store::Transaction tx(store);
  if (!store.put_region({kCounty, "青禾县", "", RegionLevel::County})) return false;
  for (int t = 0; t < kTownships; ++t) {
    if (!store.put_region(
            {town(t), "松溪镇" + std::to_string(t), kCounty, RegionLevel::Township})) {
      return false;
    }
  }
  for (int i = 0; i < kItems; ++i) {
    CatalogItem it;
    it.region = i % 3 == 0 ? kCounty : town(i % kTownships);
    char dom[4];
    std::snprintf(dom, sizeof dom, "%02d", 1 + i % 26);
    it.domain = dom;
    it.level1 = "一级事项" + std::to_string(i / 40);
    it.level2 = "二级事项" + std::to_string(i) + filler(rng, 3);
    it.content = filler(rng, 30);
    it.basis = {{"《中华人民共和国政府信息公开条例》", "行政法规"},
                {"《" + filler(rng, 4) + "办法》", "规章"}};
    it.subject = "青禾县" + filler(rng, 2) + "局";
    it.channels = {"政府网站", "公开查阅点", "便民服务站"};
    it.uid = make_item_uid(it);
    if (!store.put_item(it)) return false;
    items.push_back(it);
  }
  for (int n = 0; n < kNotices; ++n) {
    Notice no;
    no.id = "2026-青禾-" + std::to_string(1000 + n);
    no.title = "关于" + filler(rng, 4) + "的公示";
    no.region = n % 2 ? kCounty : town(n % kTownships);
    no.category = n % 3 ? "政务" : "财务";
    no.published_at = kNow - 86400 * (n % 30);
    no.start_at = no.published_at;
    no.end_at = no.start_at + 7 * 86400;
    no.body = filler(rng, 250) + "\n\n| 姓名 | 金额 |\n| 张** | 1200 |";
    if (n % 10 == 0) {
      std::vector<uint8_t> img(30 * 1024);
      for (auto& b : img) b = static_cast<uint8_t>(rng());
      auto att = store.put_attachment(img, "image/jpeg");
      if (!att) return false;
      no.attachments = {{*att, "photo.jpg", "image/jpeg", "现场照片"}};
    }
    if (!store.put_notice(no)) return false;
  }
  return tx.commit().ok();
}

struct Run {
  static Run failed(const std::string& why) {
    Run r;
    r.error = why;
    return r;
  }
  bool ok = false;
  std::string error;
  int targets = 0;
  double ms = 0;
  fetch::FileStats wire;
};

// One kiosk cycle: verify, then download the targets not yet held (by sha256).
Run sync(fetch::HttpMirror& m, const std::string& root, const std::string& trust, int64_t now,
         std::map<std::string, size_t>& held) {
  Run r;
  m.reset_stats();
  auto t0 = Clock::now();
  auto u = tuf::Updater::open(root, trust, now);
  if (!u) return Run::failed(u.error().message);
  if (auto s = (*u)->refresh(m); !s) return Run::failed(s.error().message);
  for (const auto& [path, t] : (*u)->targets()) {
    if (held.count(t.info.sha256)) continue;
    auto bytes = (*u)->read_target(m, path);
    if (!bytes) return Run::failed(bytes.error().message);
    held[t.info.sha256] = bytes->size();
    ++r.targets;
  }
  r.ms = ms_since(t0);
  r.ok = true;
  r.wire = m.stats().total;
  return r;
}

void print(const char* what, const Run& r, int64_t goal) {
  if (!r.ok) {
    std::printf("%-22s FAILED: %s\n", what, r.error.c_str());
    return;
  }
  std::printf(
      "%-22s %5lld req %10lld B on the wire (body %10lld, headers %7lld) %5d targets %8.1f ms",
      what, static_cast<long long>(r.wire.requests), static_cast<long long>(r.wire.wire_bytes()),
      static_cast<long long>(r.wire.body_bytes),
      static_cast<long long>(r.wire.request_bytes + r.wire.header_bytes), r.targets, r.ms);
  if (goal > 0)
    std::printf("  goal ≤ %lld B: %s", static_cast<long long>(goal),
                r.wire.wire_bytes() <= goal ? "met" : "MISSED");
  std::printf("\n");
}

}  // namespace

int main() {
  std::string tmpl = (fs::temp_directory_path() / "gongkai-bench-sync-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) return 1;
  const std::string dir = tmpl, db = dir + "/content.db", keys = dir + "/keys",
                    feed = dir + "/feed";
  struct Cleanup {
    std::string d;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(d, ec);
    }
  } cleanup{dir};

  auto st = Store::open(db, Store::Mode::ReadWrite);
  if (!st) return 1;
  std::vector<CatalogItem> items;
  auto t0 = Clock::now();
  if (!populate(**st, items)) {
    std::fprintf(stderr, "populate failed\n");
    return 1;
  }
  std::printf("catalog: %d items, %d notices, %d townships (store built in %.0f ms)\n", kItems,
              kNotices, kTownships, ms_since(t0));
  // keygen/root/delegate report what they wrote: silence them (fd-level, restored afterwards).
  std::fflush(stdout);
  std::fflush(stderr);
  const int saved_out = ::dup(1), saved_err = ::dup(2);
  const int devnull = ::open("/dev/null", O_WRONLY);
  ::dup2(devnull, 1);
  ::dup2(devnull, 2);
  for (const char* k : {"root-a", "targets", "snapshot", "timestamp"}) {
    publish::cmd_keygen({"--out", keys + "/" + k});
  }
  publish::cmd_keygen({"--out", keys + "/county-" + kCounty});
  publish::cmd_root({"init", "--keys", keys, "--root-key", keys + "/root-a", "--threshold", "1",
                     "--now", std::to_string(kNow)});
  publish::cmd_delegate({"--keys", keys, "--county", kCounty, "--key",
                         keys + "/county-" + kCounty + ".pub", "--now", std::to_string(kNow)});
  std::fflush(stdout);
  std::fflush(stderr);
  ::dup2(saved_out, 1);
  ::dup2(saved_err, 2);
  ::close(saved_out);
  ::close(saved_err);
  ::close(devnull);
  auto root = tuf::read_file_capped(keys + "/root/1.root.json", 1 << 20);
  if (!root) return 1;

  t0 = Clock::now();
  auto e1 = feed::emit_feed({db, keys, feed, "", kNow});
  if (!e1) {
    std::printf("emit failed: %s\n", e1.error().message.c_str());
    return 1;
  }
  std::printf("emit-feed (first): %d targets in %.0f ms\n", e1->targets_total, ms_since(t0));

  fs::create_directories(dir + "/nginx");
  testsupport::Nginx nginx(feed, dir + "/nginx");
  if (!nginx.ok()) {
    std::printf("nginx did not start: %s\n", nginx.error_log().c_str());
    return 1;
  }
  fetch::HttpConfig cfg;
  cfg.base_url = nginx.url();
  cfg.state_dir = dir + "/kiosk/http";
  auto m = fetch::HttpMirror::open(cfg);
  if (!m) return 1;
  std::map<std::string, size_t> held;
  const std::string trust = dir + "/kiosk/trust";

  Run first = sync(**m, *root, trust, kNow + 60, held);
  print("first sync", first, 0);

  items[12345].content = "修改后的公开内容：" + items[12345].content;
  if (!(*st)->put_item(items[12345])) return 1;
  t0 = Clock::now();
  auto e2 = feed::emit_feed({db, keys, feed, "", kNow + 3600});
  if (!e2) return 1;
  std::printf("emit-feed (one item changed): %d targets and %d roles rewritten in %.0f ms\n",
              e2->targets_written, e2->roles_written, ms_since(t0));
  // nginx's ETag has one-second resolution: make sure the new timestamp.json is seen as new.
  std::error_code ec;
  fs::last_write_time(feed + "/metadata/timestamp.json",
                      fs::file_time_type::clock::now() + std::chrono::seconds(5), ec);
  Run change = sync(**m, *root, trust, kNow + 3660, held);
  print("one item changed", change, 32 * 1024);
  for (const auto& [file, s] : (*m)->stats().by_file) {
    std::printf("    %-70s %7lld B\n", file.c_str(), static_cast<long long>(s.wire_bytes()));
  }

  Run idle = sync(**m, *root, trust, kNow + 3720, held);
  print("no-change poll", idle, 2 * 1024);
  return first.ok && change.ok && idle.ok ? 0 : 1;
}
