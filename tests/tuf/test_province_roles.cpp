// test_province_roles.cpp — the province role (DESIGN §5) as tuf::Updater sees it: top-level
// targets delegates province-340000000000 with exactly the paths `gongkai-publish delegate
// --province` writes (feed::province_paths), terminating, next to the county delegations of
// test_repo.h. Pins: the Updater accepts the province role signing its province's and its
// cities' paths; it refuses the province key signing a county's paths (delegated or not), a
// county code disguised under city/, another province's or that province's cities' paths, and a
// province role file signed by another key — each time stuck in Failed with nothing of the
// province role persisted (updater.h invariants 1, 3, 4).
#include <gtest/gtest.h>

#include "feed/emit.h"
#include "test_repo.h"
#include "tuf/updater.h"

namespace gongkai::tuf {
namespace {

using namespace testing;

const std::string kProvince = "340000000000";
const std::string kOtherProvince = "350000000000";
const std::string kProvinceRole = "province-" + kProvince;

// test_repo.h's repository plus a province role (one role, no bins: bins are the county's
// concern and already pinned in test_updater.cpp).
struct ProvinceRepo : TestRepo {
  Targets province;

  explicit ProvinceRepo(std::string d) : TestRepo(std::move(d)) {
    keys.emplace("province", PrivateKey::generate());
    keys.emplace("province35", PrivateKey::generate());
    province.version = 1;
    province.expires = kNow + kYear;
    add_delegation(top, kProvinceRole, "province", feed::province_paths(kProvince), {});
    add_delegation(top, "province-" + kOtherProvince, "province35",
                   feed::province_paths(kOtherProvince), {});
  }

  void add_province_target(const std::string& path, const std::string& bytes) {
    content[path] = bytes;
    province.targets[path] = TargetFile{static_cast<int64_t>(bytes.size()),
                                        sha256_hex(bytes.data(), bytes.size()), Json()};
  }

  void publish_all(const std::string& province_signer = "province") {
    publish();
    write_role(kProvinceRole, province, province_signer);
    write_snapshot_and_timestamp();
  }
};

class ProvinceRoleTest : public ::testing::Test {
 protected:
  TempDir tmp;
  ProvinceRepo repo{tmp.path() + "/repo"};
  std::string trust = tmp.path() + "/trust";
  std::unique_ptr<Updater> up;

  void SetUp() override {
    repo.add_target("county/" + kCountyA + "/notice-1.zst", "county notice");
    repo.add_province_target("province/" + kProvince + "/notice-p.zst", "province notice");
    repo.add_province_target("city/341700000000/notice-c.zst", "city notice");
    repo.add_province_target("city/349000000000/notice-g.zst", "省直辖 grouping notice");
  }

  Status cycle() {
    return update_and_read_all(repo, trust, kNow, up);
  }

  // A second version of the province role listing one more (foreign) path.
  void sign_foreign(const std::string& path) {
    repo.add_province_target(path, "forged by the province key");
    repo.province.version += 1;
    repo.snap.version += 1;
    repo.ts.version += 1;
    repo.publish_all();
  }

  void expect_refused(const Status& s, const std::string& code) {
    ASSERT_FALSE(s.ok()) << "accepted";
    EXPECT_EQ(s.error().code, code) << s.error().message;
    ASSERT_TRUE(up);
    EXPECT_EQ(up->state(), Updater::State::Failed);
  }

  std::string trusted_province() { return read_file(trust + "/" + kProvinceRole + ".json"); }
};

TEST_F(ProvinceRoleTest, AcceptsProvinceRoleSigningItsProvinceAndCityPaths) {
  repo.publish_all();
  ASSERT_TRUE(cycle().ok()) << up->error()->message;
  EXPECT_EQ(up->targets().at("province/" + kProvince + "/notice-p.zst").role, kProvinceRole);
  EXPECT_EQ(up->targets().at("city/341700000000/notice-c.zst").role, kProvinceRole);
  EXPECT_EQ(up->targets().at("city/349000000000/notice-g.zst").role, kProvinceRole);
  EXPECT_EQ(up->targets().at("county/" + kCountyA + "/notice-1.zst").role.rfind("county-", 0), 0u);
  EXPECT_EQ(trusted_province(), repo.role_bytes.at(kProvinceRole));  // persisted once verified
}

// Each foreign path, signed by the province key into the province role after a good cycle,
// must fail the whole cycle and leave the trusted province role as it was.
class ForeignPathTest : public ProvinceRoleTest,
                        public ::testing::WithParamInterface<std::string> {};

TEST_P(ForeignPathTest, RefusesProvinceKeySigningIt) {
  repo.publish_all();
  ASSERT_TRUE(cycle().ok()) << up->error()->message;
  const std::string before = trusted_province();
  sign_foreign(GetParam());
  expect_refused(cycle(), "tuf.path_not_delegated");
  EXPECT_EQ(trusted_province(), before);
}

INSTANTIATE_TEST_SUITE_P(
    CountyOrAnotherProvince, ForeignPathTest,
    ::testing::Values("county/" + kCountyA + "/notice-evil.zst",  // a delegated county's path
                      "county/340199000000/notice-evil.zst",      // a county not delegated here
                      "city/341799000000/notice-evil.zst",  // a county code disguised as a city
                      "province/" + kOtherProvince + "/notice-evil.zst",
                      "city/351700000000/notice-evil.zst",               // another province's city
                      "province/" + kProvince + "/a/notice-evil.zst"));  // '*' never crosses '/'

TEST_F(ProvinceRoleTest, RefusesProvinceRoleSignedByACountyKey) {
  repo.publish_all("countyA");
  expect_refused(cycle(), "tuf.threshold");
  EXPECT_EQ(trusted_province(), "");
}

TEST_F(ProvinceRoleTest, RefusesCountyRoleSignedByTheProvinceKey) {
  // The province key is not the county's either: a county role it signs is refused.
  repo.publish_all();
  repo.write_role("county-" + kCountyA, repo.county, "province");
  repo.write_snapshot_and_timestamp();
  expect_refused(cycle(), "tuf.threshold");
}

}  // namespace
}  // namespace gongkai::tuf
