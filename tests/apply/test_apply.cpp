// test_apply.cpp — the kiosk side of issue #5 after verification, with real components: a feed
// written by the real `gongkai-publish emit-feed`, verified by tuf::Updater over a DirMirror,
// applied by SyncEngine (engine.h). Pins: first apply, incremental apply (objects downloaded),
// nothing-new cycles, rollback leaving generation and trusted state unchanged, a failure
// injected at every I/O point in turn followed by boot recovery (STYLE habit 6), trusted time
// against a clock rolled back or forward a year (DESIGN §5), staleness from the signed issued
// time only, and the UI's GenerationWatch.
#include <sqlite3.h>

#include <set>

#include "apply/db.h"
#include "fixture.h"

namespace gongkai::apply::testing {
namespace {

class ApplyTest : public ::testing::Test {
 protected:
  TempDir tmp;
  Publisher pub{tmp.path()};
  FakeClock clock;
  std::string data = tmp / "kiosk";

  void SetUp() override {
    pub.init();
    pub.emit(kNow);
  }
  SyncConfig cfg() const { return kiosk_config(data, pub, clock); }
};

std::unique_ptr<Store> open_active(const std::string& data) {
  auto w = GenerationWatch::open(data);
  EXPECT_TRUE(w.ok());
  auto cur = w->current();
  EXPECT_TRUE(cur.ok() && cur->has_value());
  auto s = Store::open((*cur)->path, Store::Mode::ReadOnly);
  EXPECT_TRUE(s.ok()) << s.error().message;
  return s.ok() ? std::move(*s) : nullptr;
}

size_t count_files(const std::string& dir) {
  std::error_code ec;
  size_t n = 0;
  for (auto it = fs::directory_iterator(dir, ec); it != fs::directory_iterator(); ++it) ++n;
  return n;
}

// clock.h invariants, without a feed.
TEST(TrustedClockTest, FloorOnlyRisesAndElapsedRunningTimeCounts) {
  FakeClock c;
  TrustedClock t(c.clock(), kNow);
  EXPECT_EQ(t.now(), kNow);
  t.raise_to(kNow - kDay);  // an older issued time changes nothing
  EXPECT_EQ(t.floor_now(), kNow);
  *c.mono += 3600;
  EXPECT_EQ(t.floor_now(), kNow + 3600);
  *c.system = kNow + 2 * kYear;  // the wall clock wins while ahead, but is not the floor
  EXPECT_EQ(t.now(), kNow + 2 * kYear);
  EXPECT_EQ(t.floor_now(), kNow + 3600);
  t.raise_to(kNow + 7200);
  *c.mono -= 100;  // a misbehaving monotonic clock cannot pull the floor back
  EXPECT_GE(t.floor_now(), kNow + 7200);
}

TEST(TrustedClockTest, IssuedTimeFarAheadOfASaneClockRaisesTheFloorOnlyByTheLead) {
  FakeClock c;
  TrustedClock t(c.clock(), kNow - kDay);
  for (int cycle = 0; cycle < 50; ++cycle) t.raise_to(kNow + 10 * kYear);  // a publisher in 2036
  EXPECT_EQ(t.floor_now(), kNow + kMaxIssuedLeadSeconds);  // no creeping, cycle after cycle
  EXPECT_EQ(t.now(), kNow + kMaxIssuedLeadSeconds);
}

TEST(TrustedClockTest, ClockBehindTheFloorCatchesUpWithSignedTimeOneLeadPerCycle) {
  FakeClock c;
  *c.system = 0;  // dead RTC battery: 1970 after weeks powered off
  TrustedClock t(c.clock(), kNow);
  const int64_t real = kNow + 30 * kDay;
  t.raise_to(real);
  EXPECT_EQ(t.floor_now(), kNow + kMaxIssuedLeadSeconds);
  for (int cycle = 0; cycle < 40; ++cycle) t.raise_to(real);
  EXPECT_EQ(t.floor_now(), real);  // caught up, never past the signed time
}

TEST(StateDbTest, RecordSyncWithoutAnIssuedTimeKeepsTheLastOne) {
  TempDir tmp;
  auto st = StateDb::open(tmp / "state.db");
  ASSERT_TRUE(st.ok());
  ASSERT_TRUE(st->record_sync(kNow, kNow - 10, kNow).ok());
  ASSERT_TRUE(st->record_sync(kNow + 5, std::nullopt, kNow - 1000).ok());
  auto k = st->load();
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(*k->last_issued, kNow - 10);
  EXPECT_EQ(k->time_floor, kNow);  // invariant 3: only rises
  EXPECT_EQ(*k->last_sync, kNow + 5);
}

TEST_F(ApplyTest, TickPersistsTheFloorOnlyAfterItsInterval) {
  auto e = open_engine(cfg());
  ASSERT_TRUE(sync_dir(*e, pub.feed).ok());
  *clock.mono += kFloorPersistIntervalSeconds - 1;
  ASSERT_TRUE(e->tick().ok());
  EXPECT_EQ(e->status()->time_floor, kNow);
  *clock.mono += 1;
  ASSERT_TRUE(e->tick().ok());
  EXPECT_EQ(e->status()->time_floor, kNow + kFloorPersistIntervalSeconds);
}

TEST_F(ApplyTest, NeverSyncedKioskHasNoActiveGeneration) {
  auto e = open_engine(cfg());
  auto w = GenerationWatch::open(data);
  ASSERT_TRUE(w.ok());
  auto cur = w->current();
  ASSERT_TRUE(cur.ok());
  EXPECT_FALSE(cur->has_value());  // the caller shows the bundled demo DB
  auto st = e->status();
  ASSERT_TRUE(st.ok());
  EXPECT_FALSE(st->generation);
}

TEST_F(ApplyTest, FirstSyncAppliesTheFeedEmitFeedWrote) {
  auto e = open_engine(cfg());
  auto r = sync_dir(*e, pub.feed);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->outcome, CycleResult::Outcome::Applied);
  EXPECT_EQ(r->generation, 1);
  EXPECT_EQ(r->objects_reused, 0);
  EXPECT_GT(r->objects_downloaded, 3);
  EXPECT_EQ(r->changes.items_added, 40);
  EXPECT_EQ(r->changes.notices_added, 2);
  auto store = open_active(data);
  ASSERT_TRUE(store);
  auto counts = store->counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->items, 40);
  EXPECT_EQ(counts->notices, 2);
  EXPECT_EQ(counts->attachments, 1);
  auto n = store->notice("2026-青禾-0001");
  ASSERT_TRUE(n.ok() && n->has_value());
  EXPECT_EQ((*n)->title, "关于低保对象的公示");
  ASSERT_EQ((*n)->attachments.size(), 1u);
  auto bytes = store->attachment_bytes((*n)->attachments[0].sha256);
  ASSERT_TRUE(bytes.ok() && bytes->has_value());
  EXPECT_EQ((*bytes)->size(), 7u);
  // The village kiosk sees the township's and the county's items (store.h scoping rule).
  auto groups = store->items_of_domain("01", Scope{kVillage, ""});
  ASSERT_TRUE(groups.ok());
  size_t seen = 0;
  for (const auto& g : *groups) seen += g.items.size();
  EXPECT_EQ(seen, 40u);
  EXPECT_TRUE(integrity_check(data + "/generations/gen-1.db").ok());
  EXPECT_EQ(count_files(data + "/staging"), 0u);
}

TEST_F(ApplyTest, IncrementalApplyDownloadsOnlyTheChangedShardAndCollectsGarbage) {
  auto e = open_engine(cfg());
  auto first = sync_dir(*e, pub.feed);
  ASSERT_TRUE(first.ok());
  size_t objects_v1 = count_files(data + "/objects");
  pub.change_item(7, "修改后的公开内容");
  pub.emit(kNow + 60);
  *clock.system = kNow + 60;
  auto r = sync_dir(*e, pub.feed);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->outcome, CycleResult::Outcome::Applied);
  EXPECT_EQ(r->generation, 2);
  EXPECT_EQ(r->objects_downloaded, 1);  // one changed item → one catalog shard
  EXPECT_EQ(r->objects_reused, static_cast<int>(objects_v1) - 1);
  EXPECT_EQ(r->changes.items_added, 0);
  EXPECT_EQ(r->changes.items_removed, 0);
  // Previous generation kept (the UI may still be reading it); objects of both kept.
  EXPECT_TRUE(fs::exists(data + "/generations/gen-1.db"));
  EXPECT_EQ(count_files(data + "/objects"), objects_v1 + 1);
  auto store = open_active(data);
  auto item = store->items_of_domain("01", Scope{kVillage, ""});
  ASSERT_TRUE(item.ok());
  bool found = false;
  for (const auto& g : *item) {
    for (const auto& s : g.items) {
      auto full = store->item(s.id);
      if (full.ok() && *full && (*full)->uid == pub.items[7].uid) {
        found = (*full)->content == "修改后的公开内容";
      }
    }
  }
  EXPECT_TRUE(found);
  // A third generation: gen-1 and the object only it used are garbage-collected.
  pub.change_item(8, "再次修改");
  pub.emit(kNow + 120);
  ASSERT_TRUE(sync_dir(*e, pub.feed).ok());
  EXPECT_FALSE(fs::exists(data + "/generations/gen-1.db"));
  EXPECT_TRUE(fs::exists(data + "/generations/gen-2.db"));
  EXPECT_EQ(count_files(data + "/objects"), objects_v1 + 1);  // −1 (v1 shard), +1 (v3 shard)
}

TEST_F(ApplyTest, NothingNewDownloadsNothingAndDoesNotRefreshStaleness) {
  auto e = open_engine(cfg());
  ASSERT_TRUE(sync_dir(*e, pub.feed).ok());
  *clock.system = kNow + 49 * 3600;
  auto r = sync_dir(*e, pub.feed);  // the same timestamp again: like a 304
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->outcome, CycleResult::Outcome::UpToDate);
  EXPECT_EQ(r->objects_downloaded, 0);
  EXPECT_TRUE(r->report.timestamp_unchanged);
  auto st = e->status();
  ASSERT_TRUE(st.ok());
  EXPECT_TRUE(st->stale);  // issue #5: judged from the signed issued time, never from a 304
  EXPECT_EQ(*st->last_issued, kNow);
  // A freshly signed timestamp (same content) clears it.
  pub.emit(kNow + 49 * 3600);
  auto r2 = sync_dir(*e, pub.feed);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->objects_downloaded, 0);
  st = e->status();
  EXPECT_FALSE(st->stale);
}

TEST_F(ApplyTest, RollbackIsRefusedWithGenerationAndTrustedStateUnchanged) {
  std::string old_feed = tmp / "feed-v1";
  fs::copy(pub.feed, old_feed, fs::copy_options::recursive);
  pub.change_item(1, "新内容");
  pub.emit(kNow + 60);
  *clock.system = kNow + 60;
  auto e = open_engine(cfg());
  ASSERT_TRUE(sync_dir(*e, pub.feed).ok());
  auto trust = dir_files(data + "/trust");
  auto before = e->status();
  auto r = sync_dir(*e, old_feed);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "tuf.rollback");
  EXPECT_EQ(dir_files(data + "/trust"), trust);
  auto after = e->status();
  EXPECT_EQ(*after->generation, *before->generation);
  EXPECT_EQ(after->time_floor, before->time_floor);
  EXPECT_NE(after->last_error.find("tuf.rollback"), std::string::npos);
}

// Items are keyed by uid = make_item_uid(region, domain, names): a signed item carrying another
// item's uid (say, a province item's) would overwrite it, so such a record is refused.
TEST_F(ApplyTest, ItemWhoseUidDoesNotMatchItsNamesIsRefused) {
  auto e = open_engine(cfg());
  ASSERT_TRUE(sync_dir(*e, pub.feed).ok());
  CatalogItem forged = pub.items[1];
  forged.level2 = "冒名的二级事项";
  forged.uid = pub.items[0].uid == "0000000000000000" ? "1111111111111111" : "0000000000000000";
  ASSERT_TRUE(pub.store->put_item(forged).ok());
  pub.emit(kNow + 60);
  *clock.system = kNow + 60;
  auto r = sync_dir(*e, pub.feed);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "feed.bad_record");
  EXPECT_NE(r.error().message.find("uid"), std::string::npos) << r.error().message;
  EXPECT_EQ(*e->status()->generation, 1);
}

TEST_F(ApplyTest, AlteredTargetBytesAreRefusedAndTheKioskStaysOnItsGeneration) {
  auto e = open_engine(cfg());
  ASSERT_TRUE(sync_dir(*e, pub.feed).ok());
  pub.change_item(3, "被篡改前");
  pub.emit(kNow + 60);
  // Flip one byte in every target file: whatever changed is now corrupt.
  for (const auto& f : fs::recursive_directory_iterator(pub.feed + "/targets")) {
    if (!f.is_regular_file()) continue;
    auto b = *tuf::read_file_capped(f.path().string(), 1 << 24);
    b[b.size() / 2] ^= 0x01;
    ASSERT_TRUE(tuf::write_file_atomic(f.path().string(), b).ok());
  }
  auto r = sync_dir(*e, pub.feed);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code.rfind("tuf.", 0), 0u) << r.error().code;
  auto st = e->status();
  EXPECT_EQ(*st->generation, 1);
  auto store = open_active(data);
  EXPECT_EQ(store->counts()->items, 40);
}

TEST_F(ApplyTest, DamagedCachedObjectIsDownloadedAgain) {
  auto e = open_engine(cfg());
  ASSERT_TRUE(sync_dir(*e, pub.feed).ok());
  for (const auto& f : fs::directory_iterator(data + "/objects")) {
    ASSERT_TRUE(tuf::write_file_atomic(f.path().string(), "bit rot").ok());
    break;
  }
  pub.change_item(2, "变更");
  pub.emit(kNow + 60);
  auto r = sync_dir(*e, pub.feed);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->objects_downloaded, 2);  // the changed shard and the repaired object
}

// STYLE habit 6: fail each I/O point in turn; after each failure the kiosk is on the old
// generation (or, for GC after the flip, on the new one), recovery at "boot" (a new engine)
// leaves no debris, and the next cycle completes.
TEST_F(ApplyTest, FailureAtEachIoPointLeavesOldOrNewGenerationAndRecoveryResumes) {
  {
    auto e = open_engine(cfg());
    ASSERT_TRUE(sync_dir(*e, pub.feed).ok());
  }
  std::string pristine = tmp / "pristine";
  fs::copy(data, pristine, fs::copy_options::recursive);
  pub.change_item(5, "变更五");
  pub.change_item(6, "变更六");
  pub.emit(kNow + 60);
  *clock.system = kNow + 60;

  // Count the points a clean cycle passes.
  std::vector<std::string> points;
  {
    fs::remove_all(data);
    fs::copy(pristine, data, fs::copy_options::recursive);
    SyncConfig c = cfg();
    c.fault = [&](std::string_view p) {
      points.emplace_back(p);
      return false;
    };
    auto e = open_engine(c);
    ASSERT_TRUE(sync_dir(*e, pub.feed).ok());
  }
  ASSERT_GE(points.size(), 8u);
  std::set<std::string> names(points.begin(), points.end());
  for (const char* p : {"object.write", "object.rename",
                        "gen.write", "gen.integrity", "gen.fsync", "gen.rename", "gen.dirsync",
                        "state.flip", "gen.gc", "object.gc"}) {
    EXPECT_TRUE(names.count(p)) << p;
  }
  for (size_t i = 0; i < points.size(); ++i) {
    SCOPED_TRACE("failing point " + std::to_string(i) + " " + points[i]);
    fs::remove_all(data);
    fs::copy(pristine, data, fs::copy_options::recursive);
    size_t n = 0;
    SyncConfig c = cfg();
    c.fault = [&](std::string_view) { return n++ == i; };
    bool after_flip = points[i] == "gen.gc" || points[i] == "object.gc";
    {
      auto e = open_engine(c);
      auto r = sync_dir(*e, pub.feed);
      EXPECT_EQ(r.ok(), after_flip);
      auto st = e->status();
      ASSERT_TRUE(st.ok());
      EXPECT_EQ(*st->generation, after_flip ? 2 : 1);
      EXPECT_FALSE(st->last_error.empty());
      EXPECT_TRUE(integrity_check(st->generation_path).ok());
    }
    auto e = open_engine(cfg());  // boot: recovery
    auto inv = e->check_invariants();
    EXPECT_TRUE(inv.ok()) << inv.error().message;
    EXPECT_EQ(count_files(data + "/staging"), 0u);
    for (const auto& f : fs::directory_iterator(data + "/objects")) {
      EXPECT_NE(f.path().filename().string().rfind(".part-", 0), 0u);
    }
    auto r = sync_dir(*e, pub.feed);
    ASSERT_TRUE(r.ok()) << r.error().message;
    auto st = e->status();
    EXPECT_EQ(*st->generation, 2);
    EXPECT_TRUE(st->last_error.empty());
    EXPECT_EQ(count_files(data + "/generations"), 2u);
    EXPECT_TRUE(e->check_invariants().ok());
  }
}

TEST_F(ApplyTest, MissingActiveFileBreaksTheInvariantAndTheNextCycleRebuilds) {
  auto e = open_engine(cfg());
  ASSERT_TRUE(sync_dir(*e, pub.feed).ok());
  EXPECT_TRUE(e->check_invariants().ok());
  fs::remove(data + "/generations/gen-1.db");
  auto inv = e->check_invariants();
  ASSERT_FALSE(inv.ok());
  EXPECT_EQ(inv.error().code, "apply.invariant");
  auto r = sync_dir(*e, pub.feed);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->outcome, CycleResult::Outcome::Applied);
  EXPECT_EQ(r->objects_downloaded, 0);  // rebuilt from the object cache
  EXPECT_TRUE(e->check_invariants().ok());
}

TEST_F(ApplyTest, RecoveryDeletesUnreferencedGenerationAndStagingFiles) {
  auto e = open_engine(cfg());
  ASSERT_TRUE(sync_dir(*e, pub.feed).ok());
  e.reset();
  ASSERT_TRUE(tuf::write_file_atomic(data + "/generations/gen-9.db", "half").ok());
  ASSERT_TRUE(tuf::write_file_atomic(data + "/staging/gen-9.db", "half").ok());
  ASSERT_TRUE(tuf::write_file_atomic(data + "/objects/.part-abc", "half").ok());
  e = open_engine(cfg());
  EXPECT_FALSE(fs::exists(data + "/generations/gen-9.db"));
  EXPECT_FALSE(fs::exists(data + "/staging/gen-9.db"));
  EXPECT_FALSE(fs::exists(data + "/objects/.part-abc"));
  EXPECT_TRUE(fs::exists(data + "/generations/gen-1.db"));
  ASSERT_TRUE(e->recover().ok());  // idempotent
  EXPECT_TRUE(fs::exists(data + "/generations/gen-1.db"));
}

TEST_F(ApplyTest, OnlyTargetsOfTheKiosksRegionAndItsAncestorsAreRead) {
  SyncConfig c = cfg();
  c.region = "341798101001";  // a village of the neighbouring county: nothing here is for it
  auto e = open_engine(c);
  auto r = sync_dir(*e, pub.feed);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "apply.no_content");
  EXPECT_TRUE(dir_files(data + "/objects").empty());  // not one target was downloaded
  EXPECT_FALSE(e->status()->generation);
}

TEST_F(ApplyTest, SecondEngineOnTheSameDataDirectoryIsRefused) {
  auto e = open_engine(cfg());
  auto other = SyncEngine::open(cfg());
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, "apply.busy");
}

// DESIGN §5 trusted time.
TEST_F(ApplyTest, ClockRolledBackAYearResurrectsNothing) {
  {
    auto e = open_engine(cfg());
    ASSERT_TRUE(sync_dir(*e, pub.feed).ok());
  }
  *clock.system = kNow - kYear;  // and a reboot: monotonic time starts again
  *clock.mono = 5;
  auto e = open_engine(cfg());
  int64_t t = e->trusted_now();
  EXPECT_GE(t, kNow);
  auto store = open_active(data);
  auto ended = store->notices(NoticeQuery{Scope{kVillage, ""}, t, NoticeState::Archived, ""});
  ASSERT_TRUE(ended.ok());
  ASSERT_EQ(ended->size(), 1u);
  EXPECT_EQ((*ended)[0].id, "2026-青禾-0000");  // still archived, not 公示中 again
  auto open_now = store->notices(NoticeQuery{Scope{kVillage, ""}, t, NoticeState::InPublicity, ""});
  ASSERT_EQ(open_now->size(), 1u);
  // Elapsed running time raises the floor even with the wall clock wrong.
  *clock.mono += 10 * kDay;
  EXPECT_GE(e->trusted_now(), kNow + 10 * kDay);
  ASSERT_TRUE(e->tick().ok());
  e.reset();
  *clock.mono = 5;
  auto st = peek_status(data, clock.clock());
  ASSERT_TRUE(st.ok());
  EXPECT_GE(st->time_floor, kNow + 10 * kDay);
}

TEST_F(ApplyTest, ClockForwardAYearArchivesAndExpiredFeedKeepsContentButIsStale) {
  auto e = open_engine(cfg());
  ASSERT_TRUE(sync_dir(*e, pub.feed).ok());
  *clock.system = kNow + kYear;
  int64_t t = e->trusted_now();
  auto store = open_active(data);
  auto open_now = store->notices(NoticeQuery{Scope{kVillage, ""}, t, NoticeState::InPublicity, ""});
  ASSERT_TRUE(open_now.ok());
  EXPECT_TRUE(open_now->empty());
  auto ended = store->notices(NoticeQuery{Scope{kVillage, ""}, t, NoticeState::Archived, ""});
  EXPECT_EQ(ended->size(), 2u);
  // The timestamp (7 days) has expired at this time: refused, content stays, staff see stale.
  auto r = sync_dir(*e, pub.feed);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "tuf.expired");
  auto st = e->status();
  EXPECT_EQ(*st->generation, 1);
  EXPECT_TRUE(st->stale);
  // The wall clock does not enter the persisted floor: set back right, the year is gone.
  ASSERT_TRUE(e->tick().ok());
  *clock.system = kNow + 60;
  EXPECT_LT(e->trusted_now(), kNow + kDay);
}

TEST_F(ApplyTest, GenerationWatchSeesTheFlipAtTheNextCheck) {
  auto e = open_engine(cfg());
  ASSERT_TRUE(sync_dir(*e, pub.feed).ok());
  auto w = GenerationWatch::open(data);
  ASSERT_TRUE(w.ok());
  auto cur = w->current();
  ASSERT_TRUE(cur.ok() && cur->has_value());
  EXPECT_EQ((*cur)->generation, 1);
  EXPECT_FALSE(*w->changed());
  EXPECT_FALSE(*w->changed());
  pub.change_item(0, "变更");
  pub.emit(kNow + 60);
  ASSERT_TRUE(sync_dir(*e, pub.feed).ok());
  EXPECT_TRUE(*w->changed());
  cur = w->current();
  EXPECT_EQ((*cur)->generation, 2);
  EXPECT_FALSE(*w->changed());
}

}  // namespace
}  // namespace gongkai::apply::testing
