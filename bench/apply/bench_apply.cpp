// bench_apply.cpp — issue #5 benchmark, kiosk side: "apply time of a 20k-item generation (goal
// < 1 s) while the UI keeps rendering (no frame > 2× median during apply)".
//
// Input → output: nothing (or `--runs N`, default 3; `--apply-nice 0..19`) → a table on stdout.
// Steps:
//   1. bench_kiosk_gen_catalog (bench/kiosk, run as a child process, not copied) writes a
//      20 000-item / 300-notice store for the demo county 青禾县; the real publish functions
//      (feed/commands.h keygen, root init, delegate; feed/emit.h emit_feed) sign a feed directory.
//   2. Per run, a fresh kiosk data directory: SyncEngine::run_cycle, on its own thread as in the
//      kiosk's sync worker (optionally niced, --apply-nice), over tuf::DirMirror (first
//      apply), then one catalog item is changed, the feed re-emitted, and run_cycle again
//      (incremental apply). Wall time is split at the engine's own I/O points (engine.h):
//        verify  cycle start → the last metadata file read (download + verification of root,
//                timestamp, snapshot, targets and the county role, minus the last signature check)
//        fetch   → "gen.write": target selection, free-space check, cached objects re-hashed,
//                missing ones read, length/sha256 checked, written and fsynced
//        build   → "state.flip", itself split at "gen.integrity" and "gen.dirsync": fill (the
//                generation DB's rows in one transaction), integrity_check + fsync + rename, and
//                the diff against the previous generation (CycleResult::changes)
//        flip    → run_cycle returns: the state DB flip, status row, garbage collection
//      The FaultHook is used only to observe those points: it never fails one.
//   3. Meanwhile a "UI" thread runs a 60 Hz frame loop: every frame it checks the generation watch
//      (GenerationWatch::changed, as the kiosk does at each frame boundary; on a flip it opens the
//      new generation read-only and lists the county's notices — the "reload" frame) and lays out
//      a ~3000-character notice (bench/text/notice_3000.txt) with the project's TextEngine at a
//      width that differs every frame, so the layout cache misses and the line breaking, squeeze,
//      justification and positioning run each frame (shaped runs stay cached, as on a kiosk).
//      Frame time = the work of one frame (also its thread CPU time and whether it was
//      preempted, to tell waiting for a core from doing more work). Frames starting in the 2 s
//      before an apply are the baseline; frames starting during run_cycle are "during".
// The goals are reported, not asserted (this is not a test and is not run by scripts/test).
// Invariants: everything is written below one temporary directory, removed at exit; nothing
// touches the network.
// Run: build/bench/apply/bench_apply [--runs N] [--apply-nice 0..19]
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "apply/engine.h"
#include "apply/state.h"
#include "feed/emit.h"
#include "gongkai/store.h"
#include "publish/commands.h"
#include "text/text_engine.h"
#include "tuf/fsutil.h"
#include "tuf/mirror.h"

namespace {

namespace fs = std::filesystem;
using namespace gongkai;
using Clock = std::chrono::steady_clock;

constexpr const char* kCounty = "341799000000";  // 青禾县, first row of assets/demo/regions.tsv
constexpr int kItems = 20000;
constexpr int kNotices = 300;
constexpr double kFrameBudgetMs = 1000.0 / 60.0;
constexpr float kWidthPx = 900.0f;  // the notice column of a 1080-wide portrait kiosk
constexpr double kBaselineMs = 2000.0;
constexpr double kApplyGoalMs = 1000.0;

const Clock::time_point kEpoch = Clock::now();
double now_ms() { return std::chrono::duration<double, std::milli>(Clock::now() - kEpoch).count(); }

std::string loadavg() {
  std::ifstream f("/proc/loadavg");
  std::string a, b, c;
  f >> a >> b >> c;
  return a + " " + b + " " + c;
}

// Silences keygen/root/delegate's reports (fd-level, restored by the destructor).
struct Quiet {
  int out = -1, err = -1;
  Quiet() {
    std::fflush(stdout);
    std::fflush(stderr);
    out = ::dup(1);
    err = ::dup(2);
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::close(null);
  }
  ~Quiet() {
    std::fflush(stdout);
    std::fflush(stderr);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::close(out);
    ::close(err);
  }
  Quiet(const Quiet&) = delete;
  Quiet& operator=(const Quiet&) = delete;
};

double thread_cpu_ms() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// The calling thread's involuntary (preempted) and voluntary (blocked: lock, page-in, I/O)
// context switches so far.
struct Switches {
  long involuntary = 0, voluntary = 0;
};
Switches thread_switches() {
  rusage ru{};
  ::getrusage(RUSAGE_THREAD, &ru);
  return {ru.ru_nivcsw, ru.ru_nvcsw};
}

// DirMirror with the time of the last metadata read recorded (end of the verify phase).
class TimedMirror final : public tuf::Mirror {
 public:
  explicit TimedMirror(std::unique_ptr<tuf::DirMirror> m) : m_(std::move(m)) {}
  std::string describe() const override { return m_->describe(); }
  Result<std::string> read_metadata(const std::string& name, size_t max_bytes) override {
    auto r = m_->read_metadata(name, max_bytes);
    last_metadata_ms = now_ms();
    return r;
  }
  Result<std::string> read_target(const std::string& path, const tuf::TargetFile& info) override {
    return m_->read_target(path, info);
  }
  double last_metadata_ms = 0;

 private:
  std::unique_ptr<tuf::DirMirror> m_;
};

// ---- the UI thread ------------------------------------------------------------------------------

struct Frame {
  double start_ms, work_ms;
  double cpu_ms;   // the UI thread's CPU time in the frame: wall ≫ CPU means it waited for a core
  long preempted;  // involuntary context switches of the UI thread during the frame
  long blocked;    // voluntary ones (it slept on a lock, a page fault or I/O)
  bool reload;     // this frame saw a flip and reopened the generation
};

class Ui {
 public:
  Ui(text::TextEngine& engine, std::string notice, std::string data_dir)
      : engine_(engine), notice_(std::move(notice)), data_dir_(std::move(data_dir)) {}
  void start() {
    stop_ = false;
    thread_ = std::thread([this] { loop(); });
  }
  void stop() {
    stop_ = true;
    thread_.join();
  }
  std::vector<Frame> frames() {
    std::lock_guard<std::mutex> g(mu_);
    return frames_;
  }
  std::string error() {
    std::lock_guard<std::mutex> g(mu_);
    return error_;
  }

 private:
  void loop() {
    auto watch = apply::GenerationWatch::open(data_dir_);
    if (!watch) {
      std::lock_guard<std::mutex> g(mu_);
      error_ = watch.error().message;
      return;
    }
    (void)watch->changed();
    text::TextStyle style;
    style.size_px = 28.0f;
    style.justify = true;
    std::unique_ptr<Store> store;
    size_t shown = 0;  // keeps the reload's result observable
    auto next = Clock::now();
    for (uint64_t n = 0; !stop_; ++n) {
      const double t0 = now_ms(), c0 = thread_cpu_ms();
      const Switches v0 = thread_switches();
      bool reload = false;
      if (auto c = watch->changed(); c && *c) {
        auto cur = watch->current();
        if (cur && *cur) {
          auto s = Store::open((*cur)->path, Store::Mode::ReadOnly);
          if (s) {
            store = std::move(*s);
            NoticeQuery q;
            q.scope.region = kCounty;
            q.trusted_now = static_cast<int64_t>(std::time(nullptr));
            if (auto list = store->notices(q)) shown += list->size();
          }
        }
        reload = true;
      }
      // A width that no earlier frame used: the layout cache misses every frame.
      const float w = kWidthPx + static_cast<float>(n % 100000) * 0.001f;
      auto layout = engine_.layout(notice_, style, w);
      shown += layout->lines.size();
      const double t1 = now_ms();
      {
        std::lock_guard<std::mutex> g(mu_);
        const Switches v1 = thread_switches();
        frames_.push_back({t0, t1 - t0, thread_cpu_ms() - c0, v1.involuntary - v0.involuntary,
                           v1.voluntary - v0.voluntary, reload});
      }
      next += std::chrono::microseconds(static_cast<int64_t>(kFrameBudgetMs * 1000));
      if (next < Clock::now()) next = Clock::now();  // a missed frame is dropped, not queued
      std::this_thread::sleep_until(next);
    }
    sink_ = shown;
  }

  text::TextEngine& engine_;
  std::string notice_, data_dir_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  std::vector<Frame> frames_;
  std::string error_;
  size_t sink_ = 0;
};

struct Stats {
  size_t n = 0;
  double median = 0, p99 = 0, max = 0;
};

Stats stats(std::vector<double> v) {
  Stats s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.median = v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  s.p99 = v[static_cast<size_t>(std::ceil(0.99 * static_cast<double>(v.size()))) - 1];
  s.max = v.back();
  return s;
}

// Times (ms since kEpoch) at which the engine reached the I/O points the benchmark splits at.
struct Points {
  double gen_write = 0, gen_integrity = 0, gen_dirsync = 0, state_flip = 0;
};

// ---- one apply ----------------------------------------------------------------------------------

struct Apply {
  bool ok = false;
  std::string error;
  double start = 0, end = 0, verify = 0, fetch = 0, build = 0, flip = 0;
  // build = fill (rows) + seal (integrity_check, fsync, rename) + diff
  double fill = 0, seal = 0, diff = 0;
  double cpu = 0;  // CPU time of the applying thread: the rest of the wall time is fsync or waiting
  apply::CycleResult result;
};

// Runs the cycle on its own thread, as the kiosk's sync worker does, at niceness `nice` (0 =
// as the UI thread; Linux applies setpriority(PRIO_PROCESS, tid) to that one thread).
Apply run_apply(apply::SyncEngine& engine, const std::string& feed, Points& p, int nice);

Apply run_apply_here(apply::SyncEngine& engine, const std::string& feed, Points& p) {
  Apply a;
  auto dm = tuf::DirMirror::open(feed);
  if (!dm) {
    a.error = dm.error().message;
    return a;
  }
  TimedMirror m(std::move(*dm));
  p = Points{};
  const double c0 = thread_cpu_ms();
  a.start = now_ms();
  auto r = engine.run_cycle(m);
  a.end = now_ms();
  a.cpu = thread_cpu_ms() - c0;
  if (!r) {
    a.error = r.error().message;
    return a;
  }
  a.result = *r;
  a.ok = r->outcome == apply::CycleResult::Outcome::Applied && p.gen_write > 0 &&
         p.gen_integrity > 0 && p.gen_dirsync > 0 && p.state_flip > 0;
  if (!a.ok) {
    a.error = "the cycle did not apply a new generation";
    return a;
  }
  a.verify = m.last_metadata_ms - a.start;
  a.fetch = p.gen_write - m.last_metadata_ms;
  a.build = p.state_flip - p.gen_write;
  a.fill = p.gen_integrity - p.gen_write;
  a.seal = p.gen_dirsync - p.gen_integrity;
  a.diff = p.state_flip - p.gen_dirsync;
  a.flip = a.end - p.state_flip;
  return a;
}

Apply run_apply(apply::SyncEngine& engine, const std::string& feed, Points& p, int nice) {
  Apply a;
  std::thread t([&] {
    if (nice != 0 && ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), nice) != 0) {
      std::fprintf(stderr, "setpriority(%d) failed\n", nice);
    }
    a = run_apply_here(engine, feed, p);
  });
  t.join();
  return a;
}

void report(const char* what, const Apply& a, const std::vector<Frame>& frames) {
  if (!a.ok) {
    std::printf("%s: FAILED: %s\n", what, a.error.c_str());
    return;
  }
  const double total = a.end - a.start;
  std::printf("%s: %.0f ms (goal < %.0f ms: %s, %.2f× the goal); applying thread CPU %.0f ms\n",
              what, total, kApplyGoalMs, total < kApplyGoalMs ? "met" : "MISSED",
              total / kApplyGoalMs, a.cpu);
  std::printf(
      "    verify %.0f ms | fetch %.0f ms (%d objects read, %lld B; %d reused) | build %.0f "
      "ms (fill %.0f, integrity+fsync+rename %.0f, diff %.0f) | flip+gc %.0f ms\n",
      a.verify, a.fetch, a.result.objects_downloaded,
      static_cast<long long>(a.result.bytes_downloaded), a.result.objects_reused, a.build, a.fill,
      a.seal, a.diff, a.flip);
  std::printf(
      "    generation %lld (%s, %d targets decoded, %d removed): %d items, %d notices, "
      "%d attachments; changes +%d/−%d items, +%d/−%d notices\n",
      static_cast<long long>(a.result.generation),
      a.result.built.incremental ? "patched from the previous one" : "built in full",
      a.result.built.targets_applied, a.result.built.targets_removed, a.result.built.items,
      a.result.built.notices, a.result.built.attachments, a.result.changes.items_added,
      a.result.changes.items_removed, a.result.changes.notices_added,
      a.result.changes.notices_removed);
  std::vector<double> before, during;
  std::vector<const Frame*> during_frames;
  double reload_ms = -1;
  for (const auto& f : frames) {
    if (f.start_ms >= a.start - kBaselineMs && f.start_ms < a.start) before.push_back(f.work_ms);
    if (f.start_ms >= a.start && f.start_ms <= a.end) {
      during.push_back(f.work_ms);
      during_frames.push_back(&f);
    }
    if (f.reload && f.start_ms >= a.start) reload_ms = std::max(reload_ms, f.work_ms);
  }
  // The reload frame (the first after the flip) may fall just after run_cycle returned.
  Stats b = stats(before), d = stats(during);
  if (b.n == 0 || d.n == 0) {
    std::printf("    UI: too few frames (%zu before, %zu during)\n", b.n, d.n);
    return;
  }
  std::printf(
      "    UI before: %zu frames, median %.2f ms | during: %zu frames, median %.2f ms "
      "(%.2f×), p99 %.2f ms (%.2f×), max %.2f ms (%.2f×) — goal max ≤ 2×: %s\n",
      b.n, b.median, d.n, d.median, d.median / b.median, d.p99, d.p99 / b.median, d.max,
      d.max / b.median, d.max <= 2 * b.median ? "met" : "MISSED");
  size_t over = 0;
  for (double x : during) over += x > 2 * b.median;
  std::printf(
      "    frames > 2× baseline median during apply: %zu of %zu; over the %.1f ms budget: "
      "%zu",
      over, d.n, kFrameBudgetMs,
      static_cast<size_t>(std::count_if(during.begin(), during.end(),
                                        [](double x) { return x > kFrameBudgetMs; })));
  // Where the slow frames fell, and whether they ran or waited for a core.
  const double bounds[] = {a.start, a.start + a.verify, a.start + a.verify + a.fetch,
                           a.start + a.verify + a.fetch + a.build, a.end + 1e-9};
  const char* names[] = {"verify", "fetch", "build", "flip"};
  int slow[4] = {0, 0, 0, 0};
  double slow_wall = 0, slow_cpu = 0;
  int slow_preempted = 0, slow_blocked = 0;
  for (const Frame* f : during_frames) {
    if (f->work_ms <= 2 * b.median) continue;
    for (int i = 0; i < 4; ++i) slow[i] += f->start_ms >= bounds[i] && f->start_ms < bounds[i + 1];
    slow_wall += f->work_ms;
    slow_cpu += f->cpu_ms;
    slow_preempted += f->preempted > 0;
    slow_blocked += f->blocked > 0;
  }
  if (over > 0) {
    std::printf(" (by phase:");
    for (int i = 0; i < 4; ++i) std::printf(" %s %d", names[i], slow[i]);
    std::printf(
        "; their CPU time is %.0f%% of their wall time; %d of them were preempted, %d "
        "blocked)",
        100 * slow_cpu / slow_wall, slow_preempted, slow_blocked);
  }
  if (reload_ms >= 0) {
    std::printf("; reload frame (open new generation + list notices + layout) %.2f ms (%.2f×)",
                reload_ms, reload_ms / b.median);
  }
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 3, nice = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--runs" && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--apply-nice" && i + 1 < argc) {
      nice = std::clamp(std::atoi(argv[++i]), 0, 19);
    } else {
      std::fprintf(stderr, "usage: bench_apply [--runs N] [--apply-nice 0..19]\n");
      return 2;
    }
  }
  std::string tmpl = (fs::temp_directory_path() / "gongkai-bench-apply-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) return 1;
  const std::string dir = tmpl, db = dir + "/content.db", keys = dir + "/keys",
                    feed = dir + "/feed";
  struct Cleanup {
    std::string d;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(d, ec);
    }
  } cleanup{dir};
  const std::string src = GONGKAI_SOURCE_DIR;
  std::printf("machine: %u hardware threads, load average at start %s; applying thread nice %d\n",
              std::thread::hardware_concurrency(), loadavg().c_str(), nice);

  // 1. Content store (bench/kiosk's generator) and signed feed (the real publish functions).
  double t0 = now_ms();
  const std::string gen = std::string(GEN_CATALOG) + " " + db + " " + src + "/assets/domains.tsv " +
                          src + "/assets/demo/regions.tsv " + std::to_string(kItems) + " " +
                          std::to_string(kNotices) + " > /dev/null";
  if (std::system(gen.c_str()) != 0) {
    std::fprintf(stderr, "bench_kiosk_gen_catalog failed / 生成目录失败\n");
    return 1;
  }
  std::printf("catalog: %d items, %d notices (bench_kiosk_gen_catalog, %.0f ms)\n", kItems,
              kNotices, now_ms() - t0);
  int64_t signed_at = static_cast<int64_t>(std::time(nullptr)) - 600;
  {
    Quiet q;
    for (const char* k : {"root-a", "targets", "snapshot", "timestamp"}) {
      publish::cmd_keygen({"--out", keys + "/" + k});
    }
    publish::cmd_keygen({"--out", keys + "/county-" + kCounty});
    publish::cmd_root({"init", "--keys", keys, "--root-key", keys + "/root-a", "--threshold", "1",
                       "--now", std::to_string(signed_at)});
    publish::cmd_delegate({"--keys", keys, "--county", kCounty, "--key",
                           keys + "/county-" + kCounty + ".pub", "--now",
                           std::to_string(signed_at)});
  }
  auto root = tuf::read_file_capped(keys + "/root/1.root.json", 1 << 20);
  if (!root) {
    std::fprintf(stderr, "no root metadata: %s\n", root.error().message.c_str());
    return 1;
  }
  t0 = now_ms();
  auto e1 = feed::emit_feed({db, keys, feed, kCounty, signed_at});
  if (!e1) {
    std::fprintf(stderr, "emit-feed failed: %s\n", e1.error().message.c_str());
    return 1;
  }
  std::printf("emit-feed: %d targets in %.0f ms\n", e1->targets_total, now_ms() - t0);

  auto writer = Store::open(db, Store::Mode::ReadWrite);
  if (!writer) return 1;
  auto engine_text = text::TextEngine::create({src + "/fonts/manifest.toml", 512, 8192});
  if (!engine_text) {
    std::fprintf(stderr, "text engine: %s\n", engine_text.error().message.c_str());
    return 1;
  }
  std::ifstream nf(src + "/bench/text/notice_3000.txt");
  std::stringstream ns;
  ns << nf.rdbuf();
  const std::string notice = ns.str();

  bool all_ok = true;
  for (int run = 1; run <= runs; ++run) {
    std::printf("\n== run %d of %d (load average %s)\n", run, runs, loadavg().c_str());
    const std::string data = dir + "/kiosk-" + std::to_string(run);
    Points points;
    apply::SyncConfig cfg;
    cfg.data_dir = data;
    cfg.region = kCounty;
    cfg.bootstrap_root = *root;
    cfg.usb_roots = {};
    cfg.fault = [&](std::string_view point) {
      if (point == "gen.write") points.gen_write = now_ms();
      if (point == "gen.integrity") points.gen_integrity = now_ms();
      if (point == "gen.dirsync") points.gen_dirsync = now_ms();
      if (point == "state.flip") points.state_flip = now_ms();
      return false;  // observe only: never inject a failure
    };
    auto engine = apply::SyncEngine::open(cfg);
    if (!engine) {
      std::fprintf(stderr, "engine: %s\n", engine.error().message.c_str());
      return 1;
    }
    Ui ui(**engine_text, notice, data);
    ui.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(kBaselineMs) + 200));
    Apply first = run_apply(**engine, feed, points, nice);

    // One catalog item changed, feed re-signed (a later signing time: new versions).
    const int64_t id = 1 + (run * 7919) % kItems;
    auto item = (*writer)->item(id);
    bool changed = item && *item;
    if (changed) {
      CatalogItem it = **item;
      it.content = "修改后的公开内容（第" + std::to_string(run) + "次）：" + it.content;
      changed = (*writer)->put_item(it).ok();
    }
    signed_at += 1;
    auto e2 = changed ? feed::emit_feed({db, keys, feed, kCounty, signed_at})
                      : Result<feed::EmitSummary>(Error{"bench.item", "item not found"});
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(kBaselineMs) + 200));
    Apply second;
    if (e2) {
      second = run_apply(**engine, feed, points, nice);
    } else {
      second.error = "re-emit failed: " + e2.error().message;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let the reload frame land
    ui.stop();
    if (!ui.error().empty()) std::printf("UI thread failed: %s\n", ui.error().c_str());
    const auto frames = ui.frames();
    report("first apply (20k items, empty data dir)", first, frames);
    report("incremental apply (one item changed)", second, frames);
    all_ok = all_ok && first.ok && second.ok;
  }
  const auto ts = (*engine_text)->stats();
  std::printf("\ntext engine: %zu layout misses, %zu layout hits (a miss per frame = real work)\n",
              ts.layout_misses, ts.layout_hits);
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  std::printf("load average at end %s; this process: %ld involuntary context switches\n",
              loadavg().c_str(), ru.ru_nivcsw);
  return all_ok ? 0 : 1;
}
