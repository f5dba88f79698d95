// text_engine.h — the public API of gongkai's text engine (DESIGN §6; issue #3).
//
// One object, TextEngine, turns UTF-8 paragraphs into positioned glyphs. It owns the font registry,
// the ICU line break iterator, HarfBuzz buffers and two caches (shaped runs, finished layouts), and
// keeps them between frames (STYLE habit 3). It never touches SDL: rasterizing and drawing the
// glyphs is the atlas/draw part (kiosk/text/atlas.h, draw.h, target gongkai_text_draw).
//
//   utf8 ─► itemize (script, font per cluster) ─► bidi (levels) ─► shape (HarfBuzz, cached)
//        ─► linebreak (ICU + clreq 禁则) ─► layout (wrap, squeeze, justify, align, L2 reorder)
//        ─► shared_ptr<const Layout>, cached by (text, max_width, style)
//
// Usage (UI thread only):
//   auto engine = gongkai::text::TextEngine::create({.manifest_path = "fonts/manifest.toml"});
//   auto layout = (*engine)->layout("各位村民：……", style, 900.0f);
//   for (auto& g : layout->glyphs) atlas.draw((*engine)->fonts().face(g.font_id), g.glyph_id, …);
//
// Invariants: layout() never fails — text no font covers becomes .notdef glyphs and is counted in
// Layout::uncovered (use find_uncovered() to tell the publisher beforehand); a returned Layout is
// immutable and stays valid after it is evicted from the cache (shared ownership).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gongkai/result.h"
#include "text/coverage.h"
#include "text/fonts.h"
#include "text/layout.h"

namespace gongkai::text {

// ---- Configuration ----------------------------------------------------------------------------
struct EngineConfig {
  std::string manifest_path = "fonts/manifest.toml";  // font chains (fonts/manifest.toml)
  size_t layout_cache_entries = 512;                  // finished paragraph layouts kept (LRU)
  size_t shape_cache_entries = 8192;  // shaped runs kept (LRU), keyed by text/font/script/lang
};

// Width and height of a laid-out paragraph, px.
struct TextSize {
  float width = 0;
  float height = 0;
  int lines = 0;
};

// Cache counters, for the staff page and benchmarks.
struct EngineStats {
  size_t layout_hits = 0, layout_misses = 0;
  size_t shape_hits = 0, shape_misses = 0;
  size_t layout_entries = 0, shape_entries = 0;
};

class TextEngine {
 public:
  // Loads the manifest and fonts, opens the ICU line break iterator.
  static Result<std::unique_ptr<TextEngine>> create(const EngineConfig& config);
  ~TextEngine();
  TextEngine(const TextEngine&) = delete;
  TextEngine& operator=(const TextEngine&) = delete;

  // Lays out a paragraph (U+000A forces a line break) to max_width_px (≤ 0: no wrapping, e.g. for
  // measuring a label). Cached by (text, width, style); the same arguments return the same shared
  // Layout while it is cached.
  std::shared_ptr<const Layout> layout(std::string_view utf8, const TextStyle& style,
                                       float max_width_px);
  // Size of layout(utf8, style, max_width_px) (shares its cache).
  TextSize measure(std::string_view utf8, const TextStyle& style, float max_width_px);

  // The font registry: FT_Face per font_id for the atlas, file path/index, metrics.
  FontRegistry& fonts();
  const FontRegistry& fonts() const;

  // Characters in utf8 no font of the chain can render (coverage.h).
  std::vector<Uncovered> find_uncovered(std::string_view utf8) const;

  // Drops both caches (benchmarks measure "cold" with this; fonts stay loaded).
  void clear_caches();
  EngineStats stats() const;

  struct Impl;  // defined in text_engine.cpp; the stages take pieces of it

 private:
  explicit TextEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gongkai::text
