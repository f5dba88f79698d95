// schedule.cpp — poll timing and the worker thread; policy, state diagram and invariants are in
// schedule.h.
#include "fetch/schedule.h"

#include <algorithm>
#include <chrono>

namespace gongkai::fetch {

namespace {

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

PollScheduler::PollScheduler(PollPolicy policy, Clock clock, Random random)
    : policy_(policy), clock_(std::move(clock)), random_(std::move(random)) {
  // Spread a county's kiosks that power on together (one breaker in the 便民服务中心).
  next_due_ = clock_() +
              static_cast<int64_t>(uniform01() * static_cast<double>(policy_.first_poll_window_ms));
}

double PollScheduler::uniform01() {
  // The top 53 bits as a double in [0, 1): every value equally likely, 1.0 impossible.
  return static_cast<double>(random_() >> 11) * 0x1.0p-53;
}

int64_t PollScheduler::ms_until_due() const { return std::max<int64_t>(0, next_due_ - clock_()); }

void PollScheduler::on_success() {
  failures_ = 0;
  // Invariant 1: interval · U[1 − jitter, 1 + jitter).
  const double factor = 1.0 - policy_.jitter + 2.0 * policy_.jitter * uniform01();
  next_due_ = clock_() + static_cast<int64_t>(static_cast<double>(policy_.interval_ms) * factor);
}

void PollScheduler::on_failure() {
  failures_ = std::min(failures_ + 1, 1 << 20);
  // Invariant 2: full jitter over min(cap, base · 2^(n−1)); the shift is bounded so it cannot
  // overflow however long the link is down.
  const int shift = std::min(failures_ - 1, 40);
  const double window = std::min<double>(
      static_cast<double>(policy_.backoff_cap_ms),
      static_cast<double>(policy_.backoff_base_ms) * static_cast<double>(int64_t{1} << shift));
  const int64_t delay =
      std::max<int64_t>(policy_.min_delay_ms, static_cast<int64_t>(window * uniform01()));
  next_due_ = clock_() + delay;
}

void PollScheduler::poll_soon() { next_due_ = clock_(); }

// ---------------------------------------------------------------------------------------------
PollWorker::PollWorker(PollPolicy policy, Cycle cycle, PollScheduler::Random random)
    : sched_(policy, steady_ms, std::move(random)), cycle_(std::move(cycle)) {}

PollWorker::~PollWorker() { stop(); }

void PollWorker::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void PollWorker::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PollWorker::poll_now() {
  {
    std::lock_guard lock(mu_);
    sched_.poll_soon();
  }
  cv_.notify_all();
}

int PollWorker::cycles_run() const {
  std::lock_guard lock(mu_);
  return cycles_;
}

void PollWorker::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (!sched_.due()) {
      cv_.wait_for(lock, std::chrono::milliseconds(sched_.ms_until_due()));
      continue;  // woken by stop(), poll_now() or the timeout: look again
    }
    lock.unlock();
    const bool ok = cycle_();  // the network runs without the lock: poll_now/stop never wait on it
    lock.lock();
    ++cycles_;
    if (ok)
      sched_.on_success();
    else
      sched_.on_failure();
  }
}

}  // namespace gongkai::fetch
