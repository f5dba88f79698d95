// paragraph.h — stage 5 (DESIGN §6.4): wrap one shaped paragraph into lines and place its glyphs.
//
// Input: ParagraphInput — one paragraph (no U+000A inside) with its runs (itemize.h), their shaped
// glyphs (shape.h), break opportunities (linebreak.h) and bidi base direction; the TextStyle and
// max width. Output: lines and glyphs appended to a Layout, from y = `top`.
// Rules, in order: greedy fill; a full-width closing mark at line end is set half-width (`halt`,
// GB/T 15834 §5.1.10) — clreq 先挤进 — before the line gives up its last break opportunity
// (clreq 后推出); two adjacent full-width marks take 1.5 em (标点挤压); trailing spaces hang;
// 孤字不成行 (the last line keeps ≥ 2 Han characters); ¼ em between Han and Latin letters/digits
// (not at line start); justification spreads the rest between clusters next to Han or spaces, never
// inside Latin words or digit groups (clreq); max_lines with an ellipsis; per line UBA L2
// reordering of runs; line height from the tallest font on the line (Tibetan stacks) with CSS-style
// half-leading. Invariants: see layout.h.
#pragma once

#include <memory>
#include <vector>

#include "text/fonts.h"
#include "text/itemize.h"
#include "text/layout.h"
#include "text/linebreak.h"
#include "text/shape.h"
#include "text/utf8.h"

namespace gongkai::text {

struct ParagraphInput {
  const Paragraph* text = nullptr;
  uint32_t begin = 0, end = 0;         // code point range of this paragraph
  uint32_t byte_end_with_newline = 0;  // where the next paragraph starts (bytes)
  const std::vector<Run>* runs = nullptr;
  const std::vector<std::shared_ptr<const ShapedGlyphs>>* shaped = nullptr;  // one per run
  const std::vector<Break>* breaks = nullptr;  // relative to begin, size end - begin + 1
  bool base_rtl = false;
  bool ends_with_newline = false;
  bool more_after = false;  // text follows this paragraph (for the ellipsis)
};

// Appends the paragraph's lines to `out` starting at out.height; decrements *lines_left (when
// max_lines > 0) and sets out.truncated when it runs out. Returns false when no more lines fit.
bool lay_out_paragraph(FontRegistry& fonts, const ParagraphInput& in, const TextStyle& style,
                       float max_width, Layout& out, int* lines_left);

}  // namespace gongkai::text
