// test_usb_pull.cpp — "a stick pulled out mid-import leaves the kiosk on its previous generation"
// (issue #5, DESIGN §5), tested DURING a real import: the real `gongkai-sync import STICK`
// process reads a stick made by the real `gongkai-publish make-usb`, and right after the k-th
// file it opens on the stick, the stick goes away. Every k from the first metadata file to the
// last target, each run from the same previous generation (1; the stick holds generation 2).
//
// How the k-th open is caught: fanotify permission events (FAN_OPEN_PERM, FAN_ACCESS_PERM on
// every directory of the stick tree) make the child's open wait for our answer, so "after the
// k-th open" is exact. Without CAP_SYS_ADMIN the test falls back to inotify IN_OPEN plus SIGSTOP:
// the child may then have opened a few more files before it stops, and the expected outcome is
// computed from the opens it really made (the inotify queue, drained once it is stopped).
//
// Ways a stick goes away, each after the k-th open:
//   removed    the whole stick tree is deleted (the open file stays readable; the next open
//              finds nothing) → exit 4, mirror.not_found, unless k was the last open: applied
//   truncated  the file just opened is cut to half its length → exit 2 (refused: its signed
//              length or its JSON no longer holds)
//   dead       the device dies: from the first read of the k-th file on, every read and open on
//              the stick fails (fanotify answers "deny") → exit 4, mirror.io
//   renamed    the tree is renamed away (a remount elsewhere): the import holds the tree's
//              directory open, so it may finish; the kiosk must be on 1 or on a complete 2
// After each run: the documented exit code and messages (banner "U盘更新未执行…本机继续显示原有
// 内容" or "U盘更新完成"), `gongkai-sync status` shows 1 (or 2 after a full import), PRAGMA
// integrity_check is ok for the state DB and the active generation, check_invariants() is ok.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>

#include "child_process.h"
#include "fixture.h"

namespace gongkai::apply::testing {
namespace {

// Holds a child process at each file it opens below a directory tree (see the file comment).
class StickGate {
 public:
  // Watches every directory of `tree`. Empty `why` on success.
  static std::unique_ptr<StickGate> open(const std::string& tree, std::string& why) {
    std::vector<std::string> dirs{tree};
    for (const auto& e : fs::recursive_directory_iterator(tree)) {
      if (e.is_directory()) dirs.push_back(e.path().string());
    }
    auto g = std::unique_ptr<StickGate>(new StickGate());
    g->exact_ = true;
    // GONGKAI_PULL_GATE=inotify runs the unprivileged fallback on a machine that has fanotify.
    const char* force = std::getenv("GONGKAI_PULL_GATE");
    const bool inotify_only = force && std::string(force) == "inotify";
    g->fd_ = inotify_only ? -1
                          : ::fanotify_init(FAN_CLASS_CONTENT | FAN_CLOEXEC | FAN_NONBLOCK,
                                            O_RDONLY | O_CLOEXEC);
    for (size_t i = 0; g->fd_ >= 0 && i < dirs.size(); ++i) {
      if (::fanotify_mark(g->fd_, FAN_MARK_ADD,
                          FAN_OPEN_PERM | FAN_ACCESS_PERM | FAN_EVENT_ON_CHILD, AT_FDCWD,
                          dirs[i].c_str()) != 0) {
        ::close(g->fd_);  // e.g. a kernel without permission events: fall back to inotify
        g->fd_ = -1;
      }
    }
    if (g->fd_ >= 0) return g;
    g->exact_ = false;
    g->fd_ = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    for (const auto& d : dirs) {
      int wd = g->fd_ < 0 ? -1 : ::inotify_add_watch(g->fd_, d.c_str(), IN_OPEN);
      if (wd < 0) {
        why = "neither fanotify nor inotify can watch " + d + ": " + std::strerror(errno);
        return nullptr;
      }
      g->dirs_[wd] = d;
    }
    return g;
  }
  ~StickGate() { let_go(); }

  bool exact() const { return exact_; }
  // Lets the held open (if any) proceed, waits for the child's next open of a file on the stick
  // and holds it there. Returns its path, or "" when the child exited first.
  std::string next_open() {
    if (exact_) {
      answer_held(FAN_ALLOW);
      for (;;) {
        auto ev = next_fan_event();
        if (!ev) return "";
        if (ev->mask & FAN_OPEN_PERM) {
          held_fd_ = ev->fd;
          ++opens_;
          return ev->path;
        }
        respond(ev->fd, FAN_ALLOW);  // a read of a file already opened
      }
    }
    if (queued_.empty()) {
      continue_child();
      if (!wait_readable()) return "";
      ::kill(child_, SIGSTOP);  // then everything it opened so far is in the queue
      siginfo_t info{};
      // WNOWAIT: if it exited meanwhile, finish() still collects its exit status.
      ::waitid(P_PID, static_cast<id_t>(child_), &info, WSTOPPED | WEXITED | WNOWAIT);
      stopped_ = info.si_code == CLD_STOPPED;
      drain_inotify();
    }
    if (queued_.empty()) return next_open();  // only directory events came
    std::string p = queued_.front();
    queued_.pop_front();
    ++opens_;
    return p;
  }
  // Files the child has opened on the stick so far (with inotify, also those it opened before
  // it stopped and next_open() has not returned yet).
  size_t opens_done() const { return opens_ + queued_.size(); }
  // Stops holding: the child runs on unobserved.
  void let_go() {
    answer_held(FAN_ALLOW);
    if (fd_ >= 0) ::close(fd_);  // fanotify allows whatever is still pending
    fd_ = -1;
    continue_child();
  }
  // fanotify only: lets the held open proceed, then refuses every read and open on the stick
  // until the child exits, as a stick whose device is gone.
  void deny_rest() {
    answer_held(FAN_ALLOW);
    while (auto ev = next_fan_event()) respond(ev->fd, FAN_DENY);
  }
  void attach(pid_t child) {
    child_ = child;
    pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, child, 0));
  }

 private:
  struct FanEvent {
    uint64_t mask;
    int fd;
    std::string path;
  };
  StickGate() = default;

  // Waits until the notify fd has something or the child has exited (then false).
  bool wait_readable() {
    for (;;) {
      pollfd p[2] = {{fd_, POLLIN, 0}, {pidfd_, POLLIN, 0}};
      int n = ::poll(p, pidfd_ >= 0 ? 2 : 1, 30000);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;  // 30 s without a file opened: the test fails on the outcome
      if (p[0].revents & POLLIN) return true;
      if (p[1].revents & POLLIN) return false;
    }
  }
  std::optional<FanEvent> next_fan_event() {
    for (;;) {
      if (!pending_.empty()) {
        FanEvent e = pending_.front();
        pending_.pop_front();
        if (e.fd >= 0 && pid_of_.count(e.fd) && pid_of_[e.fd] != child_) {
          respond(e.fd, FAN_ALLOW);  // not our child (nothing else should touch the stick)
          continue;
        }
        return e;
      }
      if (!wait_readable()) return std::nullopt;
      alignas(fanotify_event_metadata) char buf[8192];
      ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) continue;
      auto* m = reinterpret_cast<fanotify_event_metadata*>(buf);
      for (; FAN_EVENT_OK(m, n); m = FAN_EVENT_NEXT(m, n)) {
        if (m->fd < 0) continue;  // queue overflow: nothing to answer
        char link[PATH_MAX] = {};
        std::string proc = "/proc/self/fd/" + std::to_string(m->fd);
        ssize_t l = ::readlink(proc.c_str(), link, sizeof link - 1);
        pid_of_[m->fd] = m->pid;
        pending_.push_back(
            {m->mask, m->fd, l > 0 ? std::string(link, static_cast<size_t>(l)) : ""});
      }
    }
  }
  void respond(int fd, uint32_t verdict) {
    fanotify_response r{fd, verdict};
    (void)!::write(fd_, &r, sizeof r);
    ::close(fd);
    pid_of_.erase(fd);
  }
  void answer_held(uint32_t verdict) {
    if (held_fd_ >= 0) respond(held_fd_, verdict);
    held_fd_ = -1;
  }
  void continue_child() {
    if (stopped_) ::kill(child_, SIGCONT);
    stopped_ = false;
  }
  void drain_inotify() {
    alignas(inotify_event) char buf[8192];
    for (;;) {
      ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) return;
      for (char* p = buf; p < buf + n;) {
        auto* e = reinterpret_cast<inotify_event*>(p);
        if ((e->mask & IN_OPEN) && !(e->mask & IN_ISDIR) && e->len > 0)
          queued_.push_back(dirs_[e->wd] + "/" + e->name);
        p += sizeof(inotify_event) + e->len;
      }
    }
  }

  int fd_ = -1, pidfd_ = -1, held_fd_ = -1;
  bool exact_ = false, stopped_ = false;
  pid_t child_ = -1;
  size_t opens_ = 0;
  std::map<int, std::string> dirs_;  // inotify watch → directory
  std::deque<std::string> queued_;   // inotify: opens seen, not yet returned
  std::deque<FanEvent> pending_;     // fanotify: events read, not yet handled
  std::map<int, pid_t> pid_of_;      // fanotify: event fd → the process that caused it
};

enum class Pull { Removed, Truncated, Dead, Renamed };

// Built once for the suite (keys, two feeds, two sticks, the kiosk on generation 1): every run
// starts from copies of it.
struct PullWorld {
  TempDir tmp;
  Publisher pub{tmp.path()};
  std::string data = tmp / "kiosk", before = tmp / "kiosk-gen1";
  std::string stick = tmp / "media/GONGKAI", pristine = tmp / "stick-gen2";
  std::string tree = stick + "/gongkai-update/" + kCounty;
  std::string root = pub.keys + "/root/1.root.json";
  std::vector<std::string> opened;  // what a full import opens on the stick, in order
  bool exact = false;               // fanotify (exact) or inotify + SIGSTOP
  bool ready = false;

  std::vector<std::string> import_args(const std::string& from) const {
    return {built("sync/tools/gongkai-sync"),
            "import",
            "--data",
            data,
            "--region",
            kVillage,
            "--root",
            root,
            from};
  }
  Child start_import(const std::string& log) const {
    return start_child(import_args(stick), tmp / log);
  }
  void make_usb(const std::string& out) const {
    Ended r = run_child(
        {built("sync/publish/gongkai-publish"), "make-usb", "--feed", pub.feed, "--out", out},
        tmp / "make-usb");
    ASSERT_TRUE(r.exited && r.code == 0) << r.describe();
  }
  // The same starting point for every run: the kiosk on generation 1, a full stick.
  void reset() const {
    std::error_code ec;
    fs::remove_all(data, ec);
    fs::remove_all(stick, ec);
    fs::remove_all(stick + ".pulled", ec);
    fs::create_directories(fs::path(stick).parent_path());
    // Hard links: the import replaces files (write, fsync, rename) and never writes into one,
    // except SQLite into the state DB, which is copied. Truncated restores the file it cut.
    fs::copy(before, data, fs::copy_options::recursive | fs::copy_options::create_hard_links);
    for (const char* f : {"state.db", "state.db-wal", "state.db-shm"}) {
      if (!fs::exists(data + "/" + f)) continue;
      fs::remove(data + "/" + f);
      fs::copy_file(before + "/" + f, data + "/" + f);
    }
    fs::copy(pristine, stick, fs::copy_options::recursive | fs::copy_options::create_hard_links);
  }

  void build() {
    pub.init(60);
    const int64_t now = static_cast<int64_t>(::time(nullptr));  // the child uses the real clock
    pub.emit(now);
    make_usb(tmp / "stick-gen1");
    Ended first = run_child(import_args(tmp / "stick-gen1"), tmp / "first");
    ASSERT_TRUE(first.exited && first.code == 0) << first.describe();
    fs::copy(data, before, fs::copy_options::recursive);
    // Generation 2 changes 6 items: 6 shards to copy, plus metadata.
    for (int i = 0; i < 60; i += 10) pub.change_item(i, "U盘拔出测试变更 " + std::to_string(i));
    pub.emit(now + 1);
    make_usb(pristine);
    // A full import through the gate, never pulled: what it opens, and that it applies.
    reset();
    std::string why;
    auto gate = StickGate::open(tree, why);
    ASSERT_TRUE(gate) << why;
    exact = gate->exact();
    Child c = start_import("count");
    gate->attach(c.pid);
    for (std::string p; !(p = gate->next_open()).empty();) opened.push_back(p);
    Ended full = finish(c);
    ASSERT_TRUE(full.exited && full.code == 0) << full.describe();
    ASSERT_EQ(check_kiosk(data, tmp / "count"), 2);
    ASSERT_GE(opened.size(), 4u);  // timestamp, snapshot, targets and bins, changed shards
    std::printf("a full import opens %zu files on the stick (%s gate)\n", opened.size(),
                exact ? "fanotify, exact" : "inotify + SIGSTOP");
    ready = true;
  }
};

class StickPulledMidImport : public ::testing::Test {
 protected:
  static inline std::unique_ptr<PullWorld> world_;
  static void SetUpTestSuite() {
    world_ = std::make_unique<PullWorld>();
    world_->build();
  }
  static void TearDownTestSuite() { world_.reset(); }
  void SetUp() override { ASSERT_TRUE(world_->ready) << "suite set-up failed (see above)"; }

  const PullWorld& w = *world_;
  const TempDir& tmp = w.tmp;
  const std::string &data = w.data, &stick = w.stick, &pristine = w.pristine, &tree = w.tree;
  const std::vector<std::string>& opened = w.opened;
  const bool exact = w.exact;

  // Runs one import, pulls the stick the given way after its k-th open (1-based), and checks
  // the kiosk; pulled_after_ counts how many files the child had opened when the stick went.
  void run_pulled_at(size_t k, Pull how) {
    const std::string log =
        "pull-" + std::to_string(static_cast<int>(how)) + "-" + std::to_string(k);
    SCOPED_TRACE(log);
    w.reset();
    std::string why;
    auto gate = StickGate::open(tree, why);
    ASSERT_TRUE(gate) << why;
    Child c = w.start_import(log);
    gate->attach(c.pid);
    std::string file;
    for (size_t i = 0; i < k; ++i) file = gate->next_open();
    ASSERT_FALSE(file.empty()) << "the import opened fewer files than the full one did";
    const size_t done = gate->opens_done();  // > k only with inotify, when the child ran ahead
    const bool all_opened = done >= opened.size();
    std::error_code ec;
    std::optional<std::pair<std::string, std::string>> cut;  // Truncated: file, original bytes
    switch (how) {
      case Pull::Removed:
        fs::remove_all(stick, ec);
        break;
      case Pull::Renamed:
        fs::rename(stick, stick + ".pulled", ec);
        break;
      case Pull::Truncated:
        // Read through the pristine name (same inode, unwatched directory): opening the
        // watched name from here would wait for our own fanotify answer.
        cut = {pristine + "/" + fs::relative(file, stick).string(), ""};
        cut->second = *tuf::read_file_capped(cut->first, 64 << 20);
        fs::resize_file(file, cut->second.size() / 2, ec);
        break;
      case Pull::Dead:
        break;
    }
    ASSERT_FALSE(ec) << ec.message();
    if (how == Pull::Dead) {
      gate->deny_rest();
    } else {
      gate->let_go();
    }
    Ended r = finish(c);
    if (cut) {  // the stick's file is a hard link to the pristine copy: put its bytes back
      std::ofstream(cut->first, std::ios::binary | std::ios::trunc) << cut->second;
    }
    gate.reset();
    ASSERT_TRUE(r.exited) << "crashed: " << r.describe();
    const int64_t gen = check_kiosk(data, tmp / log);
    const bool refused_expected =
        how == Pull::Truncated || how == Pull::Dead || (how == Pull::Removed && !all_opened);
    if (how == Pull::Renamed && r.code == 0) {
      EXPECT_NE(r.out.find("U盘更新完成"), std::string::npos) << r.describe();
      EXPECT_EQ(gen, 2);
    } else if (refused_expected || how == Pull::Renamed) {
      int want = how == Pull::Truncated ? 2 : 4;
      EXPECT_EQ(r.code, want) << r.describe();
      EXPECT_NE(r.out.find("U盘更新未执行"), std::string::npos) << r.describe();
      EXPECT_NE(r.out.find("本机继续显示原有内容"), std::string::npos) << r.describe();
      // A cut file fails its signed length, or (timestamp.json, whose length nothing signs)
      // does not parse.
      const std::string code = how == Pull::Truncated ? "gongkai-sync: tuf."
                               : how == Pull::Dead    ? "gongkai-sync: mirror.io: "
                                                      : "gongkai-sync: mirror.not_found: ";
      EXPECT_TRUE(r.err.rfind(code, 0) == 0 ||
                  (how == Pull::Truncated && r.err.rfind("gongkai-sync: json.", 0) == 0))
          << r.describe();
      EXPECT_EQ(gen, 1) << "the kiosk left its previous generation";
    } else {  // removed after the last open: that file stays readable, the import completes
      EXPECT_EQ(r.code, 0) << r.describe();
      EXPECT_NE(r.out.find("U盘更新完成"), std::string::npos) << r.describe();
      EXPECT_EQ(gen, 2);
    }
    pulled_after_[done] += 1;
    outcomes_ += " " + std::to_string(done) + "→" + std::to_string(r.code);
  }

  // Every k from 1 to the last open (a spread of 40 when there are more).
  std::vector<size_t> every_k() const {
    std::vector<size_t> ks;
    const size_t n = opened.size(), step = n > 40 ? n / 40 : 1;
    for (size_t k = 1; k <= n; k += step) ks.push_back(k);
    if (ks.back() != n) ks.push_back(n);
    return ks;
  }
  std::map<size_t, int> pulled_after_;  // opens done when the stick went → runs
  std::string outcomes_;                // "<opens done>→<exit code>" per run, for the log
  void TearDown() override { std::printf("files opened → exit code:%s\n", outcomes_.c_str()); }
};

TEST_F(StickPulledMidImport, RemovedAfterEachOpenLeavesThePreviousGenerationUnlessAllWasRead) {
  for (size_t k : every_k()) {
    run_pulled_at(k, Pull::Removed);
    if (HasFatalFailure()) return;
  }
  // The pulls did land all along the import: first file, middle, and after the last one.
  EXPECT_TRUE(pulled_after_.count(1) || !exact);
  EXPECT_TRUE(pulled_after_.count(opened.size()));
  EXPECT_GE(pulled_after_.size(), exact ? every_k().size() : 2u);
}

TEST_F(StickPulledMidImport, RenamedAwayAfterEachOpenEndsOnTheOldOrTheCompleteNewGeneration) {
  for (size_t k : every_k()) {
    run_pulled_at(k, Pull::Renamed);
    if (HasFatalFailure()) return;
  }
}

TEST_F(StickPulledMidImport, FileTruncatedAsItIsOpenedIsRefusedAndTheKioskKeepsItsGeneration) {
  if (!exact) GTEST_SKIP() << "needs fanotify (CAP_SYS_ADMIN) to truncate exactly the open file";
  for (size_t k : every_k()) {
    run_pulled_at(k, Pull::Truncated);
    if (HasFatalFailure()) return;
  }
}

TEST_F(StickPulledMidImport, DeadStickFromEachReadOnIsRefusedAndTheKioskKeepsItsGeneration) {
  if (!exact) GTEST_SKIP() << "needs fanotify (CAP_SYS_ADMIN) to fail reads on the stick";
  for (size_t k : every_k()) {
    run_pulled_at(k, Pull::Dead);
    if (HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace gongkai::apply::testing
