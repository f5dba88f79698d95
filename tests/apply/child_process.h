// child_process.h — runs a real command (gongkai-sync, gongkai-publish, fiu-run …) as a child
// process for the apply integration tests, the way staff and scripts run it.
//
// Input → output: argv (+ extra environment) → a running Child (pid, stdout/stderr going to files)
// → finish() → how it ended: exit code or the signal that killed it, and what it printed.
// Invariant: every Child started is waited for exactly once (finish), so no zombie outlives a test.
// check_kiosk() then looks at the kiosk as staff and the UI would: `gongkai-sync status`, PRAGMA
// integrity_check of the state DB and the active generation, SyncEngine::check_invariants().
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "apply/db.h"
#include "apply/engine.h"
#include "fixture.h"
#include "tuf/fsutil.h"

namespace gongkai::apply::testing {

struct Child {
  pid_t pid = -1;
  std::string out_file, err_file;
};

struct Ended {
  bool exited = false;  // false: killed by a signal (a crash, for these tests)
  int code = -1;        // exit code when exited
  int signal = 0;       // the signal otherwise
  std::string out, err;
  std::string describe() const {
    return (exited ? "exit " + std::to_string(code) : "signal " + std::to_string(signal)) +
           "\nstdout: " + out + "\nstderr: " + err;
  }
};

// "GONGKAI_BINARY_DIR/<rel>": the built commands.
inline std::string built(const std::string& rel) {
  return std::string(GONGKAI_BINARY_DIR) + "/" + rel;
}

// Starts argv[0] (an absolute path) with the current environment plus `env` ("NAME=value"),
// stdout and stderr to log_prefix.out / .err.
inline Child start_child(const std::vector<std::string>& argv, const std::string& log_prefix,
                         const std::vector<std::string>& env = {}) {
  Child c{-1, log_prefix + ".out", log_prefix + ".err"};
  std::vector<std::string> args = argv, envs;
  for (char** e = environ; *e; ++e) envs.emplace_back(*e);
  envs.insert(envs.end(), env.begin(), env.end());
  std::vector<char*> av, ev;
  for (auto& a : args) av.push_back(a.data());
  for (auto& e : envs) ev.push_back(e.data());
  av.push_back(nullptr);
  ev.push_back(nullptr);
  std::fflush(stdout);  // or the child's freopen flushes our buffered output a second time
  std::fflush(stderr);
  c.pid = ::fork();
  if (c.pid == 0) {  // only async-signal-safe calls from here on
    if (!::freopen(c.out_file.c_str(), "w", stdout) || !::freopen(c.err_file.c_str(), "w", stderr))
      ::_exit(126);
    ::execve(av[0], av.data(), ev.data());
    ::_exit(127);
  }
  return c;
}

inline Ended finish(const Child& c) {
  Ended e;
  int status = 0;
  while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
  }
  e.exited = WIFEXITED(status);
  e.code = e.exited ? WEXITSTATUS(status) : -1;
  e.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  auto out = tuf::read_file_capped(c.out_file, 1 << 20);
  auto err = tuf::read_file_capped(c.err_file, 1 << 20);
  e.out = out ? *out : "";
  e.err = err ? *err : "";
  return e;
}

inline Ended run_child(const std::vector<std::string>& argv, const std::string& log_prefix,
                       const std::vector<std::string>& env = {}) {
  return finish(start_child(argv, log_prefix, env));
}

// The active generation `gongkai-sync status` prints ("generation / 内容版本: N"); -1 when the
// line is missing or says none.
inline int64_t status_generation(const Ended& status) {
  const std::string key = "generation / 内容版本: ";
  auto p = status.out.find(key);
  if (p == std::string::npos) return -1;
  const char* s = status.out.c_str() + p + key.size();
  if (*s < '0' || *s > '9') return -1;
  return std::atoll(s);
}

// The kiosk after a run, with gtest expectations on everything that must hold whatever the run
// did: status answers, state DB and active generation pass integrity_check, the engine's
// invariants hold (SyncEngine::open recovers first, as the kiosk does at boot). Returns the
// generation `gongkai-sync status` shows (-1 when none).
inline int64_t check_kiosk(const std::string& data, const std::string& log_prefix) {
  Ended st = run_child({built("sync/tools/gongkai-sync"), "status", "--data", data},
                       log_prefix + "-status");
  EXPECT_TRUE(st.exited && st.code == 0) << st.describe();
  const int64_t shown = status_generation(st);
  auto state_ok = integrity_check(data + "/state.db");
  EXPECT_TRUE(state_ok.ok()) << state_ok.error().message;
  auto w = GenerationWatch::open(data);
  EXPECT_TRUE(w.ok()) << w.error().message;
  if (w.ok()) {
    auto cur = w->current();
    EXPECT_TRUE(cur.ok() && cur->has_value());
    if (cur.ok() && cur->has_value()) {
      EXPECT_EQ((*cur)->generation, shown);
      auto gen_ok = integrity_check((*cur)->path);
      EXPECT_TRUE(gen_ok.ok()) << (*cur)->path << ": " << gen_ok.error().message;
    }
  }
  SyncConfig cfg;
  cfg.data_dir = data;
  cfg.region = kVillage;
  cfg.min_free_bytes = 0;
  auto e = SyncEngine::open(cfg);
  EXPECT_TRUE(e.ok()) << e.error().message;
  if (e.ok()) {
    auto inv = (*e)->check_invariants();
    EXPECT_TRUE(inv.ok()) << inv.error().message;
  }
  return shown;
}

}  // namespace gongkai::apply::testing
