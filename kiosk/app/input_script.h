// input_script.h — the --input-script language used by GUI tests (issue #4 "Testability").
//
// Input: text, one command per line, '#' starts a comment. Coordinates are logical pixels of the
// kiosk canvas; durations are milliseconds of simulated time (the app advances its clock by a
// fixed frame step while replaying, so runs are deterministic and do not sleep).
//
//   tap X Y                      press and release at (X, Y)
//   tapon NAME                   tap the centre of the widget named NAME in the last frame
//                                ("domain:18", "item:3", "notice:<id>", "back", "tab:2", "elder")
//   longpress X Y [MS]           hold still for MS (default 1500)
//   drag X1 Y1 X2 Y2 MS          press at 1, move to 2 evenly over MS, release
//   flick X1 Y1 X2 Y2 MS         as drag, the finger leaves while still moving (a fling)
//   wait MS                      let frames run
//   screenshot FILE.png          write the current frame
//   report                       print {"screen":…,"scroll":…,"t":…} as one JSON line on stdout
//   type KEYS                    tap PIN pad keys: digits, C = clear, K = confirm (staff tests)
//   settle                       stop the simulated clock until the sync worker (--sync-worker)
//                                and the content loader are idle and their results are shown
//                                (real time, at most 60 s); then go on
//
// Output: a list of ScriptStep, or the first error with its line number.
#pragma once

#include <string>
#include <variant>
#include <vector>

namespace gongkai::kiosk {

struct ScriptStep {
  enum class Kind { Tap, TapOn, LongPress, Drag, Flick, Wait, Screenshot, Report, Type, Settle };
  Kind kind = Kind::Wait;
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  double ms = 0;
  std::string text;  // screenshot path or digits
  int line = 0;
};

struct ScriptError {
  int line = 0;
  std::string message;  // "English / 中文"
};

std::variant<std::vector<ScriptStep>, ScriptError> parse_input_script(const std::string& text);

}  // namespace gongkai::kiosk
