// nav.cpp — route names and the navigation stack (see nav.h).
#include "app/nav.h"

#include <array>
#include <utility>

namespace gongkai::kiosk {
namespace {

struct KindName {
  ScreenKind kind;
  const char* name;
  bool needs_arg;
};

constexpr std::array<KindName, 8> kKinds = {{
    {ScreenKind::Home, "home", false},
    {ScreenKind::Domain, "domain", true},
    {ScreenKind::Item, "item", true},
    {ScreenKind::Notices, "notices", false},
    {ScreenKind::Notice, "notice", true},
    {ScreenKind::Board, "board", false},
    {ScreenKind::PinEntry, "pin", false},
    {ScreenKind::Staff, "staff", false},
}};

}  // namespace

std::optional<Route> parse_route(const std::string& s) {
  const auto colon = s.find(':');
  const std::string head = s.substr(0, colon);
  const std::string arg = colon == std::string::npos ? "" : s.substr(colon + 1);
  for (const KindName& k : kKinds) {
    if (head != k.name) continue;
    if (k.needs_arg != !arg.empty()) return std::nullopt;
    return Route{k.kind, arg};
  }
  return std::nullopt;
}

std::string route_name(const Route& r) {
  for (const KindName& k : kKinds)
    if (k.kind == r.kind) return k.needs_arg ? std::string(k.name) + ":" + r.arg : k.name;
  return "?";
}

void Navigator::push(Route r, double scroll_px) {
  stack_.back().scroll = scroll_px;
  stack_.push_back({std::move(r), 0.0});
}

bool Navigator::back() {
  if (stack_.size() <= 1) return false;
  stack_.pop_back();
  return true;
}

void Navigator::reset() {
  stack_.resize(1);
  stack_.front().scroll = 0;
}

}  // namespace gongkai::kiosk
