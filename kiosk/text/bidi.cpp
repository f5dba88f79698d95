// bidi.cpp — UBA levels with fribidi, L2 reordering of level runs.
//
// Why fribidi and not ICU ubidi (docs/text.md): fribidi works on UTF-32, which is the buffer every
// other stage already holds (ubidi needs a UTF-16 copy and offset mapping); it is the bidi
// implementation Pango uses, so our results match the reference we benchmark against; and 1.0
// implements UBA 6.3+ bracket pairs (N0). L2 we do ourselves on level runs, because we reorder
// shaped pieces (runs of glyphs), not characters.
#include "text/bidi.h"

#include <fribidi.h>

#include <algorithm>

namespace gongkai::text {

namespace {
// Strong RTL or explicit-formatting code points: without any, the paragraph is all level 0.
bool may_be_rtl(char32_t c) {
  return (c >= 0x0590 && c <= 0x08FF) || (c >= 0x200F && c <= 0x200F) ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
         (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF) ||
         (c >= 0x10800 && c <= 0x10FFF) || (c >= 0x1E800 && c <= 0x1EFFF);
}
}  // namespace

void compute_bidi(const std::u32string& cps, size_t begin, size_t end, BidiLevels& out) {
  out.any_rtl = false;
  out.base_rtl = false;
  out.levels.clear();
  if (!std::any_of(cps.begin() + static_cast<long>(begin), cps.begin() + static_cast<long>(end),
                   may_be_rtl))
    return;
  const auto n = static_cast<FriBidiStrIndex>(end - begin);
  const auto* str = reinterpret_cast<const FriBidiChar*>(cps.data() + begin);
  std::vector<FriBidiCharType> types(static_cast<size_t>(n));
  std::vector<FriBidiBracketType> brackets(static_cast<size_t>(n));
  std::vector<FriBidiLevel> levels(static_cast<size_t>(n));
  fribidi_get_bidi_types(str, n, types.data());
  fribidi_get_bracket_types(str, n, types.data(), brackets.data());
  FriBidiParType dir = FRIBIDI_PAR_ON;  // UBA P2/P3: the first strong character decides
  FriBidiLevel max =
      fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), n, &dir, levels.data());
  if (max == 0) return;  // fribidi failed (allocation); stay LTR rather than guess
  out.base_rtl = FRIBIDI_IS_RTL(dir);
  out.levels.assign(levels.begin(), levels.end());
  out.any_rtl = out.base_rtl || std::any_of(out.levels.begin(), out.levels.end(),
                                            [](uint8_t l) { return (l & 1) != 0; });
  if (!out.any_rtl) out.levels.clear();
}

// UBA L2: from the highest level down to the lowest odd level, reverse every maximal sequence of
// pieces at that level or higher.
void visual_order(const std::vector<uint8_t>& lv, std::vector<uint32_t>& order) {
  order.resize(lv.size());
  for (uint32_t i = 0; i < lv.size(); ++i) order[i] = i;
  if (lv.empty()) return;
  uint8_t hi = *std::max_element(lv.begin(), lv.end());
  uint8_t lo_odd = 255;
  for (uint8_t l : lv)
    if (l & 1) lo_odd = std::min(lo_odd, l);
  if (lo_odd == 255) return;
  for (int level = hi; level >= lo_odd; --level) {
    for (size_t i = 0; i < order.size();) {
      if (lv[order[i]] < level) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < order.size() && lv[order[j]] >= level) ++j;
      std::reverse(order.begin() + static_cast<long>(i), order.begin() + static_cast<long>(j));
      i = j;
    }
  }
}

}  // namespace gongkai::text
