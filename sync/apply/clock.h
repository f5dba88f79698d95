// clock.h — trusted time (DESIGN §5, issue #5): what the kiosk believes "now" is when it decides
// whether a 公示 has ended, and what expiry of signed metadata is judged against.
//
//   trusted_now = max(system clock, floor + monotonic time elapsed since the floor was anchored)
//
// The floor is persisted in the state DB (state.h) and only ever rises:
//   - raise_to(t) with each verified signed issued time (UpdateReport.issued), and
//   - elapsed monotonic (CLOCK_BOOTTIME) time while this process runs.
// It never comes from an HTTP Date header nor from the system clock: a clock set a year ahead by
// mistake moves trusted_now while it is wrong, but does not stay in the floor; a clock rolled
// back a year cannot bring trusted_now below the floor, so no archived notice comes back
// (DESIGN §5 "rolling the clock back resurrects nothing").
//
// Invariants:
//  1. floor_now() never decreases during the life of a TrustedClock.
//  2. now() >= floor_now() and now() >= system().
//  3. Time spent powered off is never added (the monotonic clock restarts at boot), so the floor
//     never passes real time.
//  4. A signed issued time raises the floor to at most kMaxIssuedLeadSeconds past the local
//     clock while that clock is sane (not behind the floor by more than that lead), else past
//     the floor. A publisher PC whose clock says 2036 (or a stolen timestamp key) would otherwise
//     archive every notice on every kiosk for good and make all later metadata look expired;
//     a kiosk whose clock really is behind (dead RTC battery after weeks off) still catches up,
//     one lead per verified cycle.
#pragma once

#include <cstdint>
#include <functional>

namespace gongkai::apply {

inline constexpr int64_t kMaxIssuedLeadSeconds = 24 * 3600;

struct Clock {
  std::function<int64_t()> system;     // Unix seconds from the wall clock (may be wrong)
  std::function<int64_t()> monotonic;  // seconds since boot, never going back
};

// time() and clock_gettime(CLOCK_BOOTTIME).
Clock real_clock();

class TrustedClock {
 public:
  TrustedClock(Clock clock, int64_t persisted_floor);
  int64_t now() const;        // the trusted time
  int64_t floor_now() const;  // floor + elapsed monotonic time (what may be persisted)
  void raise_to(int64_t t);   // a verified signed issued time
  int64_t system_now() const { return clock_.system(); }

 private:
  Clock clock_;
  int64_t floor_;
  int64_t anchor_;  // monotonic seconds when floor_ was set
};

}  // namespace gongkai::apply
