// test_store.cpp — the store's read API: scoping by region ancestry and channel, notice states at
// the exact boundary seconds, ordering, round trips, invariants refused on write.
#include <gtest/gtest.h>

#include "gongkai/store.h"
#include "store_fixture.h"

namespace gongkai::testing {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kT0 = 1795363200;  // 2026-11-23 00:00 China time (UTC+8)

Notice notice(const std::string& id, const std::string& region, int64_t start,
              std::optional<int64_t> end, NoticePriority p = NoticePriority::Normal) {
  Notice n;
  n.id = id;
  n.title = "关于" + id + "的公示";
  n.issuer = "松溪镇人民政府";
  n.category = "事务";
  n.region = region;
  n.priority = p;
  n.published_at = start;
  n.start_at = start;
  n.end_at = end;
  n.body = "公示期内如有异议，请向镇民政办反映。";
  return n;
}

std::vector<std::string> ids(const std::vector<NoticeSummary>& v) {
  std::vector<std::string> out;
  for (const auto& n : v) out.push_back(n.id);
  return out;
}

TEST_F(StoreTest, new_store_has_current_schema_and_the_26_pilot_domains) {
  EXPECT_EQ(store_->schema_version(), kStoreSchemaVersion);
  auto d = store_->domains(Scope{kCounty, ""});
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->size(), 26u);
  EXPECT_EQ(d->front().domain.name, "重大建设项目");
  EXPECT_EQ((*d)[17].domain.name, "社会救助");
  EXPECT_EQ((*d)[17].domain.lead_department, "民政部 民办函〔2019〕52号");
}

TEST_F(StoreTest, village_sees_its_own_township_and_county_items_but_not_a_sibling_village) {
  for (auto it : {item(kCounty, "18", "最低生活保障", "办事指南"),
                  item(kTownA, "18", "最低生活保障", "审核结果"),
                  item(kVillageA1, "18", "低保评议", "民主评议结果"),
                  item(kVillageA2, "18", "低保评议", "民主评议结果"),
                  item(kTownB, "18", "特困人员供养", "办事指南")}) {
    ASSERT_TRUE(store_->put_item(it).ok());
  }
  auto count_in = [&](const char* region) {
    auto d = store_->domains(Scope{region, ""});
    EXPECT_TRUE(d.ok());
    return (*d)[17].item_count;
  };
  EXPECT_EQ(count_in(kVillageA1), 3);  // county + 松溪镇 + 石桥村
  EXPECT_EQ(count_in(kTownA), 2);      // county + 松溪镇; villages below are not shown
  EXPECT_EQ(count_in(kCounty), 1);
  EXPECT_EQ(count_in(kVillageB1), 2);  // county + 柳塘乡
}

TEST_F(StoreTest, items_are_grouped_by_level1_county_first_in_source_order) {
  auto a = item(kCounty, "18", "最低生活保障", "办事指南");
  a.source_row = 5;
  auto b = item(kCounty, "18", "特困人员救助供养", "办事指南");
  b.source_row = 9;
  auto c = item(kCounty, "18", "最低生活保障", "审批结果");
  c.source_row = 6;
  auto v = item(kVillageA1, "18", "最低生活保障", "村级评议");
  v.source_row = 1;
  for (auto* it : {&v, &b, &c, &a}) ASSERT_TRUE(store_->put_item(*it).ok());
  auto groups = store_->items_of_domain("18", Scope{kVillageA1, ""});
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 2u);
  EXPECT_EQ((*groups)[0].level1, "最低生活保障");
  ASSERT_EQ((*groups)[0].items.size(), 3u);
  EXPECT_EQ((*groups)[0].items[0].level2, "办事指南");
  EXPECT_EQ((*groups)[0].items[1].level2, "审批结果");
  EXPECT_EQ((*groups)[0].items[2].level2, "村级评议");
  EXPECT_EQ((*groups)[1].level1, "特困人员救助供养");
}

TEST_F(StoreTest, catalog_channel_keeps_items_for_that_channel_and_items_without_channels) {
  auto web = item(kCounty, "03", "预算", "部门预算");
  web.channels = {"政府网站"};
  auto hall = item(kCounty, "03", "决算", "部门决算");
  hall.channels = {"政府网站", "政务服务中心"};
  auto none = item(kCounty, "03", "三公经费", "年度情况");
  for (auto* it : {&web, &hall, &none}) ASSERT_TRUE(store_->put_item(*it).ok());
  auto d = store_->domains(Scope{kCounty, "", "政务服务中心"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)[2].item_count, 2);
  auto all = store_->domains(Scope{kCounty, ""});
  EXPECT_EQ((*all)[2].item_count, 3);
  // A notice channel (board | terminal) never hides catalog items: a different vocabulary.
  auto board = store_->domains(Scope{kCounty, "board"});
  EXPECT_EQ((*board)[2].item_count, 3);
}

TEST_F(StoreTest, item_round_trips_every_element_and_upsert_keeps_its_id) {
  auto it = item(kCounty, "18", "最低生活保障", "办事指南");
  it.serial = "0505";
  it.basis = {{"《社会救助暂行办法》（国务院令第649号）", "行政法规"}, {"各地相关政策法规文件", ""}};
  it.basis_text = "【行政法规】《社会救助暂行办法》（国务院令第649号）、各地相关政策法规文件";
  it.time_limit = {TimeLimitKind::WithinDays, 10, true, 7, ""};
  it.time_limit_text = "制定或获取信息之日起10个工作日内，公示7个工作日";
  it.subject = "县级政府民政部门、乡镇政府(街道办事处)";
  it.channels = {"政府网站", "村公示栏"};
  it.channels_text = "■政府网站 □政府公报 ■社区/企事业单位/村公示栏(电子屏)";
  it.audience = Audience::Public;
  it.mode = DisclosureMode::Proactive;
  it.levels = {"县级", "乡级", "村级"};
  it.duration_text = "长期，最新有效";
  it.url = "https://www.qinghe.gov.cn.example/mz/dibao";
  it.source_file = "18-社会救助.csv";
  it.source_row = 7;
  it.original = {{"序号", "0505"}, {"公开事项/一级事项", "最低生活保障"},
                 {"备注 \"引号\" \\", "第一行\n第二行\t\x01"}};
  ASSERT_TRUE(store_->put_item(it).ok());
  int64_t first_id = it.id;
  auto got = store_->item(first_id);
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  const CatalogItem& g = **got;
  EXPECT_EQ(g.uid, it.uid);
  EXPECT_EQ(g.serial, "0505");
  ASSERT_EQ(g.basis.size(), 2u);
  EXPECT_EQ(g.basis[0].tag, "行政法规");
  EXPECT_EQ(g.time_limit.kind, TimeLimitKind::WithinDays);
  EXPECT_EQ(g.time_limit.publicity_days, 7);
  EXPECT_TRUE(g.time_limit.working_days);
  EXPECT_EQ(g.channels, it.channels);
  EXPECT_EQ(g.levels, it.levels);
  EXPECT_EQ(g.audience, Audience::Public);
  EXPECT_EQ(g.mode, DisclosureMode::Proactive);
  EXPECT_EQ(g.url, it.url);
  ASSERT_EQ(g.original.size(), 3u);
  EXPECT_EQ(g.original[1].header, "公开事项/一级事项");
  EXPECT_EQ(g.original[2].header, it.original[2].header);  // quotes, backslash, controls
  EXPECT_EQ(g.original[2].text, it.original[2].text);

  it.content = "修订后的内容";
  it.channels = {"政府网站"};
  ASSERT_TRUE(store_->put_item(it).ok());
  EXPECT_EQ(it.id, first_id);
  auto again = store_->item(first_id);
  EXPECT_EQ((*again)->content, "修订后的内容");
  EXPECT_EQ((*again)->channels.size(), 1u);
  EXPECT_EQ(store_->counts()->items, 1);
}

TEST_F(StoreTest, removing_items_of_a_source_keeps_listed_uids_and_other_sources) {
  auto a = item(kCounty, "18", "最低生活保障", "办事指南");
  auto b = item(kCounty, "18", "最低生活保障", "审批结果");
  auto other_file = item(kCounty, "18", "临时救助", "救助标准");
  auto other_region = item(kTownA, "18", "最低生活保障", "审批结果");
  a.source_file = b.source_file = other_region.source_file = "18-社会救助.csv";
  other_file.source_file = "18-社会救助-补充.csv";
  for (auto* it : {&a, &b, &other_file, &other_region}) ASSERT_TRUE(store_->put_item(*it).ok());
  auto removed = store_->remove_items_of_source(kCounty, "18-社会救助.csv", {a.uid});
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 1);
  EXPECT_FALSE(store_->item(b.id)->has_value());
  EXPECT_TRUE(store_->item(a.id)->has_value());
  EXPECT_EQ(store_->counts()->items, 3);
}

TEST_F(StoreTest, item_with_unknown_region_or_domain_is_refused) {
  auto bad_region = item("341799101299", "18", "最低生活保障", "办事指南");
  EXPECT_FALSE(store_->put_item(bad_region).ok());
  auto bad_domain = item(kCounty, "99", "最低生活保障", "办事指南");
  EXPECT_FALSE(store_->put_item(bad_domain).ok());
  EXPECT_EQ(store_->counts()->items, 0);
}

TEST_F(StoreTest, unknown_domain_names_get_new_codes_after_the_pilot_domains) {
  auto a = store_->ensure_domain("乡村振兴");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, "x-01");
  EXPECT_EQ(*store_->ensure_domain("政府文件"), "x-02");
  EXPECT_EQ(*store_->ensure_domain("乡村振兴"), "x-01");
  EXPECT_EQ(*store_->ensure_domain("社会救助"), "18");
  auto d = store_->domains(Scope{kCounty, ""});
  EXPECT_EQ(d->back().domain.name, "政府文件");
}

TEST_F(StoreTest, notice_state_changes_at_the_exact_second_the_publicity_period_ends) {
  const int64_t start = kT0, end = kT0 + 7 * kDay;
  ASSERT_TRUE(store_->put_notice(notice("n1", kTownA, start, end)).ok());
  auto state_at = [&](int64_t t) {
    auto l = store_->notices(NoticeQuery{Scope{kVillageA1, ""}, t, std::nullopt, ""});
    EXPECT_TRUE(l.ok());
    EXPECT_EQ(l->size(), 1u);
    return l->front().state;
  };
  EXPECT_EQ(state_at(start - 1), NoticeState::Upcoming);
  EXPECT_EQ(state_at(start), NoticeState::InPublicity);
  EXPECT_EQ(state_at(end - 1), NoticeState::InPublicity);
  EXPECT_EQ(state_at(end), NoticeState::Archived);
}

TEST_F(StoreTest, long_term_notices_never_expire) {
  ASSERT_TRUE(store_->put_notice(notice("rules", kVillageA1, kT0, std::nullopt)).ok());
  auto q = NoticeQuery{Scope{kVillageA1, ""}, kT0 + 3650 * kDay, NoticeState::LongTerm, ""};
  EXPECT_EQ(ids(*store_->notices(q)), std::vector<std::string>{"rules"});
  q.trusted_now = kT0 - 1;
  q.state = NoticeState::Upcoming;
  EXPECT_EQ(ids(*store_->notices(q)), std::vector<std::string>{"rules"});
}

TEST_F(StoreTest, notices_order_urgent_then_pinned_then_newest) {
  ASSERT_TRUE(store_->put_notice(notice("old", kCounty, kT0 - 5 * kDay, kT0 + kDay)).ok());
  ASSERT_TRUE(store_->put_notice(notice("new", kTownA, kT0 - kDay, kT0 + kDay)).ok());
  ASSERT_TRUE(store_->put_notice(
      notice("pin", kTownA, kT0 - 9 * kDay, kT0 + kDay, NoticePriority::Pinned)).ok());
  ASSERT_TRUE(store_->put_notice(
      notice("fire", kCounty, kT0 - 10 * kDay, kT0 + kDay, NoticePriority::Urgent)).ok());
  auto l = store_->notices(NoticeQuery{Scope{kVillageA1, ""}, kT0, NoticeState::InPublicity, ""});
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(ids(*l), (std::vector<std::string>{"fire", "pin", "new", "old"}));
}

TEST_F(StoreTest, notices_are_scoped_by_region_channel_and_category) {
  auto board_only = notice("board", kVillageA1, kT0, kT0 + kDay);
  board_only.channel = "board";
  auto other_village = notice("sibling", kVillageA2, kT0, kT0 + kDay);
  auto finance = notice("money", kVillageA1, kT0, kT0 + kDay);
  finance.category = "财务";
  for (const auto& n : {board_only, other_village, finance})
    ASSERT_TRUE(store_->put_notice(n).ok());
  auto get = [&](const char* channel, const char* category) {
    return ids(*store_->notices(
        NoticeQuery{Scope{kVillageA1, channel}, kT0, NoticeState::InPublicity, category}));
  };
  EXPECT_EQ(get("", ""), (std::vector<std::string>{"board", "money"}));
  EXPECT_EQ(get("terminal", ""), (std::vector<std::string>{"money"}));
  EXPECT_EQ(get("board", "财务"), (std::vector<std::string>{"money"}));
  auto cats = store_->notice_categories();
  EXPECT_EQ(*cats, (std::vector<std::string>{"事务", "财务"}));
}

TEST_F(StoreTest, notice_with_end_before_start_or_unknown_region_is_refused) {
  EXPECT_FALSE(store_->put_notice(notice("bad", kTownA, kT0, kT0)).ok());
  EXPECT_FALSE(store_->put_notice(notice("nowhere", "341799101299", kT0, kT0 + kDay)).ok());
  EXPECT_EQ(store_->counts()->notices, 0);
}

TEST_F(StoreTest, personal_numbers_are_masked_again_when_read) {
  auto n = notice("lost", kTownA, kT0, kT0 + kDay);
  n.body = "联系人电话13905641234，身份证号341799199003071235。";
  ASSERT_TRUE(store_->put_notice(n).ok());
  auto got = store_->notice("lost");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->body.find("13905641234"), std::string::npos);
  EXPECT_EQ((*got)->body.find("341799199003071235"), std::string::npos);
  // The forms privacy.h promises: enough left to recognise one's own entry, not enough to misuse.
  EXPECT_NE((*got)->body.find("139****1234"), std::string::npos) << (*got)->body;
  EXPECT_NE((*got)->body.find("341799********1235"), std::string::npos) << (*got)->body;
}

TEST_F(StoreTest, attachments_are_stored_once_by_content_and_listed_in_order) {
  std::vector<uint8_t> png{0x89, 'P', 'N', 'G', 1, 2, 3};
  auto h1 = store_->put_attachment(png, "image/png");
  auto h2 = store_->put_attachment(png, "image/png");
  ASSERT_TRUE(h1.ok() && h2.ok());
  EXPECT_EQ(*h1, *h2);
  EXPECT_EQ(h1->size(), 64u);
  EXPECT_EQ(store_->counts()->attachments, 1);
  auto n = notice("map", kTownA, kT0, kT0 + kDay);
  n.attachments = {{*h1, "map.png", "image/png", "征收范围示意图"}};
  n.url = "https://www.qinghe.gov.cn.example/xxgk/zd/2026-03.html";
  ASSERT_TRUE(store_->put_notice(n).ok());
  auto got = store_->notice("map");
  ASSERT_EQ((*got)->attachments.size(), 1u);
  EXPECT_EQ((*got)->attachments[0].caption, "征收范围示意图");
  EXPECT_EQ((*got)->url, "https://www.qinghe.gov.cn.example/xxgk/zd/2026-03.html");
  auto bytes = store_->attachment_bytes(*h1);
  ASSERT_TRUE(bytes.ok() && bytes->has_value());
  EXPECT_EQ(**bytes, png);
}

TEST_F(StoreTest, transaction_rolls_back_unless_committed) {
  {
    Store::Transaction txn(*store_);
    ASSERT_TRUE(store_->put_notice(notice("gone", kTownA, kT0, kT0 + kDay)).ok());
  }
  EXPECT_EQ(store_->counts()->notices, 0);
  {
    Store::Transaction txn(*store_);
    ASSERT_TRUE(store_->put_notice(notice("kept", kTownA, kT0, kT0 + kDay)).ok());
    ASSERT_TRUE(txn.commit().ok());
  }
  EXPECT_EQ(store_->counts()->notices, 1);
}

TEST_F(StoreTest, read_only_store_refuses_writes) {
  auto ro = Store::open(store_->path(), Store::Mode::ReadOnly);
  ASSERT_TRUE(ro.ok()) << ro.error().message;
  auto s = (*ro)->put_region(Region{kCounty, "青禾县", "", RegionLevel::County});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "store.read_only");
}

TEST_F(StoreTest, generations_are_recorded_in_order) {
  EXPECT_FALSE(store_->latest_generation()->has_value());
  ASSERT_TRUE(store_->add_generation("publish", "first", kT0).ok());
  ASSERT_TRUE(store_->add_generation("publish", "second", kT0 + 60).ok());
  auto g = store_->latest_generation();
  ASSERT_TRUE(g.ok() && g->has_value());
  EXPECT_EQ((*g)->note, "second");
}

TEST(StoreOpen, invalid_scope_region_is_an_error_not_a_crash) {
  TempDir dir;
  auto s = Store::open(dir.file("x.db"), Store::Mode::ReadWrite);
  ASSERT_TRUE(s.ok());
  auto d = (*s)->domains(Scope{"12345", ""});
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, "store.bad_region");
}

TEST(StoreOpen, build_mode_checks_foreign_keys_at_commit_and_keeps_nothing_on_failure) {
  TempDir dir;
  const std::string path = dir.file("gen.db");
  auto s = Store::open(path, Store::Mode::Build);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_TRUE((*s)->put_region(Region{kCounty, "青禾县", "", RegionLevel::County}).ok());
  CatalogItem good;
  good.region = kCounty;
  good.domain = "18";
  good.level1 = "最低生活保障";
  good.uid = make_item_uid(good);
  CatalogItem orphan = good;
  orphan.region = "341799101299";  // no such region: accepted row by row in Build mode…
  orphan.uid = make_item_uid(orphan);
  {
    Store::Transaction txn(**s);
    ASSERT_TRUE((*s)->put_item(good).ok());
    ASSERT_TRUE((*s)->put_item(orphan).ok());
    auto c = txn.commit();  // …and refused as a whole at commit
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().code, "store.foreign_key");
  }
  EXPECT_EQ((*s)->counts()->items, 0);
  {
    Store::Transaction txn(**s);
    ASSERT_TRUE((*s)->put_item(good).ok());
    ASSERT_TRUE(txn.commit().ok());
  }
  s->reset();
  auto ro = Store::open(path, Store::Mode::ReadOnly);
  ASSERT_TRUE(ro.ok()) << ro.error().message;
  EXPECT_EQ((*ro)->counts()->items, 1);
}

TEST(StoreOpen, a_notice_id_from_two_feed_targets_is_refused_not_overwritten) {
  TempDir dir;
  auto s = Store::open(dir.file("gen.db"), Store::Mode::Build);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_TRUE((*s)->put_region(Region{kCounty, "青禾县", "", RegionLevel::County}).ok());
  Notice n;
  n.id = "2026-0001";
  n.title = "省级公告";
  n.category = "政务";
  n.region = kCounty;
  (*s)->set_origin("province/340000000000/notice-1.zst");
  ASSERT_TRUE((*s)->put_notice(n).ok());
  ASSERT_TRUE((*s)->put_notice(n).ok());  // the same target again replaces its own row
  n.title = "冒用编号的公告";
  (*s)->set_origin("county/341799000000/notice-9.zst");
  auto r = (*s)->put_notice(n);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "store.duplicate_notice");
  EXPECT_EQ((*(*s)->notice("2026-0001"))->title, "省级公告");
}

TEST(StoreOpen, missing_file_cannot_be_opened_read_only) {
  TempDir dir;
  auto s = Store::open(dir.file("absent.db"), Store::Mode::ReadOnly);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "store.open");
}

}  // namespace
}  // namespace gongkai::testing
