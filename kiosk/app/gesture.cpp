// gesture.cpp — see gesture.h. Phases: Idle → (press) Pending → (move past slop) Drag →
// (release) Idle; Pending → (hold) Consumed [LongPress] → (release) Idle; Pending → (release) Tap.
#include "app/gesture.h"

#include <cmath>

namespace gongkai::kiosk {

Gesture GestureTracker::make(Gesture::Kind k, double x, double y, double t) const {
  Gesture g;
  g.kind = k;
  g.x = x;
  g.y = y;
  g.x0 = x0_;
  g.y0 = y0_;
  g.t = t;
  return g;
}

Gesture GestureTracker::press(double x, double y, double t_s) {
  if (down_) return {};  // a second finger: ignored (no multi-finger gestures)
  down_ = true;
  phase_ = Phase::Pending;
  x0_ = x_ = x;
  y0_ = y_ = y;
  t0_ = t_s;
  return {};
}

Gesture GestureTracker::move(double x, double y, double t_s) {
  if (!down_) return {};
  x_ = x;
  y_ = y;
  if (phase_ == Phase::Pending && std::hypot(x - x0_, y - y0_) > kTapSlopPx * scale_) {
    phase_ = Phase::Drag;
    return make(Gesture::Kind::DragStart, x, y, t_s);
  }
  if (phase_ == Phase::Drag) return make(Gesture::Kind::DragMove, x, y, t_s);
  return {};
}

Gesture GestureTracker::release(double x, double y, double t_s) {
  if (!down_) return {};
  down_ = false;
  const Phase was = phase_;
  phase_ = Phase::Idle;
  if (was == Phase::Drag) return make(Gesture::Kind::DragEnd, x, y, t_s);
  if (was == Phase::Pending && t_s - t0_ < kLongPressS)
    return make(Gesture::Kind::Tap, x0_, y0_, t_s);
  return {};
}

Gesture GestureTracker::poll(double t_s) {
  if (down_ && phase_ == Phase::Pending && t_s - t0_ >= kLongPressS) {
    phase_ = Phase::Consumed;
    return make(Gesture::Kind::LongPress, x0_, y0_, t_s);
  }
  return {};
}

}  // namespace gongkai::kiosk
