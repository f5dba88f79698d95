// schedule.h — when the kiosk polls its feed (issue #5, DESIGN §5): every 15 min ± 50 % (uniform
// jitter, so a county's kiosks powered on together spread out), and after failures a full-jitter
// exponential backoff (delay uniform in [0, min(cap, base · 2^(n−1))], AWS "Exponential Backoff
// and Jitter") capped at 6 h, never below a small floor so a broken link is not hammered.
//
// Input → output: success/failure of each cycle and the time now → when the next cycle is due.
// PollScheduler is pure arithmetic over an injected monotonic clock and random source, so tests
// pin every bound; PollWorker runs cycles on its own thread and only ever sleeps on a condition
// variable, so the UI thread never waits for it (stop() returns once the running cycle ends).
//
// State:   Waiting(next_due, failures) ── due & cycle ok ──► Waiting(now + interval·U[0.5,1.5], 0)
//                                      ── due & cycle failed ► Waiting(now + backoff(n+1), n+1)
//                                      ── poll_soon() ───────► Waiting(now, failures)
// Invariants: 1. next_due − now after a success lies in [interval·(1−jitter), interval·(1+jitter)].
//             2. after the n-th consecutive failure it lies in [min_delay, max(min_delay,
//                min(cap, base·2^(n−1)))]. 3. a success resets the failure count.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace gongkai::fetch {

struct PollPolicy {
  int64_t interval_ms = 15 * 60 * 1000;        // mean time between polls (15 min)
  double jitter = 0.5;                         // ± fraction of the interval, uniform
  int64_t backoff_base_ms = 60 * 1000;         // window after the first failure (1 min)
  int64_t backoff_cap_ms = 6LL * 3600 * 1000;  // the window never grows past 6 h
  int64_t min_delay_ms = 5 * 1000;             // floor of any retry delay (5 s)
  int64_t first_poll_window_ms = 60 * 1000;    // first poll after boot: U[0, this]
};

class PollScheduler {
 public:
  using Clock = std::function<int64_t()>;    // monotonic milliseconds
  using Random = std::function<uint64_t()>;  // uniform over all 64-bit values

  PollScheduler(PollPolicy policy, Clock clock, Random random);

  bool due() const { return clock_() >= next_due_; }
  int64_t ms_until_due() const;
  int64_t next_due() const { return next_due_; }
  int failures() const { return failures_; }

  void on_success();
  void on_failure();
  void poll_soon();  // staff pressed "sync now" or a network came up: due at once

 private:
  double uniform01();  // [0, 1)
  PollPolicy policy_;
  Clock clock_;
  Random random_;
  int64_t next_due_ = 0;
  int failures_ = 0;
};

// Runs `cycle` (one update cycle; returns true on success) whenever the scheduler says so, on a
// thread of its own. All waiting is on a condition variable with a timeout.
class PollWorker {
 public:
  using Cycle = std::function<bool()>;
  PollWorker(PollPolicy policy, Cycle cycle, PollScheduler::Random random);
  ~PollWorker();  // stop()
  PollWorker(const PollWorker&) = delete;
  PollWorker& operator=(const PollWorker&) = delete;

  void start();
  void stop();      // wakes the thread and joins it (after the current cycle, if one is running)
  void poll_now();  // PollScheduler::poll_soon from any thread
  int cycles_run() const;

 private:
  void run();
  mutable std::mutex mu_;
  std::condition_variable cv_;
  PollScheduler sched_;
  Cycle cycle_;
  bool stopping_ = false;
  int cycles_ = 0;
  std::thread thread_;
};

}  // namespace gongkai::fetch
