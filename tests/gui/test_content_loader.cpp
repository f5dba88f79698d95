// test_content_loader.cpp — the kiosk's content loader thread (kiosk/app/content_loader.h, issue
// #5 "the UI keeps rendering during apply"): it opens the active generation of a real sync data
// directory (applied by the real SyncEngine from a feed made with gongkai-publish) and reads the
// screen's model on its own thread; the test takes the result the way the frame loop does
// (take(), never waiting on the loader) and checks that the Store it got is its own.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "../apply/fixture.h"
#include "app/content_loader.h"

namespace gongkai::kiosk {
namespace {

using namespace gongkai::apply::testing;

constexpr auto kMaxLoad = std::chrono::seconds(30);  // a load takes milliseconds

// Polls take() the way the frame loop does, once per "frame".
std::unique_ptr<LoadedContent> take_when_ready(ContentLoader& loader, uint64_t seq) {
  const auto deadline = std::chrono::steady_clock::now() + kMaxLoad;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto c = loader.take(); c && c->request.seq == seq) return c;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return nullptr;
}

class ContentLoaderTest : public ::testing::Test {
 protected:
  TempDir tmp;
  Publisher pub{tmp.path()};
  FakeClock clock;
  std::unique_ptr<apply::SyncEngine> engine;

  void SetUp() override {
    pub.init(6);
    pub.emit(kNow);
    engine = open_engine(kiosk_config(tmp / "kiosk", pub, clock));
    ASSERT_TRUE(engine);
    auto r = sync_dir(*engine, pub.feed);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  ContentRequest board_request() const {
    ContentRequest r;
    r.data_dir = tmp / "kiosk";
    r.fallback_db = tmp / "no-such.db";
    r.sync_status = true;
    r.route = {ScreenKind::Board, ""};
    r.inputs.scope = {kVillage, ""};
    r.inputs.now = kNow;
    return r;
  }

  void publish_urgent_generation() {
    Store::Transaction tx(*pub.store);
    Notice n;
    n.id = "2026-青禾-urgent";
    n.title = "关于暴雨橙色预警的紧急通知";
    n.region = kVillage;
    n.category = "事务";
    n.priority = NoticePriority::Urgent;
    n.published_at = n.start_at = kNow - 3600;
    n.end_at = kNow + 2 * kDay;
    n.body = "请村民做好防范。";
    ASSERT_TRUE(pub.store->put_notice(n).ok());
    ASSERT_TRUE(tx.commit().ok());
    pub.emit(kNow + 60);
    *clock.system = kNow + 120;
    auto r = sync_dir(*engine, pub.feed);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->outcome, apply::CycleResult::Outcome::Applied);
  }
};

TEST_F(ContentLoaderTest,
       opens_each_new_generation_on_its_thread_and_hands_over_a_store_of_its_own) {
  ContentLoader loader;
  loader.start();
  auto first = take_when_ready(loader, loader.request(board_request()));
  ASSERT_TRUE(first);
  ASSERT_TRUE(first->store) << first->store_error;
  EXPECT_EQ(first->generation, std::optional<int64_t>(1));
  EXPECT_EQ(first->store->path(), first->store_path);
  EXPECT_NE(first->store_path.find("/generations/"), std::string::npos) << first->store_path;
  ASSERT_TRUE(first->status && first->status->generation);
  EXPECT_EQ(*first->status->generation, 1);
  ASSERT_TRUE(first->time_floor.has_value());
  EXPECT_EQ(first->model.error, "");
  ASSERT_EQ(first->model.board.notices.size(), 1u);
  EXPECT_EQ(first->model.board.notices[0].notice.id, "2026-青禾-0001");
  EXPECT_TRUE(loader.idle());  // taken: nothing pending, loading or waiting

  // A flip: the next load opens generation 2, and its board puts the new urgent notice first.
  publish_urgent_generation();
  auto second = take_when_ready(loader, loader.request(board_request()));
  ASSERT_TRUE(second && second->store);
  EXPECT_EQ(second->generation, std::optional<int64_t>(2));
  EXPECT_NE(second->store_path, first->store_path);
  ASSERT_EQ(second->model.board.notices.size(), 2u);
  EXPECT_EQ(second->model.board.notices[0].notice.id, "2026-青禾-urgent");

  // The first store is this thread's now: it still reads generation 1 while the loader runs.
  auto old_counts = first->store->counts();
  ASSERT_TRUE(old_counts.ok());
  auto new_counts = second->store->counts();
  ASSERT_TRUE(new_counts.ok());
  EXPECT_EQ(new_counts->notices, old_counts->notices + 1);
  // Retired: closed on the loader thread; the loader is idle again afterwards.
  loader.retire(std::move(first->store), std::move(first->model));
  const auto deadline = std::chrono::steady_clock::now() + kMaxLoad;
  while (!loader.idle() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_TRUE(loader.idle());
  loader.stop();
}

// The periodic re-read names the file shown (a generation that cannot be opened is not retried
// as the active one every 30 s); without any generation the fallback database is read; a file
// that cannot be opened gives no store, the reason, and a no-store model.
TEST_F(ContentLoaderTest, reads_the_named_file_or_the_fallback_and_reports_what_cannot_be_opened) {
  ContentRequest fallback = board_request();
  fallback.data_dir = tmp / "never-synced";
  fallback.fallback_db = pub.db;
  fallback.route = {ScreenKind::Home, ""};
  LoadedContent a = load_content(fallback);
  ASSERT_TRUE(a.store) << a.store_error;
  EXPECT_EQ(a.store_path, pub.db);
  EXPECT_FALSE(a.generation.has_value());
  EXPECT_EQ(a.model.home.region_name, "石桥村");

  ContentRequest named = board_request();
  named.path = tmp / "gone.db";
  LoadedContent b = load_content(named);
  EXPECT_FALSE(b.store);
  EXPECT_FALSE(b.store_error.empty());
  EXPECT_TRUE(b.model.no_store);
  EXPECT_FALSE(b.generation.has_value());  // a named file is not resolved through the state DB
}

// Requests coalesce and results carry the request they answer: the last result taken answers the
// last request, and same_screen() tells the frame loop whether a model fits the screen it shows.
TEST_F(ContentLoaderTest, the_last_result_answers_the_last_request_and_names_its_screen) {
  ContentLoader loader;
  loader.start();
  ContentRequest home = board_request();
  home.route = {ScreenKind::Home, ""};
  ContentRequest notices = board_request();
  notices.route = {ScreenKind::Notices, ""};
  notices.inputs.notices_tab = 2;
  const uint64_t s1 = loader.request(home);
  const uint64_t s2 = loader.request(notices);
  EXPECT_GT(s2, s1);
  auto last = take_when_ready(loader, s2);
  ASSERT_TRUE(last);
  EXPECT_TRUE(same_screen(last->request, notices));
  EXPECT_FALSE(same_screen(last->request, home));
  ContentRequest other_tab = notices;
  other_tab.inputs.notices_tab = 0;
  EXPECT_FALSE(same_screen(last->request, other_tab));
  ContentRequest later = notices;
  later.inputs.now += 3600;  // time is not part of the screen
  EXPECT_TRUE(same_screen(last->request, later));
  EXPECT_EQ(last->model.notices.tab, 2);
  loader.stop();
}

}  // namespace
}  // namespace gongkai::kiosk
