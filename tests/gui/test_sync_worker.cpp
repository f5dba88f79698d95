// test_sync_worker.cpp — the kiosk's sync worker thread and its inbox (kiosk/app/sync_worker.h,
// issue #5 "Kiosk side", DESIGN §2). A real county feed is made with the gongkai-publish command
// functions (tests/apply/fixture.h: keygen, root init, delegate, emit-feed, make-usb); the worker
// applies it from a directory feed or a stick under a mount root, and the test reads the inbox the
// way the UI thread does (drain, never wait on the worker).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "../apply/fixture.h"
#include "app/sync_worker.h"
#include "sync_inbox_util.h"

namespace gongkai::kiosk {
namespace {

using namespace gongkai::apply::testing;
using Kind = SyncMessage::Kind;
using apply::GenerationWatch;
using apply::peek_status;
using apply::SyncEngine;

using testing::drain_until;
using testing::find;

class SyncWorkerTest : public ::testing::Test {
 protected:
  TempDir tmp;
  Publisher pub{tmp.path()};
  FakeClock clock;  // the feed is signed at kNow; the engine's trusted time is kNow too

  void SetUp() override {
    pub.init(12);
    pub.emit(kNow);
    fs::create_directories(tmp / "media");
  }

  SyncWorkerConfig config() {
    SyncWorkerConfig c;
    c.engine = kiosk_config(tmp / "kiosk", pub, clock);
    c.engine.usb_roots = {tmp / "media"};
    c.policy.first_poll_window_ms = 0;  // the first cycle is due at once
    c.usb_scan_ms = 50;
    return c;
  }
};

TEST_F(SyncWorkerTest, applies_a_directory_feed_and_the_inbox_reports_the_new_generation) {
  SyncWorkerConfig c = config();
  c.feed_url = "file://" + pub.feed;
  SyncInbox inbox;
  SyncWorker worker(c, inbox);
  worker.start();
  const auto msgs = drain_until(inbox, Kind::Generation);
  const SyncMessage* gen = find(msgs, Kind::Generation);
  ASSERT_NE(gen, nullptr) << "no new generation reported";
  EXPECT_GT(gen->value, 0);
  const SyncMessage* cycle = find(msgs, Kind::Cycle);
  ASSERT_NE(cycle, nullptr);
  EXPECT_EQ(cycle->value, gen->value);
  EXPECT_EQ(find(msgs, Kind::Error), nullptr) << find(msgs, Kind::Error)->text;
  // The status snapshot after the cycle names the same generation (the staff page reads it).
  // (posted after the Generation message, possibly in a later batch).
  auto after = msgs;
  if (find(after, Kind::Status) == nullptr || after.back().kind != Kind::Status)
    for (auto& m : drain_until(inbox, Kind::Status)) after.push_back(std::move(m));
  const SyncMessage* st = nullptr;
  for (const auto& m : after)
    if (m.kind == Kind::Status) st = &m;  // the newest snapshot
  ASSERT_NE(st, nullptr);
  ASSERT_TRUE(st->status && st->status->generation);
  EXPECT_EQ(*st->status->generation, gen->value);
  EXPECT_TRUE(st->status->last_sync.has_value());
  worker.stop();  // joins: the engine's lock is free again for another engine
  EXPECT_GE(worker.cycles_run(), 1);
  auto again = SyncEngine::open(c.engine);
  EXPECT_TRUE(again.ok()) << again.error().message;
  // The UI side sees the flip through the state DB too (GenerationWatch, apply.md §4).
  auto watch = GenerationWatch::open(c.engine.data_dir);
  ASSERT_TRUE(watch.ok());
  auto cur = watch->current();
  ASSERT_TRUE(cur.ok() && cur->has_value());
  EXPECT_EQ((*cur)->generation, gen->value);
}

TEST_F(SyncWorkerTest, imports_a_mounted_stick_once_while_it_stays_mounted) {
  const std::string stick = tmp / "media/GONGKAI";
  ASSERT_EQ(publish::cmd_make_usb({"--feed", pub.feed, "--out", stick}), 0);
  SyncInbox inbox;
  SyncWorker worker(config(), inbox);  // no feed_url: USB only
  worker.start();
  const auto msgs = drain_until(inbox, Kind::Generation);
  const SyncMessage* usb = find(msgs, Kind::Usb);
  ASSERT_NE(usb, nullptr) << "the stick was not imported";
  EXPECT_EQ(usb->value, 1);
  EXPECT_EQ(usb->text.rfind("U盘更新完成", 0), 0u) << usb->text;
  EXPECT_TRUE(usb_banner_is_public(usb->text));
  ASSERT_NE(find(msgs, Kind::Generation), nullptr);
  // Many scan periods later the same mounted stick has not been imported again (invariant 3).
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  for (const SyncMessage& m : inbox.drain()) EXPECT_NE(m.kind, Kind::Usb) << m.text;
  EXPECT_EQ(worker.cycles_run(), 0);  // USB imports are not feed cycles
  worker.stop();
}

TEST_F(SyncWorkerTest, a_refused_stick_is_reported_without_its_reason_on_screen) {
  const std::string stick = tmp / "media/GONGKAI";
  ASSERT_EQ(publish::cmd_make_usb({"--feed", pub.feed, "--out", stick}), 0);
  // Tamper with the stick's timestamp signature: the import must be refused.
  const std::string ts = stick + "/gongkai-update/" + kCounty + "/metadata/timestamp.json";
  auto bytes = tuf::read_file_capped(ts, 1 << 20);
  ASSERT_TRUE(bytes.ok());
  std::string text = *bytes;
  const size_t sig = text.find("\"sig\"");
  ASSERT_NE(sig, std::string::npos);
  const size_t hex = text.find('"', text.find(':', sig) + 1) + 1;
  text[hex] = text[hex] == '0' ? '1' : '0';
  fs::remove(ts);
  std::ofstream(ts, std::ios::binary) << text;
  SyncInbox inbox;
  SyncWorker worker(config(), inbox);
  worker.start();
  const auto msgs = drain_until(inbox, Kind::Usb);
  const SyncMessage* usb = find(msgs, Kind::Usb);
  ASSERT_NE(usb, nullptr);
  EXPECT_EQ(usb->value, 0);
  EXPECT_FALSE(usb_banner_is_public(usb->text)) << usb->text;
  worker.stop();
  auto st = peek_status(tmp / "kiosk", clock.clock());
  ASSERT_TRUE(st.ok());
  EXPECT_FALSE(st->generation.has_value());  // still on no synced content
}

// A LAN share mounted after the kiosk started: the failed cycle backs off and the next one,
// once the directory exists, applies it (the mirror is made when a cycle is due).
TEST_F(SyncWorkerTest, a_feed_directory_that_appears_later_is_applied_after_the_backoff) {
  SyncWorkerConfig c = config();
  c.feed_url = "file://" + (tmp / "share");
  c.policy.backoff_base_ms = 100;  // short windows so the test stays fast
  c.policy.min_delay_ms = 20;
  SyncInbox inbox;
  SyncWorker worker(c, inbox);
  worker.start();
  const auto first = drain_until(inbox, Kind::Error);
  ASSERT_NE(find(first, Kind::Error), nullptr);
  EXPECT_EQ(find(first, Kind::Generation), nullptr);
  fs::rename(pub.feed, tmp / "share");
  const auto later = drain_until(inbox, Kind::Generation);
  const SyncMessage* gen = find(later, Kind::Generation);
  ASSERT_NE(gen, nullptr);
  EXPECT_EQ(gen->value, 1);
  worker.stop();
}

// Staff "立即同步" (poll_now) with the first scheduled cycle held back by first_poll_delay_ms:
// nothing runs by itself, the press runs a cycle at once, the worker is busy() until that cycle
// has posted its result, and the result comes as Started, then Cycle with its outcome
// (invariants 5 and 6 of sync_worker.h; the staff page's status row reads exactly this).
TEST_F(SyncWorkerTest, poll_now_runs_a_held_back_cycle_and_reports_started_then_its_outcome) {
  SyncWorkerConfig c = config();
  c.feed_url = pub.feed;  // a plain path is a directory feed too
  c.first_poll_delay_ms = 3600 * 1000;
  SyncInbox inbox;
  SyncWorker worker(c, inbox);
  worker.start();
  ASSERT_NE(find(drain_until(inbox, Kind::Status), Kind::Status), nullptr);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (const SyncMessage& m : inbox.drain()) EXPECT_NE(m.kind, Kind::Started);
  EXPECT_EQ(worker.cycles_run(), 0);  // held back by first_poll_delay_ms
  EXPECT_FALSE(worker.busy());

  worker.poll_now();
  EXPECT_TRUE(worker.busy());  // at once, before the thread has even woken up
  const auto t0 = std::chrono::steady_clock::now();
  while (worker.busy() && std::chrono::steady_clock::now() - t0 < testing::kMaxInboxWait)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_FALSE(worker.busy());
  // Not busy any more: everything about the cycle is already in the inbox.
  const auto msgs = inbox.drain();
  std::vector<Kind> kinds;
  for (const auto& m : msgs)
    if (m.kind != Kind::Status) kinds.push_back(m.kind);
  ASSERT_EQ(kinds, (std::vector<Kind>{Kind::Started, Kind::Cycle, Kind::Generation}));
  const SyncMessage* cycle = find(msgs, Kind::Cycle);
  ASSERT_TRUE(cycle->outcome.has_value());
  EXPECT_EQ(*cycle->outcome, apply::CycleResult::Outcome::Applied);
  EXPECT_EQ(cycle->value, 1);
  EXPECT_EQ(worker.cycles_run(), 1);

  // Pressed again with nothing new: Started, then Cycle saying up to date, no Generation.
  worker.poll_now();
  const auto again = drain_until(inbox, Kind::Cycle);
  ASSERT_NE(find(again, Kind::Started), nullptr);
  const SyncMessage* second = find(again, Kind::Cycle);
  ASSERT_NE(second, nullptr);
  ASSERT_TRUE(second->outcome.has_value());
  EXPECT_NE(*second->outcome, apply::CycleResult::Outcome::Applied);
  EXPECT_EQ(find(again, Kind::Generation), nullptr);
  worker.stop();
}

TEST_F(SyncWorkerTest, stop_joins_promptly_while_the_worker_waits) {
  SyncInbox inbox;
  SyncWorker worker(config(), inbox);
  worker.start();
  ASSERT_NE(find(drain_until(inbox, Kind::Status), Kind::Status), nullptr);
  const auto t0 = std::chrono::steady_clock::now();
  worker.stop();
  worker.stop();  // idempotent
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
}

TEST(SyncInbox, drain_returns_messages_in_order_and_empties_the_inbox) {
  SyncInbox inbox;
  std::thread producer([&] {
    for (int i = 0; i < 100; ++i) inbox.post({Kind::Cycle, i, "", std::nullopt, std::nullopt});
  });
  producer.join();
  const auto got = inbox.drain();
  ASSERT_EQ(got.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(got[static_cast<size_t>(i)].value, i);
  EXPECT_TRUE(inbox.drain().empty());
}

}  // namespace
}  // namespace gongkai::kiosk
