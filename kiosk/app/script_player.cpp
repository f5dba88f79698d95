// script_player.cpp — expands script steps into pointer events on a timeline (script_player.h).
#include "app/script_player.h"

#include <cmath>

namespace gongkai::kiosk {

void ScriptPlayer::tap(double x, double y) {
  events_.push_back({TimedEvent::Kind::Down, t_, x, y, "", ""});
  events_.push_back({TimedEvent::Kind::Up, t_ + kTapHoldS, x, y, "", ""});
  t_ += kTapHoldS + kSettleS;
}

ScriptPlayer::ScriptPlayer(const std::vector<ScriptStep>& steps, double start_t,
                           const std::vector<std::pair<double, double>>& pin_keys)
    : t_(start_t) {
  using K = ScriptStep::Kind;
  for (const ScriptStep& s : steps) {
    switch (s.kind) {
      case K::Tap:
        tap(s.x1, s.y1);
        break;
      case K::TapOn:
        events_.push_back({TimedEvent::Kind::Down, t_, 0, 0, "", s.text});
        events_.push_back({TimedEvent::Kind::Up, t_ + kTapHoldS, 0, 0, "", s.text});
        t_ += kTapHoldS + kSettleS;
        break;
      case K::LongPress:
        events_.push_back({TimedEvent::Kind::Down, t_, s.x1, s.y1, "", ""});
        events_.push_back({TimedEvent::Kind::Up, t_ + s.ms / 1000, s.x1, s.y1, "", ""});
        t_ += s.ms / 1000 + kSettleS;
        break;
      case K::Drag:
      case K::Flick: {
        events_.push_back({TimedEvent::Kind::Down, t_, s.x1, s.y1, "", ""});
        const int n = std::max(1, static_cast<int>(std::lround(s.ms / 1000 / kFrameS)));
        for (int i = 1; i <= n; ++i) {
          const double f = static_cast<double>(i) / n;
          events_.push_back({TimedEvent::Kind::Move, t_ + i * kFrameS, s.x1 + (s.x2 - s.x1) * f,
                             s.y1 + (s.y2 - s.y1) * f, "", ""});
        }
        t_ += n * kFrameS;
        if (s.kind == K::Drag) {
          events_.push_back({TimedEvent::Kind::Move, t_ + kDragRestS, s.x2, s.y2, "", ""});
          t_ += kDragRestS;
        }
        events_.push_back({TimedEvent::Kind::Up, t_ + kFrameS, s.x2, s.y2, "", ""});
        t_ += kFrameS + kSettleS;
        break;
      }
      case K::Wait:
        t_ += s.ms / 1000;
        break;
      case K::Screenshot:
        events_.push_back({TimedEvent::Kind::Screenshot, t_, 0, 0, s.text, ""});
        t_ += kFrameS;
        break;
      case K::Report:
        events_.push_back({TimedEvent::Kind::Report, t_, 0, 0, "", ""});
        t_ += kFrameS;
        break;
      case K::Settle:
        events_.push_back({TimedEvent::Kind::Settle, t_, 0, 0, "", ""});
        t_ += kFrameS;
        break;
      case K::Type:
        for (char c : s.text) {
          const int idx = c == 'C'               ? 9
                          : c == 'K'             ? 11
                          : c >= '1' && c <= '9' ? c - '1'
                          : c == '0'             ? 10
                                                 : -1;
          if (idx >= 0 && static_cast<size_t>(idx) < pin_keys.size())
            tap(pin_keys[static_cast<size_t>(idx)].first,
                pin_keys[static_cast<size_t>(idx)].second);
        }
        break;
    }
  }
}

std::vector<TimedEvent> ScriptPlayer::due(double t) {
  std::vector<TimedEvent> out;
  while (!events_.empty() && events_.front().t <= t + 1e-9) {
    out.push_back(std::move(events_.front()));
    events_.pop_front();
  }
  return out;
}

}  // namespace gongkai::kiosk
