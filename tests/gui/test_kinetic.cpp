// test_kinetic.cpp — kinetic scrolling (DESIGN §7): 1:1 drag, fling from the last 80 ms only,
// exponential decay, rubber band past the ends, bounce back inside the bounds.
#include <gtest/gtest.h>

#include "app/kinetic.h"

using namespace gongkai::kiosk;

namespace {

constexpr double kFrame = 1.0 / 60.0;

// Drags from y0 to y1 over `secs` in 60 Hz steps starting at t; returns the end time.
double drag(KineticScroll& k, double y0, double y1, double secs, double t = 0) {
  k.press(y0, t);
  const int n = static_cast<int>(secs / kFrame);
  for (int i = 1; i <= n; ++i) k.drag(y0 + (y1 - y0) * i / n, t + i * kFrame);
  return t + n * kFrame;
}

void settle(KineticScroll& k, double secs = 5) {
  for (double t = 0; t < secs; t += kFrame) k.step(kFrame);
}

}  // namespace

TEST(KineticScroll, follows_the_finger_one_to_one_inside_bounds) {
  KineticScroll k;
  k.set_extent(5000, 1000);
  drag(k, 800, 500, 0.3);
  EXPECT_DOUBLE_EQ(k.offset(), 300);
}

TEST(KineticScroll, a_flick_keeps_moving_then_decays_to_a_stop) {
  KineticScroll k;
  k.set_extent(20000, 1000);
  const double t = drag(k, 900, 600, 0.1);
  k.release(t);
  EXPECT_GT(k.velocity(), 2000);
  const double at_release = k.offset();
  settle(k, 0.2);
  const double after_200ms = k.offset();
  EXPECT_GT(after_200ms, at_release + 200);
  settle(k, 5);
  EXPECT_FALSE(k.animating());
  EXPECT_DOUBLE_EQ(k.velocity(), 0);
  // Exponential decay: total glide ≈ v0·τ.
  EXPECT_NEAR(k.offset() - at_release, 3000 * kFlingTauS, 3000 * kFlingTauS * 0.15);
}

TEST(KineticScroll, a_finger_that_rests_before_lifting_does_not_fling) {
  KineticScroll k;
  k.set_extent(20000, 1000);
  double t = drag(k, 900, 400, 0.2);
  for (int i = 0; i < 12; ++i) k.drag(400, t += kFrame);  // 200 ms still
  k.release(t);
  EXPECT_DOUBLE_EQ(k.velocity(), 0);
  EXPECT_FALSE(k.animating());
}

TEST(KineticScroll, dragging_past_the_top_resists_and_bounces_back) {
  KineticScroll k;
  k.set_extent(5000, 1000);
  const double t = drag(k, 100, 700, 0.5);  // pull down 600 px at the top
  EXPECT_LT(k.offset(), 0);
  EXPECT_GT(k.offset(), -600 * kRubberBandCoeff);  // rubber band: less than the finger moved
  EXPECT_GT(k.offset(), -k.viewport());
  k.release(t);
  EXPECT_TRUE(k.animating());
  settle(k, 2);
  EXPECT_DOUBLE_EQ(k.offset(), 0);
  EXPECT_FALSE(k.animating());
}

TEST(KineticScroll, a_fling_into_the_end_overshoots_then_settles_at_the_end) {
  KineticScroll k;
  k.set_extent(1500, 1000);  // max offset 500
  const double t = drag(k, 900, 500, 0.1);
  k.release(t);
  double deepest = 0;
  for (int i = 0; i < 300; ++i) {
    k.step(kFrame);
    deepest = std::max(deepest, k.offset());
  }
  EXPECT_GT(deepest, 500.5);          // it went past the end (bounce) …
  EXPECT_DOUBLE_EQ(k.offset(), 500);  // … and came back to rest exactly at it
}

TEST(KineticScroll, content_shorter_than_viewport_cannot_scroll) {
  KineticScroll k;
  k.set_extent(300, 1000);
  const double t = drag(k, 900, 100, 0.2);
  k.release(t);
  settle(k, 3);
  EXPECT_DOUBLE_EQ(k.max_offset(), 0);
  EXPECT_DOUBLE_EQ(k.offset(), 0);
}

TEST(KineticScroll, grabbing_an_overscrolled_view_does_not_jump) {
  KineticScroll k;
  k.set_extent(5000, 1000);
  const double t = drag(k, 100, 500, 0.3);
  k.release(t);
  k.step(kFrame);
  const double before = k.offset();
  k.press(300, t + 0.1);
  k.drag(300, t + 0.11);
  EXPECT_NEAR(k.offset(), before, 0.5);
}

TEST(KineticScroll, non_positive_step_changes_nothing) {
  KineticScroll k;
  k.set_extent(5000, 1000);
  const double t = drag(k, 900, 500, 0.1);
  k.release(t);
  const double o = k.offset(), v = k.velocity();
  k.step(0);
  k.step(-1);
  EXPECT_EQ(k.offset(), o);
  EXPECT_EQ(k.velocity(), v);
}
