// test_interaction.cpp — tap vs drag vs long press, the navigation stack, idle timeout and the
// --input-script language (issue #4 "Terminal mode", "Testability").
#include <gtest/gtest.h>

#include "app/gesture.h"
#include "app/input_script.h"
#include "app/nav.h"

using namespace gongkai::kiosk;
using K = Gesture::Kind;

TEST(GestureTracker, a_short_still_touch_is_a_tap_at_the_press_point) {
  GestureTracker g;
  g.press(100, 200, 0);
  EXPECT_EQ(g.move(105, 203, 0.05).kind, K::None);  // within the slop
  const Gesture r = g.release(106, 204, 0.1);
  EXPECT_EQ(r.kind, K::Tap);
  EXPECT_EQ(r.x, 100);
  EXPECT_EQ(r.y, 200);
}

TEST(GestureTracker, moving_past_the_slop_cancels_the_tap_and_starts_a_drag) {
  GestureTracker g;
  g.press(100, 200, 0);
  EXPECT_EQ(g.move(100, 200 + kTapSlopPx + 1, 0.05).kind, K::DragStart);
  EXPECT_EQ(g.move(100, 150, 0.1).kind, K::DragMove);
  EXPECT_EQ(g.move(100, 205, 0.15).kind, K::DragMove);  // back near the start: still a drag
  EXPECT_EQ(g.release(100, 205, 0.2).kind, K::DragEnd);
}

TEST(GestureTracker, holding_still_is_a_long_press_and_no_tap_follows) {
  GestureTracker g;
  g.press(10, 10, 0);
  EXPECT_EQ(g.poll(kLongPressS - 0.01).kind, K::None);
  EXPECT_EQ(g.poll(kLongPressS).kind, K::LongPress);
  EXPECT_EQ(g.poll(kLongPressS + 0.5).kind, K::None);  // reported once
  EXPECT_EQ(g.release(10, 10, kLongPressS + 0.6).kind, K::None);
}

TEST(GestureTracker, a_second_finger_is_ignored) {
  GestureTracker g;
  g.press(10, 10, 0);
  EXPECT_EQ(g.press(500, 500, 0.01).kind, K::None);
  EXPECT_EQ(g.release(10, 10, 0.1).kind, K::Tap);
}

TEST(GestureTracker, the_slop_grows_with_display_scale) {
  GestureTracker g(2.0);
  g.press(0, 0, 0);
  EXPECT_EQ(g.move(0, kTapSlopPx * 1.5, 0.05).kind, K::None);
  EXPECT_EQ(g.release(0, kTapSlopPx * 1.5, 0.1).kind, K::Tap);
}

TEST(Route, names_round_trip_and_malformed_names_are_refused) {
  for (const char* s : {"home", "domain:07", "item:42", "notices", "notice:2026-qh-0012", "board",
                        "pin", "staff"}) {
    const auto r = parse_route(s);
    ASSERT_TRUE(r) << s;
    EXPECT_EQ(route_name(*r), s);
  }
  EXPECT_FALSE(parse_route("domain"));
  EXPECT_FALSE(parse_route("home:1"));
  EXPECT_FALSE(parse_route("settings"));
  EXPECT_FALSE(parse_route(""));
}

TEST(Navigator, back_restores_the_scroll_offset_of_the_list_left) {
  Navigator n;
  n.push({ScreenKind::Domain, "07"}, 0);
  n.push({ScreenKind::Item, "42"}, 830);  // the domain list was scrolled to 830
  EXPECT_EQ(n.saved_scroll(), 0);
  EXPECT_TRUE(n.back());
  EXPECT_EQ(n.current().kind, ScreenKind::Domain);
  EXPECT_EQ(n.saved_scroll(), 830);
  EXPECT_TRUE(n.back());
  EXPECT_FALSE(n.back());  // the root stays
  EXPECT_TRUE(n.at_root());
}

TEST(Navigator, reset_returns_to_the_modes_root) {
  Navigator n(Route{ScreenKind::Board, ""});
  n.push({ScreenKind::PinEntry, ""}, 0);
  n.push({ScreenKind::Staff, ""}, 0);
  n.reset();
  EXPECT_EQ(n.depth(), 1u);
  EXPECT_EQ(n.current().kind, ScreenKind::Board);
}

TEST(IdleTimer, expires_after_the_timeout_since_the_last_touch) {
  IdleTimer idle(90);
  idle.touch(10);
  EXPECT_FALSE(idle.expired(99.9));
  EXPECT_TRUE(idle.expired(100));
  idle.touch(100);
  EXPECT_FALSE(idle.expired(150));
}

TEST(InputScript, parses_every_command) {
  const auto r = parse_input_script(R"(# walk
tap 100 200
longpress 5 5
longpress 5 5 2500
drag 10 900 10 100 400   # scroll
flick 10 900 10 100 120
wait 500
screenshot /tmp/a.png
report
type 2468
)");
  ASSERT_TRUE(std::holds_alternative<std::vector<ScriptStep>>(r));
  const auto& s = std::get<std::vector<ScriptStep>>(r);
  ASSERT_EQ(s.size(), 9u);
  EXPECT_EQ(s[0].kind, ScriptStep::Kind::Tap);
  EXPECT_EQ(s[0].y1, 200);
  EXPECT_EQ(s[1].ms, 1500);
  EXPECT_EQ(s[2].ms, 2500);
  EXPECT_EQ(s[3].kind, ScriptStep::Kind::Drag);
  EXPECT_EQ(s[3].y2, 100);
  EXPECT_EQ(s[3].ms, 400);
  EXPECT_EQ(s[4].kind, ScriptStep::Kind::Flick);
  EXPECT_EQ(s[6].text, "/tmp/a.png");
  EXPECT_EQ(s[7].kind, ScriptStep::Kind::Report);
  EXPECT_EQ(s[8].text, "2468");
  EXPECT_EQ(s[8].line, 10);
}

TEST(InputScript, reports_the_line_of_the_first_error) {
  for (const auto& [text, line] :
       std::vector<std::pair<std::string, int>>{{"tap 1 2\nswipe 1 2\n", 2},
                                                {"tap 1\n", 1},
                                                {"wait\n", 1},
                                                {"\n\ndrag 1 2 3 4 x\n", 3},
                                                {"screenshot\n", 1},
                                                {"wait -5\n", 1},
                                                {"tap 1 2 3\n", 1}}) {
    const auto r = parse_input_script(text);
    ASSERT_TRUE(std::holds_alternative<ScriptError>(r)) << text;
    EXPECT_EQ(std::get<ScriptError>(r).line, line) << text;
  }
}
