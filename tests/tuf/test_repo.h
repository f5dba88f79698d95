// test_repo.h — a small TUF repository written to a temp directory, with every key at hand, so
// tests can publish legitimate versions and then forge, replay or corrupt exactly one thing.
//
// Roles (the shape emit-feed writes, smaller): root → targets → county-340100000000 (paths
// county/340100000000/*, terminating) → county-340100000000-bin-lo / -bin-hi (path_hash_prefixes
// 0–7 / 8–f); targets also delegates county-340200000000 (county B, its own key).
// publish() signs the current role structs as they are (tests set versions by hand) and writes
// N.root.json…, <v>.<role>.json, <v>.snapshot.json (with lengths and hashes), timestamp.json, and
// the target files under consistent-snapshot names. The repository is read through DirMirror.
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "gongkai/store.h"
#include "tuf/fsutil.h"
#include "tuf/metadata.h"
#include "tuf/mirror.h"
#include "tuf/updater.h"

namespace gongkai::tuf::testing {

inline constexpr int64_t kNow = 1795000000;  // 2026-11-18, a fixed "now" for every test
inline constexpr int64_t kYear = 365 * 86400;
inline const std::string kCountyA = "340100000000";
inline const std::string kCountyB = "340200000000";
using testsupport::TempDir;

inline void write_file(const std::string& path, const std::string& bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

inline std::string read_file(const std::string& path) {
  auto r = read_file_capped(path, 64 << 20);
  return r ? *r : std::string();
}

// name → bytes of every file below dir: "trusted state unchanged" is equality of this map.
inline std::map<std::string, std::string> snapshot_dir(const std::string& dir) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file())
      out[std::filesystem::relative(e.path(), dir).string()] = read_file(e.path().string());
  }
  return out;
}

struct TestRepo {
  std::string dir;  // the repository (metadata/, targets/)
  std::map<std::string, PrivateKey> keys;
  Root root;
  std::vector<std::string> root_files;  // bytes of 1.root.json, 2.root.json …
  Targets top, county, bin_lo, bin_hi, county_b;
  Snapshot snap;
  Timestamp ts;
  std::map<std::string, std::string> content;     // target path → bytes
  std::map<std::string, std::string> role_bytes;  // role name → last written bytes

  explicit TestRepo(std::string d) : dir(std::move(d)) {
    for (const char* n : {"root1", "root2", "root3", "targets", "snapshot", "timestamp", "countyA",
                          "countyB", "evil"}) {
      keys.emplace(n, PrivateKey::generate());
    }
    root.version = 1;
    root.expires = kNow + kYear;
    root.schemes = {kEd25519};
    set_role(root, "root", {"root1"}, 1);
    set_role(root, "targets", {"targets"}, 1);
    set_role(root, "snapshot", {"snapshot"}, 1);
    set_role(root, "timestamp", {"timestamp"}, 1);
    root_files.push_back(sign(root.to_json(), {"root1"}));

    for (Targets* t : {&top, &county, &bin_lo, &bin_hi, &county_b}) {
      t->version = 1;
      t->expires = kNow + kYear;
    }
    top.delegations = Delegations{};
    add_delegation(top, "county-" + kCountyA, "countyA", {"county/" + kCountyA + "/*"}, {});
    add_delegation(top, "county-" + kCountyB, "countyB", {"county/" + kCountyB + "/*"}, {});
    county.delegations = Delegations{};
    add_delegation(county, bin_name(false), "countyA", {},
                   {"0", "1", "2", "3", "4", "5", "6", "7"});
    add_delegation(county, bin_name(true), "countyA", {}, {"8", "9", "a", "b", "c", "d", "e", "f"});
    snap.version = 1;
    snap.expires = kNow + kYear;
    ts.version = 1;
    ts.expires = kNow + 7 * 86400;
    ts.issued = kNow - 3600;
  }

  static std::string bin_name(bool hi) {
    return "county-" + kCountyA + (hi ? "-bin-hi" : "-bin-lo");
  }

  const Key& pub(const std::string& n) const { return keys.at(n).public_key(); }

  void set_role(Root& r, const std::string& role, const std::vector<std::string>& names,
                int threshold) {
    RoleKeys rk;
    for (const auto& n : names) {
      r.keys[pub(n).keyid] = pub(n);
      rk.keyids.push_back(pub(n).keyid);
    }
    rk.threshold = threshold;
    r.roles[role] = rk;
  }

  void add_delegation(Targets& t, const std::string& name, const std::string& key,
                      std::vector<std::string> paths, std::vector<std::string> prefixes) {
    DelegatedRole d;
    d.name = name;
    d.keys.keyids = {pub(key).keyid};
    d.paths = std::move(paths);
    d.hash_prefixes = std::move(prefixes);
    d.terminating = true;
    t.delegations->keys[pub(key).keyid] = pub(key);
    t.delegations->roles.push_back(d);
  }

  std::string sign(const Json& signed_part, const std::vector<std::string>& names) const {
    std::vector<const PrivateKey*> ks;
    for (const auto& n : names) ks.push_back(&keys.at(n));
    return *sign_metadata(signed_part, ks);
  }

  // Adds a target to county A (its bin chosen by sha256 of the path) or to county B.
  void add_target(const std::string& path, const std::string& bytes) {
    content[path] = bytes;
    TargetFile f{static_cast<int64_t>(bytes.size()), sha256_hex(bytes.data(), bytes.size()),
                 Json()};
    if (path.rfind("county/" + kCountyB, 0) == 0) {
      county_b.targets[path] = f;
      return;
    }
    std::string h = sha256_hex(path.data(), path.size());
    (h[0] >= '8' ? bin_hi : bin_lo).targets[path] = f;
  }

  std::string meta_path(const std::string& name) const { return dir + "/metadata/" + name; }

  // Writes role metadata and records its meta entry in the snapshot.
  void write_role(const std::string& name, const Targets& t, const std::string& key) {
    std::string bytes = sign(t.to_json(), {key});
    role_bytes[name] = bytes;
    write_file(meta_path(std::to_string(t.version) + "." + name + ".json"), bytes);
    snap.meta[name + ".json"] = MetaFile{t.version, static_cast<int64_t>(bytes.size()),
                                         sha256_hex(bytes.data(), bytes.size())};
  }

  void publish() {
    for (size_t i = 0; i < root_files.size(); ++i) {
      write_file(meta_path(std::to_string(i + 1) + ".root.json"), root_files[i]);
    }
    for (const auto& [path, bytes] : content) {
      write_file(
          dir + "/targets/" + consistent_target_path(path, sha256_hex(bytes.data(), bytes.size())),
          bytes);
    }
    write_role("targets", top, "targets");
    write_role("county-" + kCountyA, county, "countyA");
    write_role(bin_name(false), bin_lo, "countyA");
    write_role(bin_name(true), bin_hi, "countyA");
    write_role("county-" + kCountyB, county_b, "countyB");
    write_snapshot_and_timestamp();
  }

  void write_snapshot_and_timestamp(const std::string& ts_key = "timestamp") {
    std::string sb = sign(snap.to_json(), {"snapshot"});
    role_bytes["snapshot"] = sb;
    write_file(meta_path(std::to_string(snap.version) + ".snapshot.json"), sb);
    ts.snapshot =
        MetaFile{snap.version, static_cast<int64_t>(sb.size()), sha256_hex(sb.data(), sb.size())};
    std::string tb = sign(ts.to_json(), {ts_key});
    role_bytes["timestamp"] = tb;
    write_file(meta_path("timestamp.json"), tb);
  }

  // A new root version signed by `signers` (tests choose who signs).
  void rotate_root(const std::vector<std::string>& signers) {
    root.version += 1;
    root_files.push_back(sign(root.to_json(), signers));
    write_file(meta_path(std::to_string(root.version) + ".root.json"), root_files.back());
  }

  std::unique_ptr<DirMirror> mirror() const { return std::move(*DirMirror::open(dir)); }
};

// One update cycle of a fresh Updater over the trust directory: refresh, then read every target
// and compare it with what the repository published. `up` keeps the Updater for inspection.
inline Status update_and_read_all(const TestRepo& repo, const std::string& trust, int64_t now,
                                  std::unique_ptr<Updater>& up) {
  auto u = Updater::open(repo.root_files[0], trust, now);
  if (!u) return u.error();
  up = std::move(*u);
  auto m = repo.mirror();
  if (auto s = up->refresh(*m); !s) return s;
  for (const auto& [path, t] : up->targets()) {
    auto bytes = up->read_target(*m, path);
    if (!bytes) return bytes.error();
    if (*bytes != repo.content.at(path)) return Error{"test.content", path};
  }
  return ok_status();
}

}  // namespace gongkai::tuf::testing
