// input_script.cpp — parses the --input-script language (grammar in input_script.h).
#include "app/input_script.h"

#include <sstream>

namespace gongkai::kiosk {
namespace {

struct Spec {
  const char* word;
  ScriptStep::Kind kind;
  int numbers;   // required numeric arguments
  int optional;  // optional numeric arguments after them
  bool text;     // one word of text follows
};

constexpr Spec kSpecs[] = {
    {"tap", ScriptStep::Kind::Tap, 2, 0, false},
    {"tapon", ScriptStep::Kind::TapOn, 0, 0, true},
    {"longpress", ScriptStep::Kind::LongPress, 2, 1, false},
    {"drag", ScriptStep::Kind::Drag, 5, 0, false},
    {"flick", ScriptStep::Kind::Flick, 5, 0, false},
    {"wait", ScriptStep::Kind::Wait, 1, 0, false},
    {"screenshot", ScriptStep::Kind::Screenshot, 0, 0, true},
    {"report", ScriptStep::Kind::Report, 0, 0, false},
    {"type", ScriptStep::Kind::Type, 0, 0, true},
    {"settle", ScriptStep::Kind::Settle, 0, 0, false},
};

void assign(ScriptStep& s, const std::vector<double>& n) {
  switch (s.kind) {
    case ScriptStep::Kind::Tap:
      s.x1 = n[0], s.y1 = n[1];
      break;
    case ScriptStep::Kind::LongPress:
      s.x1 = n[0], s.y1 = n[1], s.ms = n.size() > 2 ? n[2] : 1500;
      break;
    case ScriptStep::Kind::Drag:
    case ScriptStep::Kind::Flick:
      s.x1 = n[0], s.y1 = n[1], s.x2 = n[2], s.y2 = n[3], s.ms = n[4];
      break;
    case ScriptStep::Kind::Wait:
      s.ms = n[0];
      break;
    default:
      break;
  }
}

}  // namespace

std::variant<std::vector<ScriptStep>, ScriptError> parse_input_script(const std::string& text) {
  std::vector<ScriptStep> steps;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream words(line);
    std::string word;
    if (!(words >> word)) continue;
    const Spec* spec = nullptr;
    for (const Spec& s : kSpecs)
      if (word == s.word) spec = &s;
    if (!spec) return ScriptError{number, "unknown command '" + word + "' / 未知命令"};
    ScriptStep step;
    step.kind = spec->kind;
    step.line = number;
    std::vector<double> n;
    std::string arg;
    while (words >> arg) {
      if (spec->text && step.text.empty()) {
        step.text = arg;
        continue;
      }
      try {
        size_t used = 0;
        n.push_back(std::stod(arg, &used));
        if (used != arg.size()) throw std::invalid_argument(arg);
      } catch (const std::exception&) {
        return ScriptError{number, "'" + arg + "' is not a number / 不是数字"};
      }
    }
    const int count = static_cast<int>(n.size());
    if (count < spec->numbers || count > spec->numbers + spec->optional ||
        (spec->text && step.text.empty()))
      return ScriptError{number, "wrong number of arguments for '" + word + "' / 参数个数不对"};
    for (double v : n)
      if (v < 0) return ScriptError{number, "negative value / 数值不能为负"};
    assign(step, n);
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace gongkai::kiosk
