// test_sync_worker_http.cpp — the kiosk's sync worker over HTTP (kiosk/app/sync_worker.h, issue #5
// "Kiosk side"): a county feed made with the gongkai-publish command functions
// (tests/apply/fixture.h), served by a real nginx on 127.0.0.1 (tests/support/servers.h). The
// worker's first poll applies it; a server without a feed gives an Error message and no
// generation, and the worker keeps running until stop().
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "../apply/fixture.h"
#include "app/sync_worker.h"
#include "sync_inbox_util.h"
#include "support/servers.h"

namespace gongkai::kiosk {
namespace {

using namespace gongkai::apply::testing;
using Kind = SyncMessage::Kind;

using testing::drain_until;
using testing::find;

class SyncWorkerHttp : public ::testing::Test {
 protected:
  TempDir tmp;
  Publisher pub{tmp.path()};
  FakeClock clock;

  void SetUp() override {
    pub.init(6);
    pub.emit(kNow);
  }
  SyncWorkerConfig config(const std::string& url) {
    SyncWorkerConfig c;
    c.engine = kiosk_config(tmp / "kiosk", pub, clock);
    c.engine.usb_roots = {};
    c.feed_url = url;
    c.policy.first_poll_window_ms = 0;
    return c;
  }
};

TEST_F(SyncWorkerHttp, first_poll_applies_the_feed_served_by_nginx) {
  testsupport::Nginx nginx(pub.feed, tmp / "nginx");
  ASSERT_TRUE(nginx.ok()) << nginx.error_log();
  SyncInbox inbox;
  SyncWorker worker(config(nginx.url()), inbox);
  worker.start();
  const auto msgs = drain_until(inbox, Kind::Generation);
  const SyncMessage* err = find(msgs, Kind::Error);
  EXPECT_EQ(err, nullptr) << err->text;
  const SyncMessage* gen = find(msgs, Kind::Generation);
  ASSERT_NE(gen, nullptr);
  EXPECT_EQ(gen->value, 1);
  worker.stop();
  // The HTTP mirror's state (validators, partial downloads) lives in the data directory.
  EXPECT_TRUE(fs::exists(tmp / "kiosk/http/timestamp.cache"));
  EXPECT_NE(nginx.access_log().find("timestamp.json"), std::string::npos);
}

TEST_F(SyncWorkerHttp, a_server_without_the_feed_gives_an_error_and_no_generation) {
  fs::create_directories(tmp / "empty");
  testsupport::Nginx nginx(tmp / "empty", tmp / "nginx");
  ASSERT_TRUE(nginx.ok()) << nginx.error_log();
  SyncInbox inbox;
  SyncWorker worker(config(nginx.url()), inbox);
  worker.start();
  const auto msgs = drain_until(inbox, Kind::Error);
  ASSERT_NE(find(msgs, Kind::Error), nullptr);
  EXPECT_EQ(find(msgs, Kind::Generation), nullptr);
  EXPECT_EQ(worker.cycles_run(), 1);  // the next try waits for the backoff (≥ 5 s)
  worker.stop();
  auto st = apply::peek_status(tmp / "kiosk", clock.clock());
  ASSERT_TRUE(st.ok());
  EXPECT_FALSE(st->generation.has_value());
  EXPECT_FALSE(st->last_error.empty());
}

}  // namespace
}  // namespace gongkai::kiosk
