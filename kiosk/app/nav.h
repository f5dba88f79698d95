// nav.h — which screen is showing, and how the kiosk got there (issue #4, terminal + board).
//
// A Route names a screen and its argument ("domain:07", "item:42", "notice:2026-qh-0012").
// The Navigator is a stack of routes, each with its own remembered scroll offset, so that "back"
// returns to the same place in the list the citizen came from.
//
// State diagram (terminal mode):
//   Home ─tap tile→ Domain ─tap item→ Item            any ─back→ previous
//   Home ─tap strip→ Notices ─tap row→ Notice          any ─idle timeout→ Home (stack cleared)
//   any ─long-press corner→ PinEntry ─PIN ok→ Staff
// Board mode: the root is Board; idle timeout returns there.
//
// Invariants:
//  1. The stack is never empty; its bottom is the mode's root (Home or Board).
//  2. back() on the root does nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gongkai::kiosk {

enum class ScreenKind { Home, Domain, Item, Notices, Notice, Board, PinEntry, Staff };

struct Route {
  ScreenKind kind = ScreenKind::Home;
  std::string arg;  // domain code, item id, notice id; "" otherwise
  bool operator==(const Route&) const = default;
};

// "home", "domain:07", "item:42", "notices", "notice:<id>", "board", "pin", "staff";
// nullopt for anything else (including a missing argument).
std::optional<Route> parse_route(const std::string& s);
std::string route_name(const Route& r);

class Navigator {
 public:
  explicit Navigator(Route root = {}) : stack_{{std::move(root), 0.0}} {}
  const Route& current() const { return stack_.back().route; }
  const Route& root() const { return stack_.front().route; }
  size_t depth() const { return stack_.size(); }
  bool at_root() const { return stack_.size() == 1; }

  // Remembers `scroll_px` for the current screen, then shows `r` scrolled to the top.
  void push(Route r, double scroll_px);
  // Returns to the previous screen and the scroll offset it had; false at the root.
  bool back();
  // Everything off the stack but the root (idle timeout).
  void reset();
  // The remembered scroll of the current screen (set when leaving it, read when returning).
  double saved_scroll() const { return stack_.back().scroll; }

 private:
  struct Entry {
    Route route;
    double scroll;
  };
  std::vector<Entry> stack_;
};

// Idle detection (issue #4: "Idle timeout → home with a short fade").
class IdleTimer {
 public:
  explicit IdleTimer(double timeout_s) : timeout_s_(timeout_s) {}
  void touch(double t_s) { last_ = t_s; }
  bool expired(double t_s) const { return t_s - last_ >= timeout_s_; }
  double idle_for(double t_s) const { return t_s - last_; }

 private:
  double timeout_s_;
  double last_ = 0;
};

}  // namespace gongkai::kiosk
