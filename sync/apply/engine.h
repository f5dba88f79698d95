// engine.h — SyncEngine: the kiosk's update cycle after verification (issue #5, DESIGN §2, §5).
// The kiosk's sync worker thread and `gongkai-sync` (commands.h) call it; it starts no threads.
//
// Data directory (SyncConfig::data_dir, docs/apply.md):
//   state.db            active/previous generation, trusted-time floor, status (state.h)
//   trust/              verified TUF metadata, persisted by the Updater as it verifies
//   objects/<sha256>    verified target files (content-addressed cache, generation.h)
//   staging/            the generation being built (deleted at recovery)
//   generations/gen-<snapshot version>.db   built, fsynced, renamed; the UI opens it read-only
//   .lock               flock: one engine per data directory ("apply.busy" otherwise)
//
// Cycle (STYLE habit 5; errors are sticky for the cycle — nothing after the failing step runs,
// the state DB keeps the old generation, and the next cycle begins with recover()):
//
//   Idle ─recover()─► Recovered ─verify()─► Verified ─fetch()─► Fetched ─build()─► Built
//     ▲                   │ (nothing new: UpToDate / Skipped)                         │
//     │                   ▼                                                          flip()
//     └──── collect() ◄── Flipped ◄─────────────────────────────────────────────────┘
//   any step failing ──► Failed (last_error recorded; active generation unchanged)
//
//   transition            function            I/O points (FaultHook names)
//   Idle → Recovered      recover()           staging/, generations/, .part-*, trust/*.tmp-*
//   Recovered → Verified  tuf::Updater        trust/ persisted as each role verifies
//   Verified → Fetched    (apply_verified)    space; object.write/.rename
//   Fetched → Built       build_generation()  gen.write/.integrity/.fsync/.rename/.dirsync
//   Built → Flipped       StateDb::flip()     state.flip
//   Flipped → Idle        collect()           gen.gc, object.gc
//
// Invariants (checked by tests/apply):
//  1. The active generation changes only by StateDb::flip, after its file passed
//     integrity_check and was fsynced and renamed (generation.h inv. 2).
//  2. A failed or interrupted cycle leaves the active generation as it was; a cycle failing
//     verification also leaves the trusted-time floor and trust/ as they were (the Updater's
//     invariant 3): the floor is raised only after every role verified.
//  3. recover() is idempotent and removes only files no committed state refers to.
//  4. Only targets under <level>/<code>/ with <code> the kiosk's region or an ancestor are read.
//  5. trusted time never goes back (clock.h); staleness is judged from the newest verified
//     signed issued time, never from "nothing new" answers.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apply/clock.h"
#include "apply/generation.h"
#include "apply/state.h"
#include "gongkai/result.h"
#include "tuf/fsutil.h"
#include "tuf/mirror.h"
#include "tuf/updater.h"

namespace gongkai::apply {

inline constexpr int64_t kStaleAfterSeconds = 48 * 3600;       // issue #5: "stale" after 48 h
inline constexpr int64_t kFloorPersistIntervalSeconds = 300;   // trusted-time floor to disk
inline constexpr uint64_t kDefaultMinFreeBytes = 64ull << 20;  // left free after an update

struct SyncConfig {
  std::string data_dir;        // required
  std::string region;          // the kiosk's 12-digit code (required for cycles)
  std::string bootstrap_root;  // bytes of the 1.root.json shipped with the kiosk
  std::vector<std::string> usb_roots{"/media", "/run/media"};  // where sticks are mounted
  Clock clock = real_clock();                                  // injectable for clock tests
  FaultHook fault;                                             // tests: fail the named I/O point
  uint64_t min_free_bytes = kDefaultMinFreeBytes;  // refuse an update that would leave less
};

struct ContentChanges {
  int items_added = 0, items_removed = 0, notices_added = 0, notices_removed = 0;
};

struct CycleResult {
  enum class Outcome { Applied, UpToDate, Skipped };
  Outcome outcome = Outcome::UpToDate;
  int64_t generation = 0;           // active after the cycle (0 = none)
  std::optional<int64_t> previous;  // active before the cycle
  int objects_downloaded = 0, objects_reused = 0;
  int64_t bytes_downloaded = 0;
  ContentChanges changes;
  BuildSummary built;
  tuf::UpdateReport report;
};

struct SyncStatus {
  std::optional<int64_t> generation;  // nullopt: never synced → bundled demo DB
  std::string generation_path;
  std::optional<int64_t> previous_generation;
  std::optional<int64_t> last_sync;
  std::optional<int64_t> last_issued;
  int64_t trusted_now = 0;
  int64_t time_floor = 0;
  bool stale = false;  // trusted_now − last_issued > 48 h
  std::string last_error, last_usb;
  uint64_t storage_bytes = 0, free_bytes = 0;
};

struct UsbResult {
  std::string tree;  // gongkai-update/<code> that was used
  CycleResult cycle;
  std::string banner;          // Chinese, for the staff banner
  std::string report_file;     // written on the stick ("" when that failed)
  std::optional<Error> error;  // set when refused or failed (kiosk unchanged)
};

class SyncEngine {
 public:
  // Creates the data directory layout, takes the lock, runs recover().
  static Result<std::unique_ptr<SyncEngine>> open(SyncConfig cfg);
  ~SyncEngine();
  SyncEngine(const SyncEngine&) = delete;
  SyncEngine& operator=(const SyncEngine&) = delete;

  Result<CycleResult> run_cycle(tuf::Mirror& mirror);
  // A stick's mount point (holding gongkai-update/) or a gongkai-update/<code> tree itself.
  UsbResult import_usb(const std::string& path);
  // Mount points under the configured roots (depth ≤ 2) holding a tree for this kiosk.
  std::vector<std::string> find_usb() const;
  Result<SyncStatus> status();
  int64_t trusted_now() const { return clock_.now(); }
  Status tick();     // persists the trusted-time floor when kFloorPersistIntervalSeconds passed
  Status recover();  // invariant 3
  // Invariants 1 and 3 as they show on disk: the active file exists and passes
  // integrity_check, staging/ is empty, object roots name only the active and previous
  // generations. Tests call it after every injected failure; a cycle that finds it broken
  // records the error and rebuilds (a kiosk must never be bricked by its own check).
  Status check_invariants() const;

 private:
  SyncEngine(SyncConfig cfg, StateDb state, tuf::Fd lock, int64_t floor);
  Result<CycleResult> cycle(tuf::Mirror& mirror, bool usb);
  Result<CycleResult> apply_verified(tuf::Updater& u, tuf::Mirror& m, CycleResult res);
  std::vector<TargetRef> select_targets(const tuf::Updater& u) const;
  Status check_space(const std::vector<TargetRef>& targets, const ObjectCache& cache) const;
  Status collect();
  Status upgrade_active();  // an active generation in an older store schema → current schema
  Error fail_cycle(const Error& e);
  std::string dir(const char* sub) const { return cfg_.data_dir + "/" + sub; }

  SyncConfig cfg_;
  StateDb state_;
  tuf::Fd lock_;
  TrustedClock clock_;
  int64_t floor_persisted_at_ = 0;  // monotonic seconds
};

// Status without taking the lock or changing anything (gongkai-sync status beside a running
// kiosk). Fails when data_dir has no state DB.
Result<SyncStatus> peek_status(const std::string& data_dir, const Clock& clock);

// "U盘更新完成：…" / "U盘更新未执行：…" banner texts (Chinese, citizen/staff-facing).
std::string usb_banner(const Result<CycleResult>& r);

}  // namespace gongkai::apply
