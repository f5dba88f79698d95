// state.h — the kiosk's small state DB (DESIGN §5 "Apply"): which content generation is active,
// the one before it, the trusted-time floor, and what staff see in status.
//
// On disk: DATA/state.db, SQLite, journal_mode=WAL, synchronous=FULL (a commit is on the platter
// before it returns). Schema (kStateSchemaVersion = 1, PRAGMA user_version):
//   kiosk(id=1, active_gen, active_file, previous_gen, previous_file, time_floor, last_sync,
//         last_issued, last_error, last_usb, flips)        exactly one row
//   gen_object(gen, sha256)    the target objects a generation was built from (GC roots)
// Files are named relative to DATA/generations/.
//
// Invariants:
//  1. active_file, when set, names a generation file that was fsynced and renamed into place
//     before the transaction that set it (engine.cpp, step "flip").
//  2. flip() is one transaction: previous := active, active := new, object roots replaced. After
//     a crash the row holds the old pair or the new pair, never a mix.
//  3. time_floor only rises (UPDATE … max(time_floor, ?)).
//  4. gen_object holds rows only for the active and the previous generation.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "apply/db.h"
#include "gongkai/result.h"

namespace gongkai::apply {

inline constexpr int kStateSchemaVersion = 1;

struct KioskState {
  std::optional<int64_t> active_gen;  // nullopt: never synced → the caller shows the demo DB
  std::string active_file;            // "gen-12.db"
  std::optional<int64_t> previous_gen;
  std::string previous_file;
  int64_t time_floor = 0;
  std::optional<int64_t> last_sync;    // trusted time of the last verified cycle
  std::optional<int64_t> last_issued;  // newest verified signed issued time
  std::string last_error;              // "" after a successful cycle
  std::string last_usb;                // result banner of the last USB import
  int64_t flips = 0;                   // counts flips: the UI's cheap "changed?" token
};

class StateDb {
 public:
  static Result<StateDb> open(const std::string& path);  // creates it when missing
  Result<KioskState> load() const;
  // Invariant 2. `objects`: the sha256 of every target the new generation was built from.
  Status flip(int64_t gen, const std::string& file, const std::vector<std::string>& objects);
  // A verified cycle (new content or not): last_sync, last_issued (if any), floor, error cleared.
  Status record_sync(int64_t trusted_now, std::optional<int64_t> issued, int64_t floor);
  Status raise_floor(int64_t floor);  // invariant 3
  Status set_error(const std::string& message);
  Status set_usb_result(const std::string& banner);
  Result<std::set<std::string>> referenced_objects() const;
  Result<std::set<std::string>> objects_of(int64_t gen) const;
  const Db& db() const { return db_; }  // for invariant checks (engine.cpp)

 private:
  explicit StateDb(Db db) : db_(std::move(db)) {}
  Db db_;
};

// The UI side: a read-only view of the state DB, cheap to poll at every frame boundary.
struct ActiveGeneration {
  int64_t generation = 0;
  std::string path;  // absolute path of the generation file, to open with Store::Mode::ReadOnly
  int64_t flips = 0;
};

class GenerationWatch {
 public:
  // data_dir as given to SyncEngine. Fails when the state DB does not exist yet.
  static Result<GenerationWatch> open(const std::string& data_dir);
  // nullopt: no generation was ever applied — use the bundled demo DB (docs/apply.md).
  Result<std::optional<ActiveGeneration>> current();
  // True when a flip committed since the last current()/changed() call. Costs one
  // PRAGMA data_version (no disk read) unless the state DB was written.
  Result<bool> changed();
  Result<int64_t> time_floor();  // for the UI's TrustedClock

 private:
  GenerationWatch(std::string dir, Db db) : dir_(std::move(dir)), db_(std::move(db)) {}
  std::string dir_;
  Db db_;
  int64_t data_version_ = -1;
  int64_t flips_seen_ = -1;
};

}  // namespace gongkai::apply
