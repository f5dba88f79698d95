// test_atlas.cpp — the glyph atlas alone (issue #3 "Atlas"; kiosk/text/atlas.h invariants 1–5).
//
// Real FreeType faces (Noto Sans CJK SC via fontconfig) and real SDL textures on the software
// renderer; texels are read back with SDL_RenderReadPixels. Grouped by failure mode: caching,
// rasterization fidelity, the memory budget, what eviction may and may not drop, errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "test_atlas_support.h"
#include "text/atlas.h"

namespace gongkai::text {
namespace {

using testing::FontFiles;
using testing::SoftwareCanvas;

constexpr uint32_t px(float size) { return static_cast<uint32_t>(size * 64); }

class AtlasTest : public ::testing::Test {
 protected:
  AtlasTest() : canvas_(64, 64) {
    han_ = fonts_.open("Noto Sans CJK SC:style=Regular", "Noto Sans CJK SC");
  }

  GlyphKey key(char32_t cp, float size = 24) const {
    GlyphKey k;
    k.font_id = han_;
    k.glyph_id = fonts_.glyph(han_, cp);
    k.size_64 = px(size);
    return k;
  }

  // Distinct URO ideographs whose glyphs have ink, in code point order from `first`.
  std::vector<GlyphKey> han_keys(size_t count, char32_t first = 0x4E00, float size = 24) const {
    std::vector<GlyphKey> keys;
    for (char32_t cp = first; keys.size() < count && cp <= 0x9FFF; ++cp) {
      if (fonts_.glyph(han_, cp) != 0) keys.push_back(key(cp, size));
    }
    return keys;
  }

  // Alpha channel of a glyph's texels plus a one-texel frame (the padding), read back raw.
  std::vector<uint8_t> texels_with_frame(GlyphAtlas& atlas, const AtlasGlyph& g) {
    SDL_Rect r = SoftwareCanvas::rect_of(g, atlas.config().page_size);
    r.x -= 1;
    r.y -= 1;
    r.w += 2;
    r.h += 2;
    std::vector<uint8_t> alpha;
    for (Uint32 p : canvas_.draw_and_read(g.texture, r, 0, /*raw=*/true)) alpha.push_back(p >> 24);
    return alpha;
  }

  // The glyph as the user sees it: white text blended over black, so red = alpha.
  std::vector<Uint32> rendered(GlyphAtlas& atlas, const AtlasGlyph& g) {
    return canvas_.draw_and_read(g.texture, SoftwareCanvas::rect_of(g, atlas.config().page_size),
                                 0x000000);
  }

  GlyphAtlas make_atlas(size_t budget, int page, float gamma = 1.25f) {
    AtlasConfig c;
    c.budget_bytes = budget;
    c.page_size = page;
    c.gamma = gamma;
    return GlyphAtlas(canvas_.renderer(), fonts_.lookup(), c);
  }

  FontFiles fonts_;
  SoftwareCanvas canvas_;
  uint16_t han_ = 0;
};

// ---- Caching ----------------------------------------------------------------------------------

TEST_F(AtlasTest, second_lookup_of_a_glyph_is_a_hit_at_the_same_place) {
  GlyphAtlas atlas(canvas_.renderer(), fonts_.lookup());
  atlas.begin_frame();
  const AtlasGlyph* first = atlas.get(key(U'永'));
  ASSERT_NE(first, nullptr);
  ASSERT_NE(first->texture, nullptr);
  EXPECT_GT(first->width, 10);
  EXPECT_GT(first->height, 10);
  const AtlasGlyph copy = *first;
  const AtlasGlyph* second = atlas.get(key(U'永'));
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->u0, copy.u0);
  EXPECT_EQ(second->v0, copy.v0);
  EXPECT_EQ(second->texture, copy.texture);
  EXPECT_EQ(atlas.stats().misses, 1u);
  EXPECT_EQ(atlas.stats().hits, 1u);
  EXPECT_EQ(atlas.stats().glyphs, 1u);
  EXPECT_EQ(atlas.stats().pages, 1);
  EXPECT_EQ(atlas.stats().texture_bytes, size_t{4} * 1024 * 1024);
}

TEST_F(AtlasTest, sizes_and_subpixel_buckets_are_distinct_entries) {
  AtlasConfig c;
  c.subpixel_buckets = 4;
  GlyphAtlas atlas(canvas_.renderer(), fonts_.lookup(), c);
  atlas.begin_frame();
  GlyphKey a = key(U'国', 24), b = key(U'国', 36), d = key(U'国', 24);
  d.subpixel = 2;
  const int w24 = atlas.get(a)->width;
  const int w36 = atlas.get(b)->width;
  ASSERT_NE(atlas.get(d), nullptr);
  EXPECT_GT(w36, w24);
  EXPECT_EQ(atlas.stats().misses, 3u);
  EXPECT_EQ(atlas.stats().glyphs, 3u);
}

TEST_F(AtlasTest, space_is_cached_as_inkless_without_texture_memory) {
  GlyphAtlas atlas(canvas_.renderer(), fonts_.lookup());
  atlas.begin_frame();
  const AtlasGlyph* space = atlas.get(key(U' '));
  ASSERT_NE(space, nullptr);
  EXPECT_EQ(space->texture, nullptr);
  ASSERT_NE(atlas.get(key(U' ')), nullptr);
  EXPECT_EQ(atlas.stats().misses, 1u);
  EXPECT_EQ(atlas.stats().glyphs, 0u);
  EXPECT_EQ(atlas.stats().pages, 0);
  EXPECT_EQ(atlas.stats().texture_bytes, 0u);
}

TEST_F(AtlasTest, snap_x_rounds_to_whole_pixels_or_subpixel_buckets) {
  GlyphAtlas whole(canvas_.renderer(), fonts_.lookup());
  int x = 0;
  uint8_t b = 9;
  whole.snap_x(10.49f, &x, &b);
  EXPECT_EQ(x, 10);
  EXPECT_EQ(b, 0);
  whole.snap_x(10.51f, &x, &b);
  EXPECT_EQ(x, 11);
  AtlasConfig c;
  c.subpixel_buckets = 4;
  GlyphAtlas quarter(canvas_.renderer(), fonts_.lookup(), c);
  quarter.snap_x(10.3f, &x, &b);
  EXPECT_EQ(x, 10);
  EXPECT_EQ(b, 1);
  quarter.snap_x(10.9f, &x, &b);
  EXPECT_EQ(x, 11);
  EXPECT_EQ(b, 0);
  quarter.snap_x(-0.3f, &x, &b);  // −0.25 = −1 + 3/4
  EXPECT_EQ(x, -1);
  EXPECT_EQ(b, 3);
}

// ---- Rasterization fidelity -------------------------------------------------------------------

// Renders cp with FreeType the way atlas.cpp documents (light hinting, grayscale), independently.
std::vector<uint8_t> freetype_coverage(FT_Face face, uint32_t glyph, int size_px, int* w, int* h) {
  FT_Set_Pixel_Sizes(face, 0, size_px);
  EXPECT_EQ(FT_Load_Glyph(face, glyph, FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP), 0);
  EXPECT_EQ(FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL), 0);
  const FT_Bitmap& bm = face->glyph->bitmap;
  *w = static_cast<int>(bm.width);
  *h = static_cast<int>(bm.rows);
  std::vector<uint8_t> out;
  for (unsigned y = 0; y < bm.rows; ++y) {
    for (unsigned x = 0; x < bm.width; ++x) out.push_back(bm.buffer[y * bm.pitch + x]);
  }
  return out;
}

TEST_F(AtlasTest, texels_are_freetype_coverage_through_the_gamma_table_with_a_clear_border) {
  for (float gamma : {1.0f, 1.25f, 2.2f}) {
    SCOPED_TRACE(gamma);
    GlyphAtlas atlas = make_atlas(size_t{4} << 20, 256, gamma);
    atlas.begin_frame();
    const GlyphKey k = key(U'澳', 31);
    const AtlasGlyph* g = atlas.get(k);
    ASSERT_NE(g, nullptr);
    int w = 0, h = 0;
    const std::vector<uint8_t> cov = freetype_coverage(fonts_.face(han_), k.glyph_id, 31, &w, &h);
    ASSERT_EQ(g->width, w);
    ASSERT_EQ(g->height, h);
    const std::vector<uint8_t> alpha = texels_with_frame(atlas, *g);
    int differing = 0;
    for (int y = -1; y <= h; ++y) {
      for (int x = -1; x <= w; ++x) {
        const uint8_t got = alpha[static_cast<size_t>(y + 1) * (w + 2) + (x + 1)];
        if (x < 0 || y < 0 || x == w || y == h) {
          ASSERT_EQ(got, 0) << "padding texel " << x << "," << y;
          continue;
        }
        const double c = cov[static_cast<size_t>(y) * w + x] / 255.0;
        const int want = static_cast<int>(std::lround(255.0 * std::pow(c, 1.0 / gamma)));
        differing += got != want;
      }
    }
    EXPECT_EQ(differing, 0);
  }
}

// More pixel sizes than the atlas keeps FreeType sizes for (kMaxSizes): each still renders exactly
// as FreeType does at that size, also after the size set was dropped and rebuilt.
TEST_F(AtlasTest, many_pixel_sizes_each_render_at_their_size) {
  GlyphAtlas atlas(canvas_.renderer(), fonts_.lookup());
  atlas.begin_frame();
  for (int size = 12; size < 12 + 2 * static_cast<int>(GlyphAtlas::kMaxSizes); ++size) {
    const GlyphKey k = key(U'田', static_cast<float>(size));
    const AtlasGlyph* g = atlas.get(k);
    ASSERT_NE(g, nullptr) << size;
    int w = 0, h = 0;
    freetype_coverage(fonts_.face(han_), k.glyph_id, size, &w, &h);
    EXPECT_EQ(g->width, w) << size;
    EXPECT_EQ(g->height, h) << size;
  }
}

TEST_F(AtlasTest, rasterizing_does_not_change_the_size_set_on_a_shared_face) {
  FT_Face face = fonts_.face(han_);
  FT_Set_Pixel_Sizes(face, 0, 13);
  GlyphAtlas atlas(canvas_.renderer(), fonts_.lookup());
  atlas.begin_frame();
  ASSERT_NE(atlas.get(key(U'字', 40)), nullptr);
  EXPECT_EQ(face->size->metrics.y_ppem, 13);
}

// ---- Memory budget ----------------------------------------------------------------------------

TEST_F(AtlasTest, budget_below_one_page_shrinks_the_page_to_fit) {
  GlyphAtlas atlas = make_atlas(300 << 10, 1024);
  EXPECT_EQ(atlas.config().page_size, 256);
  atlas.begin_frame();
  for (const GlyphKey& k : han_keys(200)) {
    atlas.get(k);
    ASSERT_LE(atlas.stats().texture_bytes, size_t{300} << 10);
  }
  EXPECT_EQ(atlas.stats().pages, 1);
}

// Scrolls through 100 notice-sized runs of distinct ideographs (400 each, windows overlapping like
// related notices share characters), 60 glyphs a frame: memory never passes the budget, eviction
// happens, and every glyph asked for in a frame is there (no flicker).
TEST_F(AtlasTest, scrolling_through_100_texts_stays_within_budget_and_never_misses_a_glyph) {
  const size_t budget = size_t{1} << 20;
  GlyphAtlas atlas = make_atlas(budget, 256);
  const std::vector<GlyphKey> all = han_keys(15000);
  size_t frames = 0;
  for (size_t text = 0; text < 100; ++text) {
    const size_t begin = text * 150;
    for (size_t top = begin; top < begin + 400; top += 20, ++frames) {  // scroll a line a frame
      atlas.begin_frame();
      for (size_t i = top; i < top + 60; ++i) {
        ASSERT_NE(atlas.get(all[i % all.size()]), nullptr) << "text " << text << " glyph " << i;
        ASSERT_LE(atlas.stats().texture_bytes, budget);
      }
      ASSERT_EQ(atlas.check_invariants(), "") << "frame " << frames;
    }
  }
  const AtlasStats& s = atlas.stats();
  EXPECT_LE(s.peak_texture_bytes, budget);
  EXPECT_EQ(s.pages, 4);
  EXPECT_GT(s.evictions, 10000u);
  EXPECT_EQ(s.failed_requests, 0u);
  EXPECT_GT(s.hits, s.misses);  // overlapping frames are served from the cache
  EXPECT_EQ(s.frame, frames + 1);
}

TEST_F(AtlasTest, glyph_larger_than_a_page_fails_without_growing_memory) {
  GlyphAtlas atlas = make_atlas(64 << 10, 128);
  atlas.begin_frame();
  EXPECT_EQ(atlas.get(key(U'龍', 200)), nullptr);
  EXPECT_EQ(atlas.stats().failed_requests, 1u);
  EXPECT_LE(atlas.stats().texture_bytes, size_t{64} << 10);
  EXPECT_NE(atlas.get(key(U'龍', 40)), nullptr);
}

// ---- Eviction ---------------------------------------------------------------------------------

TEST_F(AtlasTest, glyph_used_this_frame_is_never_evicted_even_when_the_budget_is_full) {
  GlyphAtlas atlas = make_atlas(256 << 10, 256);  // one page
  atlas.begin_frame();
  const AtlasGlyph* kept = atlas.get(key(U'民'));
  ASSERT_NE(kept, nullptr);
  const AtlasGlyph before = *kept;
  const std::vector<uint8_t> texels = texels_with_frame(atlas, before);
  size_t failed = 0;
  for (const GlyphKey& k : han_keys(400, 0x5000)) failed += atlas.get(k) == nullptr;
  EXPECT_GT(failed, 0u) << "the page should have filled up within this frame";
  EXPECT_EQ(atlas.stats().failed_requests, failed);
  EXPECT_EQ(atlas.stats().evictions, 0u);
  EXPECT_LE(atlas.stats().texture_bytes, size_t{256} << 10);
  const uint64_t misses = atlas.stats().misses;
  const AtlasGlyph* again = atlas.get(key(U'民'));
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(atlas.stats().misses, misses);
  EXPECT_EQ(again->u0, before.u0);
  EXPECT_EQ(again->v0, before.v0);
  EXPECT_EQ(texels_with_frame(atlas, *again), texels);

  // Next frame the old glyphs are fair game: a new glyph gets in by evicting.
  atlas.begin_frame();
  EXPECT_NE(atlas.get(key(U'龘')), nullptr);
  EXPECT_GT(atlas.stats().evictions, 0u);
}

TEST_F(AtlasTest, evicted_glyph_requested_again_renders_the_same) {
  GlyphAtlas atlas = make_atlas(128 << 10, 128);  // two 64 KiB pages
  atlas.begin_frame();
  const GlyphKey target = key(U'疆', 28);
  const AtlasGlyph* g = atlas.get(target);
  ASSERT_NE(g, nullptr);
  const std::vector<Uint32> first = rendered(atlas, *g);
  const std::vector<GlyphKey> others = han_keys(300, 0x6000, 28);
  for (size_t i = 0; i < others.size(); i += 10) {  // ten glyphs a frame, never `target`
    atlas.begin_frame();
    for (size_t j = i; j < i + 10 && j < others.size(); ++j)
      ASSERT_NE(atlas.get(others[j]), nullptr);
  }
  ASSERT_GT(atlas.stats().evictions, 100u);
  atlas.begin_frame();
  const uint64_t misses = atlas.stats().misses;
  const AtlasGlyph* again = atlas.get(target);
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(atlas.stats().misses, misses + 1) << "the glyph should have been evicted";
  const std::vector<Uint32> second = rendered(atlas, *again);
  EXPECT_EQ(second, first);
  EXPECT_GT(std::count_if(first.begin(), first.end(), [](Uint32 p) { return (p & 0xff0000) != 0; }),
            50);
}

// Invariant 4: a glyph written where evicted glyphs lived has a transparent frame, so no stale
// ink of a neighbour shows at its edges.
TEST_F(AtlasTest, glyphs_placed_after_eviction_have_a_clear_border) {
  GlyphAtlas atlas = make_atlas(64 << 10, 128);  // one small page, evicting constantly
  const std::vector<GlyphKey> keys = han_keys(400, 0x7000, 22);
  size_t checked = 0;
  for (size_t i = 0; i < keys.size(); i += 8) {
    atlas.begin_frame();
    for (size_t j = i; j < i + 8 && j < keys.size(); ++j) {
      const AtlasGlyph* g = atlas.get(keys[j]);
      ASSERT_NE(g, nullptr);
      if (atlas.stats().evictions == 0) continue;
      const AtlasGlyph copy = *g;
      const std::vector<uint8_t> a = texels_with_frame(atlas, copy);
      const int w = copy.width + 2, h = copy.height + 2;
      for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
          if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
            ASSERT_EQ(a[static_cast<size_t>(y) * w + x], 0)
                << "glyph " << j << " at " << x << "," << y;
          }
        }
      }
      ++checked;
    }
    ASSERT_EQ(atlas.check_invariants(), "");
  }
  EXPECT_GT(checked, 200u);
}

// Fills a page with body-size glyphs in frame 1, then asks in frame 2 for a glyph taller than every
// shelf: adjacent shelves are cleared and merged for it, and only as many as it needs.
TEST_F(AtlasTest, tall_glyph_clears_just_enough_adjacent_shelves) {
  GlyphAtlas atlas = make_atlas(256 << 10, 256);
  atlas.begin_frame();
  const std::vector<GlyphKey> body = han_keys(400);
  for (const GlyphKey& k : body) atlas.get(k);
  ASSERT_GT(atlas.stats().failed_requests, 0u);
  const size_t cached = atlas.stats().glyphs;
  atlas.begin_frame();
  const AtlasGlyph* tall = atlas.get(key(U'鼎', 120));
  ASSERT_NE(tall, nullptr);
  EXPECT_GT(tall->height, 100);
  EXPECT_GE(atlas.stats().evicted_shelves, 4u);
  EXPECT_GT(atlas.stats().evictions, 0u);
  EXPECT_LT(atlas.stats().evictions, cached / 2);
  EXPECT_EQ(atlas.stats().evicted_pages, 0u);
  EXPECT_EQ(atlas.stats().glyphs, cached - atlas.stats().evictions + 1);
  EXPECT_EQ(atlas.check_invariants(), "");
}

// A glyph as tall as the page needs every shelf: the whole page is cleared.
TEST_F(AtlasTest, page_tall_glyph_clears_the_whole_page) {
  // A size whose padded ink is 125–128 rows: shelves are ≥ kShelfStep rows, so no run that
  // leaves one out is tall enough.
  float size = 100;
  for (; size < 160; size += 1) {
    GlyphAtlas probe = make_atlas(64 << 10, 128);
    probe.begin_frame();
    const AtlasGlyph* g = probe.get(key(U'鼎', size));
    if (g != nullptr && g->height + 2 * GlyphAtlas::kGlyphPadding >= 125) break;
  }
  ASSERT_LT(size, 160);
  GlyphAtlas atlas = make_atlas(64 << 10, 128);
  atlas.begin_frame();
  for (const GlyphKey& k : han_keys(100)) atlas.get(k);
  const size_t cached = atlas.stats().glyphs;
  atlas.begin_frame();
  ASSERT_NE(atlas.get(key(U'鼎', size)), nullptr);
  EXPECT_EQ(atlas.stats().evicted_pages, 1u);
  EXPECT_EQ(atlas.stats().evictions, cached);
  EXPECT_EQ(atlas.check_invariants(), "");
}

// Least recently used goes first: with A used in frames 1 and 3 and B only in frame 2, making room
// for C in frame 4 evicts B's glyphs and none of A's.
TEST_F(AtlasTest, eviction_drops_least_recently_used_glyphs_first) {
  const std::vector<GlyphKey> pool = han_keys(1200, 0x4E00);
  size_t capacity = 0;
  {
    GlyphAtlas probe = make_atlas(512 << 10, 256);  // two pages
    probe.begin_frame();
    while (capacity < pool.size() && probe.get(pool[capacity]) != nullptr) ++capacity;
  }
  ASSERT_GT(capacity, 100u);
  ASSERT_LT(capacity, pool.size() / 2);
  const size_t third = capacity / 3;
  const std::vector<GlyphKey> a(pool.begin(), pool.begin() + third);
  const std::vector<GlyphKey> b(pool.begin() + third, pool.begin() + 2 * third);
  const std::vector<GlyphKey> c(pool.begin() + 2 * third, pool.begin() + 2 * third + capacity / 2);

  GlyphAtlas atlas = make_atlas(512 << 10, 256);
  auto frame = [&](const std::vector<GlyphKey>& keys) {
    atlas.begin_frame();
    for (const GlyphKey& k : keys) ASSERT_NE(atlas.get(k), nullptr);
  };
  frame(a);
  frame(b);
  frame(a);
  frame(c);
  ASSERT_GT(atlas.stats().evictions, 0u);
  ASSERT_EQ(atlas.check_invariants(), "");
  const uint64_t misses = atlas.stats().misses;
  frame(a);
  EXPECT_EQ(atlas.stats().misses, misses) << "a glyph of A was evicted before B's";
  frame(b);
  EXPECT_GT(atlas.stats().misses, misses);
}

// ---- Errors -----------------------------------------------------------------------------------

TEST_F(AtlasTest, unknown_font_is_counted_once_and_not_fatal) {
  GlyphAtlas atlas(canvas_.renderer(), fonts_.lookup());
  atlas.begin_frame();
  GlyphKey k = key(U'字');
  k.font_id = 42;
  EXPECT_EQ(atlas.get(k), nullptr);
  const AtlasGlyph* again = atlas.get(k);
  EXPECT_TRUE(again == nullptr || again->texture == nullptr);
  EXPECT_EQ(atlas.stats().failed_requests, 1u);
  EXPECT_EQ(atlas.stats().pages, 0);
}

TEST_F(AtlasTest, clear_drops_glyphs_but_keeps_pages_for_reuse) {
  GlyphAtlas atlas(canvas_.renderer(), fonts_.lookup());
  atlas.begin_frame();
  for (const GlyphKey& k : han_keys(50)) atlas.get(k);
  atlas.clear();
  EXPECT_EQ(atlas.stats().glyphs, 0u);
  EXPECT_EQ(atlas.stats().pages, 1);
  const uint64_t misses = atlas.stats().misses;
  ASSERT_NE(atlas.get(han_keys(1)[0]), nullptr);
  EXPECT_EQ(atlas.stats().misses, misses + 1);
}

}  // namespace
}  // namespace gongkai::text
