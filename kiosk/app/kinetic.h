// kinetic.h — inertial (kinetic) scrolling with overscroll bounce, written by us because ImGui has
// none (DESIGN §7). One KineticScroll per scrollable view; all values in logical pixels and
// seconds, offset growing downwards through the content (0 = top).
//
// Input: finger positions with timestamps (press / drag / release) and frame steps (dt).
// Output: the offset to draw at.
//
// Behaviour (DESIGN §7):
//  - While the finger is down the content follows it 1:1 inside the bounds and with rubber-band
//    resistance beyond them (the further past, the stiffer).
//  - On release the velocity is taken from the last kVelocityWindowS of the drag only, so a
//    finger that stopped before lifting does not fling.
//  - A fling decays exponentially (time constant kFlingTauS); past a bound, a critically damped
//    spring pulls the content back (the bounce), so the offset always settles inside the bounds.
//
// Invariants:
//  1. When !animating() and !dragging(), 0 <= offset() <= max_offset().
//  2. |offset() beyond a bound| < viewport height (rubber band is bounded).
//  3. step() with dt <= 0 changes nothing.
#pragma once

#include <deque>

namespace gongkai::kiosk {

inline constexpr double kVelocityWindowS = 0.08;  // DESIGN §7: last 50–100 ms of the drag
inline constexpr double kFlingTauS = 0.325;       // exponential decay time constant of a fling
inline constexpr double kStopSpeedPxS = 12.0;     // below this a fling stops
inline constexpr double kMaxFlingPxS = 8000.0;    // caps a wild flick
inline constexpr double kBounceOmega = 14.0;      // rad/s of the critically damped bounce spring
inline constexpr double kRubberBandCoeff = 0.55;  // resistance past a bound (as iOS)
inline constexpr double kMaxStepS = 0.004;        // integration sub-step for stability

class KineticScroll {
 public:
  // Content and viewport height; keeps the offset where it is (it bounces back if now past end).
  void set_extent(double content_px, double viewport_px);
  void press(double finger_y, double t_s);
  void drag(double finger_y, double t_s);
  void release(double t_s);
  void step(double dt_s);
  void jump_to(double offset_px);  // no animation; clamped to the bounds
  void stop();                     // cancels a fling (e.g. a tap landed), keeps bounds

  double offset() const { return offset_; }
  double velocity() const { return velocity_; }
  double max_offset() const { return max_offset_; }
  double viewport() const { return viewport_; }
  bool dragging() const { return dragging_; }
  bool animating() const;

 private:
  double rubber(double past_px) const;  // displayed distance for a raw overshoot
  double raw_from_finger(double finger_y) const;
  void spring_step(double dt, double bound);

  double offset_ = 0, velocity_ = 0, max_offset_ = 0, viewport_ = 1;
  bool dragging_ = false;
  double press_y_ = 0, press_raw_ = 0;
  struct Sample {
    double t, raw;
  };
  std::deque<Sample> samples_;
};

}  // namespace gongkai::kiosk
