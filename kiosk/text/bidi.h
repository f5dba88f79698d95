// bidi.h — stage 2a (DESIGN §6.2): Unicode Bidirectional Algorithm levels and line reordering.
//
// Input: one paragraph's code points (no U+000A inside; the engine splits paragraphs, UBA P1).
// Output: BidiLevels — an embedding level per code point (UBA P2–P3, X1–I2 with N0 bracket pairs,
// computed by fribidi) — and, per line, the visual order of level runs (UBA L2).
// Invariants: when the paragraph has no strong RTL character and no explicit embedding,
// `any_rtl` is false, `levels` is empty and every level is the base level 0 (the fast path that
// all-Chinese notices take).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gongkai::text {

struct BidiLevels {
  bool any_rtl = false;         // some level is odd, or the base direction is RTL
  bool base_rtl = false;        // paragraph direction (UBA P2/P3: first strong character)
  std::vector<uint8_t> levels;  // per code point; empty when !any_rtl
  uint8_t level_at(size_t i) const { return levels.empty() ? 0 : levels[i]; }
};

// Levels for cps[begin, end).
void compute_bidi(const std::u32string& cps, size_t begin, size_t end, BidiLevels& out);

// UBA L2 over the pieces of one line: given each piece's level in logical order, fills `order`
// with piece indices in visual (left-to-right) order.
void visual_order(const std::vector<uint8_t>& piece_levels, std::vector<uint32_t>& order);

}  // namespace gongkai::text
