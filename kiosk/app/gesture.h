// gesture.h — tells a tap from a drag from a long press for one finger (issue #4: "tap vs drag
// discrimination", "no multi-finger gestures"; DESIGN §7: "a drag past a small threshold cancels
// the tap").
//
// Input: press / move / release with positions (logical px) and times (s); poll() each frame.
// Output: at most one Gesture per call. A second finger is ignored entirely, so two-finger
// gestures do nothing.
//
// Invariants:
//  1. A touch yields exactly one of: Tap (on release), LongPress (while held), or
//     DragStart … DragEnd.
//  2. A Tap is only reported when the finger stayed within kTapSlopPx of where it went down and
//     was held for less than kLongPressS.
#pragma once

namespace gongkai::kiosk {

inline constexpr double kTapSlopPx = 14.0;  // movement that turns a touch into a drag
inline constexpr double kLongPressS = 1.2;  // hold this long (still) for a long press

struct Gesture {
  enum class Kind { None, Tap, LongPress, DragStart, DragMove, DragEnd };
  Kind kind = Kind::None;
  double x = 0, y = 0;    // current finger position
  double x0 = 0, y0 = 0;  // where the finger went down
  double t = 0;
};

class GestureTracker {
 public:
  explicit GestureTracker(double scale = 1.0) : scale_(scale) {}
  Gesture press(double x, double y, double t_s);
  Gesture move(double x, double y, double t_s);
  Gesture release(double x, double y, double t_s);
  Gesture poll(double t_s);  // reports LongPress once the hold time passes
  bool down() const { return down_; }
  bool dragging() const { return phase_ == Phase::Drag; }

 private:
  enum class Phase { Idle, Pending, Drag, Consumed };
  Gesture make(Gesture::Kind k, double x, double y, double t) const;
  double scale_;
  bool down_ = false;
  Phase phase_ = Phase::Idle;
  double x0_ = 0, y0_ = 0, t0_ = 0, x_ = 0, y_ = 0;
};

}  // namespace gongkai::kiosk
