// test_demo_e2e.cpp — issue #2 end to end: import the demo county's sources with the real
// gongkai-publish (no date shift: the demo is written for 2026-11-23), then check through the
// store's read API what a county terminal and a village board would show.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>

#include "../store/store_fixture.h"
#include "gongkai/store.h"

namespace gongkai::testing {
namespace {

namespace fs = std::filesystem;
constexpr int64_t kNoon20261123 = 1795363200 + 12 * 3600;  // 2026-11-23 12:00 China time
const fs::path kDemo = fs::path(GONGKAI_SOURCE_DIR) / "assets/demo";

struct CommandResult {
  int status;
  std::string output;
};

CommandResult run(const std::string& cmd) {
  CommandResult r{0, {}};
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return {-1, "popen failed"};
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  r.status = pclose(p);
  return r;
}

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

class DemoE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = dir_->file("demo.db");
    const std::string publish = GONGKAI_PUBLISH;
    CommandResult regions = run(publish + " add-regions " + q(kDemo / "regions.tsv") + " --db " + db_);
    ASSERT_EQ(regions.status, 0) << regions.output;
    for (const auto& region_dir : fs::directory_iterator(kDemo / "catalog")) {
      for (const auto& file : fs::directory_iterator(region_dir.path())) {
        CommandResult r = run(publish + " import-catalog " + q(file.path()) + " --region " +
                    region_dir.path().filename().string() + " --db " + db_);
        ASSERT_EQ(r.status, 0) << file.path() << "\n" << r.output;
        ++files_;
      }
    }
    CommandResult notices = run(publish + " add-notice " + q(kDemo / "notices") + " --db " + db_);
    ASSERT_EQ(notices.status, 0) << notices.output;
  }
  static void TearDownTestSuite() { delete dir_; }

  void SetUp() override {
    auto s = Store::open(db_, Store::Mode::ReadOnly);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(*s);
  }

  std::vector<NoticeSummary> notices(const char* region, std::optional<NoticeState> st) {
    auto l = store_->notices(NoticeQuery{Scope{region, ""}, kNoon20261123, st, ""});
    EXPECT_TRUE(l.ok());
    return l.ok() ? *l : std::vector<NoticeSummary>{};
  }

  static inline TempDir* dir_ = nullptr;
  static inline std::string db_;
  static inline int files_ = 0;
  std::unique_ptr<Store> store_;
};

TEST_F(DemoE2E, demo_catalog_has_at_least_600_items_covering_all_26_domains_at_county_level) {
  auto counts = store_->counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_GE(counts->items, 600);
  EXPECT_EQ(counts->regions, 6);
  auto domains = store_->domains(Scope{kCounty, ""});
  ASSERT_TRUE(domains.ok());
  int with_items = 0;
  for (const auto& d : *domains) with_items += d.item_count > 0;
  EXPECT_EQ(with_items, 26);
}

TEST_F(DemoE2E, every_level_publishes_and_a_village_sees_its_whole_ancestry) {
  int county = 0, village = 0;
  for (const auto& d : *store_->domains(Scope{kCounty, ""})) county += d.item_count;
  for (const auto& d : *store_->domains(Scope{kVillageA1, ""})) village += d.item_count;
  EXPECT_GT(village, county);  // county + 松溪镇 + 石桥村 items

  std::set<std::string> regions_seen;
  for (const auto& d : *store_->domains(Scope{kVillageA1, ""})) {
    auto groups = store_->items_of_domain(d.domain.code, Scope{kVillageA1, ""});
    ASSERT_TRUE(groups.ok());
    for (const auto& g : *groups)
      for (const auto& it : g.items) regions_seen.insert(it.region);
  }
  EXPECT_EQ(regions_seen, (std::set<std::string>{kCounty, kTownA, kVillageA1}));
}

TEST_F(DemoE2E, an_item_keeps_every_element_and_its_original_cells) {
  auto groups = store_->items_of_domain("18", Scope{kCounty, ""});
  ASSERT_TRUE(groups.ok());
  ASSERT_FALSE(groups->empty());
  auto item = store_->item(groups->front().items.front().id);
  ASSERT_TRUE(item.ok() && item->has_value());
  const CatalogItem& it = **item;
  EXPECT_FALSE(it.content.empty());
  EXPECT_FALSE(it.basis.empty());
  EXPECT_FALSE(it.time_limit_text.empty());
  EXPECT_FALSE(it.subject.empty());
  EXPECT_FALSE(it.channels.empty());
  EXPECT_NE(it.audience, Audience::Unknown);
  EXPECT_NE(it.mode, DisclosureMode::Unknown);
  EXPECT_GE(it.original.size(), 8u);
}

TEST_F(DemoE2E, demo_notices_cover_every_state_and_category_with_an_urgent_one_in_publicity) {
  auto counts = store_->counts();
  EXPECT_GE(counts->notices, 40);
  for (NoticeState st : {NoticeState::Upcoming, NoticeState::InPublicity, NoticeState::Archived,
                         NoticeState::LongTerm}) {
    int total = 0;
    for (const auto& r : *store_->regions()) {
      for (const auto& n : notices(r.code.c_str(), st)) total += n.region == r.code;
    }
    EXPECT_GT(total, 0) << notice_state_name_zh(st);
  }
  auto cats = store_->notice_categories();
  for (const char* c : {"党务", "政务", "事务", "财务"}) {
    EXPECT_NE(std::find(cats->begin(), cats->end(), c), cats->end()) << c;
  }
  bool urgent = false;
  for (const auto& n : notices(kVillageA1, NoticeState::InPublicity))
    urgent |= n.priority == NoticePriority::Urgent;
  for (const auto& n : notices(kVillageB1, NoticeState::InPublicity))
    urgent |= n.priority == NoticePriority::Urgent;
  EXPECT_TRUE(urgent);
}

TEST_F(DemoE2E, every_village_board_has_notices_in_publicity) {
  for (const char* v : {kVillageA1, kVillageA2, kVillageB1}) {
    EXPECT_GE(notices(v, NoticeState::InPublicity).size(), 3u) << v;
  }
}

TEST_F(DemoE2E, some_notices_carry_images_and_no_full_personal_number_survives) {
  int with_images = 0;
  for (const auto& r : *store_->regions()) {
    for (const auto& s : notices(r.code.c_str(), std::nullopt)) {
      if (s.region != r.code) continue;
      auto n = store_->notice(s.id);
      ASSERT_TRUE(n.ok() && n->has_value());
      with_images += !(*n)->attachments.empty();
      for (const auto& a : (*n)->attachments) {
        auto bytes = store_->attachment_bytes(a.sha256);
        ASSERT_TRUE(bytes.ok() && bytes->has_value()) << a.name;
      }
    }
  }
  EXPECT_GE(with_images, 3);
}

TEST_F(DemoE2E, summary_command_reports_the_demo_store) {
  CommandResult r = run(std::string(GONGKAI_PUBLISH) + " summary --db " + db_ + " --region " + kVillageA1 +
              " --at '2026-11-23 12:00'");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("石桥村"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("公示中"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace gongkai::testing
