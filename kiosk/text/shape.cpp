// shape.cpp — HarfBuzz shaping with a shaped-run LRU cache (see shape.h).
#include "text/shape.h"

#include "text/lru.h"

namespace gongkai::text {

namespace {

// Cache key: the run's text plus everything that changes HarfBuzz's output.
struct ShapeKey {
  std::u32string text;
  uint16_t font_id;
  hb_script_t script;
  bool rtl;
  std::string lang;
  bool operator==(const ShapeKey& o) const {
    return font_id == o.font_id && script == o.script && rtl == o.rtl && text == o.text &&
           lang == o.lang;
  }
};
struct ShapeKeyHash {
  size_t operator()(const ShapeKey& k) const {
    size_t h = std::hash<std::u32string>()(k.text);
    h ^= (static_cast<size_t>(k.font_id) << 1) ^ (static_cast<size_t>(k.script) << 17) ^
         (k.rtl ? 0x9e3779b97f4a7c15ULL : 0) ^ std::hash<std::string>()(k.lang) * 31;
    return h;
  }
};

}  // namespace

struct Shaper::Impl {
  explicit Impl(size_t n) : cache(n) {}
  ~Impl() { hb_buffer_destroy(buf); }
  LruCache<ShapeKey, ShapedGlyphs, ShapeKeyHash> cache;
  hb_buffer_t* buf = hb_buffer_create();  // reused between runs and frames (STYLE habit 3)
};

Shaper::Shaper(size_t cache_entries) : impl_(std::make_unique<Impl>(cache_entries)) {}
Shaper::~Shaper() = default;

std::shared_ptr<const ShapedGlyphs> Shaper::shape(FontRegistry& fonts, const std::u32string& cps,
                                                  const Run& run, const std::string& lang) {
  ShapeKey key{cps.substr(run.begin, run.end - run.begin), run.font_id, run.script,
               (run.level & 1) != 0, lang};
  if (auto hit = impl_->cache.get(key)) return hit;
  hb_buffer_t* buf = impl_->buf;
  hb_buffer_clear_contents(buf);
  // Cluster values are code point indices relative to the run (UTF-32 input).
  hb_buffer_add_utf32(buf, reinterpret_cast<const uint32_t*>(key.text.data()),
                      static_cast<int>(key.text.size()), 0, static_cast<int>(key.text.size()));
  hb_buffer_set_direction(buf, key.rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
  hb_buffer_set_script(buf, run.script);
  hb_buffer_set_language(buf, hb_language_from_string(lang.c_str(), -1));
  hb_shape(fonts.hb_font(run.font_id), buf, nullptr, 0);
  unsigned n = 0;
  const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &n);
  const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &n);
  auto out = std::make_shared<ShapedGlyphs>(n);
  for (unsigned i = 0; i < n; ++i) {
    (*out)[i] =
        ShapedGlyph{info[i].codepoint,
                    info[i].cluster,
                    pos[i].x_advance,
                    pos[i].x_offset,
                    pos[i].y_offset,
                    (hb_glyph_info_get_glyph_flags(&info[i]) & HB_GLYPH_FLAG_UNSAFE_TO_BREAK) != 0};
  }
  impl_->cache.put(std::move(key), out);
  return out;
}

void Shaper::clear() { impl_->cache.clear(); }
size_t Shaper::hits() const { return impl_->cache.hits(); }
size_t Shaper::misses() const { return impl_->cache.misses(); }
size_t Shaper::entries() const { return impl_->cache.size(); }

}  // namespace gongkai::text
