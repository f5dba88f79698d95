// layout.h — the last core stage (DESIGN §6.4): a paragraph laid out into positioned glyphs.
//
// Input: UTF-8 text, a TextStyle and a maximum width in px; the shaped runs (shape.h) and break
// opportunities (linebreak.h) of that text.
// Output: an immutable Layout — lines with baselines, and glyphs with pen positions in px relative
// to the layout's top-left corner. The draw stage (textdraw) only reads this.
//
// Invariants:
//  1. lines are in visual top-to-bottom order; within a line, glyphs are in visual left-to-right
//     order (UBA L2 already applied), so drawing never needs bidi.
//  2. line.glyph_begin..glyph_end index `glyphs`; ranges are contiguous and cover all glyphs.
//  3. line.byte_begin..byte_end is the logical source range of the line in the input UTF-8
//     (trailing spaces and the newline included), ranges are contiguous and cover the input unless
//     the layout was truncated (then the last line ends where the ellipsis starts).
//  4. No line starts with a clreq 禁则 line-start mark or ends with a line-end mark, unless a
//  single
//     unbreakable cluster is wider than max_width (it is then placed alone and overflows).
//  5. width <= max_width except in the case of invariant 4; height = sum of line heights.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace gongkai::text {

// ---- Style ------------------------------------------------------------------------------------
enum class Align : uint8_t { Start, Center, End };  // Start = left for LTR paragraphs

struct TextStyle {
  float size_px = 24.0f;  // em size in px (长辈模式 body ≥ 18 pt-equivalent, set by the UI)
  float line_height = 1.5f;  // multiplier of size_px; ≥ 1.3 in 长辈模式 (DESIGN §7)
  Align align = Align::Start;
  bool justify = false;          // clreq: justify every line but the last of a paragraph
  int max_lines = 0;             // 0 = unlimited
  bool ellipsis = false;         // with max_lines: end the last visible line with "…" when cut
  const char* lang = "zh-Hans";  // BCP 47; HarfBuzz language for Han/Common runs (locl)
  bool autospace = true;  // clreq: ¼ em between Han and Latin letters/digits (not at line ends)

  bool operator==(const TextStyle& o) const;
  bool operator!=(const TextStyle& o) const { return !(*this == o); }
};

struct TextStyleHash {
  size_t operator()(const TextStyle& s) const;
};

// ---- Result -----------------------------------------------------------------------------------
struct PositionedGlyph {
  uint16_t font_id;   // FontRegistry id (fonts.h)
  uint32_t glyph_id;  // glyph index in that face
  float x, y;         // pen position of the glyph origin on its baseline, in px, layout-relative
};

struct LayoutLine {
  float top = 0;       // y of the line box top, px
  float height = 0;    // line box height (line_height × size, grown for tall fonts), px
  float baseline = 0;  // y of the baseline, px
  float ascent = 0;    // tallest ascent of the fonts on this line, px (positive)
  float descent = 0;   // deepest descent of the fonts on this line, px (positive)
  float x = 0;         // left edge of the ink-advance box after alignment, px
  float width = 0;     // advance width of the line content (trailing spaces excluded), px
  uint32_t glyph_begin = 0, glyph_end = 0;  // [begin, end) into Layout::glyphs
  uint32_t byte_begin = 0, byte_end = 0;    // [begin, end) into the source UTF-8
  bool hard_break = false;                  // ended by a newline (never justified)
  bool rtl = false;                         // paragraph-level direction of this line's paragraph
};

struct Layout {
  std::vector<PositionedGlyph> glyphs;
  std::vector<LayoutLine> lines;
  float width = 0;         // widest line, px
  float height = 0;        // sum of line heights, px (what a scroll view needs)
  float max_width = 0;     // the width it was laid out for, px
  float size_px = 0;       // TextStyle::size_px used
  bool truncated = false;  // max_lines cut text off (an ellipsis was added when style.ellipsis)
  uint32_t uncovered = 0;  // .notdef glyphs (tofu) on the visible lines: no font covers them
};

}  // namespace gongkai::text
