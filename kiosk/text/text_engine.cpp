// text_engine.cpp — TextEngine: the caches and the pipeline call (text_engine.h).
//
// layout() reads as the pipeline and nothing else (STYLE habit 2): per paragraph
// decode → bidi → itemize → shape → linebreak → lay out. Buffers live in Impl and are reused
// between calls; finished layouts are cached by (text, width, style) in a bounded LRU.
#include "text/text_engine.h"

#include <cstring>

#include "text/bidi.h"
#include "text/itemize.h"
#include "text/linebreak.h"
#include "text/lru.h"
#include "text/paragraph.h"
#include "text/shape.h"
#include "text/utf8.h"

namespace gongkai::text {

namespace {

struct LayoutKey {
  std::string text;
  float width;
  TextStyle style;  // with lang = nullptr: the key owns the language in `lang`
  std::string lang;
  bool operator==(const LayoutKey& o) const {
    return width == o.width && style == o.style && lang == o.lang && text == o.text;
  }
};
struct LayoutKeyHash {
  size_t operator()(const LayoutKey& k) const {
    return std::hash<std::string>()(k.text) ^ (std::hash<float>()(k.width) * 1000003) ^
           (TextStyleHash()(k.style) * 7919) ^ (std::hash<std::string>()(k.lang) * 31);
  }
};

// Fonts map no glyph for controls, so HarfBuzz would draw .notdef boxes: a TAB is set as a space,
// other controls and U+2028/2029 as U+200B (default-ignorable, zero width). Line breaking still
// reads the original UTF-8, so CR, VT, FF, NEL and U+2028/2029 keep their mandatory breaks
// (UAX #14 LB4–LB6). U+000A never gets here: it separates paragraphs.
void hide_controls(std::u32string& cps) {
  for (char32_t& c : cps) {
    if (c == U'\t')
      c = U' ';
    else if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029) {
      if (c != U'\n') c = 0x200B;
    }
  }
}

}  // namespace

struct TextEngine::Impl {
  std::unique_ptr<FontRegistry> fonts;
  std::unique_ptr<LineBreaker> breaker;
  Shaper shaper;
  LruCache<LayoutKey, Layout, LayoutKeyHash> layouts;
  // Per-call buffers, kept between frames.
  Paragraph para;
  BidiLevels bidi;
  std::vector<Run> runs;
  std::vector<std::shared_ptr<const ShapedGlyphs>> shaped;
  std::vector<Break> breaks;

  Impl(const EngineConfig& c) : shaper(c.shape_cache_entries), layouts(c.layout_cache_entries) {}

  std::shared_ptr<Layout> build(std::string_view utf8, const TextStyle& style, float max_width);
};

// The pipeline, one paragraph (text between U+000A) at a time (UBA P1).
std::shared_ptr<Layout> TextEngine::Impl::build(std::string_view utf8, const TextStyle& style,
                                                float max_width) {
  auto out = std::make_shared<Layout>();
  out->max_width = max_width;
  out->size_px = style.size_px;
  decode_utf8(utf8, para);
  hide_controls(para.cps);
  const ScriptClass default_class = class_for_lang(style.lang);
  const uint32_t n = static_cast<uint32_t>(para.cps.size());
  int lines_left = style.max_lines;
  for (uint32_t begin = 0; begin <= n;) {
    uint32_t end = begin;
    while (end < n && para.cps[end] != U'\n') ++end;
    const bool newline = end < n;
    uint32_t content_end = end;
    if (content_end > begin && para.cps[content_end - 1] == U'\r') --content_end;  // CR LF

    compute_bidi(para.cps, begin, content_end, bidi);
    itemize(*fonts, para.cps, begin, content_end, bidi, default_class, runs);
    shaped.clear();
    for (const Run& r : runs) {
      const std::string& chain_lang = fonts->chain_lang(r.cls);
      shaped.push_back(shaper.shape(*fonts, para.cps, r,
                                    chain_lang.empty() ? std::string(style.lang) : chain_lang));
    }
    breaker->find(utf8, para, begin, content_end, breaks);

    ParagraphInput in;
    in.text = &para;
    in.begin = begin;
    in.end = content_end;
    in.byte_end_with_newline = para.byte_of[newline ? end + 1 : end];
    in.runs = &runs;
    in.shaped = &shaped;
    in.breaks = &breaks;
    in.base_rtl = bidi.base_rtl;
    in.ends_with_newline = newline;
    in.more_after = newline && end + 1 < n;
    if (!lay_out_paragraph(*fonts, in, style, max_width, *out, &lines_left)) break;
    if (!newline) break;
    begin = end + 1;
    if (begin == n) break;  // a final newline does not open an empty last line
  }
  return out;
}

TextEngine::TextEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TextEngine::~TextEngine() = default;

Result<std::unique_ptr<TextEngine>> TextEngine::create(const EngineConfig& config) {
  auto impl = std::make_unique<Impl>(config);
  auto fonts = FontRegistry::load(config.manifest_path);
  if (!fonts.ok()) return fonts.error();
  impl->fonts = std::move(fonts.value());
  auto breaker = LineBreaker::create("zh");
  if (!breaker.ok()) return breaker.error();
  impl->breaker = std::move(breaker.value());
  return std::unique_ptr<TextEngine>(new TextEngine(std::move(impl)));
}

std::shared_ptr<const Layout> TextEngine::layout(std::string_view utf8, const TextStyle& style,
                                                 float max_width_px) {
  TextStyle st = style;
  if (!st.lang) st.lang = "zh-Hans";
  LayoutKey key{std::string(utf8), max_width_px, st, st.lang};
  key.style.lang = nullptr;
  if (auto hit = impl_->layouts.get(key)) return hit;
  std::shared_ptr<const Layout> built = impl_->build(utf8, st, max_width_px);
  impl_->layouts.put(std::move(key), built);
  return built;
}

TextSize TextEngine::measure(std::string_view utf8, const TextStyle& style, float max_width_px) {
  auto l = layout(utf8, style, max_width_px);
  return TextSize{l->width, l->height, static_cast<int>(l->lines.size())};
}

FontRegistry& TextEngine::fonts() { return *impl_->fonts; }
const FontRegistry& TextEngine::fonts() const { return *impl_->fonts; }

std::vector<Uncovered> TextEngine::find_uncovered(std::string_view utf8) const {
  return gongkai::text::find_uncovered(*impl_->fonts, utf8);
}

void TextEngine::clear_caches() {
  impl_->layouts.clear();
  impl_->shaper.clear();
}

EngineStats TextEngine::stats() const {
  EngineStats s;
  s.layout_hits = impl_->layouts.hits();
  s.layout_misses = impl_->layouts.misses();
  s.layout_entries = impl_->layouts.size();
  s.shape_hits = impl_->shaper.hits();
  s.shape_misses = impl_->shaper.misses();
  s.shape_entries = impl_->shaper.entries();
  return s;
}

}  // namespace gongkai::text
