// shape.h — stage 3 (DESIGN §6.3): shape one run with HarfBuzz, cached.
//
// Input: a Run (itemize.h) of the paragraph's code points, its HarfBuzz language.
// Output: ShapedGlyphs in HarfBuzz's output order (visual: reversed for RTL runs), positions in
// font design units (the hb_font is at scale = units_per_em, so shaping is size-independent and
// one cached result serves every TextStyle::size_px). `cluster` is relative to run.begin.
// Invariants: same (text, font, script, direction, language) → same glyphs; the result equals
// `hb-shape --font-file F --face-index I --script S --language L --direction D` (tested);
// a cached result is shared and never mutated.
#pragma once

#include <hb.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "text/fonts.h"
#include "text/itemize.h"

namespace gongkai::text {

struct ShapedGlyph {
  uint32_t glyph_id = 0;
  uint32_t cluster = 0;   // first code point of the glyph's cluster, relative to run.begin
  int32_t x_advance = 0;  // font units
  int32_t x_offset = 0, y_offset = 0;
  bool unsafe_to_break = false;  // HB_GLYPH_FLAG_UNSAFE_TO_BREAK: a line cut here needs reshaping
};
using ShapedGlyphs = std::vector<ShapedGlyph>;

class Shaper {
 public:
  explicit Shaper(size_t cache_entries);
  ~Shaper();
  Shaper(const Shaper&) = delete;
  Shaper& operator=(const Shaper&) = delete;

  std::shared_ptr<const ShapedGlyphs> shape(FontRegistry& fonts, const std::u32string& cps,
                                            const Run& run, const std::string& lang);
  void clear();
  size_t hits() const;
  size_t misses() const;
  size_t entries() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gongkai::text
