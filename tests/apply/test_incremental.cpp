// test_incremental.cpp — an incremental apply (generation.h: the previous generation copied, rows
// of vanished or changed targets deleted by origin, only new or changed targets applied) must
// produce exactly what a full build of the same signed targets produces. Each test runs two
// kiosks on the same feed: kiosk A has the previous generation and patches it, kiosk B starts
// empty and builds in full; their generation files must hold the same content, compared row by
// row with natural keys (item row ids are local to a file, and the generation history differs
// by design).
#include <fcntl.h>
#include <sqlite3.h>

#include <set>

#include "fixture.h"
#include "store/schema.h"

namespace gongkai::apply::testing {
namespace {

// Every content table as text, one line per row, columns separated by U+001F.
std::string dump(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::string out;
  for (const char* sql :
       {"SELECT code, name, parent, level FROM region ORDER BY code",
        "SELECT code, name, lead_department, sort_order FROM domain ORDER BY code",
        "SELECT uid, region, domain, serial, level1, level2, level3, content, basis_text, "
        "time_limit_text, time_limit_kind, time_limit_days, time_limit_working, "
        "time_limit_publicity_days, time_limit_period, subject, channels_text, audience, mode, "
        "duration_text, url, source_file, source_row, basis, channels, levels, original, origin "
        "FROM catalog_item ORDER BY uid",
        "SELECT id, title, issuer, doc_number, category, kind, region, channel, priority, "
        "published_at, start_at, end_at, body, source_file, url, origin FROM notice ORDER BY id",
        "SELECT notice_id, seq, sha256, name, mime, caption FROM notice_attachment "
        "ORDER BY notice_id, seq",
        "SELECT sha256, mime, size, hex(data) FROM attachment ORDER BY sha256",
        "SELECT path, sha256, kind FROM feed_target ORDER BY path"}) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    out += std::string("== ") + sql + "\n";
    while (st && sqlite3_step(st) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const auto* t = sqlite3_column_text(st, c);
        out += (c ? "\x1f" : "") + (t ? std::string(reinterpret_cast<const char*>(t)) : "NULL");
      }
      out += "\n";
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

void exec_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

class IncrementalTest : public ::testing::Test {
 protected:
  TempDir tmp;
  Publisher pub{tmp.path()};
  FakeClock clock;
  std::unique_ptr<SyncEngine> patched;  // kiosk A: keeps its generations
  int64_t now = kNow;
  int fresh_kiosks = 0;

  void SetUp() override {
    pub.init();
    pub.emit(now);
    patched = open_engine(kiosk_config(tmp / "kiosk-a", pub, clock));
    ASSERT_TRUE(patched);
    auto r = sync_dir(*patched, pub.feed);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_FALSE(r->built.incremental);  // nothing to patch yet
  }

  static std::string active_file(SyncEngine& e) {
    auto st = e.status();
    EXPECT_TRUE(st.ok());
    return st.ok() ? st->generation_path : "";
  }

  // Re-emits, applies on kiosk A (returns its result) and on a new kiosk, and compares.
  CycleResult publish_and_compare() {
    now += 60;
    *clock.system = now;
    pub.emit(now);
    auto a = sync_dir(*patched, pub.feed);
    EXPECT_TRUE(a.ok()) << a.error().message;
    auto fresh = open_engine(kiosk_config(tmp / ("kiosk-b" + std::to_string(++fresh_kiosks)), pub,
                                          clock));
    auto b = sync_dir(*fresh, pub.feed);
    EXPECT_TRUE(b.ok()) << b.error().message;
    if (!a.ok() || !b.ok()) return {};
    EXPECT_FALSE(b->built.incremental);
    EXPECT_EQ(dump(active_file(*patched)), dump(active_file(*fresh)));
    EXPECT_TRUE(patched->check_invariants().ok());
    return *a;
  }
};

TEST_F(IncrementalTest, ChangedAddedAndRemovedItemsPatchOnlyTheirShardsAndEqualAFullBuild) {
  pub.change_item(7, "修改后的公开内容");
  CatalogItem added = pub.items[0];
  added.level2 = "新增的二级事项";
  added.uid = make_item_uid(added);
  ASSERT_TRUE(pub.store->put_item(added).ok());
  std::set<std::string> keep;
  for (const auto& it : pub.items) {
    if (it.region == kCounty && it.uid != pub.items[3].uid) keep.insert(it.uid);
  }
  auto removed = pub.store->remove_items_of_source(kCounty, "", keep);
  ASSERT_TRUE(removed.ok());
  ASSERT_EQ(*removed, 1);

  auto r = publish_and_compare();
  EXPECT_TRUE(r.built.incremental);
  EXPECT_GE(r.built.targets_applied, 1);
  EXPECT_LE(r.built.targets_applied, 3);  // at most the three shards involved
  EXPECT_EQ(r.built.items, 40);           // 40 − 1 + 1
  EXPECT_EQ(r.changes.items_added, 1);
  EXPECT_EQ(r.changes.items_removed, 1);
}

TEST_F(IncrementalTest, NoticesAndAttachmentsComeAndGoLikeAFullBuild) {
  auto att = pub.store->put_attachment({0x89, 'P', 'N', 'G', 9, 9, 9}, "image/png");
  ASSERT_TRUE(att.ok());
  pub.add_notice("2026-青禾-0002", "关于危房改造的公示", now, now + 7 * kDay, *att);
  exec_sql(pub.db, "UPDATE notice SET title = '关于低保对象的公示（更正）' "
                   "WHERE id = '2026-青禾-0001'");
  exec_sql(pub.db, "DELETE FROM notice WHERE id = '2026-青禾-0000'");
  auto r = publish_and_compare();
  EXPECT_TRUE(r.built.incremental);
  EXPECT_EQ(r.built.notices, 2);
  EXPECT_EQ(r.built.attachments, 2);
  EXPECT_EQ(r.changes.notices_added, 1);
  EXPECT_EQ(r.changes.notices_removed, 1);

  // The new notice loses its photo: the attachment no notice cites any more leaves the feed.
  exec_sql(pub.db, "DELETE FROM notice_attachment WHERE notice_id = '2026-青禾-0002'");
  exec_sql(pub.db, "DELETE FROM attachment WHERE sha256 = '" + *att + "'");
  r = publish_and_compare();
  EXPECT_TRUE(r.built.incremental);
  EXPECT_EQ(r.built.attachments, 1);
}

TEST_F(IncrementalTest, RegionChangeOrABaseWithoutTargetListIsBuiltInFull) {
  ASSERT_TRUE(pub.store->put_region({kVillage, "石桥村（更名）", kTown, RegionLevel::Village}).ok());
  auto r = publish_and_compare();
  EXPECT_FALSE(r.built.incremental);

  // A generation from before schema v4 lists no targets: nothing to patch from.
  exec_sql(active_file(*patched), "DELETE FROM feed_target");
  pub.change_item(1, "再次修改");
  r = publish_and_compare();
  EXPECT_FALSE(r.built.incremental);
}

TEST_F(IncrementalTest, DamagedBaseFallsBackToAFullBuild) {
  // Bytes overwritten in the middle of the active file (flash wear): the copy fails to open,
  // to patch or to pass integrity_check, and the kiosk builds the generation in full instead.
  const std::string base = active_file(*patched);
  {
    tuf::Fd fd(::open(base.c_str(), O_WRONLY | O_CLOEXEC));
    ASSERT_TRUE(fd.valid());
    const std::string junk(4096, '\x5a');
    ASSERT_EQ(::pwrite(fd.get(), junk.data(), junk.size(), 4096), 4096);
  }
  pub.change_item(2, "第三次修改");
  auto r = publish_and_compare();
  EXPECT_FALSE(r.built.incremental);
}

TEST_F(IncrementalTest, ActiveGenerationInAnOlderSchemaIsUpgradedAtBootWithoutTheNetwork) {
  // The active file as a kiosk build from before schema v4 wrote it (lists in child tables, no
  // target list), put in place while the kiosk is off.
  const std::string active = active_file(*patched);
  patched.reset();
  const std::string old = tmp / "v3.db";
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(old.c_str(), &raw), SQLITE_OK);
    sqlite::Db db(raw);
    ASSERT_TRUE(schema::migrate(db, 3).ok());
  }
  exec_sql(old,
           "INSERT INTO region VALUES('341799000000','青禾县','',3);"
           "INSERT INTO region VALUES('341799101000','松溪镇','341799000000',4);"
           "INSERT INTO region VALUES('341799101001','石桥村','341799101000',5);"
           "INSERT INTO domain VALUES('01','决策公开','',1);"
           "INSERT INTO catalog_item(id,uid,region,domain,level1) "
           "  VALUES(1,'u1','341799000000','01','一级事项0');"
           "INSERT INTO item_channel VALUES(1,0,'政府网站');"
           "INSERT INTO notice(id,title,category,region,published_at,start_at,end_at) "
           "  VALUES('n-old','升级前的公示','财务','341799101000',0,0,NULL);"
           "PRAGMA journal_mode = DELETE;");
  fs::rename(old, active);

  patched = open_engine(kiosk_config(tmp / "kiosk-a", pub, clock));
  ASSERT_TRUE(patched);
  const std::string upgraded = active_file(*patched);
  EXPECT_NE(upgraded, active);
  auto st = Store::open(upgraded, Store::Mode::ReadOnly);  // what the UI does
  ASSERT_TRUE(st.ok()) << st.error().message;
  auto n = (*st)->notice("n-old");
  ASSERT_TRUE(n.ok() && n->has_value());
  EXPECT_EQ((*n)->title, "升级前的公示");
  auto item = (*st)->item(1);
  ASSERT_TRUE(item.ok() && item->has_value());
  EXPECT_EQ((*item)->channels, std::vector<std::string>{"政府网站"});
  EXPECT_TRUE(patched->check_invariants().ok());

  // The next sync cannot patch a file without a target list: it builds in full.
  pub.change_item(3, "升级后的修改");
  auto r = publish_and_compare();
  EXPECT_FALSE(r.built.incremental);
}

}  // namespace
}  // namespace gongkai::apply::testing
