// test_province.cpp — province- and city-level content end to end (DESIGN §5, issue #5): a
// content store with a province, two cities, a county and its village → the real
// `gongkai-publish keygen / root init / delegate --county / delegate --province / emit-feed`
// → the real SyncEngine over a tuf::DirMirror → the kiosk's active generation. Pins: the province
// delegation's paths (its own and its cities' only, terminating); a village kiosk ends up with
// its province's and its city's notices, items and attachments, but not another city's; the
// province content lives in the province role's bins; re-emitting reuses every file and one
// changed province item touches one province bin; without the province key the county still
// publishes, with a warning, and province roles signed earlier stay listed with their files;
// the county and the province can each sign their own part of one repository in separate runs
// (each with only its own key), and two runs never write one repository at the same time.
#include <fcntl.h>
#include <sys/file.h>

#include <set>

#include "apply/fixture.h"
#include "feed/emit.h"
#include "feed/records.h"
#include "tuf/metadata.h"
#include "tuf/mirror.h"
#include "tuf/updater.h"

namespace gongkai::feed {
namespace {

using apply::testing::FakeClock;
using apply::testing::kCounty;
using apply::testing::kDay;
using apply::testing::kNow;
using apply::testing::kTown;
using apply::testing::kVillage;
using apply::testing::TempDir;
namespace fs = std::filesystem;

constexpr const char* kProvince = "340000000000";
constexpr const char* kCity = "341700000000";       // kCounty's city
constexpr const char* kOtherCity = "341800000000";  // a city this county's kiosks never show
const std::string kProvinceRole = std::string("province-") + kProvince;

// A province + county publisher: the content store, keys and feed of one county's repository.
class ProvinceFeed : public ::testing::Test {
 protected:
  TempDir tmp;
  std::string db = tmp / "content.db", keys = tmp / "keys", out = tmp / "feed";
  std::unique_ptr<Store> store;
  std::vector<CatalogItem> province_items;
  FakeClock clock;

  void SetUp() override {
    auto s = Store::open(db, Store::Mode::ReadWrite);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store = std::move(*s);
    Store::Transaction tx(*store);
    for (const Region& r : {Region{kProvince, "示范省", "", RegionLevel::Province},
                            Region{kCity, "示范市", kProvince, RegionLevel::City},
                            Region{kOtherCity, "邻近市", kProvince, RegionLevel::City},
                            Region{kCounty, "青禾县", kCity, RegionLevel::County},
                            Region{kTown, "松溪镇", kCounty, RegionLevel::Township},
                            Region{kVillage, "石桥村", kTown, RegionLevel::Village}}) {
      ASSERT_TRUE(store->put_region(r).ok());
    }
    add_item(kCounty, "县级事项");
    add_item(kTown, "乡镇事项");
    for (int i = 0; i < 3; ++i)
      province_items.push_back(add_item(kProvince, "省级事项" + std::to_string(i)));
    add_item(kCity, "市级事项");
    add_item(kOtherCity, "邻市事项");
    auto att = store->put_attachment({0x89, 'P', 'N', 'G', 7, 7, 7}, "image/png");
    ASSERT_TRUE(att.ok());
    add_notice("省-0001", kProvince, "省级公告", *att);
    add_notice("市-0001", kCity, "市级公告", "");
    add_notice("邻市-0001", kOtherCity, "邻市公告", "");
    add_notice("镇-0001", kTown, "镇级公示", "");
    ASSERT_TRUE(tx.commit().ok());

    for (const std::string& k :
         std::vector<std::string>{"root-a", "targets", "snapshot", "timestamp",
                                  "county-" + std::string(kCounty), kProvinceRole}) {
      ASSERT_EQ(publish::cmd_keygen({"--out", keys + "/" + k}), 0);
    }
    ASSERT_EQ(publish::cmd_root({"init", "--keys", keys, "--root-key", keys + "/root-a", "--now",
                                 std::to_string(kNow)}),
              0);
    ASSERT_EQ(publish::cmd_delegate({"--keys", keys, "--county", kCounty, "--key",
                                     keys + "/county-" + std::string(kCounty) + ".pub", "--now",
                                     std::to_string(kNow)}),
              0);
    ASSERT_EQ(
        publish::cmd_delegate({"--keys", keys, "--province", kProvince, "--key",
                               keys + "/" + kProvinceRole + ".pub", "--now", std::to_string(kNow)}),
        0);
  }

  CatalogItem add_item(const std::string& region, const std::string& name) {
    CatalogItem it;
    it.region = region;
    it.domain = "01";
    it.level1 = name;
    it.content = name + "的公开内容";
    it.uid = make_item_uid(it);
    EXPECT_TRUE(store->put_item(it).ok());
    return it;
  }

  void add_notice(const std::string& id, const std::string& region, const std::string& title,
                  const std::string& att) {
    Notice n;
    n.id = id;
    n.title = title;
    n.region = region;
    n.category = "通知";
    n.published_at = n.start_at = kNow - kDay;
    n.end_at = kNow + 20 * kDay;
    n.body = title + "的正文";
    if (!att.empty()) n.attachments = {{att, "photo.png", "image/png", "现场照片"}};
    auto s = store->put_notice(n);
    EXPECT_TRUE(s.ok()) << s.error().message;
  }

  Result<EmitSummary> emit(int64_t now) { return emit_feed(EmitOptions{db, keys, out, "", now}); }

  std::string root1() const { return *tuf::read_file_capped(keys + "/root/1.root.json", 1 << 20); }

  // A village kiosk (the real SyncEngine) synced from the feed directory.
  std::unique_ptr<apply::SyncEngine> kiosk(const std::string& data) {
    apply::SyncConfig cfg;
    cfg.data_dir = data;
    cfg.region = kVillage;
    cfg.bootstrap_root = root1();
    cfg.clock = clock.clock();
    cfg.min_free_bytes = 0;
    return apply::testing::open_engine(cfg);
  }

  // The TUF view of the feed: every target path → the role that signs it.
  std::map<std::string, std::string> signed_by() {
    std::map<std::string, std::string> out_map;
    auto u = tuf::Updater::open(root1(), "", kNow);
    EXPECT_TRUE(u.ok());
    auto m = tuf::DirMirror::open(out);
    EXPECT_TRUE(m.ok());
    auto s = (*u)->refresh(**m);
    EXPECT_TRUE(s.ok()) << s.error().message;
    for (const auto& [path, t] : (*u)->targets()) out_map[path] = t.role;
    return out_map;
  }
};

std::unique_ptr<Store> open_active(const std::string& data) {
  auto w = apply::GenerationWatch::open(data);
  EXPECT_TRUE(w.ok());
  auto cur = w->current();
  EXPECT_TRUE(cur.ok() && cur->has_value());
  auto s = Store::open((*cur)->path, Store::Mode::ReadOnly);
  EXPECT_TRUE(s.ok()) << s.error().message;
  return s.ok() ? std::move(*s) : nullptr;
}

std::set<std::string> notice_titles(const Store& s, const std::string& region) {
  std::set<std::string> out;
  auto list = s.notices(NoticeQuery{Scope{region, ""}, kNow, std::nullopt, ""});
  EXPECT_TRUE(list.ok());
  for (const auto& n : *list) out.insert(n.title);
  return out;
}

std::set<std::string> item_names(const Store& s, const std::string& region) {
  std::set<std::string> out;
  auto groups = s.items_of_domain("01", Scope{region, ""});
  EXPECT_TRUE(groups.ok());
  for (const auto& g : *groups) out.insert(g.level1);
  return out;
}

// What a stolen county key can do on its own: sign a notice that says it is the province's into
// the county's own folder (a new version of the bin, the snapshot and the timestamp, signed with
// the real keys). Returns the forged target path.
std::string forge_county_notice(const std::string& keys, const std::string& out,
                                const std::string& region, int64_t now) {
  Notice n;
  n.id = "伪造-0001";
  n.title = "伪造的省级公告";
  n.region = region;
  n.category = "通知";
  n.published_at = n.start_at = now - kDay;
  n.end_at = now + 20 * kDay;
  n.body = "正文";
  Json payload{
      {"format", kFormat}, {"kind", "notice"}, {"region", kCounty}, {"notice", notice_to_json(n)}};
  auto raw = encode_record(payload);
  auto z = zstd_compress(*raw);
  const std::string path = std::string("county/") + kCounty + "/notice-forged.zst";
  tuf::TargetFile info{static_cast<int64_t>(z->size()), sha256_hex(z->data(), z->size()),
                       Json{{"gongkai",
                             {{"kind", "notice"},
                              {"raw_length", raw->size()},
                              {"raw_sha256", sha256_hex(raw->data(), raw->size())}}}}};
  EXPECT_TRUE(
      tuf::write_file_atomic(out + "/targets/" + tuf::consistent_target_path(path, info.sha256), *z)
          .ok());
  auto signed_of = [](const std::string& file) {
    return tuf::parse_envelope(*tuf::read_file_capped(file, 16 << 20), 16 << 20)->signed_part;
  };
  const std::string meta = out + "/metadata/";
  auto ts = *tuf::Timestamp::from_json(signed_of(meta + "timestamp.json"));
  auto snap = *tuf::Snapshot::from_json(
      signed_of(meta + std::to_string(ts.snapshot.version) + ".snapshot.json"));
  const std::string h = sha256_hex(path.data(), path.size());
  const std::string bin = bin_role(kCounty, std::stoi(h.substr(0, 1), nullptr, 16));
  auto t = *tuf::Targets::from_json(
      signed_of(meta + std::to_string(snap.meta[bin + ".json"].version) + "." + bin + ".json"));
  t.targets[path] = info;
  t.version += 1;
  auto county_key = *tuf::PrivateKey::load(keys + "/county-" + std::string(kCounty) + ".key");
  auto bin_bytes = *tuf::sign_metadata(t.to_json(), {&county_key});
  EXPECT_TRUE(
      tuf::write_file_atomic(meta + std::to_string(t.version) + "." + bin + ".json", bin_bytes)
          .ok());
  snap.meta[bin + ".json"] = tuf::MetaFile{t.version, static_cast<int64_t>(bin_bytes.size()),
                                           sha256_hex(bin_bytes.data(), bin_bytes.size())};
  snap.version += 1;
  auto snapshot_key = *tuf::PrivateKey::load(keys + "/snapshot.key");
  auto snap_bytes = *tuf::sign_metadata(snap.to_json(), {&snapshot_key});
  EXPECT_TRUE(
      tuf::write_file_atomic(meta + std::to_string(snap.version) + ".snapshot.json", snap_bytes)
          .ok());
  ts.version += 1;
  ts.issued = now;
  ts.snapshot = tuf::MetaFile{snap.version, static_cast<int64_t>(snap_bytes.size()),
                              sha256_hex(snap_bytes.data(), snap_bytes.size())};
  auto timestamp_key = *tuf::PrivateKey::load(keys + "/timestamp.key");
  EXPECT_TRUE(tuf::write_file_atomic(meta + "timestamp.json",
                                     *tuf::sign_metadata(ts.to_json(), {&timestamp_key}))
                  .ok());
  return path;
}

TEST(RegionFitsTarget, AFolderCarriesItsOwnRegionAndACountyFolderItsSubtree) {
  EXPECT_TRUE(region_fits_target("county/341799000000/notice-1.zst", "341799000000"));
  EXPECT_TRUE(region_fits_target("county/341799000000/notice-1.zst", "341799101001"));
  EXPECT_FALSE(region_fits_target("county/341799000000/notice-1.zst", "340000000000"));
  EXPECT_FALSE(region_fits_target("county/341799000000/notice-1.zst", "341700000000"));
  EXPECT_FALSE(region_fits_target("county/341799000000/notice-1.zst", "341798000000"));
  EXPECT_TRUE(region_fits_target("province/340000000000/catalog-00.zst", "340000000000"));
  EXPECT_FALSE(region_fits_target("province/340000000000/catalog-00.zst", "341700000000"));
  EXPECT_FALSE(region_fits_target("province/340000000000/catalog-00.zst", "341799000000"));
  EXPECT_TRUE(region_fits_target("city/341700000000/notice-2.zst", "341700000000"));
  EXPECT_FALSE(region_fits_target("city/341700000000/notice-2.zst", "341799000000"));
  EXPECT_FALSE(region_fits_target("regions.zst", "340000000000"));
}

TEST_F(ProvinceFeed, DelegateProvinceLetsItsKeySignOnlyItsProvinceAndItsCities) {
  auto bytes = tuf::read_file_capped(keys + "/targets.json", 1 << 20);
  ASSERT_TRUE(bytes.ok());
  auto t = tuf::Targets::from_json(tuf::parse_envelope(*bytes, 1 << 20)->signed_part);
  ASSERT_TRUE(t.ok());
  const tuf::DelegatedRole* d = nullptr;
  for (const auto& r : t->delegations->roles) {
    if (r.name == kProvinceRole) d = &r;
  }
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->terminating);
  EXPECT_EQ(d->paths, (std::vector<std::string>{"province/340000000000/*", "city/34??00000000/*"}));
  EXPECT_TRUE(d->covers("province/340000000000/notice-1.zst"));
  EXPECT_TRUE(d->covers("city/341700000000/notice-1.zst"));
  EXPECT_TRUE(d->covers("city/349000000000/regions.zst"));        // a 省直辖 grouping code
  EXPECT_FALSE(d->covers("city/341799000000/notice-1.zst"));      // a county code under city/
  EXPECT_FALSE(d->covers("county/341799000000/notice-1.zst"));    // a county's path
  EXPECT_FALSE(d->covers("province/350000000000/notice-1.zst"));  // another province
  EXPECT_FALSE(d->covers("city/351700000000/notice-1.zst"));      // another province's city
  EXPECT_FALSE(d->covers("province/340000000000/sub/notice-1.zst"));
  // The county delegation is still there, unchanged.
  EXPECT_EQ(t->delegations->roles.size(), 2u);
}

TEST_F(ProvinceFeed, DelegateRefusesACodeThatIsNotAProvinceAndBothForms) {
  const std::string pub = keys + "/" + kProvinceRole + ".pub";
  EXPECT_EQ(publish::cmd_delegate({"--keys", keys, "--province", kCounty, "--key", pub}), 1);
  EXPECT_EQ(publish::cmd_delegate({"--keys", keys, "--province", kCity, "--key", pub}), 1);
  EXPECT_EQ(publish::cmd_delegate(
                {"--keys", keys, "--province", kProvince, "--county", kCounty, "--key", pub}),
            1);
}

TEST_F(ProvinceFeed, VillageKioskShowsItsProvinceAndCityContentButNotAnotherCitys) {
  auto sum = emit(kNow);
  ASSERT_TRUE(sum.ok()) << sum.error().message;
  EXPECT_EQ(sum->province, kProvince);
  EXPECT_TRUE(sum->warnings.empty());

  // Province and city content is signed by the province role's bins, county content by the
  // county's; nothing of the other city is in this county's feed.
  auto roles = signed_by();
  int province_targets = 0, city_targets = 0;
  for (const auto& [path, role] : roles) {
    EXPECT_EQ(path.find(kOtherCity), std::string::npos) << path;
    if (path.rfind("province/" + std::string(kProvince) + "/", 0) == 0) {
      ++province_targets;
      EXPECT_EQ(role.rfind(kProvinceRole + "-bin-", 0), 0u) << path << " " << role;
    } else if (path.rfind("city/" + std::string(kCity) + "/", 0) == 0) {
      ++city_targets;
      EXPECT_EQ(role.rfind(kProvinceRole + "-bin-", 0), 0u) << path << " " << role;
    } else {
      EXPECT_EQ(path.rfind("county/" + std::string(kCounty) + "/", 0), 0u) << path;
      EXPECT_EQ(role.rfind("county-", 0), 0u) << path << " " << role;
    }
  }
  // regions, domains, 1 shard (3 items share 1 bin at most 3), notice, attachment.
  EXPECT_GE(province_targets, 5);
  EXPECT_GE(city_targets, 3);  // regions, shard, notice

  auto e = kiosk(tmp / "kiosk");
  ASSERT_NE(e, nullptr);
  auto r = apply::testing::sync_dir(*e, out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->outcome, apply::CycleResult::Outcome::Applied);
  auto active = open_active(tmp / "kiosk");
  ASSERT_NE(active, nullptr);
  EXPECT_EQ(notice_titles(*active, kVillage),
            (std::set<std::string>{"省级公告", "市级公告", "镇级公示"}));
  EXPECT_EQ(item_names(*active, kVillage),
            (std::set<std::string>{"县级事项", "乡镇事项", "省级事项0", "省级事项1", "省级事项2",
                                   "市级事项"}));
  auto n = active->notice("省-0001");
  ASSERT_TRUE(n.ok() && n->has_value());
  ASSERT_EQ((*n)->attachments.size(), 1u);
  auto a = active->attachment_bytes((*n)->attachments[0].sha256);
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->size(), 7u);
}

TEST_F(ProvinceFeed, ReemitReusesProvinceFilesAndOneChangedProvinceItemTouchesOneBin) {
  auto first = emit(kNow);
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto again = emit(kNow + 3600);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->targets_written, 0);
  EXPECT_EQ(again->roles_written, 0);
  EXPECT_EQ(again->snapshot_version, first->snapshot_version);
  EXPECT_GT(again->timestamp_version, first->timestamp_version);

  province_items[1].content = "修订后的省级公开内容";
  ASSERT_TRUE(store->put_item(province_items[1]).ok());
  auto before = signed_by();
  auto changed = emit(kNow + 7200);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->targets_written, 1);  // the one catalog shard
  EXPECT_EQ(changed->roles_written, 1);    // its province bin; the province role is unchanged
  EXPECT_EQ(changed->snapshot_version, first->snapshot_version + 1);
  auto after = signed_by();
  EXPECT_EQ(before, after);  // same paths, same roles: only the shard's bytes changed
}

TEST_F(ProvinceFeed, AChangedProvinceItemReachesTheKioskAsOneObject) {
  ASSERT_TRUE(emit(kNow).ok());
  auto e = kiosk(tmp / "kiosk");
  ASSERT_NE(e, nullptr);
  ASSERT_TRUE(apply::testing::sync_dir(*e, out).ok());
  province_items[2].content = "省级事项2的新内容";
  ASSERT_TRUE(store->put_item(province_items[2]).ok());
  ASSERT_TRUE(emit(kNow + 3600).ok());
  *clock.system = kNow + 3600;
  auto r = apply::testing::sync_dir(*e, out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->outcome, apply::CycleResult::Outcome::Applied);
  EXPECT_EQ(r->objects_downloaded, 1);  // the province catalog shard, nothing else
  auto active = open_active(tmp / "kiosk");
  auto groups = active->items_of_domain("01", Scope{kVillage, ""});
  ASSERT_TRUE(groups.ok());
  std::string content;
  for (const auto& g : *groups) {
    for (const auto& it : g.items) {
      if (g.level1 == "省级事项2") content = (*active->item(it.id))->content;
    }
  }
  EXPECT_EQ(content, "省级事项2的新内容");
}

// The delegation checks paths; the kiosk checks that a record's region fits its path. A county
// key signing a "province" notice into its own folder is refused, and the kiosk keeps what it had.
TEST_F(ProvinceFeed, KioskRefusesACountyKeySigningANoticeOfTheProvince) {
  ASSERT_TRUE(emit(kNow).ok());
  auto e = kiosk(tmp / "kiosk");
  ASSERT_NE(e, nullptr);
  ASSERT_TRUE(apply::testing::sync_dir(*e, out).ok());
  const auto before = notice_titles(*open_active(tmp / "kiosk"), kVillage);
  forge_county_notice(keys, out, kProvince, kNow + 60);
  *clock.system = kNow + 120;
  auto r = apply::testing::sync_dir(*e, out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "feed.region_mismatch") << r.error().message;
  EXPECT_EQ(notice_titles(*open_active(tmp / "kiosk"), kVillage), before);
}

TEST_F(ProvinceFeed, KioskAcceptsTheSameForgeryForAVillageOfTheCounty) {
  // The control for the test above: the same forged bin, with a region the county may speak
  // for, is applied (so the refusal above is about the region, not the forging).
  ASSERT_TRUE(emit(kNow).ok());
  forge_county_notice(keys, out, kVillage, kNow + 60);
  *clock.system = kNow + 120;
  auto e = kiosk(tmp / "kiosk");
  ASSERT_NE(e, nullptr);
  auto r = apply::testing::sync_dir(*e, out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(notice_titles(*open_active(tmp / "kiosk"), kVillage).count("伪造的省级公告"));
}

TEST_F(ProvinceFeed, WithoutTheProvinceKeyTheCountyStillPublishesAndTheCommandSaysWhy) {
  fs::rename(keys + "/" + kProvinceRole + ".key", tmp / "elsewhere.key");
  auto sum = emit(kNow);
  ASSERT_TRUE(sum.ok()) << sum.error().message;
  EXPECT_TRUE(sum->province.empty());
  ASSERT_EQ(sum->warnings.size(), 1u);
  EXPECT_NE(sum->warnings[0].find(kProvinceRole + ".key"), std::string::npos) << sum->warnings[0];
  EXPECT_NE(sum->warnings[0].find("6 province/city record(s)"), std::string::npos)
      << sum->warnings[0];
  EXPECT_NE(sum->warnings[0].find("省级签名密钥"), std::string::npos);
  for (const auto& [path, role] : signed_by()) {
    EXPECT_EQ(path.rfind("county/", 0), 0u) << path;
  }
  // The command succeeds (exit 0): the county's own content must not wait for the province.
  EXPECT_EQ(publish::cmd_emit_feed(
                {"--db", db, "--keys", keys, "--out", out, "--now", std::to_string(kNow + 60)}),
            0);
  auto e = kiosk(tmp / "kiosk");
  ASSERT_NE(e, nullptr);
  auto r = apply::testing::sync_dir(*e, out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(notice_titles(*open_active(tmp / "kiosk"), kVillage),
            (std::set<std::string>{"镇级公示"}));
}

TEST_F(ProvinceFeed, WithoutADelegationTheWarningNamesTheDelegateCommand) {
  // A fresh KEYS with only the county delegated.
  fs::remove(keys + "/targets.json");
  ASSERT_EQ(publish::cmd_delegate({"--keys", keys, "--county", kCounty, "--key",
                                   keys + "/county-" + std::string(kCounty) + ".pub", "--now",
                                   std::to_string(kNow)}),
            0);
  auto sum = emit(kNow);
  ASSERT_TRUE(sum.ok()) << sum.error().message;
  ASSERT_EQ(sum->warnings.size(), 1u);
  EXPECT_NE(sum->warnings[0].find("delegate --province 340000000000"), std::string::npos)
      << sum->warnings[0];
}

TEST_F(ProvinceFeed, AWrongProvinceKeyIsRefused) {
  // A new key pair where the province's was: not the key targets.json delegates to.
  fs::remove(keys + "/" + kProvinceRole + ".key");
  fs::remove(keys + "/" + kProvinceRole + ".pub");
  ASSERT_EQ(publish::cmd_keygen({"--out", keys + "/" + kProvinceRole}), 0);
  auto sum = emit(kNow);
  ASSERT_FALSE(sum.ok());
  EXPECT_NE(sum.error().message.find("not the delegated key"), std::string::npos);
}

TEST_F(ProvinceFeed, ProvinceContentSignedEarlierStaysWithItsFilesWhenTheKeyIsAbsent) {
  auto first = emit(kNow);
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto e = kiosk(tmp / "kiosk");
  ASSERT_NE(e, nullptr);
  ASSERT_TRUE(apply::testing::sync_dir(*e, out).ok());

  // The province key leaves the publishing machine; a county item changes; weeks pass, so
  // files superseded ≥ 14 days are collected.
  fs::rename(keys + "/" + kProvinceRole + ".key", tmp / "elsewhere.key");
  add_item(kCounty, "新增县级事项");
  for (int64_t t : {kNow + 15 * kDay, kNow + 30 * kDay}) {
    auto sum = emit(t);
    ASSERT_TRUE(sum.ok()) << sum.error().message;
    ASSERT_EQ(sum->warnings.size(), 1u);
    EXPECT_NE(sum->warnings[0].find("signed earlier stays"), std::string::npos);
  }
  // Every target the feed lists still verifies and is there (invariant 3), province ones too.
  auto u = tuf::Updater::open(root1(), "", kNow + 30 * kDay);
  ASSERT_TRUE(u.ok());
  auto m = tuf::DirMirror::open(out);
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE((*u)->refresh(**m).ok());
  int province = 0;
  for (const auto& [path, t] : (*u)->targets()) {
    province += path.rfind("province/", 0) == 0;
    auto bytes = (*u)->read_target(**m, path);
    EXPECT_TRUE(bytes.ok()) << path << ": " << bytes.error().message;
  }
  EXPECT_GE(province, 5);

  *clock.system = kNow + 30 * kDay;
  auto r = apply::testing::sync_dir(*e, out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto active = open_active(tmp / "kiosk");
  EXPECT_TRUE(item_names(*active, kVillage).count("新增县级事项"));
  EXPECT_TRUE(item_names(*active, kVillage).count("省级事项0"));
}

// DESIGN §5: the province key never needs to be on the county's machine. The county's run (no
// province key) and the province's run (its own KEYS and content DB, no county key) write the
// same repository in turn; each keeps the other's signed part, and a village kiosk gets both.
TEST_F(ProvinceFeed, CountyAndProvinceEachSignTheirOwnPartOfOneRepository) {
  const std::string county_keys = tmp / "county-keys", province_keys = tmp / "province-keys";
  fs::copy(keys, county_keys, fs::copy_options::recursive);
  fs::copy(keys, province_keys, fs::copy_options::recursive);
  fs::remove(county_keys + "/" + kProvinceRole + ".key");
  fs::remove(province_keys + "/county-" + std::string(kCounty) + ".key");
  // The province's own content DB: the province and its city, nothing of the county.
  const std::string pdb = tmp / "province.db";
  {
    auto p = Store::open(pdb, Store::Mode::ReadWrite);
    ASSERT_TRUE(p.ok());
    ASSERT_TRUE((*p)->put_region({kProvince, "示范省", "", RegionLevel::Province}).ok());
    ASSERT_TRUE((*p)->put_region({kCity, "示范市", kProvince, RegionLevel::City}).ok());
    CatalogItem it;
    it.region = kProvince;
    it.domain = "01";
    it.level1 = "省库事项";
    it.uid = make_item_uid(it);
    ASSERT_TRUE((*p)->put_item(it).ok());
    Notice n;
    n.id = "省库-0001";
    n.title = "省库公告";
    n.region = kCity;
    n.category = "通知";
    n.published_at = n.start_at = kNow - kDay;
    n.end_at = kNow + 20 * kDay;
    n.body = "正文";
    auto put = (*p)->put_notice(n);
    ASSERT_TRUE(put.ok()) << put.error().message;
  }
  auto c1 = emit_feed(EmitOptions{db, county_keys, out, kCounty, kNow});
  ASSERT_TRUE(c1.ok()) << c1.error().message;
  EXPECT_TRUE(c1->province.empty());
  auto p1 = emit_feed(EmitOptions{pdb, province_keys, out, kCounty, kNow + 600});
  ASSERT_TRUE(p1.ok()) << p1.error().message;
  EXPECT_EQ(p1->province, kProvince);
  ASSERT_EQ(p1->warnings.size(), 1u);
  EXPECT_NE(p1->warnings[0].find("county content signed earlier stays"), std::string::npos);
  add_item(kCounty, "县里后来加的事项");
  auto c2 = emit_feed(EmitOptions{db, county_keys, out, kCounty, kNow + 1200});
  ASSERT_TRUE(c2.ok()) << c2.error().message;
  EXPECT_NE(c2->warnings.at(0).find("province content signed earlier stays"), std::string::npos);
  EXPECT_GT(c2->snapshot_version, p1->snapshot_version);

  *clock.system = kNow + 1200;
  auto e = kiosk(tmp / "kiosk");
  ASSERT_NE(e, nullptr);
  auto r = apply::testing::sync_dir(*e, out);
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto active = open_active(tmp / "kiosk");
  EXPECT_EQ(notice_titles(*active, kVillage), (std::set<std::string>{"省库公告", "镇级公示"}));
  EXPECT_EQ(item_names(*active, kVillage),
            (std::set<std::string>{"县级事项", "乡镇事项", "县里后来加的事项", "省库事项"}));
}

TEST_F(ProvinceFeed, ASecondRunOnTheSameRepositoryWaitsForTheFirst) {
  fs::create_directories(out);
  tuf::Fd held(::open((out + "/.gongkai-emit.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  ASSERT_TRUE(held.valid());
  ASSERT_EQ(::flock(held.get(), LOCK_EX | LOCK_NB), 0);
  auto busy = emit(kNow);
  ASSERT_FALSE(busy.ok());
  EXPECT_NE(busy.error().message.find("another emit-feed"), std::string::npos);
  EXPECT_FALSE(fs::exists(out + "/metadata/timestamp.json"));
  ASSERT_EQ(::flock(held.get(), LOCK_UN), 0);
  EXPECT_TRUE(emit(kNow).ok());
}

}  // namespace
}  // namespace gongkai::feed
