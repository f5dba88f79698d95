// state.cpp — the state DB and the UI's GenerationWatch; schema and invariants in state.h.
#include "apply/state.h"

namespace gongkai::apply {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS kiosk(
  id INTEGER PRIMARY KEY CHECK(id = 1),
  active_gen INTEGER, active_file TEXT NOT NULL DEFAULT '',
  previous_gen INTEGER, previous_file TEXT NOT NULL DEFAULT '',
  time_floor INTEGER NOT NULL DEFAULT 0,
  last_sync INTEGER, last_issued INTEGER,
  last_error TEXT NOT NULL DEFAULT '', last_usb TEXT NOT NULL DEFAULT '',
  flips INTEGER NOT NULL DEFAULT 0);
INSERT OR IGNORE INTO kiosk(id) VALUES(1);
CREATE TABLE IF NOT EXISTS gen_object(gen INTEGER NOT NULL, sha256 TEXT NOT NULL,
  PRIMARY KEY(gen, sha256)) WITHOUT ROWID;
PRAGMA user_version = 1;
)sql";

constexpr const char* kSelect =
    "SELECT active_gen, active_file, previous_gen, previous_file, time_floor, last_sync, "
    "last_issued, last_error, last_usb, flips FROM kiosk WHERE id = 1";

std::optional<int64_t> opt(const Stmt& st, int col) {
  return st.is_null(col) ? std::nullopt : std::optional<int64_t>(st.i64(col));
}

Result<KioskState> read_state(const Db& db) {
  Stmt st(db, kSelect);
  auto row = st.step();
  if (!row) return row.error();
  if (!*row) return Error{"apply.db", "state DB has no kiosk row / 状态库缺少记录"};
  KioskState k;
  k.active_gen = opt(st, 0);
  k.active_file = st.text(1);
  k.previous_gen = opt(st, 2);
  k.previous_file = st.text(3);
  k.time_floor = st.i64(4);
  k.last_sync = opt(st, 5);
  k.last_issued = opt(st, 6);
  k.last_error = st.text(7);
  k.last_usb = st.text(8);
  k.flips = st.i64(9);
  return k;
}

}  // namespace

Result<StateDb> StateDb::open(const std::string& path) {
  auto db = Db::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db) return db.error();
  // WAL + FULL: a committed flip survives power loss (invariant 2, DESIGN §5).
  if (auto s = db->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL"); !s)
    return s.error();
  Stmt v(*db, "PRAGMA user_version");
  auto row = v.step();
  if (!row) return row.error();
  int64_t version = *row ? v.i64(0) : 0;
  if (version > kStateSchemaVersion) {
    return Error{"apply.db", path + " was written by a newer gongkai / 状态库版本过新"};
  }
  if (version < kStateSchemaVersion) {
    if (auto s = db->exec(std::string("BEGIN IMMEDIATE;") + kSchema + "COMMIT;"); !s)
      return s.error();
  }
  return StateDb(std::move(*db));
}

Result<KioskState> StateDb::load() const { return read_state(db_); }

Status StateDb::flip(int64_t gen, const std::string& file,
                     const std::vector<std::string>& objects) {
  if (auto s = db_.exec("BEGIN IMMEDIATE"); !s) return s;
  auto fail = [&](Error e) -> Status {
    (void)db_.exec("ROLLBACK");
    return e;
  };
  Stmt up(db_,
          "UPDATE kiosk SET previous_gen = active_gen, previous_file = active_file, "
          "active_gen = ?1, active_file = ?2, flips = flips + 1 WHERE id = 1");
  if (auto s = up.bind(1, gen).bind(2, file).run(); !s) return fail(s.error());
  // Invariant 4: roots of generations other than the new active and the new previous go.
  Stmt del(db_,
           "DELETE FROM gen_object WHERE gen NOT IN (SELECT active_gen FROM kiosk UNION "
           "SELECT previous_gen FROM kiosk WHERE previous_gen IS NOT NULL) OR gen = ?1");
  if (auto s = del.bind(1, gen).run(); !s) return fail(s.error());
  Stmt ins(db_, "INSERT OR IGNORE INTO gen_object(gen, sha256) VALUES(?1, ?2)");
  for (const auto& sha : objects) {
    ins.reset();
    if (auto s = ins.bind(1, gen).bind(2, sha).run(); !s) return fail(s.error());
  }
  if (auto s = db_.exec("COMMIT"); !s) return fail(s.error());
  return ok_status();
}

Status StateDb::record_sync(int64_t trusted_now, std::optional<int64_t> issued, int64_t floor) {
  Stmt st(
      db_,
      // SQLite's multi-argument max() is NULL when any argument is: coalesce keeps the known one.
      "UPDATE kiosk SET last_sync = ?1, last_issued = coalesce(max(last_issued, ?2), "
      "last_issued, ?2), "
      "time_floor = max(time_floor, ?3), last_error = '' WHERE id = 1");
  st.bind(1, trusted_now);
  if (issued) {
    st.bind(2, *issued);
  } else {
    st.bind_null(2);
  }
  st.bind(3, floor);
  return st.run();
}

Status StateDb::raise_floor(int64_t floor) {
  Stmt st(db_, "UPDATE kiosk SET time_floor = max(time_floor, ?1) WHERE id = 1");
  return st.bind(1, floor).run();
}

Status StateDb::set_error(const std::string& message) {
  Stmt st(db_, "UPDATE kiosk SET last_error = ?1 WHERE id = 1");
  return st.bind(1, message).run();
}

Status StateDb::set_usb_result(const std::string& banner) {
  Stmt st(db_, "UPDATE kiosk SET last_usb = ?1 WHERE id = 1");
  return st.bind(1, banner).run();
}

Result<std::set<std::string>> StateDb::referenced_objects() const {
  auto rows = column_text(db_, "SELECT sha256 FROM gen_object");
  if (!rows) return rows.error();
  return std::set<std::string>(rows->begin(), rows->end());
}

Result<std::set<std::string>> StateDb::objects_of(int64_t gen) const {
  Stmt st(db_, "SELECT sha256 FROM gen_object WHERE gen = ?1");
  st.bind(1, gen);
  std::set<std::string> out;
  for (;;) {
    auto r = st.step();
    if (!r) return r.error();
    if (!*r) return out;
    out.insert(st.text(0));
  }
}

// ---------------------------------------------------------------------------------------------
// GenerationWatch
// ---------------------------------------------------------------------------------------------
Result<GenerationWatch> GenerationWatch::open(const std::string& data_dir) {
  auto db = Db::open(data_dir + "/state.db", SQLITE_OPEN_READONLY);
  if (!db) return db.error();
  return GenerationWatch(data_dir, std::move(*db));
}

Result<std::optional<ActiveGeneration>> GenerationWatch::current() {
  auto k = read_state(db_);
  if (!k) return k.error();
  flips_seen_ = k->flips;
  if (!k->active_gen) return std::optional<ActiveGeneration>();
  return std::optional<ActiveGeneration>(
      ActiveGeneration{*k->active_gen, dir_ + "/generations/" + k->active_file, k->flips});
}

Result<bool> GenerationWatch::changed() {
  // PRAGMA data_version changes only when another connection committed (SQLite docs), so the
  // common frame costs no query of the kiosk row.
  Stmt v(db_, "PRAGMA data_version");
  auto row = v.step();
  if (!row) return row.error();
  int64_t dv = *row ? v.i64(0) : 0;
  if (dv == data_version_ && flips_seen_ >= 0) return false;
  data_version_ = dv;
  Stmt f(db_, "SELECT flips FROM kiosk WHERE id = 1");
  auto frow = f.step();
  if (!frow) return frow.error();
  int64_t flips = *frow ? f.i64(0) : 0;
  bool changed = flips_seen_ >= 0 && flips != flips_seen_;
  flips_seen_ = flips;
  return changed;
}

Result<int64_t> GenerationWatch::time_floor() {
  auto k = read_state(db_);
  if (!k) return k.error();
  return k->time_floor;
}

}  // namespace gongkai::apply
