// test_schedule.cpp — poll timing of issue #5: 15 min ± 50 % after a success, full-jitter
// exponential backoff after failures (capped at 6 h, floored), a success resetting it, and a
// worker thread that stops promptly. The scheduler runs on an injected clock and random source,
// so every bound is checked exactly at its extremes and statistically in between.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>

#include "fetch/schedule.h"

namespace gongkai::fetch {
namespace {

constexpr int64_t kMin = 60 * 1000;
constexpr uint64_t kLowest = 0;
constexpr uint64_t kHighest = ~uint64_t{0};

struct FakeClock {
  int64_t now = 1'000'000;
  PollScheduler::Clock fn() {
    return [this] { return now; };
  }
};

PollScheduler::Random fixed(const uint64_t* value) {
  return [value] { return *value; };
}

TEST(PollScheduler, FirstPollWithinAMinuteOfBoot) {
  FakeClock clock;
  uint64_t r = kHighest;
  PollScheduler s(PollPolicy{}, clock.fn(), fixed(&r));
  EXPECT_FALSE(s.due());
  EXPECT_LE(s.ms_until_due(), kMin);
  clock.now += kMin;
  EXPECT_TRUE(s.due());
}

TEST(PollScheduler, SuccessWaitsFifteenMinutesPlusMinusHalf) {
  FakeClock clock;
  uint64_t r = kLowest;
  PollScheduler s(PollPolicy{}, clock.fn(), fixed(&r));
  s.on_success();
  EXPECT_EQ(s.ms_until_due(), 15 * kMin / 2);  // U = 0 → 7.5 min
  r = kHighest;
  s.on_success();
  EXPECT_GE(s.ms_until_due(), 22 * kMin + 29 * 1000);  // U → 1 → just under 22.5 min
  EXPECT_LE(s.ms_until_due(), 22 * kMin + 30 * 1000);
}

TEST(PollScheduler, SuccessDelaysAreUniformAroundFifteenMinutes) {
  FakeClock clock;
  std::mt19937_64 rng(42);
  PollScheduler s(PollPolicy{}, clock.fn(), [&] { return rng(); });
  double sum = 0;
  int low_half = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    s.on_success();
    int64_t d = s.ms_until_due();
    ASSERT_GE(d, 15 * kMin / 2);
    ASSERT_LT(d, 45 * kMin / 2);
    sum += static_cast<double>(d);
    if (d < 15 * kMin) ++low_half;
  }
  EXPECT_NEAR(sum / n, 15.0 * kMin, 0.02 * 15 * kMin);
  EXPECT_NEAR(static_cast<double>(low_half) / n, 0.5, 0.02);
}

TEST(PollScheduler, FailureWindowDoublesUpToSixHours) {
  FakeClock clock;
  uint64_t r = kHighest;  // the top of each full-jitter window
  PollPolicy p;
  PollScheduler s(p, clock.fn(), fixed(&r));
  int64_t expect = p.backoff_base_ms;
  for (int n = 1; n <= 20; ++n) {
    s.on_failure();
    EXPECT_EQ(s.failures(), n);
    const int64_t window = std::min(expect, p.backoff_cap_ms);
    EXPECT_LE(s.ms_until_due(), window) << n;
    EXPECT_GE(s.ms_until_due(), window - 1) << n;  // U just under 1
    expect *= 2;
  }
  EXPECT_EQ(s.ms_until_due() / 1000, 6 * 3600 - 1);
}

TEST(PollScheduler, FailureDelayIsFullJitterWithAFloor) {
  FakeClock clock;
  uint64_t r = kLowest;
  PollPolicy p;
  PollScheduler s(p, clock.fn(), fixed(&r));
  s.on_failure();
  EXPECT_EQ(s.ms_until_due(), p.min_delay_ms);  // U = 0 would mean "at once": the floor holds
  // Statistically: after 5 failures the window is 16 min and delays fill it evenly.
  std::mt19937_64 rng(7);
  PollScheduler t(p, clock.fn(), [&] { return rng(); });
  double sum = 0;
  for (int i = 0; i < 5000; ++i) {
    PollScheduler u(p, clock.fn(), [&] { return rng(); });
    for (int k = 0; k < 5; ++k) u.on_failure();
    ASSERT_LE(u.ms_until_due(), 16 * kMin);
    sum += static_cast<double>(u.ms_until_due());
  }
  EXPECT_NEAR(sum / 5000, 8.0 * kMin, 0.04 * 8 * kMin);
}

TEST(PollScheduler, SuccessResetsTheBackoff) {
  FakeClock clock;
  uint64_t r = kHighest;
  PollScheduler s(PollPolicy{}, clock.fn(), fixed(&r));
  for (int i = 0; i < 10; ++i) s.on_failure();
  EXPECT_GT(s.ms_until_due(), 5 * 3600 * 1000);
  s.on_success();
  EXPECT_EQ(s.failures(), 0);
  EXPECT_LT(s.ms_until_due(), 23 * kMin);
  s.on_failure();
  EXPECT_LE(s.ms_until_due(), kMin);  // back to the first window
}

TEST(PollScheduler, PollSoonIsDueAtOnce) {
  FakeClock clock;
  uint64_t r = kHighest;
  PollScheduler s(PollPolicy{}, clock.fn(), fixed(&r));
  s.on_success();
  EXPECT_FALSE(s.due());
  s.poll_soon();
  EXPECT_TRUE(s.due());
  EXPECT_EQ(s.ms_until_due(), 0);
}

TEST(PollWorker, RunsCyclesOffTheCallingThreadAndStopsPromptly) {
  PollPolicy p;
  p.first_poll_window_ms = 0;
  p.interval_ms = 20;
  p.min_delay_ms = 10;
  p.backoff_base_ms = 10;
  std::atomic<int> calls{0};
  const auto caller = std::this_thread::get_id();
  std::atomic<bool> other_thread{true};
  PollWorker w(
      p,
      [&] {
        if (std::this_thread::get_id() == caller) other_thread = false;
        return ++calls % 2 == 0;  // alternate failures and successes
      },
      [] { return uint64_t{1} << 63; });
  w.start();
  for (int i = 0; i < 200 && calls < 5; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  auto t0 = std::chrono::steady_clock::now();
  w.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(500));
  EXPECT_GE(calls.load(), 5);
  EXPECT_TRUE(other_thread);
  EXPECT_EQ(w.cycles_run(), calls.load());
}

TEST(PollWorker, PollNowWakesAWaitingWorker) {
  PollPolicy p;
  p.first_poll_window_ms = 0;
  p.interval_ms = 3'600'000;  // an hour: only poll_now can cause the second cycle
  std::atomic<int> calls{0};
  PollWorker w(
      p,
      [&] {
        ++calls;
        return true;
      },
      [] { return uint64_t{0}; });
  w.start();
  for (int i = 0; i < 200 && calls < 1; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(calls.load(), 1);
  w.poll_now();
  for (int i = 0; i < 200 && calls < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(calls.load(), 2);
  w.stop();
}

}  // namespace
}  // namespace gongkai::fetch
