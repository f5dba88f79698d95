// engine.cpp — SyncEngine: recovery, the update cycle, GC, status; the state machine, I/O points
// and invariants are in engine.h, the on-disk design in docs/apply.md.
#include "apply/engine.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include "apply/db.h"
#include "gongkai/content.h"
#include "gongkai/store.h"

namespace gongkai::apply {

namespace fs = std::filesystem;

namespace {

std::set<std::string> ancestry_set(const std::string& region) {
  auto a = region_ancestry(region);
  return {a.begin(), a.end()};
}

Result<uint64_t> free_bytes(const std::string& dir) {
  struct statvfs v {};
  if (::statvfs(dir.c_str(), &v) != 0) {
    return Error{"apply.io", "statvfs " + dir + " failed / 无法读取剩余空间"};
  }
  return static_cast<uint64_t>(v.f_bavail) * v.f_frsize;
}

uint64_t dir_bytes(const std::string& dir) {
  uint64_t n = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file(ec)) n += it->file_size(ec);
  }
  return n;
}

int64_t raw_length_of(const TargetRef& t) {
  const auto& c = t.info.custom;
  if (c.is_object() && c.contains("gongkai") && c["gongkai"].is_object() &&
      c["gongkai"].contains("raw_length") && c["gongkai"]["raw_length"].is_number_integer()) {
    return c["gongkai"]["raw_length"].get<int64_t>();
  }
  return t.info.length;
}

// uid and notice-id sets of a generation file, for the "what was added/removed" banner.
struct Keys {
  std::set<std::string> items, notices;
};
Keys keys_of(const std::string& path) {
  Keys k;
  std::error_code ec;
  if (path.empty() || !fs::exists(path, ec)) return k;
  auto db = Db::open(path, SQLITE_OPEN_READONLY);
  if (!db) return k;
  if (auto r = column_text(*db, "SELECT uid FROM catalog_item")) k.items = {r->begin(), r->end()};
  if (auto r = column_text(*db, "SELECT id FROM notice")) k.notices = {r->begin(), r->end()};
  return k;
}

int count_missing(const std::set<std::string>& from, const std::set<std::string>& in) {
  int n = 0;
  for (const auto& x : from) n += in.count(x) ? 0 : 1;
  return n;
}

ContentChanges diff(const std::string& old_file, const std::string& new_file) {
  Keys a = keys_of(old_file), b = keys_of(new_file);
  return ContentChanges{count_missing(b.items, a.items), count_missing(a.items, b.items),
                        count_missing(b.notices, a.notices), count_missing(a.notices, b.notices)};
}

SyncStatus status_of(const KioskState& k, const std::string& data_dir, int64_t trusted_now) {
  SyncStatus s;
  s.generation = k.active_gen;
  if (k.active_gen) s.generation_path = data_dir + "/generations/" + k.active_file;
  s.previous_generation = k.previous_gen;
  s.last_sync = k.last_sync;
  s.last_issued = k.last_issued;
  s.trusted_now = trusted_now;
  s.time_floor = k.time_floor;
  // Issue #5: stale 48 h after the last *signed issued* time; a 304 or an unchanged timestamp
  // never refreshes last_issued (StateDb::record_sync keeps the max of verified issued times).
  s.stale = k.last_issued && trusted_now - *k.last_issued > kStaleAfterSeconds;
  s.last_error = k.last_error;
  s.last_usb = k.last_usb;
  s.storage_bytes = dir_bytes(data_dir);
  if (auto f = free_bytes(data_dir)) s.free_bytes = *f;
  return s;
}

}  // namespace

SyncEngine::SyncEngine(SyncConfig cfg, StateDb state, tuf::Fd lock, int64_t floor)
    : cfg_(std::move(cfg)),
      state_(std::move(state)),
      lock_(std::move(lock)),
      clock_(cfg_.clock, floor),
      floor_persisted_at_(cfg_.clock.monotonic()) {}

SyncEngine::~SyncEngine() = default;

Result<std::unique_ptr<SyncEngine>> SyncEngine::open(SyncConfig cfg) {
  if (cfg.data_dir.empty()) return Error{"apply.config", "no data directory / 未配置数据目录"};
  for (const char* sub : {"", "/trust", "/objects", "/staging", "/generations"}) {
    if (auto s = tuf::make_dirs(cfg.data_dir + sub); !s) return s.error();
  }
  const std::string lock_path = cfg.data_dir + "/.lock";
  tuf::Fd lock(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644));
  // Only flock's EWOULDBLOCK means another process; a disk error must not send staff looking
  // for one.
  if (!lock.valid() ||
      (::flock(lock.get(), LOCK_EX | LOCK_NB) != 0 && errno != EWOULDBLOCK)) {
    return Error{"fs.io", "cannot lock " + lock_path + ": " + std::strerror(errno) +
                              " / 无法锁定数据目录（磁盘错误）"};
  }
  if (::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
    return Error{"apply.busy", "another gongkai process is using " + cfg.data_dir +
                                   " / 另一个进程正在使用该数据目录"};
  }
  auto state = StateDb::open(cfg.data_dir + "/state.db");
  if (!state) return state.error();
  // The directory entries of state.db and of the subdirectories must survive a power cut too.
  if (auto s = tuf::fsync_dir(cfg.data_dir); !s) return s.error();
  auto k = state->load();
  if (!k) return k.error();
  std::unique_ptr<SyncEngine> e(
      new SyncEngine(std::move(cfg), std::move(*state), std::move(lock), k->time_floor));
  if (auto s = e->recover(); !s) return s.error();
  // Not fatal: the kiosk still starts, and a failure is shown to staff as the last error.
  if (auto s = e->upgrade_active(); !s) (void)e->fail_cycle(s.error());
  return e;
}

// After a software update the active generation may be in an older store schema, which the UI
// (reading only the current one) cannot open: rewrite it in the current schema and flip to that,
// at boot, without waiting for the network. The old file stays as the previous generation until
// the next apply collects it.
Status SyncEngine::upgrade_active() {
  auto k = state_.load();
  if (!k) return k.error();
  if (!k->active_gen) return ok_status();
  const std::string path = dir("generations") + "/" + k->active_file;
  auto v = store_schema_of(path);
  // Unreadable or absent: check_invariants reports it and the next cycle builds afresh.
  if (!v || *v == 0 || *v >= kStoreSchemaVersion) return ok_status();
  const std::string file = "gen-" + std::to_string(*k->active_gen) + "-s" +
                           std::to_string(kStoreSchemaVersion) + ".db";
  if (auto s = upgrade_generation(path, dir("staging"), dir("generations"), file, cfg_.fault); !s)
    return s;
  auto objects = state_.objects_of(*k->active_gen);
  if (!objects) return objects.error();
  if (auto s = io_point(cfg_.fault, "state.flip"); !s) return s;
  return state_.flip(*k->active_gen, file, {objects->begin(), objects->end()});
}

// ---------------------------------------------------------------------------------------------
// Recovery (invariant 3): delete what no committed state refers to. Objects that are complete
// but unreferenced are kept: an interrupted download resumes from them (GC runs only after a
// successful apply, issue #5).
// ---------------------------------------------------------------------------------------------
Status SyncEngine::recover() {
  auto k = state_.load();
  if (!k) return k.error();
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir("staging"), ec)) fs::remove_all(e.path(), ec);
  for (const auto& e : fs::directory_iterator(dir("trust"), ec)) {
    if (e.path().filename().string().find(".tmp-") != std::string::npos) fs::remove(e.path(), ec);
  }
  ObjectCache cache(dir("objects"), cfg_.fault);
  if (auto s = cache.remove_partials(); !s) return s;
  std::vector<fs::path> doomed;
  for (const auto& e : fs::directory_iterator(dir("generations"), ec)) {
    std::string n = e.path().filename().string();
    if (n != k->active_file && n != k->previous_file) doomed.push_back(e.path());
  }
  for (const auto& p : doomed) fs::remove_all(p, ec);
  if (!doomed.empty()) {
    if (auto s = tuf::fsync_dir(dir("generations")); !s) return s;
  }
  return ok_status();
}

// Deletes generations other than active/previous and objects neither of them was built from.
Status SyncEngine::collect() {
  if (auto s = io_point(cfg_.fault, "gen.gc"); !s) return s;
  if (auto s = recover(); !s) return s;  // the generations part of recovery is exactly this
  auto keep = state_.referenced_objects();
  if (!keep) return keep.error();
  ObjectCache cache(dir("objects"), cfg_.fault);
  auto n = cache.collect(*keep);
  if (!n) return n.error();
  return ok_status();
}

Status SyncEngine::check_invariants() const {
  auto k = state_.load();
  if (!k) return k.error();
  auto broken = [](const std::string& what) {
    return Error{"apply.invariant", what + " / 本机内容状态异常"};
  };
  if (k->active_gen) {
    if (auto s = integrity_check(dir("generations") + "/" + k->active_file); !s) {
      return broken("active generation " + k->active_file + ": " + s.error().message);
    }
  }
  std::error_code ec;
  if (!fs::is_empty(dir("staging"), ec)) return broken("staging/ is not empty");
  const Db& db = state_.db();
  auto stray = column_text(db,
                           "SELECT DISTINCT gen FROM gen_object WHERE gen NOT IN (SELECT "
                           "coalesce(active_gen, -1) FROM kiosk UNION SELECT "
                           "coalesce(previous_gen, -1) FROM kiosk)");
  if (!stray) return stray.error();
  if (!stray->empty()) return broken("object roots of generation " + stray->front());
  return ok_status();
}

Error SyncEngine::fail_cycle(const Error& e) {
  (void)state_.set_error(e.code + ": " + e.message);  // best effort: the error itself matters more
  return e;
}

std::vector<TargetRef> SyncEngine::select_targets(const tuf::Updater& u) const {
  const auto mine = ancestry_set(cfg_.region);
  std::vector<TargetRef> out;
  for (const auto& [path, rt] : u.targets()) {
    // Invariant 4: <level>/<code>/<name>, code = the kiosk's region or an ancestor.
    auto a = path.find('/');
    auto b = a == std::string::npos ? a : path.find('/', a + 1);
    if (b == std::string::npos) continue;
    if (mine.count(path.substr(a + 1, b - a - 1))) out.push_back(TargetRef{path, rt.info});
  }
  return out;
}

Status SyncEngine::check_space(const std::vector<TargetRef>& targets,
                               const ObjectCache& cache) const {
  // Missing objects are written once; the generation file holds each record again, decompressed
  // (SQLite pages and indexes: allow twice the raw size).
  uint64_t need = 0;
  for (const auto& t : targets) {
    if (!cache.has_file(t.info.sha256)) need += static_cast<uint64_t>(t.info.length);
    need += 2 * static_cast<uint64_t>(raw_length_of(t));
  }
  auto free = free_bytes(cfg_.data_dir);
  if (!free) return free.error();
  if (*free < need + cfg_.min_free_bytes) {
    const uint64_t mib = 1 << 20;
    return Error{"apply.no_space",
                 "not enough free space: the update needs " + std::to_string(need / mib + 1) +
                     " MiB plus a reserve of " + std::to_string(cfg_.min_free_bytes / mib) +
                     " MiB, " + std::to_string(*free / mib) +
                     " MiB are free / 存储空间不足：更新需要约 " + std::to_string(need / mib + 1) +
                     " MB，另需保留 " + std::to_string(cfg_.min_free_bytes / mib) +
                     " MB，当前仅剩 " + std::to_string(*free / mib) + " MB"};
  }
  return ok_status();
}

// ---------------------------------------------------------------------------------------------
// The cycle
// ---------------------------------------------------------------------------------------------
Result<CycleResult> SyncEngine::run_cycle(tuf::Mirror& mirror) { return cycle(mirror, false); }

Result<CycleResult> SyncEngine::cycle(tuf::Mirror& m, bool usb) {
  if (region_level_of(cfg_.region) == std::nullopt) {
    return Error{"apply.config", "the kiosk's region code \"" + cfg_.region +
                                     "\" is not 12 digits / 本机区划代码无效"};
  }
  if (auto s = recover(); !s) return fail_cycle(s.error());
  if (auto s = check_invariants(); !s) (void)fail_cycle(s.error());  // recorded; rebuild below
  auto k = state_.load();
  if (!k) return fail_cycle(k.error());
  CycleResult res;
  res.previous = k->active_gen;
  res.generation = k->active_gen.value_or(0);

  auto u = tuf::Updater::open(cfg_.bootstrap_root, dir("trust"), clock_.now());
  if (!u) return fail_cycle(u.error());
  if (auto s = (*u)->update_root(m); !s) return fail_cycle(s.error());
  if (auto s = (*u)->update_timestamp(m); !s) {
    // Issue #5: on a stick, metadata older than what the kiosk trusts is skipped, not an error.
    if (usb && s.error().code == "tuf.rollback") {
      res.outcome = CycleResult::Outcome::Skipped;
      return res;
    }
    return fail_cycle(s.error());
  }
  if (auto s = (*u)->update_snapshot(m); !s) return fail_cycle(s.error());
  if (auto s = (*u)->update_targets(m); !s) return fail_cycle(s.error());
  res.report = (*u)->report();
  // Every role verified: the signed issued time may raise the floor (clock.h, invariant 5).
  if (res.report.issued) clock_.raise_to(*res.report.issued);

  // Nothing new when the active generation was built from exactly the targets now signed for
  // this kiosk (by content, not by version number: a fast-forward recovery, TUF §5.3.11, may
  // restart the snapshot version; a changed region setting changes the selection).
  std::error_code ec;
  bool have_active = k->active_gen && fs::exists(dir("generations") + "/" + k->active_file, ec);
  std::set<std::string> wanted;
  for (const auto& t : select_targets(**u)) wanted.insert(t.info.sha256);
  auto built_from = have_active ? state_.objects_of(*k->active_gen) : std::set<std::string>();
  if (!built_from) return fail_cycle(built_from.error());
  if (have_active && !wanted.empty() && *built_from == wanted) {
    if (auto s = state_.record_sync(clock_.now(), res.report.issued, clock_.floor_now()); !s) {
      return fail_cycle(s.error());
    }
    res.outcome = usb ? CycleResult::Outcome::Skipped : CycleResult::Outcome::UpToDate;
    return res;
  }
  return apply_verified(**u, m, std::move(res));
}

Result<CycleResult> SyncEngine::apply_verified(tuf::Updater& u, tuf::Mirror& m, CycleResult res) {
  auto targets = select_targets(u);
  if (targets.empty()) {
    return fail_cycle(
        Error{"apply.no_content", "the repository has no content for region " + cfg_.region +
                                      " or its ancestors / 更新源中没有本机所属区划的内容"});
  }
  ObjectCache cache(dir("objects"), cfg_.fault);
  if (auto s = check_space(targets, cache); !s) return fail_cycle(s.error());

  // Fetched: every object in the cache, downloaded only when missing or damaged.
  std::vector<std::string> shas;
  for (const auto& t : targets) {
    shas.push_back(t.info.sha256);
    auto cached = cache.get(t.info);
    if (!cached) return fail_cycle(cached.error());
    if (*cached) {
      ++res.objects_reused;
      continue;
    }
    auto bytes = u.read_target(m, t.path);  // length + sha256 checked, read ≤ signed length
    if (!bytes) return fail_cycle(bytes.error());
    if (auto s = cache.put(t.info.sha256, *bytes); !s) return fail_cycle(s.error());
    ++res.objects_downloaded;
    res.bytes_downloaded += static_cast<int64_t>(bytes->size());
  }

  // Built.
  const int64_t v = res.report.snapshot_version;
  auto k = state_.load();
  if (!k) return fail_cycle(k.error());
  std::string file = "gen-" + std::to_string(v) + ".db";
  if (file == k->active_file) {  // never replace the file the UI reads (fast-forward recovery)
    file = "gen-" + std::to_string(v) + "-t" + std::to_string(res.report.timestamp_version) + ".db";
  }
  const std::string base = k->active_gen ? dir("generations") + "/" + k->active_file : "";
  auto built = build_generation(cache, targets, base, dir("staging"), dir("generations"), file,
                                "sync snapshot " + std::to_string(v), clock_.now(), cfg_.fault);
  if (!built) return fail_cycle(built.error());
  res.built = *built;
  res.changes = diff(k->active_gen ? dir("generations") + "/" + k->active_file : "",
                     dir("generations") + "/" + file);

  // Flipped (invariant 1), then the status row.
  if (auto s = io_point(cfg_.fault, "state.flip"); !s) return fail_cycle(s.error());
  if (auto s = state_.flip(v, file, shas); !s) return fail_cycle(s.error());
  res.generation = v;
  res.outcome = CycleResult::Outcome::Applied;
  if (auto s = state_.record_sync(clock_.now(), res.report.issued, clock_.floor_now()); !s) {
    (void)fail_cycle(s.error());  // applied all the same: the flip committed
    return res;
  }
  if (auto s = collect(); !s) (void)fail_cycle(s.error());  // retried after the next apply
  return res;
}

Status SyncEngine::tick() {
  int64_t mono = cfg_.clock.monotonic();
  if (mono - floor_persisted_at_ < kFloorPersistIntervalSeconds) return ok_status();
  if (auto s = state_.raise_floor(clock_.floor_now()); !s) return s;
  floor_persisted_at_ = mono;
  return ok_status();
}

Result<SyncStatus> SyncEngine::status() {
  auto k = state_.load();
  if (!k) return k.error();
  return status_of(*k, cfg_.data_dir, clock_.now());
}

Result<SyncStatus> peek_status(const std::string& data_dir, const Clock& clock) {
  auto db = Db::open(data_dir + "/state.db", SQLITE_OPEN_READONLY);
  if (!db) return db.error();
  auto w = GenerationWatch::open(data_dir);
  if (!w) return w.error();
  auto floor = w->time_floor();
  if (!floor) return floor.error();
  auto cur = w->current();
  if (!cur) return cur.error();
  // Re-read the whole row through a StateDb-compatible query: GenerationWatch gives the floor
  // and the active generation; the rest comes from the same row.
  Stmt st(*db,
          "SELECT previous_gen, last_sync, last_issued, last_error, last_usb, active_file "
          "FROM kiosk WHERE id = 1");
  auto row = st.step();
  if (!row) return row.error();
  KioskState k;
  k.time_floor = *floor;
  if (*cur) {
    k.active_gen = (*cur)->generation;
    k.flips = (*cur)->flips;
  }
  if (*row) {
    if (!st.is_null(0)) k.previous_gen = st.i64(0);
    if (!st.is_null(1)) k.last_sync = st.i64(1);
    if (!st.is_null(2)) k.last_issued = st.i64(2);
    k.last_error = st.text(3);
    k.last_usb = st.text(4);
    k.active_file = st.text(5);
  }
  TrustedClock tc(clock, k.time_floor);
  return status_of(k, data_dir, tc.now());
}

}  // namespace gongkai::apply
