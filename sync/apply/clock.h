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
#pragma once

#include <cstdint>
#include <functional>

namespace gongkai::apply {

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
