// script_player.h — turns parsed --input-script steps into a timeline of injected pointer events
// and capture points (issue #4 "Testability"). Input: ScriptStep list and the app clock.
// Output: due() returns, in order, the events whose time has come; the app pushes pointer events
// into SDL's queue (SDL_PushEvent) so they travel the same path as a real finger.
//
// Timing: a tap is held kTapHoldS; a drag moves once per kFrameS and holds still kDragRestS
// before lifting (no fling); a flick lifts while moving; after every gesture the timeline leaves
// kSettleS for the UI to react before the next step.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "app/input_script.h"

namespace gongkai::kiosk {

inline constexpr double kFrameS = 1.0 / 60.0;  // simulated frame step while scripted
inline constexpr double kTapHoldS = 0.08;
inline constexpr double kDragRestS = 0.12;
inline constexpr double kSettleS = 0.25;
inline constexpr double kStartS =
    3 * kFrameS;                            // first event after the first frames (targets known)
inline constexpr double kIdleStepS = 0.25;  // longest simulated frame while nothing is touched

struct TimedEvent {
  enum class Kind { Down, Move, Up, Screenshot, Report, Settle };
  Kind kind = Kind::Move;
  double t = 0;
  double x = 0, y = 0;
  std::string path;    // Screenshot
  std::string target;  // Down/Up of a `tapon`: resolved by the app to the widget's centre
};

class ScriptPlayer {
 public:
  // `pin_key_center(digit)` places PIN pad keys for the `type` command.
  ScriptPlayer(const std::vector<ScriptStep>& steps, double start_t,
               const std::vector<std::pair<double, double>>& pin_keys);
  // Events due at or before t, in timeline order (removed from the timeline).
  std::vector<TimedEvent> due(double t);
  bool done() const { return events_.empty(); }
  // Time of the next event; a large value when none is left.
  double next_time() const { return events_.empty() ? 1e300 : events_.front().t; }

 private:
  void tap(double x, double y);
  double t_;
  std::deque<TimedEvent> events_;
};

}  // namespace gongkai::kiosk
