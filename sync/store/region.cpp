// region.cpp — 统计用区划代码 arithmetic (content.h): 省2 市2 县2 乡3 村3, twelve ASCII digits.
// A level's segment and every lower one are zero for a region of that level ("341799101000" is a
// township: 村 segment zero, 乡 segment non-zero).
#include <array>
#include <utility>

#include "gongkai/content.h"

namespace gongkai {

namespace {
// (offset, length) of each segment, province first.
constexpr std::array<std::pair<size_t, size_t>, 5> kSegments{
    {{0, 2}, {2, 2}, {4, 2}, {6, 3}, {9, 3}}};

bool all_zero(const std::string& s, size_t from) {
  return s.find_first_not_of('0', from) == std::string::npos;
}

bool well_formed(const std::string& code) {
  if (code.size() != 12) return false;
  for (char c : code)
    if (c < '0' || c > '9') return false;
  return code.compare(0, 2, "00") != 0;
}
}  // namespace

std::optional<RegionLevel> region_level_of(const std::string& code) {
  if (!well_formed(code)) return std::nullopt;
  // The level is the deepest segment that is non-zero.
  for (size_t i = kSegments.size(); i-- > 0;) {
    auto [off, len] = kSegments[i];
    if (!all_zero(code.substr(off, len), 0)) {
      if (!all_zero(code, off + len)) return std::nullopt;  // unreachable; defensive
      return static_cast<RegionLevel>(i + 1);
    }
  }
  return std::nullopt;
}

std::string region_parent_of(const std::string& code) {
  auto level = region_level_of(code);
  if (!level || *level == RegionLevel::Province) return {};
  auto [off, len] = kSegments[static_cast<size_t>(*level) - 1];
  std::string parent = code;
  parent.replace(off, len, std::string(len, '0'));
  return parent;
}

std::vector<std::string> region_ancestry(const std::string& code) {
  std::vector<std::string> out;
  if (!region_level_of(code)) return out;
  for (std::string c = code; !c.empty(); c = region_parent_of(c)) out.push_back(c);
  return out;
}

}  // namespace gongkai
