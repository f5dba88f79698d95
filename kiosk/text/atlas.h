// atlas.h — stage 5 of the text pipeline (DESIGN §6.5): the glyph atlas.
//
// Input:  glyph requests keyed by (font id, glyph id, pixel size in 1/64 px, subpixel bucket), and
//         a per-font FreeType face supplied by the caller (the engine's font registry).
// Output: AtlasGlyph = an SDL_Texture page, the glyph's texel rectangle and its bitmap offset from
//         the pen position, ready to be drawn as one textured quad at a whole-pixel position.
//
// FreeType renders each glyph once (grayscale anti-aliasing, light hinting); its coverage goes
// through a gamma table into the alpha channel of white RGBA8888 texels (the SDL2 renderer has no
// alpha-only texture format), blend mode BLEND, so the vertex colour gives the text colour.
// Pages are square textures packed with shelves (rows of equal-height glyphs).
//
// Invariants (checked by tests/text/test_atlas.cpp):
//  1. stats().texture_bytes <= config().budget_bytes at every moment: pages are created only while
//     a whole page still fits in the budget, and never otherwise.
//  2. A glyph returned by get() since the last begin_frame() is never evicted before the next
//     begin_frame(): its texels stay valid until the frame's draw lists have been rendered. Hence
//     no flicker: a glyph needed this frame is present when drawn.
//  3. Each page is tiled top to bottom by shelves, then free rows. Eviction is least recently
//     used, by span of adjacent shelves: to fit a glyph of height h, the atlas clears the run of
//     adjacent shelves (one shelf, several, up to a whole page) at least h tall whose most recent
//     use is oldest, and re-cuts it into a shelf for h plus an empty remainder. Only shelves with
//     no glyph used this frame are candidates. When nothing is evictable the request fails
//     (counted in stats().failed_requests) rather than exceed the budget.
//  4. Every glyph is stored with a transparent border of kGlyphPadding texels, so neither linear
//     sampling nor the stale texels of an evicted neighbour ever bleed into a quad.
//  5. A lookup of a cached glyph is one hash-map probe.
//
// Threading: UI thread only. The faces belong to the engine; the atlas renders through its own
// FT_Size objects (FT_New_Size / FT_Activate_Size) and re-activates the face's previous size
// afterwards, so it never changes the size the shaper set on a shared face. The atlas must be
// destroyed before the faces it was given and before the SDL_Renderer.
#pragma once

#include <SDL.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace gongkai::text {

// ---------------------------------------------------------------------------------------------
// Keys and results
// ---------------------------------------------------------------------------------------------

// Identifies one rasterized bitmap. size_64 is the pixel size (em height) in 1/64 px, as FreeType's
// 26.6 fixed point; subpixel is the horizontal phase bucket (0 when subpixel positioning is off).
struct GlyphKey {
  uint16_t font_id = 0;
  uint8_t subpixel = 0;
  uint32_t glyph_id = 0;
  uint32_t size_64 = 0;

  friend bool operator==(const GlyphKey&, const GlyphKey&) = default;
};

struct GlyphKeyHash {
  size_t operator()(const GlyphKey& k) const noexcept;
};

// Where a cached glyph lives. texture == nullptr means the glyph has no ink (a space): nothing to
// draw, but its key stays cached so it is not rasterized again.
struct AtlasGlyph {
  SDL_Texture* texture = nullptr;
  int page = -1;         // index of the page the texels live on
  float u0 = 0, v0 = 0;  // texture coordinates of the ink rectangle (no padding)
  float u1 = 0, v1 = 0;
  int width = 0, height = 0;  // ink rectangle in pixels
  int left = 0;               // pen x → left edge of the ink (FT bitmap_left)
  int top = 0;                // baseline → top edge of the ink, positive upwards (FT bitmap_top)
};

// ---------------------------------------------------------------------------------------------
// Configuration and statistics
// ---------------------------------------------------------------------------------------------

struct AtlasConfig {
  // Upper bound on texture memory, bytes (4 bytes per texel). Default 32 MiB (issue #3).
  size_t budget_bytes = size_t{32} << 20;
  // Side of a square page, px. Default 1024 (4 MiB): 8 pages in the default budget, so evicting
  // a page drops at most 1/8 of the cache. Lowered to the largest power of two ≥ 64 whose page
  // fits the budget when the budget is smaller than one page.
  int page_size = 1024;
  // Coverage → alpha: alpha = 255·(coverage/255)^(1/gamma). Default 1.25: CJK strokes at body
  // sizes are 1–2 px wide and SDL blends in sRGB space, which thins light-on-dark text (the
  // high-contrast theme) and greys thin strokes; a mild boost evens stem weight. 1.0 = identity.
  float gamma = 1.25f;
  // Horizontal subpixel phases per pixel (1 = off: positions snapped to whole pixels, DESIGN §6.5).
  // 2 or 4 trade atlas space for smoother Latin spacing.
  int subpixel_buckets = 1;
};

struct AtlasStats {
  size_t texture_bytes = 0;       // bytes of all live pages (invariant 1: ≤ budget)
  size_t peak_texture_bytes = 0;  // highest texture_bytes ever reached
  int pages = 0;                  // live pages
  size_t glyphs = 0;              // cached glyphs with ink
  uint64_t hits = 0;              // get() answered from the cache
  uint64_t misses = 0;            // get() that rasterized
  uint64_t evictions = 0;         // glyphs dropped to make room
  uint64_t evicted_shelves = 0;   // shelves holding glyphs that were cleared for reuse
  uint64_t evicted_pages = 0;     // evictions that cleared every shelf of a page
  uint64_t failed_requests = 0;   // glyphs that could not be placed or rasterized (not drawn)
  uint64_t frame = 0;             // current frame number (begin_frame() count)
};

// The engine's font registry, seen from the atlas: FreeType face of a font id, or nullptr.
using FaceLookup = std::function<FT_Face(uint16_t font_id)>;

// ---------------------------------------------------------------------------------------------
// GlyphAtlas
// ---------------------------------------------------------------------------------------------

class GlyphAtlas {
 public:
  // Padding (transparent texels) around each glyph on every side (invariant 4).
  static constexpr int kGlyphPadding = 1;
  // FreeType sizes kept at once (font × pixel size pairs); see size_for().
  static constexpr size_t kMaxSizes = 64;
  // Shelf heights are rounded up to this granularity, px, so glyphs of similar height share
  // shelves.
  static constexpr int kShelfStep = 4;

  GlyphAtlas(SDL_Renderer* renderer, FaceLookup faces, AtlasConfig config = {});
  ~GlyphAtlas();
  GlyphAtlas(const GlyphAtlas&) = delete;
  GlyphAtlas& operator=(const GlyphAtlas&) = delete;

  // Starts a new frame: glyphs used in earlier frames become evictable again (invariant 2).
  void begin_frame();

  // The glyph's atlas entry, rasterizing and uploading it on a miss; marks it used this frame.
  // nullptr when the glyph cannot be shown (unknown font, FreeType error, larger than a page, or
  // the budget is full of glyphs used this frame); such failures are counted, never fatal.
  // The pointer stays valid until the next begin_frame() or clear() (invariant 2).
  const AtlasGlyph* get(const GlyphKey& key);

  // Quantizes a fractional pen x into (whole pixel, subpixel bucket) per config().subpixel_buckets.
  void snap_x(float x, int* whole, uint8_t* bucket) const;

  // Drops every cached glyph (pages stay allocated and are reused).
  void clear();

  const AtlasStats& stats() const { return stats_; }
  const AtlasConfig& config() const { return config_; }
  // Checks invariants 1 and 3 and the index structures (every cached glyph is on the shelf its
  // entry names; shelves tile each page without gaps or overlap). "" when they hold, else what is
  // broken. O(glyphs): for tests and debugging, not for every frame.
  std::string check_invariants() const;
  // Texture of a page (for tests and debugging views), nullptr if the index is out of range.
  SDL_Texture* page_texture(int page) const;

 private:
  struct TextureDeleter {
    void operator()(SDL_Texture* texture) const;
  };
  struct FtSizeDeleter {
    void operator()(FT_SizeRec_* size) const;
  };
  // A row of glyphs of (nearly) equal height; cleared as a whole by eviction. An empty shelf
  // (no keys, last_used 0) is free space left over from re-cutting.
  struct Shelf {
    int y = 0, height = 0;  // texel rows [y, y + height)
    int next_x = 0;         // first free column
    uint64_t last_used = 0;
    std::vector<GlyphKey> keys;  // glyphs living on this shelf
  };
  struct Page {
    std::unique_ptr<SDL_Texture, TextureDeleter> texture;
    std::vector<Shelf> shelves;  // in y order, tiling rows [0, next_y) without gaps
    int next_y = 0;              // first row not covered by a shelf
  };
  struct Entry {
    AtlasGlyph glyph;
    int shelf = -1;  // index into pages_[glyph.page].shelves, -1 when inkless
  };
  // A rendered glyph before upload: alpha = gamma-corrected coverage, row-major, width × height.
  struct Bitmap {
    int width = 0, height = 0, left = 0, top = 0;
    std::vector<uint8_t> alpha;
  };

  bool rasterize(const GlyphKey& key, Bitmap* out);
  FT_Size size_for(FT_Face face, uint16_t font_id, uint32_t size_64);
  bool place(int width, int height, int* page, int* shelf, int* x);
  bool fit_on_shelf(int page, int shelf, int width, int* x);
  bool open_shelf(int page, int height, int* shelf);
  bool add_page();
  bool evict_span_for(int height, int* page, int* shelf);
  void recut(int page, size_t first, size_t last, int height, bool to_tail);
  void drop_shelf_glyphs(Shelf& shelf);
  bool upload(int page, int x, int y, const Bitmap& bitmap);
  void touch(Entry& entry);

  SDL_Renderer* renderer_;
  FaceLookup faces_;
  AtlasConfig config_;
  size_t page_bytes_ = 0;
  int max_pages_ = 0;
  uint8_t gamma_[256] = {};
  std::vector<Page> pages_;
  std::unordered_map<GlyphKey, Entry, GlyphKeyHash> entries_;
  // Our own FT_Size per (font id, size): see "Threading" above.
  std::unordered_map<uint64_t, std::unique_ptr<FT_SizeRec_, FtSizeDeleter>> sizes_;
  std::vector<Uint32> upload_buffer_;  // RGBA staging for SDL_UpdateTexture, reused
  AtlasStats stats_;
};

}  // namespace gongkai::text
