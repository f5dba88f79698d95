// kinetic.cpp — see kinetic.h. The raw offset is where the content would be without resistance;
// the displayed offset equals it inside the bounds and rubber(raw past bound) outside.
#include "app/kinetic.h"

#include <algorithm>
#include <cmath>

namespace gongkai::kiosk {

void KineticScroll::set_extent(double content_px, double viewport_px) {
  viewport_ = std::max(1.0, viewport_px);
  max_offset_ = std::max(0.0, content_px - viewport_);
}

double KineticScroll::rubber(double past_px) const {
  // iOS-style: approaches the viewport height asymptotically; 1:coeff at the start.
  return (1.0 - 1.0 / (past_px * kRubberBandCoeff / viewport_ + 1.0)) * viewport_;
}

double KineticScroll::raw_from_finger(double finger_y) const {
  return press_raw_ - (finger_y - press_y_);
}

void KineticScroll::press(double finger_y, double t_s) {
  dragging_ = true;
  velocity_ = 0;
  press_y_ = finger_y;
  // Invert the rubber band so that grabbing an overscrolled view does not make it jump.
  double raw = offset_;
  auto unrubber = [this](double shown) {
    const double s = std::min(shown, viewport_ * 0.999);
    return (viewport_ / (1.0 - s / viewport_) - viewport_) / kRubberBandCoeff;
  };
  if (offset_ < 0) raw = -unrubber(-offset_);
  if (offset_ > max_offset_) raw = max_offset_ + unrubber(offset_ - max_offset_);
  press_raw_ = raw;
  samples_.clear();
  samples_.push_back({t_s, raw});
}

void KineticScroll::drag(double finger_y, double t_s) {
  if (!dragging_) return;
  const double raw = raw_from_finger(finger_y);
  samples_.push_back({t_s, raw});
  while (samples_.size() > 2 && samples_.front().t < t_s - kVelocityWindowS) samples_.pop_front();
  if (raw < 0) {
    offset_ = -rubber(-raw);
  } else if (raw > max_offset_) {
    offset_ = max_offset_ + rubber(raw - max_offset_);
  } else {
    offset_ = raw;
  }
}

void KineticScroll::release(double t_s) {
  if (!dragging_) return;
  dragging_ = false;
  // Velocity over the samples inside the window ending at the release instant (DESIGN §7).
  const Sample* first = nullptr;
  for (const Sample& s : samples_) {
    if (s.t >= t_s - kVelocityWindowS) {
      first = &s;
      break;
    }
  }
  const Sample& last = samples_.back();
  velocity_ = 0;
  if (first && last.t - first->t > 1e-3) velocity_ = (last.raw - first->raw) / (last.t - first->t);
  velocity_ = std::clamp(velocity_, -kMaxFlingPxS, kMaxFlingPxS);
  samples_.clear();
}

void KineticScroll::spring_step(double dt, double bound) {
  // Critically damped spring towards `bound`: x'' = -ω²x - 2ωx' (semi-implicit Euler).
  const double x = offset_ - bound;
  const double a = -kBounceOmega * kBounceOmega * x - 2.0 * kBounceOmega * velocity_;
  velocity_ += a * dt;
  offset_ += velocity_ * dt;
  if (std::abs(offset_ - bound) < 0.5 && std::abs(velocity_) < kStopSpeedPxS) {
    offset_ = bound;
    velocity_ = 0;
  }
}

void KineticScroll::step(double dt_s) {
  if (dragging_ || dt_s <= 0) return;
  while (dt_s > 0) {
    const double dt = std::min(dt_s, kMaxStepS);
    dt_s -= dt;
    if (offset_ < 0) {
      spring_step(dt, 0);
    } else if (offset_ > max_offset_) {
      spring_step(dt, max_offset_);
    } else if (velocity_ != 0) {
      offset_ += velocity_ * dt;
      velocity_ *= std::exp(-dt / kFlingTauS);
      if (std::abs(velocity_) < kStopSpeedPxS) velocity_ = 0;
    } else {
      return;
    }
  }
}

void KineticScroll::jump_to(double offset_px) {
  offset_ = std::clamp(offset_px, 0.0, max_offset_);
  velocity_ = 0;
}

void KineticScroll::stop() {
  velocity_ = 0;
  if (!dragging_) offset_ = std::clamp(offset_, 0.0, max_offset_);
}

bool KineticScroll::animating() const {
  return !dragging_ && (velocity_ != 0 || offset_ < 0 || offset_ > max_offset_);
}

}  // namespace gongkai::kiosk
