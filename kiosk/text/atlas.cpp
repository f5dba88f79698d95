// atlas.cpp — the glyph atlas (DESIGN §6.5): FreeType rasterization, shelf packing in SDL texture
// pages, LRU eviction under a fixed texture-memory budget. See atlas.h for the invariants.
//
// Placement of a glyph of padded size w × h, in order (each step only if the previous failed):
//   1. an existing shelf of fitting height with room at its right end (best fit: lowest shelf);
//   2. a new shelf in the free rows at the bottom of an existing page;
//   3. a new page, if one more page stays within the budget;
//   4. eviction, least recently used first: the run of adjacent shelves, tall enough, whose newest
//      glyph is oldest is cleared and re-cut (atlas.h invariant 3). A shelf holding a glyph used
//      this frame is never evictable (atlas.h invariant 2).
#include "text/atlas.h"

#include FT_SIZES_H
#include FT_OUTLINE_H

#include <algorithm>
#include <cmath>
#include <cstring>

namespace gongkai::text {

namespace {

// A shelf of height H accepts glyphs of padded height h with h ≤ H ≤ fit_limit(h): a small
// punctuation mark does not waste a tall shelf, and near-equal heights share.
int shelf_height_for(int h) {
  return (h + GlyphAtlas::kShelfStep - 1) / GlyphAtlas::kShelfStep * GlyphAtlas::kShelfStep;
}
int fit_limit(int h) {
  const int base = shelf_height_for(h);
  return base + base / 4 + GlyphAtlas::kShelfStep;
}

// Picks a 32-bit texture format with 8-bit alpha the renderer supports natively, so uploads are
// not converted on every SDL_UpdateTexture; RGBA8888 if the renderer does not say.
Uint32 choose_format(SDL_Renderer* renderer) {
  SDL_RendererInfo info;
  if (renderer != nullptr && SDL_GetRendererInfo(renderer, &info) == 0) {
    for (Uint32 i = 0; i < info.num_texture_formats; ++i) {
      const Uint32 f = info.texture_formats[i];
      if (SDL_ISPIXELFORMAT_ALPHA(f) && SDL_BITSPERPIXEL(f) == 32 && !SDL_ISPIXELFORMAT_FOURCC(f)) {
        return f;
      }
    }
  }
  return SDL_PIXELFORMAT_RGBA8888;
}

// White with the given alpha in a 32-bit format: every colour bit set, alpha in its own field.
struct WhiteAlpha {
  Uint32 white = 0;
  Uint32 ashift = 0;
  explicit WhiteAlpha(Uint32 format) {
    int bpp = 0;
    Uint32 r = 0, g = 0, b = 0, a = 0;
    SDL_PixelFormatEnumToMasks(format, &bpp, &r, &g, &b, &a);
    white = r | g | b;
    while (a != 0 && (a & 1u) == 0) {
      a >>= 1;
      ++ashift;
    }
  }
  Uint32 operator()(uint8_t alpha) const { return white | (Uint32{alpha} << ashift); }
};

uint64_t size_key(uint16_t font_id, uint32_t size_64) {
  return (uint64_t{font_id} << 32) | size_64;
}

}  // namespace

size_t GlyphKeyHash::operator()(const GlyphKey& k) const noexcept {
  // splitmix64 finalizer over the packed key: cheap and well mixed for unordered_map buckets.
  uint64_t x = (uint64_t{k.glyph_id} << 32) ^ (uint64_t{k.size_64} << 8) ^
               (uint64_t{k.font_id} << 40) ^ k.subpixel;
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return static_cast<size_t>(x);
}

void GlyphAtlas::TextureDeleter::operator()(SDL_Texture* texture) const {
  SDL_DestroyTexture(texture);
}

void GlyphAtlas::FtSizeDeleter::operator()(FT_SizeRec_* size) const { FT_Done_Size(size); }

// ---------------------------------------------------------------------------------------------
// Construction, frames, lookup
// ---------------------------------------------------------------------------------------------

GlyphAtlas::GlyphAtlas(SDL_Renderer* renderer, FaceLookup faces, AtlasConfig config)
    : renderer_(renderer), faces_(std::move(faces)), config_(config) {
  config_.page_size = std::clamp(config_.page_size, 64, 8192);
  // A budget below one page shrinks the page (keeping a power of two) rather than break
  // invariant 1; below one 64² page nothing can be cached and every request fails.
  while (config_.page_size > 64 &&
         size_t{4} * config_.page_size * config_.page_size > config_.budget_bytes) {
    config_.page_size /= 2;
  }
  page_bytes_ = size_t{4} * config_.page_size * config_.page_size;
  max_pages_ = static_cast<int>(config_.budget_bytes / page_bytes_);
  config_.subpixel_buckets = std::clamp(config_.subpixel_buckets, 1, 8);
  if (!(config_.gamma > 0.1f && config_.gamma < 10.f)) config_.gamma = 1.f;
  for (int i = 0; i < 256; ++i) {
    const double a = std::pow(i / 255.0, 1.0 / config_.gamma);
    gamma_[i] = static_cast<uint8_t>(std::lround(255.0 * a));
  }
  stats_.frame = 1;
}

GlyphAtlas::~GlyphAtlas() = default;

void GlyphAtlas::begin_frame() { ++stats_.frame; }

void GlyphAtlas::snap_x(float x, int* whole, uint8_t* bucket) const {
  const int n = config_.subpixel_buckets;
  const long q = std::lround(std::floor(x * static_cast<float>(n) + 0.5f));
  const long w = q >= 0 ? q / n : -((-q + n - 1) / n);
  *whole = static_cast<int>(w);
  *bucket = static_cast<uint8_t>(q - w * n);
}

SDL_Texture* GlyphAtlas::page_texture(int page) const {
  if (page < 0 || page >= static_cast<int>(pages_.size())) return nullptr;
  return pages_[page].texture.get();
}

void GlyphAtlas::touch(Entry& entry) {
  if (entry.shelf >= 0) pages_[entry.glyph.page].shelves[entry.shelf].last_used = stats_.frame;
}

const AtlasGlyph* GlyphAtlas::get(const GlyphKey& key) {
  if (auto it = entries_.find(key); it != entries_.end()) {
    ++stats_.hits;
    touch(it->second);
    return &it->second.glyph;
  }
  ++stats_.misses;
  Bitmap bitmap;
  Entry entry;
  if (!rasterize(key, &bitmap)) {
    // Unknown font or a FreeType error will not heal by retrying: remember the glyph as inkless
    // so the cost and the log line are paid once, and count it.
    ++stats_.failed_requests;
    SDL_LogWarn(SDL_LOG_CATEGORY_RENDER,
                "glyph atlas: cannot rasterize font %u glyph %u / 无法栅格化字形", key.font_id,
                key.glyph_id);
    Entry& failed = entries_.emplace(key, entry).first->second;
    touch(failed);
    return nullptr;
  }
  entry.glyph.left = bitmap.left;
  entry.glyph.top = bitmap.top;
  if (bitmap.width > 0 && bitmap.height > 0) {
    const int pw = bitmap.width + 2 * kGlyphPadding;
    const int ph = bitmap.height + 2 * kGlyphPadding;
    int page = -1, shelf = -1, x = 0;
    if (!place(pw, ph, &page, &shelf, &x)) {
      // Not cached: retried on a later frame, when this frame's glyphs become evictable.
      ++stats_.failed_requests;
      return nullptr;
    }
    Shelf& s = pages_[page].shelves[shelf];
    if (!upload(page, x, s.y, bitmap)) {
      ++stats_.failed_requests;
      return nullptr;
    }
    s.next_x = x + pw;
    s.keys.push_back(key);
    const float inv = 1.f / static_cast<float>(config_.page_size);
    AtlasGlyph& g = entry.glyph;
    g.texture = pages_[page].texture.get();
    g.page = page;
    g.width = bitmap.width;
    g.height = bitmap.height;
    g.u0 = static_cast<float>(x + kGlyphPadding) * inv;
    g.v0 = static_cast<float>(s.y + kGlyphPadding) * inv;
    g.u1 = static_cast<float>(x + kGlyphPadding + bitmap.width) * inv;
    g.v1 = static_cast<float>(s.y + kGlyphPadding + bitmap.height) * inv;
    entry.shelf = shelf;
    ++stats_.glyphs;
  }
  Entry& stored = entries_.emplace(key, entry).first->second;
  touch(stored);
  return &stored.glyph;
}

void GlyphAtlas::clear() {
  for (Page& page : pages_) {
    page.shelves.clear();
    page.next_y = 0;
  }
  entries_.clear();
  stats_.glyphs = 0;
}

std::string GlyphAtlas::check_invariants() const {
  if (stats_.texture_bytes > config_.budget_bytes) return "texture bytes over budget";
  if (stats_.texture_bytes != pages_.size() * page_bytes_) return "texture bytes miscounted";
  size_t on_shelves = 0;
  for (size_t p = 0; p < pages_.size(); ++p) {
    const Page& pg = pages_[p];
    int y = 0;
    for (size_t s = 0; s < pg.shelves.size(); ++s) {
      const Shelf& sh = pg.shelves[s];
      if (sh.y != y || sh.height <= 0) return "shelves do not tile page " + std::to_string(p);
      if (sh.next_x > config_.page_size) return "shelf overfull on page " + std::to_string(p);
      y += sh.height;
      for (const GlyphKey& k : sh.keys) {
        auto it = entries_.find(k);
        if (it == entries_.end()) return "shelf lists an uncached glyph";
        if (it->second.glyph.page != static_cast<int>(p) ||
            it->second.shelf != static_cast<int>(s)) {
          return "entry names the wrong shelf for glyph " + std::to_string(k.glyph_id);
        }
        ++on_shelves;
      }
    }
    if (y != pg.next_y || y > config_.page_size)
      return "free rows miscounted on page " + std::to_string(p);
  }
  if (on_shelves != stats_.glyphs) return "glyph count differs from shelves";
  return "";
}

// ---------------------------------------------------------------------------------------------
// Rasterization (FreeType)
// ---------------------------------------------------------------------------------------------

FT_Size GlyphAtlas::size_for(FT_Face face, uint16_t font_id, uint32_t size_64) {
  const uint64_t k = size_key(font_id, size_64);
  if (auto it = sizes_.find(k); it != sizes_.end() && it->second->face == face) {
    return it->second.get();
  }
  // Sizes are few (the UI's type scale); a UI animating its size would create one per step, so
  // the set is bounded. Dropping them is safe: none is active outside rasterize().
  if (sizes_.size() >= kMaxSizes) sizes_.clear();
  FT_Size size = nullptr;
  if (FT_New_Size(face, &size) != 0) return nullptr;
  std::unique_ptr<FT_SizeRec_, FtSizeDeleter> owned(size);
  FT_Size previous = face->size;
  FT_Activate_Size(size);
  // Resolution 0 → 72 dpi, so the "point" size FreeType sees is the pixel size, in 26.6.
  const FT_Error err = FT_Set_Char_Size(face, 0, static_cast<FT_F26Dot6>(size_64), 0, 0);
  FT_Activate_Size(previous);
  if (err != 0) return nullptr;
  sizes_[k] = std::move(owned);
  return size;
}

bool GlyphAtlas::rasterize(const GlyphKey& key, Bitmap* out) {
  FT_Face face = faces_ ? faces_(key.font_id) : nullptr;
  if (face == nullptr || key.size_64 == 0) return false;
  FT_Size size = size_for(face, key.font_id, key.size_64);
  if (size == nullptr) return false;
  FT_Size previous = face->size;
  FT_Activate_Size(size);
  // Light hinting snaps horizontal stems to the pixel grid vertically only and keeps advances
  // unchanged, so the shaper's (unhinted) positions stay right; embedded bitmaps are skipped so
  // every size looks alike, unless the font has nothing else.
  FT_Error err = FT_Load_Glyph(face, key.glyph_id, FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP);
  if (err != 0) err = FT_Load_Glyph(face, key.glyph_id, FT_LOAD_TARGET_LIGHT);
  FT_GlyphSlot slot = face->glyph;
  if (err == 0 && key.subpixel != 0 && slot->format == FT_GLYPH_FORMAT_OUTLINE) {
    FT_Outline_Translate(&slot->outline, key.subpixel * 64 / config_.subpixel_buckets, 0);
  }
  if (err == 0) err = FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL);
  FT_Activate_Size(previous);
  if (err != 0) return false;

  const FT_Bitmap& bm = slot->bitmap;
  out->width = static_cast<int>(bm.width);
  out->height = static_cast<int>(bm.rows);
  out->left = slot->bitmap_left;
  out->top = slot->bitmap_top;
  out->alpha.assign(static_cast<size_t>(out->width) * out->height, 0);
  for (int y = 0; y < out->height; ++y) {
    const unsigned char* row = bm.buffer + static_cast<ptrdiff_t>(y) * bm.pitch;
    uint8_t* dst = out->alpha.data() + static_cast<size_t>(y) * out->width;
    for (int x = 0; x < out->width; ++x) {
      uint8_t c = 0;
      switch (bm.pixel_mode) {
        case FT_PIXEL_MODE_GRAY:
          c = bm.num_grays == 256 ? row[x]
                                  : static_cast<uint8_t>(row[x] * 255 / (bm.num_grays - 1));
          break;
        case FT_PIXEL_MODE_MONO:
          c = (row[x >> 3] & (0x80 >> (x & 7))) ? 255 : 0;
          break;
        case FT_PIXEL_MODE_BGRA:
          c = row[4 * x + 3];
          break;
        default:
          return false;
      }
      dst[x] = gamma_[c];
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Packing and eviction
// ---------------------------------------------------------------------------------------------

bool GlyphAtlas::fit_on_shelf(int page, int shelf, int width, int* x) {
  const Shelf& s = pages_[page].shelves[shelf];
  if (s.next_x + width > config_.page_size) return false;
  *x = s.next_x;
  return true;
}

bool GlyphAtlas::open_shelf(int page, int height, int* shelf) {
  Page& p = pages_[page];
  const int h = std::min(shelf_height_for(height), config_.page_size);
  if (p.next_y + h > config_.page_size) return false;
  Shelf s;
  s.y = p.next_y;
  s.height = h;
  p.next_y += h;
  p.shelves.push_back(std::move(s));
  *shelf = static_cast<int>(p.shelves.size()) - 1;
  return true;
}

bool GlyphAtlas::add_page() {
  if (static_cast<int>(pages_.size()) >= max_pages_) return false;
  const Uint32 format = choose_format(renderer_);
  SDL_Texture* t = SDL_CreateTexture(renderer_, format, SDL_TEXTUREACCESS_STATIC, config_.page_size,
                                     config_.page_size);
  if (t == nullptr) {
    SDL_LogWarn(SDL_LOG_CATEGORY_RENDER,
                "glyph atlas: cannot create page texture / 无法创建字形纹理: %s", SDL_GetError());
    return false;
  }
  Page p;
  p.texture.reset(t);
  SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
  // Glyphs are drawn at whole pixels, 1:1: nearest sampling keeps them exactly as rasterized.
  SDL_SetTextureScaleMode(t, SDL_ScaleModeNearest);
  // Start transparent, so a debugging view of a page (and any unwritten texel) shows nothing.
  std::vector<Uint32> zero(static_cast<size_t>(config_.page_size) * config_.page_size,
                           WhiteAlpha(format)(0));
  SDL_UpdateTexture(t, nullptr, zero.data(), config_.page_size * 4);
  pages_.push_back(std::move(p));
  stats_.pages = static_cast<int>(pages_.size());
  stats_.texture_bytes = pages_.size() * page_bytes_;
  stats_.peak_texture_bytes = std::max(stats_.peak_texture_bytes, stats_.texture_bytes);
  return true;
}

void GlyphAtlas::drop_shelf_glyphs(Shelf& shelf) {
  for (const GlyphKey& k : shelf.keys) {
    entries_.erase(k);
    ++stats_.evictions;
    --stats_.glyphs;
  }
  shelf.keys.clear();
  shelf.next_x = 0;
}

// Clears shelves [first, last) of a page (and, with to_tail, the free rows below them) and cuts
// the rows into one shelf for `height` at the top of the span plus an empty remainder shelf.
void GlyphAtlas::recut(int page, size_t first, size_t last, int height, bool to_tail) {
  Page& pg = pages_[page];
  const int y0 = pg.shelves.empty() || first == pg.shelves.size() ? pg.next_y : pg.shelves[first].y;
  int span = 0;
  bool dropped = false;
  for (size_t k = first; k < last; ++k) {
    span += pg.shelves[k].height;
    if (!pg.shelves[k].keys.empty()) {
      dropped = true;
      ++stats_.evicted_shelves;
      drop_shelf_glyphs(pg.shelves[k]);
    }
  }
  if (dropped && first == 0 && last == pg.shelves.size()) ++stats_.evicted_pages;
  if (to_tail) span = config_.page_size - y0;
  const int h = std::min(shelf_height_for(height), span);
  std::vector<Shelf> cut(1);
  cut[0].y = y0;
  cut[0].height = h;
  if (!to_tail && span > h) {
    cut.emplace_back();
    cut[1].y = y0 + h;
    cut[1].height = span - h;
  }
  pg.shelves.erase(pg.shelves.begin() + static_cast<ptrdiff_t>(first),
                   pg.shelves.begin() + static_cast<ptrdiff_t>(last));
  pg.shelves.insert(pg.shelves.begin() + static_cast<ptrdiff_t>(first), cut.begin(), cut.end());
  if (to_tail) pg.next_y = y0 + h;
  // Shelves below the span moved in the vector: their glyphs' entries must follow.
  for (size_t k = first + cut.size(); k < pg.shelves.size(); ++k) {
    for (const GlyphKey& key : pg.shelves[k].keys) entries_.at(key).shelf = static_cast<int>(k);
  }
}

// Invariant 3: the least recently used run of adjacent shelves (possibly continuing into the free
// rows at the bottom of the page) that is at least `height` tall and has no glyph used this frame.
// Among equally old runs the shortest wins, so the least space is re-cut.
bool GlyphAtlas::evict_span_for(int height, int* page, int* shelf) {
  int best_page = -1;
  size_t best_first = 0, best_last = 0;
  bool best_tail = false;
  uint64_t best_age = 0;
  int best_span = 0;
  auto consider = [&](int p, size_t first, size_t last, bool tail, uint64_t age, int span) {
    if (best_page < 0 || age < best_age || (age == best_age && span < best_span)) {
      best_page = p;
      best_first = first;
      best_last = last;
      best_tail = tail;
      best_age = age;
      best_span = span;
    }
  };
  for (int p = 0; p < static_cast<int>(pages_.size()); ++p) {
    const Page& pg = pages_[p];
    const size_t n = pg.shelves.size();
    for (size_t i = 0; i < n; ++i) {
      uint64_t newest = 0;
      int span = 0;
      for (size_t j = i; j <= n; ++j) {
        if (j == n) {
          if (span + (config_.page_size - pg.next_y) >= height)
            consider(p, i, n, true, newest, span);
          break;
        }
        const Shelf& sh = pg.shelves[j];
        if (sh.last_used >= stats_.frame) break;
        newest = std::max(newest, sh.last_used);
        span += sh.height;
        if (span >= height) {
          consider(p, i, j + 1, false, newest, span);
          break;
        }
      }
    }
  }
  if (best_page < 0) return false;
  recut(best_page, best_first, best_last, height, best_tail);
  *page = best_page;
  *shelf = static_cast<int>(best_first);
  return true;
}

bool GlyphAtlas::place(int width, int height, int* page, int* shelf, int* x) {
  if (width > config_.page_size || height > config_.page_size) return false;
  // 1. Best fit among existing shelves with room (lowest fitting shelf).
  int best_p = -1, best_s = -1;
  for (int p = 0; p < static_cast<int>(pages_.size()); ++p) {
    const auto& shelves = pages_[p].shelves;
    for (int s = 0; s < static_cast<int>(shelves.size()); ++s) {
      const Shelf& sh = shelves[s];
      if (sh.height < height || sh.height > fit_limit(height)) continue;
      if (sh.next_x + width > config_.page_size) continue;
      if (best_p < 0 || sh.height < pages_[best_p].shelves[best_s].height) {
        best_p = p;
        best_s = s;
      }
    }
  }
  if (best_p >= 0) {
    *page = best_p;
    *shelf = best_s;
    return fit_on_shelf(best_p, best_s, width, x);
  }
  // 2. A new shelf in the free rows of an existing page; 3. a new page within the budget.
  for (int p = 0; p < static_cast<int>(pages_.size()); ++p) {
    if (open_shelf(p, height, shelf)) {
      *page = p;
      return fit_on_shelf(p, *shelf, width, x);
    }
  }
  if (add_page()) {
    *page = static_cast<int>(pages_.size()) - 1;
    return open_shelf(*page, height, shelf) && fit_on_shelf(*page, *shelf, width, x);
  }
  // 4. Evict, least recently used first; never what this frame uses.
  return evict_span_for(height, page, shelf) && fit_on_shelf(*page, *shelf, width, x);
}

bool GlyphAtlas::upload(int page, int x, int y, const Bitmap& bitmap) {
  SDL_Texture* t = pages_[page].texture.get();
  Uint32 format = 0;
  SDL_QueryTexture(t, &format, nullptr, nullptr, nullptr);
  const WhiteAlpha pixel(format);
  const int w = bitmap.width + 2 * kGlyphPadding;
  const int h = bitmap.height + 2 * kGlyphPadding;
  // The transparent border is written too (invariant 4): it overwrites stale texels of glyphs
  // that lived here before an eviction.
  upload_buffer_.assign(static_cast<size_t>(w) * h, pixel(0));
  Uint32* px = upload_buffer_.data();
  for (int row = 0; row < bitmap.height; ++row) {
    const uint8_t* src = bitmap.alpha.data() + static_cast<size_t>(row) * bitmap.width;
    Uint32* dst = px + static_cast<size_t>(row + kGlyphPadding) * w + kGlyphPadding;
    for (int col = 0; col < bitmap.width; ++col) dst[col] = pixel(src[col]);
  }
  const SDL_Rect rect{x, y, w, h};
  if (SDL_UpdateTexture(t, &rect, px, w * 4) != 0) {
    SDL_LogWarn(SDL_LOG_CATEGORY_RENDER, "glyph atlas: texture upload failed / 字形上传失败: %s",
                SDL_GetError());
    return false;
  }
  return true;
}

}  // namespace gongkai::text
