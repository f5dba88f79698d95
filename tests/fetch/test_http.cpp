// test_http.cpp — the kiosk's HTTP pull (issue #5) against real components: a content store →
// the real `gongkai-publish emit-feed` → real nginx on 127.0.0.1 → HttpMirror → the TUF Updater.
// Then the same through tests/support/fault_proxy.py, one fault at a time.
//
// Pinned: first sync verifies every target; one changed item costs ≤ 32 KB on the wire; a poll
// with nothing new is a 304 on timestamp.json and ≤ 2 KB; a rotated root is walked; every fault
// (server down, 500, HTML page, drip, stall, endless, cut, 200-for-Range, wrong Content-Range,
// wrong Content-Length) ends in a clean error code, and a cut download resumes from where it
// stopped on the next attempt. Byte counts are cross-checked with nginx's own access log.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <random>

#include "support/temp_dir.h"
#include "feed/emit.h"
#include "fetch/http_mirror.h"
#include "gongkai/store.h"
#include "publish/commands.h"
#include "support/servers.h"
#include "tuf/fsutil.h"
#include "tuf/updater.h"

namespace gongkai::fetch {
namespace {

namespace fs = std::filesystem;
using testsupport::FaultProxy;
using testsupport::Nginx;

constexpr const char* kCounty = "341799000000";
constexpr int64_t kNow = 1795000000;  // 2026-11-18T11:06:40Z
constexpr size_t kAttachmentBytes = 300 * 1024;
using testsupport::TempDir;

struct SyncOutcome {
  Status status = ok_status();
  int fetched = 0;  // targets downloaded this cycle
  tuf::UpdateReport report;
};

class HttpSyncTest : public ::testing::Test {
 protected:
  TempDir tmp;
  std::string db = tmp / "content.db", keys = tmp / "keys", feed = tmp / "feed";
  std::unique_ptr<Store> store;
  std::vector<CatalogItem> items;
  std::string attachment_sha;
  std::map<std::string, std::string> objects;  // sha256 → bytes: what the apply side holds
  std::unique_ptr<Nginx> nginx;
  int64_t emitted_at = kNow;

  void SetUp() override {
    auto s = Store::open(db, Store::Mode::ReadWrite);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store = std::move(*s);
    Store::Transaction tx(*store);
    ASSERT_TRUE(store->put_region({kCounty, "青禾县", "", RegionLevel::County}).ok());
    for (int i = 0; i < 60; ++i) {
      CatalogItem it;
      it.region = kCounty;
      it.domain = "01";
      it.level1 = "一级事项" + std::to_string(i / 10);
      it.level2 = "二级事项" + std::to_string(i);
      it.content = "公开内容 " + std::to_string(i);
      it.uid = make_item_uid(it);
      ASSERT_TRUE(store->put_item(it).ok());
      items.push_back(it);
    }
    // An incompressible attachment large enough to cut mid-object and resume.
    std::mt19937_64 rng(5);
    std::vector<uint8_t> img(kAttachmentBytes);
    for (auto& b : img) b = static_cast<uint8_t>(rng());
    auto att = store->put_attachment(img, "image/jpeg");
    ASSERT_TRUE(att.ok());
    attachment_sha = *att;
    Notice n;
    n.id = "2026-青禾-0001";
    n.title = "关于低保对象的公示";
    n.region = kCounty;
    n.category = "财务";
    n.published_at = kNow - 86400;
    n.start_at = kNow - 86400;
    n.end_at = kNow + 6 * 86400;
    n.body = "公示内容";
    n.attachments = {{*att, "photo.jpg", "image/jpeg", "现场照片"}};
    ASSERT_TRUE(store->put_notice(n).ok());
    ASSERT_TRUE(tx.commit().ok());
    for (const char* k : {"root-a", "root-b", "targets", "snapshot", "timestamp"}) {
      ASSERT_EQ(publish::cmd_keygen({"--out", keys + "/" + k}), 0);
    }
    ASSERT_EQ(publish::cmd_keygen({"--out", keys + "/county-" + kCounty}), 0);
    ASSERT_EQ(
        publish::cmd_root({"init", "--keys", keys, "--root-key", keys + "/root-a", "--root-key",
                           keys + "/root-b", "--threshold", "2", "--now", std::to_string(kNow)}),
        0);
    ASSERT_EQ(publish::cmd_delegate({"--keys", keys, "--county", kCounty, "--key",
                                     keys + "/county-" + kCounty + ".pub", "--now",
                                     std::to_string(kNow)}),
              0);
    emit(kNow);
    fs::create_directories(tmp / "nginx");
    nginx = std::make_unique<Nginx>(feed, tmp / "nginx");
    ASSERT_TRUE(nginx->ok()) << nginx->error_log();
  }

  void emit(int64_t now) {
    auto r = feed::emit_feed(feed::EmitOptions{db, keys, feed, "", now});
    ASSERT_TRUE(r.ok()) << r.error().message;
    // nginx's ETag and Last-Modified have one-second resolution: give each emit its own second
    // so a re-emit within the same second of a test is still seen as new.
    std::error_code ec;
    fs::last_write_time(feed + "/metadata/timestamp.json",
                        fs::file_time_type::clock::now() + std::chrono::seconds(now - kNow + 10),
                        ec);
    emitted_at = now;
  }

  HttpConfig config(const std::string& base) {
    HttpConfig c;
    c.base_url = base;
    c.state_dir = tmp / "http-state";
    c.low_speed_limit_bps = 1000;
    c.low_speed_time_s = 2;
    c.max_request_time_s = 20;
    c.connect_timeout_s = 5;
    return c;
  }

  std::unique_ptr<HttpMirror> mirror(const HttpConfig& c) {
    auto m = HttpMirror::open(c);
    EXPECT_TRUE(m.ok()) << m.error().message;
    return m.ok() ? std::move(*m) : nullptr;
  }

  std::string root1() { return *tuf::read_file_capped(keys + "/root/1.root.json", 1 << 20); }

  // One update cycle as the kiosk runs it: verify metadata, then download only the targets whose
  // bytes are not already held (by sha256).
  SyncOutcome sync(HttpMirror& m) {
    SyncOutcome out;
    auto u = tuf::Updater::open(root1(), tmp / "trust", emitted_at + 60);
    if (!u) {
      out.status = u.error();
      return out;
    }
    out.status = (*u)->refresh(m);
    out.report = (*u)->report();
    if (!out.status) return out;
    for (const auto& [path, t] : (*u)->targets()) {
      if (objects.count(t.info.sha256)) continue;
      auto bytes = (*u)->read_target(m, path);
      if (!bytes) {
        out.status = bytes.error();
        return out;
      }
      objects[t.info.sha256] = *bytes;
      ++out.fetched;
    }
    return out;
  }

  // Sum of $bytes_sent in nginx's access log: what nginx put on the wire.
  int64_t nginx_bytes_sent() {
    std::istringstream in(nginx->access_log());
    int64_t sum = 0, status = 0, sent = 0, reqlen = 0;
    std::string uri;
    while (in >> status >> sent >> reqlen >> uri) sum += sent;
    return sum;
  }

  std::string attachment_path() const {
    for (const auto& e : fs::recursive_directory_iterator(feed + "/targets")) {
      if (e.path().filename().string().rfind(attachment_sha, 0) == 0) {
        return fs::relative(e.path(), feed).string();  // "targets/county/…/<sha>.<name>"
      }
    }
    return "";
  }
};

// --- against nginx directly ------------------------------------------------------------------

TEST_F(HttpSyncTest, FirstSyncVerifiesAndDownloadsEveryTarget) {
  auto m = mirror(config(nginx->url()));
  SyncOutcome r = sync(*m);
  ASSERT_TRUE(r.status.ok()) << r.status.error().message;
  EXPECT_GT(r.fetched, 3);
  EXPECT_EQ(objects.count(attachment_sha), 1u);
  EXPECT_EQ(objects[attachment_sha].size(), kAttachmentBytes);
  // Our counters agree with nginx's own account of the bytes it sent.
  const FileStats& t = m->stats().total;
  EXPECT_EQ(t.header_bytes + t.body_bytes, nginx_bytes_sent());
  EXPECT_EQ(m->stats().by_file.at("metadata/2.root.json").requests, 1);  // the probe, a 404
  EXPECT_EQ(m->stats().by_file.at(attachment_path()).body_bytes,
            static_cast<int64_t>(kAttachmentBytes));
  EXPECT_EQ(m->staged_bytes(attachment_sha), 0);  // staging keeps incomplete downloads only
}

TEST_F(HttpSyncTest, OneChangedItemCostsAtMost32KB) {
  auto m = mirror(config(nginx->url()));
  ASSERT_TRUE(sync(*m).status.ok());
  items[17].content = "修改后的公开内容";
  ASSERT_TRUE(store->put_item(items[17]).ok());
  emit(kNow + 600);
  m->reset_stats();
  SyncOutcome r = sync(*m);
  ASSERT_TRUE(r.status.ok()) << r.status.error().message;
  EXPECT_EQ(r.fetched, 1);  // the one catalog shard holding the item
  EXPECT_FALSE(r.report.timestamp_unchanged);
  EXPECT_LE(m->stats().total.wire_bytes(), 32 * 1024);
  EXPECT_EQ(m->stats().total.not_modified, 0);
}

TEST_F(HttpSyncTest, NothingNewIsA304AndAtMost2KB) {
  auto m = mirror(config(nginx->url()));
  ASSERT_TRUE(sync(*m).status.ok());
  m->reset_stats();
  SyncOutcome r = sync(*m);
  ASSERT_TRUE(r.status.ok()) << r.status.error().message;
  EXPECT_EQ(r.fetched, 0);
  EXPECT_TRUE(r.report.timestamp_unchanged);
  const auto& files = m->stats().by_file;
  EXPECT_EQ(files.at("metadata/timestamp.json").not_modified, 1);
  EXPECT_EQ(files.at("metadata/timestamp.json").body_bytes, 0);
  EXPECT_EQ(files.size(), 2u);  // the root probe and the timestamp: no content at all
  EXPECT_LE(m->stats().total.wire_bytes(), 2048);
}

TEST_F(HttpSyncTest, ValidatorsPersistAcrossRestarts) {
  {
    auto m = mirror(config(nginx->url()));
    ASSERT_TRUE(sync(*m).status.ok());
  }
  auto m = mirror(config(nginx->url()));  // a kiosk reboot: same state directory
  ASSERT_TRUE(sync(*m).status.ok());
  EXPECT_EQ(m->stats().by_file.at("metadata/timestamp.json").not_modified, 1);
  // forget_validators() (after a failed cycle) makes the next request unconditional; callers
  // holding only a tuf::Mirror reach it through forget_http_validators().
  forget_http_validators(static_cast<tuf::Mirror&>(*m));
  m->reset_stats();
  ASSERT_TRUE(sync(*m).status.ok());
  EXPECT_EQ(m->stats().by_file.at("metadata/timestamp.json").not_modified, 0);
  EXPECT_GT(m->stats().by_file.at("metadata/timestamp.json").body_bytes, 100);
}

TEST_F(HttpSyncTest, RotatedRootIsWalked) {
  auto m = mirror(config(nginx->url()));
  ASSERT_TRUE(sync(*m).status.ok());
  ASSERT_EQ(publish::cmd_keygen({"--out", keys + "/root-c"}), 0);
  ASSERT_EQ(publish::cmd_root({"rotate", "--keys", keys, "--old-key", keys + "/root-a", "--old-key",
                               keys + "/root-b", "--new-root-key", keys + "/root-c", "--now",
                               std::to_string(kNow)}),
            0);
  emit(kNow + 600);
  m->reset_stats();
  SyncOutcome r = sync(*m);
  ASSERT_TRUE(r.status.ok()) << r.status.error().message;
  EXPECT_EQ(r.report.root_version, 2);
  EXPECT_EQ(m->stats().by_file.at("metadata/2.root.json").body_bytes,
            static_cast<int64_t>(fs::file_size(feed + "/metadata/2.root.json")));
  EXPECT_EQ(m->stats().by_file.at("metadata/3.root.json").requests, 1);  // 404 ended the walk
}

// The staff command end to end: `gongkai-sync once URL` pulls over HTTP, builds and activates a
// generation, and a second run finds nothing new. The feed is re-signed at the real time first:
// the binary verifies expiry against the real clock.
TEST_F(HttpSyncTest, GongkaiSyncOnceOverHttpAppliesThenFindsNothingNew) {
  emit(static_cast<int64_t>(std::time(nullptr)));
  const std::string cmd = std::string(GONGKAI_SYNC) + " once --data " + (tmp / "kiosk") +
                          " --region " + kCounty + " --root " + keys + "/root/1.root.json " +
                          nginx->url() + " 2>&1";
  auto run = [&](std::string& out) {
    FILE* p = popen(cmd.c_str(), "r");
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    return pclose(p);
  };
  std::string first, second;
  ASSERT_EQ(run(first), 0) << first;
  EXPECT_NE(first.find("applied generation"), std::string::npos) << first;
  ASSERT_EQ(run(second), 0) << second;
  EXPECT_NE(second.find("up to date"), std::string::npos) << second;
  // The active generation holds what was published.
  std::vector<std::string> gens;
  for (const auto& e : fs::directory_iterator(tmp / "kiosk/generations"))
    if (e.path().extension() == ".db") gens.push_back(e.path().string());
  ASSERT_EQ(gens.size(), 1u);
  auto gen = Store::open(gens[0], Store::Mode::ReadOnly);
  ASSERT_TRUE(gen.ok()) << gen.error().message;
  EXPECT_EQ((*gen)->counts()->items, 60);
  EXPECT_EQ((*gen)->counts()->notices, 1);
}

TEST_F(HttpSyncTest, MissingFileIsNotFound) {
  auto m = mirror(config(nginx->url()));
  auto r = m->read_metadata("9.root.json", 1024);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "mirror.not_found");
}

// Local I/O points of the staging area fail closed: a directory or a symlink where the partial
// file belongs is an error (O_NOFOLLOW), never followed, and the cycle can be retried.
TEST_F(HttpSyncTest, UnwritableStagingFileIsAnIoError) {
  auto m = mirror(config(nginx->url()));
  const std::string staging = tmp / "http-state/staging/";
  fs::create_directories(staging + attachment_sha + ".part");
  SyncOutcome r = sync(*m);
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.error().code, "mirror.io");
  fs::remove(staging + attachment_sha + ".part");
  fs::create_symlink(tmp / "elsewhere", staging + attachment_sha + ".part");
  r = sync(*m);
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.error().code, "mirror.io");
  EXPECT_FALSE(fs::exists(tmp / "elsewhere"));
  fs::remove(staging + attachment_sha + ".part");
  ASSERT_TRUE(sync(*m).status.ok());
}

TEST_F(HttpSyncTest, RefusesNonHttpBaseUrls) {
  for (const char* u : {"file:///etc/", "ftp://127.0.0.1/", "127.0.0.1/feed"}) {
    HttpConfig c;
    c.base_url = u;
    auto m = HttpMirror::open(c);
    ASSERT_FALSE(m.ok()) << u;
    EXPECT_EQ(m.error().code, "fetch.config");
  }
}

// HTTPS is verified by default: a certificate no configured CA vouches for is refused, and the
// county's own CA given as ca_file is accepted.
TEST_F(HttpSyncTest, HttpsIsVerifiedAgainstTheConfiguredCa) {
  const std::string cert = tmp / "tls.crt", key = tmp / "tls.key";
  const std::string cmd =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
      "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -days 2 -keyout " +
      key + " -out " + cert + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  fs::create_directories(tmp / "nginx-tls");
  Nginx tls(feed, tmp / "nginx-tls", cert, key);
  ASSERT_TRUE(tls.ok()) << tls.error_log();
  {
    auto m = mirror(config(tls.url()));  // system CAs only
    auto r = m->read_metadata("timestamp.json", tuf::kMaxTimestampBytes);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "fetch.tls");
  }
  HttpConfig c = config(tls.url());
  c.ca_file = cert;
  auto m = mirror(c);
  SyncOutcome r = sync(*m);
  ASSERT_TRUE(r.status.ok()) << r.status.error().message;
  EXPECT_EQ(objects.count(attachment_sha), 1u);
}

// --- faults, through the fault proxy -------------------------------------------------------

class FaultTest : public HttpSyncTest {
 protected:
  std::unique_ptr<FaultProxy> proxy;
  void SetUp() override {
    HttpSyncTest::SetUp();
    if (HasFatalFailure()) return;
    proxy = std::make_unique<FaultProxy>(nginx->port(), tmp / "");
    ASSERT_TRUE(proxy->ok());
  }
  std::string error_of(const SyncOutcome& r) {
    return r.status.ok() ? "ok" : r.status.error().code;
  }
};

TEST_F(FaultTest, PassThroughSyncs) {
  auto m = mirror(config(proxy->url()));
  SyncOutcome r = sync(*m);
  ASSERT_TRUE(r.status.ok()) << r.status.error().message;
  EXPECT_EQ(objects.count(attachment_sha), 1u);
}

TEST_F(FaultTest, ProxyFromConfigIsUsed) {
  HttpConfig c = config(nginx->url());
  c.proxy = proxy->url();
  auto m = mirror(c);
  ASSERT_TRUE(sync(*m).status.ok());
  // {"requests": N, …}: every request of the cycle went through the configured proxy.
  std::string st = proxy->stats();
  auto at = st.find("\"requests\": ");
  ASSERT_NE(at, std::string::npos) << st;
  EXPECT_EQ(std::atoi(st.c_str() + at + 12), m->stats().total.requests);
}

TEST_F(FaultTest, ServerDownIsAConnectError) {
  proxy->stop();
  auto m = mirror(config(proxy->url()));
  auto r = sync(*m);
  EXPECT_EQ(error_of(r), "fetch.connect");
}

TEST_F(FaultTest, ConnectionResetWithoutAnswerIsAnError) {
  proxy->set("reset", "match=timestamp.json");
  auto m = mirror(config(proxy->url()));
  EXPECT_EQ(error_of(sync(*m)), "fetch.truncated");
}

TEST_F(FaultTest, Status500IsAnError) {
  proxy->set("status500", "match=timestamp.json");
  auto m = mirror(config(proxy->url()));
  SyncOutcome r = sync(*m);
  EXPECT_EQ(error_of(r), "fetch.http_status");
  EXPECT_NE(r.status.error().message.find("500"), std::string::npos);
}

TEST_F(FaultTest, HtmlPageIsAnErrorWhateverItsType) {
  auto m = mirror(config(proxy->url()));
  proxy->set("html", "match=timestamp.json");
  EXPECT_EQ(error_of(sync(*m)), "fetch.html");
  proxy->set("html_untyped", "match=timestamp.json");
  EXPECT_EQ(error_of(sync(*m)), "fetch.html");
  proxy->set("html", "match=targets/");
  EXPECT_EQ(error_of(sync(*m)), "fetch.html");
}

TEST_F(FaultTest, EndlessResponseStopsAtTheCap) {
  auto m = mirror(config(proxy->url()));
  proxy->set("endless", "match=timestamp.json");
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(error_of(sync(*m)), "mirror.too_large");
  // Stopped in the write callback: at most the 16 KiB cap plus one curl buffer was read.
  EXPECT_LE(m->stats().by_file.at("metadata/timestamp.json").body_bytes,
            static_cast<int64_t>(tuf::kMaxTimestampBytes + 16 * 1024));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // An endless target is refused at its signed length.
  proxy->set("endless", "match=targets/");
  m->reset_stats();
  SyncOutcome r = sync(*m);
  EXPECT_EQ(error_of(r), "tuf.length_mismatch");
  for (const auto& [file, s] : m->stats().by_file) {
    if (file.rfind("targets/", 0) == 0) {
      EXPECT_LE(s.body_bytes, static_cast<int64_t>(kAttachmentBytes + 16 * 1024)) << file;
    }
  }
}

TEST_F(FaultTest, StallIsAbortedByTheLowSpeedLimit) {
  auto m = mirror(config(proxy->url()));
  proxy->set("stall", "match=" + attachment_sha + "&bytes=4096");
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(error_of(sync(*m)), "fetch.timeout");
  // libcurl averages speed over a window of about 5 s, so the 4 KiB burst before the stall
  // delays detection: low_speed_time (2 s) + that window, well short of the 20 s request cap.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
}

TEST_F(FaultTest, TrickleBelowTheLimitIsAborted) {
  auto m = mirror(config(proxy->url()));
  proxy->set("drip", "match=" + attachment_sha + "&rate=200");  // 200 B/s < 1000 B/s for 2 s
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(error_of(sync(*m)), "fetch.timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST_F(FaultTest, TrickleAboveTheLimitHitsTheOverallCap) {
  HttpConfig c = config(proxy->url());
  c.max_request_time_s = 2;
  auto m = mirror(c);
  proxy->set("drip", "match=" + attachment_sha + "&rate=20000");  // 300 KB at 20 KB/s ≈ 15 s
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(error_of(sync(*m)), "fetch.timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
}

TEST_F(FaultTest, SlowCycleHitsTheCycleCap) {
  HttpConfig c = config(proxy->url());
  c.max_cycle_time_s = 2;  // each request alone is within its 20 s cap
  auto m = mirror(c);
  proxy->set("drip", "match=" + attachment_sha + "&rate=20000");
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(error_of(sync(*m)), "fetch.timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
  // Spent: no further request goes out until the next cycle starts.
  auto r = m->read_metadata("timestamp.json", tuf::kMaxTimestampBytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "fetch.timeout");
  proxy->clear();
  // The next cycle starts at its root probe by itself: callers holding only a tuf::Mirror (the
  // apply engine) never call reset_stats().
  SyncOutcome next = sync(*m);
  ASSERT_TRUE(next.status.ok()) << next.status.error().message;
  EXPECT_EQ(m->stats().by_file.count("metadata/timestamp.json"), 1u);
  EXPECT_EQ(m->stats().by_file.at("metadata/timestamp.json").requests, 1);  // this cycle only
}

TEST_F(FaultTest, CutMidObjectResumesOnTheNextAttempt) {
  auto m = mirror(config(proxy->url()));
  const std::string key = attachment_path();
  proxy->set("cut", "match=" + attachment_sha + "&bytes=100000&count=1");
  SyncOutcome first = sync(*m);
  EXPECT_EQ(error_of(first), "fetch.truncated");
  EXPECT_EQ(m->staged_bytes(attachment_sha), 100000);
  m->reset_stats();
  SyncOutcome second = sync(*m);
  ASSERT_TRUE(second.status.ok()) << second.status.error().message;
  EXPECT_EQ(objects.at(attachment_sha).size(), kAttachmentBytes);
  // Only the missing tail crossed the wire the second time.
  EXPECT_EQ(m->stats().by_file.at(key).body_bytes, static_cast<int64_t>(kAttachmentBytes - 100000));
  EXPECT_EQ(m->staged_bytes(attachment_sha), 0);
}

TEST_F(FaultTest, FullAnswerToARangeRequestRestartsFromZero) {
  auto m = mirror(config(proxy->url()));
  const std::string key = attachment_path();
  proxy->set("cut", "match=" + attachment_sha + "&bytes=50000&count=1");
  EXPECT_EQ(error_of(sync(*m)), "fetch.truncated");
  proxy->set("range200", "match=" + attachment_sha);
  m->reset_stats();
  SyncOutcome r = sync(*m);
  ASSERT_TRUE(r.status.ok()) << r.status.error().message;
  EXPECT_EQ(m->stats().by_file.at(key).body_bytes, static_cast<int64_t>(kAttachmentBytes));
  EXPECT_EQ(objects.at(attachment_sha).size(), kAttachmentBytes);
}

TEST_F(FaultTest, WrongContentRangeIsAnErrorNotData) {
  auto m = mirror(config(proxy->url()));
  proxy->set("cut", "match=" + attachment_sha + "&bytes=50000&count=1");
  EXPECT_EQ(error_of(sync(*m)), "fetch.truncated");
  proxy->set("bad_content_range", "match=" + attachment_sha + "&count=1");
  EXPECT_EQ(error_of(sync(*m)), "fetch.bad_range");
  EXPECT_EQ(m->staged_bytes(attachment_sha), 0);  // dropped: the next attempt starts clean
  proxy->clear();
  ASSERT_TRUE(sync(*m).status.ok());
  EXPECT_EQ(objects.at(attachment_sha).size(), kAttachmentBytes);
}

TEST_F(FaultTest, WrongContentLengthIsAnError) {
  auto m = mirror(config(proxy->url()));
  proxy->set("bad_content_length", "match=timestamp.json&delta=100");
  EXPECT_EQ(error_of(sync(*m)), "fetch.truncated");
  proxy->set("bad_content_length", "match=" + attachment_sha + "&delta=-100");
  EXPECT_EQ(error_of(sync(*m)), "fetch.bad_length");
  proxy->clear();
  ASSERT_TRUE(sync(*m).status.ok());
}

TEST_F(FaultTest, RecoversAfterEachFaultClears) {
  auto m = mirror(config(proxy->url()));
  // ("reset" is not in this list: libcurl transparently retries a request whose reused
  // keep-alive connection closed without an answer, as RFC 9112 §9.3.1 allows for GETs.)
  for (const char* mode : {"status500", "html", "endless"}) {
    proxy->set(mode, "count=1");
    EXPECT_FALSE(sync(*m).status.ok()) << mode;
    m->forget_validators();
  }
  SyncOutcome r = sync(*m);
  ASSERT_TRUE(r.status.ok()) << r.status.error().message;
  EXPECT_EQ(objects.count(attachment_sha), 1u);
}

}  // namespace
}  // namespace gongkai::fetch
