// updater.h — the TUF client workflow (TUF spec §5, trimmed to a content feed; DESIGN §5): from a
// trusted root, verify what a Mirror offers, role by role, and hand out verified target bytes.
//
// State machine (one Updater per update cycle; errors are sticky, STYLE habit 6):
//
//     open()                update_root()        update_timestamp()      update_snapshot()
//   ───────► RootTrusted ─────────────► RootFresh ─────────────► TimestampFresh ────────────►
//                                                                                    │
//   ┌────────────────────────────────────────────────────────────────────────────────┘
//   └► SnapshotFresh ── update_targets() ──► TargetsFresh ── read_target() (any number) ──┐
//                                                 ▲_____________________________________│
//   any transition that fails ──► Failed: every later call returns the first error; the
//   caller must not apply anything and starts a new cycle with a new Updater.
//
//   transition                 function             spec
//   RootTrusted → RootFresh    update_root()        §5.3 walk N+1.root.json one at a time
//   RootFresh → TimestampFresh update_timestamp()   §5.4 (cap 16 KiB, rollback, expiry)
//   TimestampFresh → Snapshot… update_snapshot()    §5.5 (hash+length from timestamp)
//   SnapshotFresh → Targets…   update_targets()     §5.6 targets + every delegated role the
//                                                   snapshot lists, preorder, paths enforced
//   TargetsFresh               read_target()        §5.7 length + sha256, read ≤ length
//   refresh() runs the four updates in order.
//
// Invariants (checked by tests/tuf):
//  1. Nothing is interpreted before its signatures meet the threshold of keys the trusted
//     metadata names, each key ID counted once, schemes from root's pinned allow-list.
//  2. Trusted versions only go up: no role's version lower than trusted; every role the trusted
//     snapshot listed is still listed (rollback, mix-and-match). Exception, TUF spec §5.3.11:
//     when root rotates the timestamp or snapshot keys, trusted timestamp and snapshot are
//     dropped (fast-forward recovery).
//  3. Each metadata file is persisted to the trust directory (when one is given) right after it
//     is verified (targets roles: after the whole delegation tree passed invariant 4), with
//     write_file_atomic (fsync + rename + fsync dir); nothing unverified is ever written there.
//     Without a trust directory the Updater changes nothing on disk
//     (`gongkai-sync verify`).
//  4. Every target a role lists is one the TUF lookup (§5.6.7: preorder, first match, terminating
//     stops the search) resolves to that role; otherwise the whole cycle fails ("a county key
//     signing another county's paths").
//
// Trust directory layout: root.json, timestamp.json, snapshot.json, targets.json and
// <role>.json for delegated roles — each the exact bytes that were verified.
//
// Using it (kiosk worker, `gongkai-sync once|import`): Updater::open(shipped 1.root.json, trust
// dir, trusted now) → refresh(mirror) → for each entry of targets() whose sha256 is not yet in
// the local object store, read_target(mirror, path) and keep that copy (never re-read the
// mirror) → build the generation from the verified bytes. report().issued feeds the trusted
// clock; report().timestamp_unchanged with an old issued time is what a freeze looks like.
// read_target returns the whole file in memory: targets are capped by their signed length.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gongkai/result.h"
#include "tuf/metadata.h"
#include "tuf/mirror.h"

namespace gongkai::tuf {

// Byte caps (named limits, DESIGN §5). A length signed in the parent overrides the default.
inline constexpr size_t kMaxRootBytes = 512 * 1024;
inline constexpr size_t kMaxTimestampBytes = 16 * 1024;
inline constexpr size_t kMaxSnapshotBytes = 4 * 1024 * 1024;
inline constexpr size_t kMaxTargetsBytes = 16 * 1024 * 1024;
inline constexpr int64_t kMaxTargetBytes = 512LL * 1024 * 1024;
inline constexpr int kMaxRootRotations = 256;    // python-tuf's default max_root_rotations
inline constexpr int kMaxDelegatedRoles = 4096;  // 17 per county (county + 16 bins) × 240

struct ResolvedTarget {
  std::string role;  // the role that signed it
  TargetFile info;
};

struct UpdateReport {
  int64_t root_version = 0;
  int64_t timestamp_version = 0;
  int64_t snapshot_version = 0;
  bool timestamp_unchanged = false;  // mirror offered no newer timestamp (freeze detection)
  std::optional<int64_t> issued;     // newest verified x-gongkai-issued of the timestamp
  int64_t timestamp_expires = 0;
  std::vector<std::string> roles_fetched;  // metadata files downloaded and verified this cycle
};

class Updater {
 public:
  enum class State { RootTrusted, RootFresh, TimestampFresh, SnapshotFresh, TargetsFresh, Failed };

  // trust_dir: "" = memory only (verify without changing anything). When trust_dir holds a
  // root.json it is the trusted root and bootstrap_root is ignored; otherwise bootstrap_root
  // (the 1.root.json shipped with the kiosk) is checked against its own threshold and, when a
  // trust_dir is given, written there. Previously trusted timestamp/snapshot/targets are loaded
  // and re-verified against the trusted root; a file that fails is dropped, not trusted.
  static Result<std::unique_ptr<Updater>> open(const std::string& bootstrap_root,
                                               const std::string& trust_dir, int64_t now);

  State state() const { return state_; }
  const Error* error() const { return error_ ? &*error_ : nullptr; }

  Status update_root(Mirror& m);
  Status update_timestamp(Mirror& m);
  Status update_snapshot(Mirror& m);
  Status update_targets(Mirror& m);
  Status refresh(Mirror& m);  // all four

  // After TargetsFresh: every target, by path, with the role that signs it.
  const std::map<std::string, ResolvedTarget>& targets() const { return resolved_; }
  // Reads and checks one target (length and sha256, at most the signed length).
  Result<std::string> read_target(Mirror& m, const std::string& path);

  const UpdateReport& report() const { return report_; }
  const Root& trusted_root() const { return root_; }
  // Trusted version of a role ("root", "timestamp", "snapshot", "targets", or a delegated
  // name); 0 when none is trusted.
  int64_t trusted_version(const std::string& role) const;

 private:
  Updater() = default;
  Status fail(Error e);
  Status persist(const std::string& file, const std::string& bytes);
  void drop_trusted(const std::string& file);
  Status check_entry(State expected, const char* fn);
  Status check_expiry(const Common& c, const std::string& what) const;
  Result<Targets> fetch_role(Mirror& m, const std::string& role,
                             const std::map<std::string, Key>& keys, const RoleKeys& rk);
  Status resolve_all();
  std::optional<ResolvedTarget> lookup(const std::string& path) const;

  State state_ = State::RootTrusted;
  std::optional<Error> error_;
  std::string trust_dir_;
  int64_t now_ = 0;

  Root root_;
  std::optional<Timestamp> timestamp_;
  std::string timestamp_bytes_;
  std::optional<Snapshot> snapshot_;
  std::optional<Targets> targets_;
  std::map<std::string, Targets> delegated_;           // verified this cycle (or reused trusted)
  std::map<std::string, Targets> trusted_delegated_;   // loaded at open()
  std::map<std::string, Envelope> trusted_envelopes_;  // for re-verification on reuse
  std::vector<std::string> role_order_;                // preorder of delegated roles visited
  std::map<std::string, ResolvedTarget> resolved_;
  std::vector<std::pair<std::string, std::string>> pending_;  // role files awaiting resolve_all
  UpdateReport report_;
};

const char* state_name(Updater::State s);

}  // namespace gongkai::tuf
