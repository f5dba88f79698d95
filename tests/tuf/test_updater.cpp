// test_updater.cpp — the TUF client workflow (tuf/updater.h) against the attacks issue #5 lists
// that apply offline. Each attack test first lets the client trust a legitimate repository,
// then offers the attack and asserts: refused with the expected error code, the Updater stuck in
// Failed (sticky), and the trusted state for the attacked role unchanged on disk.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_repo.h"
#include "tuf/updater.h"

namespace gongkai::tuf {
namespace {

using namespace testing;

const std::string kPathA1 = "county/" + kCountyA + "/catalog-00.zst";
const std::string kPathA2 = "county/" + kCountyA + "/notice-1.zst";
const std::string kPathA3 = "county/" + kCountyA + "/regions.zst";
const std::string kPathB1 = "county/" + kCountyB + "/catalog-00.zst";

class UpdaterTest : public ::testing::Test {
 protected:
  TempDir tmp;
  TestRepo repo{tmp.path() + "/repo"};
  std::string trust = tmp.path() + "/trust";
  std::unique_ptr<Updater> up;

  void SetUp() override {
    repo.add_target(kPathA1, "catalog shard bytes");
    repo.add_target(kPathA2, "notice bytes");
    repo.add_target(kPathA3, "regions bytes");
    repo.add_target(kPathB1, "county B bytes");
    repo.publish();
  }

  // One update cycle: refresh, then read every target.
  Status cycle(int64_t now = kNow) {
    return update_and_read_all(repo, trust, now, up);
  }

  void expect_refused(const Status& s, const std::string& code) {
    ASSERT_FALSE(s.ok()) << "attack accepted";
    EXPECT_EQ(s.error().code, code) << s.error().message;
    ASSERT_TRUE(up);
    EXPECT_EQ(up->state(), Updater::State::Failed);
    // Sticky (STYLE habit 6): nothing more happens in this cycle.
    auto m = repo.mirror();
    auto again = up->update_targets(*m);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, code);
  }

  std::string trusted(const std::string& file) { return read_file(trust + "/" + file); }

  // A new timestamp + snapshot version over the current roles.
  void republish_roles() {
    repo.ts.version += 1;
    repo.snap.version += 1;
    repo.publish();
  }
};

TEST_F(UpdaterTest, AcceptsRepositoryAndPersistsWhatItVerified) {
  ASSERT_TRUE(cycle().ok());
  EXPECT_EQ(up->state(), Updater::State::TargetsFresh);
  EXPECT_EQ(up->targets().size(), 4u);
  EXPECT_EQ(up->targets().at(kPathA1).role.substr(0, 7), "county-");
  EXPECT_EQ(up->targets().at(kPathB1).role, "county-" + kCountyB);
  for (const char* f : {"root.json", "timestamp.json", "snapshot.json", "targets.json"}) {
    EXPECT_FALSE(trusted(f).empty()) << f;
  }
  EXPECT_EQ(trusted("timestamp.json"), repo.role_bytes["timestamp"]);
  EXPECT_EQ(trusted(TestRepo::bin_name(false) + ".json"),
            repo.role_bytes[TestRepo::bin_name(false)]);
  EXPECT_EQ(up->report().issued, kNow - 3600);
}

TEST_F(UpdaterTest, SameTimestampAgainIsReportedUnchangedAndDownloadsNothing) {
  ASSERT_TRUE(cycle().ok());
  EXPECT_FALSE(up->report().timestamp_unchanged);
  ASSERT_TRUE(cycle().ok());
  // Freeze detection support: no newer signed time was offered, and nothing was re-fetched.
  EXPECT_TRUE(up->report().timestamp_unchanged);
  EXPECT_TRUE(up->report().roles_fetched.empty());
}

TEST_F(UpdaterTest, RefetchesOnlyTheRoleThatChanged) {
  ASSERT_TRUE(cycle().ok());
  repo.add_target("county/" + kCountyA + "/catalog-01.zst", "x");
  std::string changed = repo.bin_lo.targets.count("county/" + kCountyA + "/catalog-01.zst")
                            ? TestRepo::bin_name(false)
                            : TestRepo::bin_name(true);
  (changed == TestRepo::bin_name(false) ? repo.bin_lo : repo.bin_hi).version = 2;
  republish_roles();
  ASSERT_TRUE(cycle().ok());
  std::vector<std::string> want{"timestamp.json", "2.snapshot.json", "2." + changed + ".json"};
  EXPECT_EQ(up->report().roles_fetched, want);
}

// --- target bytes --------------------------------------------------------------------------
TEST_F(UpdaterTest, RejectsAlteredTargetBytes) {
  const std::string& bytes = repo.content.at(kPathA2);
  std::string file = repo.dir + "/targets/" +
                     consistent_target_path(kPathA2, sha256_hex(bytes.data(), bytes.size()));
  std::string evil = bytes;
  evil[0] ^= 1;  // same length, one bit
  write_file(file, evil);
  expect_refused(cycle(), "tuf.hash_mismatch");
}

TEST_F(UpdaterTest, RejectsTargetLongerThanItsSignedLength) {
  const std::string& bytes = repo.content.at(kPathA2);
  write_file(repo.dir + "/targets/" +
                 consistent_target_path(kPathA2, sha256_hex(bytes.data(), bytes.size())),
             bytes + "appended");
  expect_refused(cycle(), "tuf.length_mismatch");
}

// --- signatures ----------------------------------------------------------------------------
TEST_F(UpdaterTest, RejectsTimestampSignedByUnknownKey) {
  ASSERT_TRUE(cycle().ok());
  auto before = snapshot_dir(trust);
  repo.ts.version += 1;
  repo.write_snapshot_and_timestamp("evil");
  expect_refused(cycle(), "tuf.threshold");
  EXPECT_EQ(snapshot_dir(trust), before);
}

TEST_F(UpdaterTest, RejectsFlippedBitInTimestampSignature) {
  ASSERT_TRUE(cycle().ok());
  auto before = snapshot_dir(trust);
  repo.ts.version += 1;
  repo.write_snapshot_and_timestamp();
  std::string t = read_file(repo.meta_path("timestamp.json"));
  auto pos = t.find("\"sig\":\"") + 7;
  t[pos] = t[pos] == '0' ? '1' : '0';
  write_file(repo.meta_path("timestamp.json"), t);
  expect_refused(cycle(), "tuf.threshold");
  EXPECT_EQ(snapshot_dir(trust), before);
}

TEST_F(UpdaterTest, RejectsRootReachingThresholdWithOneSignatureListedTwice) {
  // Root v1 needs 2 of {root1, root2}; v2 carries root1's signature twice.
  repo.set_role(repo.root, "root", {"root1", "root2"}, 2);
  repo.root_files[0] = repo.sign(repo.root.to_json(), {"root1", "root2"});
  repo.publish();
  ASSERT_TRUE(cycle().ok());
  auto before = snapshot_dir(trust);
  repo.root.version = 2;
  Json env = Json::parse(repo.sign(repo.root.to_json(), {"root1"}));
  env["signatures"].push_back(env["signatures"][0]);
  write_file(repo.meta_path("2.root.json"), env.dump());
  expect_refused(cycle(), "tuf.threshold");
  EXPECT_EQ(snapshot_dir(trust), before);
}

TEST_F(UpdaterTest, RefusesBootstrapRootPinningAnotherScheme) {
  // DESIGN §5: schemes only from the allow-list pinned in root; ed25519 is not in this one.
  repo.root.schemes = {"sm2"};
  repo.root_files[0] = repo.sign(repo.root.to_json(), {"root1"});
  auto u = Updater::open(repo.root_files[0], trust, kNow);
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().code, "tuf.threshold");
}

// --- rollback and mix-and-match --------------------------------------------------------------
TEST_F(UpdaterTest, RejectsOlderTimestamp) {
  std::string v1 = read_file(repo.meta_path("timestamp.json"));
  repo.ts.version = 2;
  repo.write_snapshot_and_timestamp();
  ASSERT_TRUE(cycle().ok());
  auto before = snapshot_dir(trust);
  write_file(repo.meta_path("timestamp.json"), v1);
  expect_refused(cycle(), "tuf.rollback");
  EXPECT_EQ(snapshot_dir(trust), before);
}

TEST_F(UpdaterTest, RejectsTimestampNamingAnOlderSnapshot) {
  republish_roles();  // timestamp 2 → snapshot 2
  ASSERT_TRUE(cycle().ok());
  auto before = snapshot_dir(trust);
  repo.snap.version = 1;
  repo.ts.version = 3;
  repo.write_snapshot_and_timestamp();
  expect_refused(cycle(), "tuf.rollback");
  EXPECT_EQ(snapshot_dir(trust), before);
}

TEST_F(UpdaterTest, RejectsSnapshotListingAnOlderBin) {
  repo.bin_lo.version = 2;
  republish_roles();
  ASSERT_TRUE(cycle().ok());
  std::string trusted_snapshot = trusted("snapshot.json");
  repo.bin_lo.version = 1;
  republish_roles();
  expect_refused(cycle(), "tuf.rollback");
  EXPECT_EQ(trusted("snapshot.json"), trusted_snapshot);
}

TEST_F(UpdaterTest, RejectsCurrentSnapshotWithAnOlderBinUnderTheNewName) {
  // Mix-and-match: the snapshot names bin-lo v2 (no hash, so only the version can tell), the
  // mirror serves v1's bytes as 2.<bin>.json.
  ASSERT_TRUE(cycle().ok());
  std::string bin = TestRepo::bin_name(false);
  std::string old_bytes = repo.role_bytes[bin];
  std::string trusted_bin = trusted(bin + ".json");
  repo.bin_lo.version = 2;
  republish_roles();
  repo.snap.meta[bin + ".json"] = MetaFile{2, std::nullopt, ""};
  repo.ts.version += 1;
  repo.write_snapshot_and_timestamp();
  write_file(repo.meta_path("2." + bin + ".json"), old_bytes);
  expect_refused(cycle(), "tuf.rollback");
  EXPECT_EQ(trusted(bin + ".json"), trusted_bin);
}

TEST_F(UpdaterTest, RejectsOlderBinBytesWhenTheSnapshotSignsTheHash) {
  ASSERT_TRUE(cycle().ok());
  std::string bin = TestRepo::bin_name(true);
  std::string old_bytes = repo.role_bytes[bin];
  repo.bin_hi.version = 2;
  republish_roles();
  write_file(repo.meta_path("2." + bin + ".json"), old_bytes);
  expect_refused(cycle(), "tuf.hash_mismatch");  // same length, other bytes
}

TEST_F(UpdaterTest, RejectsSnapshotWhereABinVanished) {
  ASSERT_TRUE(cycle().ok());
  std::string trusted_snapshot = trusted("snapshot.json");
  repo.snap.meta.erase(TestRepo::bin_name(true) + ".json");
  repo.snap.version += 1;
  repo.ts.version += 1;
  repo.write_snapshot_and_timestamp();
  expect_refused(cycle(), "tuf.rollback");
  EXPECT_EQ(trusted("snapshot.json"), trusted_snapshot);
}

// --- expiry (freeze) ---------------------------------------------------------------------------
TEST_F(UpdaterTest, RejectsExpiredTimestamp) {
  auto s = cycle(repo.ts.expires + 1);
  expect_refused(s, "tuf.expired");
  EXPECT_TRUE(trusted("timestamp.json").empty());
}

TEST_F(UpdaterTest, RejectsExpiredBin) {
  repo.bin_lo.expires = kNow - 1;
  repo.publish();
  expect_refused(cycle(), "tuf.expired");
}

TEST_F(UpdaterTest, KeepsRefusingAReplayedTimestampOnceItExpires) {
  ASSERT_TRUE(cycle().ok());
  // The same timestamp replayed (freeze): fine while valid, refused once expired.
  expect_refused(cycle(repo.ts.expires + 60), "tuf.expired");
}

TEST_F(UpdaterTest, RejectsExpiredRootAfterTheWalk) {
  // TUF spec §5.3.10: an expired newest root means a freeze; stop before the timestamp.
  auto s = cycle(repo.root.expires + 1);
  expect_refused(s, "tuf.expired");
}

TEST_F(UpdaterTest, DropsADamagedTrustedFileInsteadOfTrustingIt) {
  ASSERT_TRUE(cycle().ok());
  std::string t = trusted("timestamp.json");
  t[t.find("\"version\":1") + 10] = '9';  // one changed byte: the signature no longer matches
  write_file(trust + "/timestamp.json", t);
  // Dropped at open, not trusted; the cycle verifies the mirror's copy again.
  ASSERT_TRUE(cycle().ok());
  EXPECT_EQ(up->trusted_version("timestamp"), 1);
  EXPECT_EQ(trusted("timestamp.json"), repo.role_bytes["timestamp"]);
}

// --- root rotation -----------------------------------------------------------------------------
TEST_F(UpdaterTest, WalksRootRotationsOneVersionAtATime) {
  ASSERT_TRUE(cycle().ok());
  repo.set_role(repo.root, "root", {"root2"}, 1);
  repo.rotate_root({"root1", "root2"});  // v2: old and new thresholds
  repo.set_role(repo.root, "root", {"root3"}, 1);
  repo.rotate_root({"root2", "root3"});  // v3
  ASSERT_TRUE(cycle().ok());
  EXPECT_EQ(up->trusted_version("root"), 3);
  EXPECT_EQ(trusted("root.json"), repo.root_files[2]);
}

TEST_F(UpdaterTest, RejectsRootThatSkipsAVersion) {
  ASSERT_TRUE(cycle().ok());
  auto before = snapshot_dir(trust);
  repo.root.version = 3;
  write_file(repo.meta_path("2.root.json"), repo.sign(repo.root.to_json(), {"root1"}));
  expect_refused(cycle(), "tuf.bad_version");
  EXPECT_EQ(snapshot_dir(trust), before);
}

TEST_F(UpdaterTest, RejectsRootWithoutTheOldThreshold) {
  ASSERT_TRUE(cycle().ok());
  auto before = snapshot_dir(trust);
  repo.set_role(repo.root, "root", {"root2"}, 1);
  repo.rotate_root({"root2"});  // the new key alone: no old-root signature
  expect_refused(cycle(), "tuf.threshold");
  EXPECT_EQ(snapshot_dir(trust), before);
}

TEST_F(UpdaterTest, RecoversFromFastForwardAfterTimestampKeyRotation) {
  // An attacker holding the timestamp key pushes version 1000; the kiosk trusts it.
  repo.ts.version = 1000;
  repo.write_snapshot_and_timestamp();
  ASSERT_TRUE(cycle().ok());
  // Honest version 3 is refused while the compromised key is still trusted …
  repo.ts.version = 3;
  repo.write_snapshot_and_timestamp();
  expect_refused(cycle(), "tuf.rollback");
  // … and accepted after root v2 rotates the timestamp key (TUF spec §5.3.11).
  repo.keys.emplace("timestamp2", PrivateKey::generate());
  repo.root.keys.erase(repo.pub("timestamp").keyid);
  repo.set_role(repo.root, "timestamp", {"timestamp2"}, 1);
  repo.rotate_root({"root1"});
  repo.write_snapshot_and_timestamp("timestamp2");
  ASSERT_TRUE(cycle().ok());
  EXPECT_EQ(up->trusted_version("timestamp"), 3);
}

// --- delegations ----------------------------------------------------------------------------
TEST_F(UpdaterTest, RejectsCountyKeySigningAnotherCountysPaths) {
  ASSERT_TRUE(cycle().ok());
  std::string trusted_bin = trusted(TestRepo::bin_name(false) + ".json");
  // County A's bin lists a county B path (signed with county A's key, the right key for the bin).
  std::string foreign = "county/" + kCountyB + "/notice-evil.zst";
  repo.content[foreign] = "fake notice";
  repo.bin_lo.targets[foreign] = TargetFile{11, sha256_hex("fake notice", 11), Json()};
  repo.bin_lo.version = 2;
  republish_roles();
  expect_refused(cycle(), "tuf.path_not_delegated");
  EXPECT_EQ(trusted(TestRepo::bin_name(false) + ".json"), trusted_bin);
}

TEST_F(UpdaterTest, RejectsCountyRoleSignedByAnotherCountysKey) {
  repo.write_role("county-" + kCountyA, repo.county, "countyB");
  repo.write_snapshot_and_timestamp();
  expect_refused(cycle(), "tuf.threshold");
}

// --- mirror limits (USB tricks are in test_mirror.cpp) ------------------------------------------
TEST_F(UpdaterTest, RefusesTimestampOverItsCap) {
  std::string t = read_file(repo.meta_path("timestamp.json"));
  write_file(repo.meta_path("timestamp.json"), t + std::string(kMaxTimestampBytes, ' '));
  expect_refused(cycle(), "mirror.too_large");
}

TEST_F(UpdaterTest, MemoryOnlyUpdaterWritesNothing) {
  auto u = Updater::open(repo.root_files[0], "", kNow);
  ASSERT_TRUE(u.ok());
  auto m = repo.mirror();
  ASSERT_TRUE((*u)->refresh(*m).ok());
  EXPECT_FALSE(std::filesystem::exists(trust));
}

}  // namespace
}  // namespace gongkai::tuf

namespace gongkai::tuf {
namespace {

using namespace testing;

// Fault injection (STYLE habit 6): a real DirMirror whose Nth read fails.
class FaultyMirror final : public Mirror {
 public:
  FaultyMirror(Mirror& inner, int fail_at) : inner_(inner), fail_at_(fail_at) {}
  std::string describe() const override { return "faulty " + inner_.describe(); }
  Result<std::string> read_metadata(const std::string& name, size_t cap) override {
    if (calls_++ == fail_at_) return Error{"mirror.io", "injected failure reading " + name};
    return inner_.read_metadata(name, cap);
  }
  Result<std::string> read_target(const std::string& path, const TargetFile& info) override {
    if (calls_++ == fail_at_) return Error{"mirror.io", "injected failure reading " + path};
    return inner_.read_target(path, info);
  }
  int calls() const { return calls_; }

 private:
  Mirror& inner_;
  int fail_at_;
  int calls_ = 0;
};

Status run_cycle(TestRepo& repo, const std::string& trust, Mirror& m) {
  auto u = Updater::open(repo.root_files[0], trust, kNow);
  if (!u) return u.error();
  if (auto s = (*u)->refresh(m); !s) return s;
  for (const auto& [path, t] : (*u)->targets()) {
    if (auto b = (*u)->read_target(m, path); !b) return b.error();
  }
  return ok_status();
}

TEST(UpdaterFaults, EveryFailedReadLeavesOnlyVerifiedFilesAndTheNextCycleCompletes) {
  TempDir tmp;
  TestRepo repo(tmp.path() + "/repo");
  repo.add_target("county/" + kCountyA + "/a.zst", "a");
  repo.add_target("county/" + kCountyA + "/b.zst", "b");
  repo.publish();
  const std::string base = tmp.path() + "/base";
  {
    auto m = repo.mirror();
    ASSERT_TRUE(run_cycle(repo, base, *m).ok());
  }
  // A new generation of the repository: a root rotation, a changed bin, new snapshot/timestamp.
  repo.set_role(repo.root, "root", {"root2"}, 1);
  repo.rotate_root({"root1", "root2"});
  repo.add_target("county/" + kCountyA + "/c.zst", "c");
  repo.bin_lo.version = repo.bin_hi.version = 2;
  repo.ts.version = repo.snap.version = 2;
  repo.publish();
  // The clean run: how many reads, and the trusted state it ends in.
  const std::string clean = tmp.path() + "/clean";
  std::filesystem::copy(base, clean);
  auto inner = repo.mirror();
  FaultyMirror counting(*inner, -1);
  ASSERT_TRUE(run_cycle(repo, clean, counting).ok());
  const auto before = snapshot_dir(base), after = snapshot_dir(clean);
  ASSERT_GT(counting.calls(), 5);
  for (int i = 0; i < counting.calls(); ++i) {
    const std::string trial = tmp.path() + "/trial" + std::to_string(i);
    std::filesystem::copy(base, trial);
    FaultyMirror faulty(*inner, i);
    auto s = run_cycle(repo, trial, faulty);
    ASSERT_FALSE(s.ok()) << "read " << i;
    EXPECT_EQ(s.error().code, "mirror.io");
    // Invariant 3: each trusted file is the old one or the fully verified new one.
    for (const auto& [name, bytes] : snapshot_dir(trial)) {
      bool old_copy = before.count(name) && before.at(name) == bytes;
      bool new_copy = after.count(name) && after.at(name) == bytes;
      EXPECT_TRUE(old_copy || new_copy) << name << " after failing read " << i;
    }
    // Nothing sticks across cycles: the next, fault-free cycle completes and ends where a
    // never-failed one does.
    ASSERT_TRUE(run_cycle(repo, trial, *inner).ok()) << "after failing read " << i;
    EXPECT_EQ(snapshot_dir(trial), after) << "after failing read " << i;
  }
}

}  // namespace
}  // namespace gongkai::tuf
