// clock.cpp — TrustedClock; the rule and its invariants are in clock.h.
#include "apply/clock.h"

#include <time.h>

#include <algorithm>

namespace gongkai::apply {

Clock real_clock() {
  return Clock{[] { return static_cast<int64_t>(::time(nullptr)); },
               [] {
                 timespec ts{};
                 ::clock_gettime(CLOCK_BOOTTIME, &ts);
                 return static_cast<int64_t>(ts.tv_sec);
               }};
}

TrustedClock::TrustedClock(Clock clock, int64_t persisted_floor)
    : clock_(std::move(clock)), floor_(persisted_floor), anchor_(clock_.monotonic()) {}

int64_t TrustedClock::floor_now() const {
  // max(0, …): invariant 1 even if an injected monotonic clock misbehaves.
  return floor_ + std::max<int64_t>(0, clock_.monotonic() - anchor_);
}

int64_t TrustedClock::now() const { return std::max(clock_.system(), floor_now()); }

void TrustedClock::raise_to(int64_t t) {
  // Invariant 4: a sane clock (not behind the floor by more than the lead) bounds the raise;
  // a clock known to be behind lets signed time catch up, one lead per verified cycle.
  const int64_t floor = floor_now(), system = clock_.system();
  const int64_t base = system >= floor - kMaxIssuedLeadSeconds ? system : floor;
  t = std::min(t, base + kMaxIssuedLeadSeconds);
  if (t > floor) {
    floor_ = t;
    anchor_ = clock_.monotonic();
  }
}

}  // namespace gongkai::apply
