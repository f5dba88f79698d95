// test_migrations.cpp — schema versions move forward only, keep data, and newer files are refused
// (store.h invariant 1).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "gongkai/store.h"
#include "store/schema.h"
#include "store_fixture.h"

namespace gongkai::testing {
namespace {

sqlite::Db raw_open(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  return sqlite::Db(db);
}

TEST(Migrations, v1_file_with_data_is_migrated_to_current_and_keeps_its_data) {
  TempDir dir;
  const std::string path = dir.file("v1.db");
  {
    auto db = raw_open(path);
    ASSERT_TRUE(schema::migrate(db, 1).ok());
    EXPECT_EQ(*schema::version(db), 1);
    ASSERT_TRUE(db.exec("INSERT INTO region VALUES('341799000000','青禾县','',3);"
                        "INSERT INTO domain VALUES('18','社会救助','民政部',18);"
                        "INSERT INTO notice(id,title,category,region,published_at,start_at,end_at)"
                        " VALUES('n1','关于低保的公示','事务','341799000000',0,0,604800);")
                    .ok());
    EXPECT_FALSE(db.exec("SELECT * FROM generation").ok());  // v1 has no generations
  }
  auto ro = Store::open(path, Store::Mode::ReadOnly);
  ASSERT_FALSE(ro.ok());  // read-only opens never migrate
  EXPECT_EQ(ro.error().code, "store.version");

  auto s = Store::open(path, Store::Mode::ReadWrite);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ((*s)->schema_version(), kStoreSchemaVersion);
  auto n = (*s)->notice("n1");
  ASSERT_TRUE(n.ok() && n->has_value());
  EXPECT_EQ((*n)->title, "关于低保的公示");
  EXPECT_TRUE((*s)->add_generation("migrated", "", 1).ok());
  // An existing file is not re-seeded: only the one domain it had.
  EXPECT_EQ((*s)->counts()->domains, 1);
}

TEST(Migrations, v3_item_lists_move_into_columns_in_their_order) {
  TempDir dir;
  const std::string path = dir.file("v3.db");
  {
    auto db = raw_open(path);
    ASSERT_TRUE(schema::migrate(db, 3).ok());
    ASSERT_TRUE(db.exec("INSERT INTO region VALUES('341799000000','青禾县','',3);"
                        "INSERT INTO domain VALUES('18','社会救助','民政部',18);"
                        "INSERT INTO catalog_item(id,uid,region,domain,level1) "
                        "  VALUES(7,'u7','341799000000','18','最低生活保障');"
                        "INSERT INTO catalog_item(id,uid,region,domain,level1) "
                        "  VALUES(8,'u8','341799000000','18','临时救助');"
                        "INSERT INTO item_citation VALUES(7,1,'《社会救助暂行办法》','行政法规');"
                        "INSERT INTO item_citation VALUES(7,0,'《民法典》','法律');"
                        "INSERT INTO item_channel VALUES(7,1,'村公示栏');"
                        "INSERT INTO item_channel VALUES(7,0,'政府网站');"
                        "INSERT INTO item_level VALUES(7,0,'县级');"
                        "INSERT INTO item_cell VALUES(7,1,'一级事项','最低生活保障');"
                        "INSERT INTO item_cell VALUES(7,0,'序号','\"1\"\\');")
                    .ok());
  }
  auto s = Store::open(path, Store::Mode::ReadWrite);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto it = (*s)->item(7);
  ASSERT_TRUE(it.ok() && it->has_value()) << (it.ok() ? "absent" : it.error().message);
  const CatalogItem& g = **it;
  ASSERT_EQ(g.basis.size(), 2u);
  EXPECT_EQ(g.basis[0].text, "《民法典》");
  EXPECT_EQ(g.basis[1].tag, "行政法规");
  EXPECT_EQ(g.channels, (std::vector<std::string>{"政府网站", "村公示栏"}));
  EXPECT_EQ(g.levels, (std::vector<std::string>{"县级"}));
  ASSERT_EQ(g.original.size(), 2u);
  EXPECT_EQ(g.original[0].text, "\"1\"\\");
  EXPECT_EQ(g.original[1].header, "一级事项");
  auto bare = (*s)->item(8);  // no child rows: empty lists, not an error
  ASSERT_TRUE(bare.ok() && bare->has_value());
  EXPECT_TRUE((*bare)->basis.empty() && (*bare)->channels.empty() && (*bare)->original.empty());
  // The county's channel filter still sees both (an item without channels shows everywhere).
  auto d = (*s)->domains(Scope{"341799000000", "", "村公示栏"});
  ASSERT_TRUE(d.ok());
  int n = 0;
  for (const auto& x : *d) n += x.item_count;
  EXPECT_EQ(n, 2);
  auto none = (*s)->domains(Scope{"341799000000", "", "政府公报"});
  n = 0;
  for (const auto& x : *none) n += x.item_count;
  EXPECT_EQ(n, 1);
}

TEST(Migrations, file_from_a_newer_program_is_refused_untouched) {
  TempDir dir;
  const std::string path = dir.file("future.db");
  {
    auto db = raw_open(path);
    ASSERT_TRUE(db.exec("PRAGMA user_version = 99").ok());
  }
  auto s = Store::open(path, Store::Mode::ReadWrite);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "store.too_new");
  auto db = raw_open(path);
  EXPECT_EQ(*schema::version(db), 99);
}

TEST(Migrations, migrating_twice_is_a_no_op) {
  TempDir dir;
  auto db = raw_open(dir.file("twice.db"));
  ASSERT_TRUE(schema::migrate(db, kStoreSchemaVersion).ok());
  ASSERT_TRUE(schema::migrate(db, kStoreSchemaVersion).ok());
  EXPECT_EQ(*schema::version(db), kStoreSchemaVersion);
}

}  // namespace
}  // namespace gongkai::testing
