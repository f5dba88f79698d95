// test_draw.cpp — layouts drawn through the atlas into ImGui draw lists (issue #3 "Draw", "Atlas";
// kiosk/text/draw.h invariants 1–4), rendered by ImGui 1.86's own SDL_Renderer backend
// (imgui_impl_sdlrenderer) on SDL's software renderer, headless, and read back as pixels.
//
// The central case scrolls through 100+ notice renderings (the demo notices at body size and at
// 长辈模式 size) with a small atlas budget that forces eviction all the time, and compares every
// frame, pixel for pixel, with the same frame drawn through an atlas large enough never to evict:
// equal frames mean no glyph was missing or overwritten while needed (no flicker), and the small
// atlas never exceeds its budget.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "demo_notices.h"
#include "test_atlas_support.h"
#include "text/draw.h"
#include "text/text_engine.h"

namespace gongkai::text {
namespace {

using testing::DemoParagraph;
using testing::SoftwareCanvas;

std::string manifest() { return std::string(GONGKAI_SOURCE_DIR) + "/fonts/manifest.toml"; }

// One engine per test binary: fonts load once.
TextEngine& engine() {
  static std::unique_ptr<TextEngine> e = [] {
    auto r = TextEngine::create(EngineConfig{manifest(), 512, 8192});
    if (!r.ok()) {
      ADD_FAILURE() << r.error().message;
      std::abort();
    }
    return std::move(r.value());
  }();
  return *e;
}

// ImGui context + the SDL_Renderer backend on a software renderer target, no window.
class HeadlessImGui {
 public:
  HeadlessImGui(SDL_Renderer* renderer, int w, int h) : renderer_(renderer), w_(w), h_(h) {
    ctx_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
    ImGui_ImplSDLRenderer_Init(renderer);
    target_ = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
  }
  ~HeadlessImGui() {
    SDL_DestroyTexture(target_);
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui::DestroyContext(ctx_);
  }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

  ImDrawList* begin_frame() {
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui::GetIO().DeltaTime = 1.f / 60.f;
    ImGui::NewFrame();
    return ImGui::GetBackgroundDrawList();
  }
  // Renders the frame onto white with the backend and returns the pixels (ARGB8888).
  std::vector<Uint32> end_frame() {
    ImGui::Render();
    SDL_SetRenderTarget(renderer_, target_);
    SDL_SetRenderDrawColor(renderer_, 255, 255, 255, 255);
    SDL_RenderClear(renderer_);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    std::vector<Uint32> pixels(static_cast<size_t>(w_) * h_);
    SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_ARGB8888, pixels.data(), w_ * 4);
    SDL_SetRenderTarget(renderer_, nullptr);
    return pixels;
  }

 private:
  SDL_Renderer* renderer_;
  int w_, h_;
  ImGuiContext* ctx_ = nullptr;
  SDL_Texture* target_ = nullptr;
};

bool dark(Uint32 argb) { return ((argb >> 8) & 0xff) < 128; }  // green channel

size_t count_dark(const std::vector<Uint32>& px, int w, int x0, int y0, int x1, int y1) {
  size_t n = 0;
  for (int y = std::max(y0, 0); y < y1; ++y) {
    for (int x = std::max(x0, 0); x < std::min(x1, w); ++x) {
      n += dark(px[static_cast<size_t>(y) * w + x]);
    }
  }
  return n;
}

constexpr int kW = 640, kH = 480;  // viewport of the draw tests, px

class DrawTest : public ::testing::Test {
 protected:
  DrawTest() : canvas_(kW, kH), imgui_(canvas_.renderer(), kW, kH) {}

  GlyphAtlas make_atlas(size_t budget, int page) {
    AtlasConfig c;
    c.budget_bytes = budget;
    c.page_size = page;
    return GlyphAtlas(canvas_.renderer(), face_lookup(engine().fonts()), c);
  }

  SoftwareCanvas canvas_;
  HeadlessImGui imgui_;
};

// ---- Quads, textures, colour ------------------------------------------------------------------

TEST_F(DrawTest, emits_one_coloured_quad_per_inked_glyph_with_the_page_texture) {
  TextStyle style;
  style.size_px = 28;
  auto layout = engine().layout("各位村民：请于12月5日前到村委会领取补贴。", style, 600);
  ASSERT_GT(layout->glyphs.size(), 15u);
  GlyphAtlas atlas = make_atlas(size_t{32} << 20, 1024);
  atlas.begin_frame();
  ImDrawList* dl = imgui_.begin_frame();
  const int cmds_before = dl->CmdBuffer.Size;
  const ImU32 red = IM_COL32(200, 16, 32, 255);
  const DrawStats s = draw_layout(dl, atlas, *layout, ImVec2(10, 20), red);
  EXPECT_EQ(s.missing, 0u);
  EXPECT_EQ(s.lines_visited, layout->lines.size());
  uint32_t inked = 0;
  for (const PositionedGlyph& g : layout->glyphs) {
    const AtlasGlyph* a = atlas.get(glyph_key(*layout, g, 0));
    ASSERT_NE(a, nullptr);
    inked += a->texture != nullptr;
  }
  EXPECT_EQ(s.quads, inked);
  unsigned elems = 0;
  for (int i = cmds_before - 1; i < dl->CmdBuffer.Size; ++i) {
    const ImDrawCmd& cmd = dl->CmdBuffer[i];
    if (cmd.TextureId == static_cast<ImTextureID>(atlas.page_texture(0))) elems += cmd.ElemCount;
  }
  EXPECT_EQ(elems, 6 * inked);
  int coloured = 0;
  for (const ImDrawVert& v : dl->VtxBuffer) coloured += v.col == red;
  EXPECT_EQ(coloured, static_cast<int>(4 * inked));
  imgui_.end_frame();
}

// Each glyph's quad lands on its pen position: the rendered ink of every inked glyph lies inside a
// box around (origin + pen), and nothing is drawn outside the layout's box.
TEST_F(DrawTest, rendered_ink_sits_at_the_glyph_positions_and_nowhere_else) {
  TextStyle style;
  style.size_px = 32;
  auto layout = engine().layout("公示期为七天，自即日起至十二月一日止。", style, 400);
  ASSERT_GE(layout->lines.size(), 2u);
  GlyphAtlas atlas = make_atlas(size_t{32} << 20, 1024);
  atlas.begin_frame();
  const ImVec2 origin(40, 60);
  draw_layout(imgui_.begin_frame(), atlas, *layout, origin, IM_COL32(0, 0, 0, 255));
  const std::vector<Uint32> px = imgui_.end_frame();
  const int lx0 = static_cast<int>(origin.x) - 4, ly0 = static_cast<int>(origin.y) - 4;
  const int lx1 = static_cast<int>(origin.x + layout->width) + 4;
  const int ly1 = static_cast<int>(origin.y + layout->height) + 4;
  const size_t all = count_dark(px, kW, 0, 0, kW, kH);
  EXPECT_GT(all, 500u);
  EXPECT_EQ(count_dark(px, kW, lx0, ly0, lx1, ly1), all) << "ink outside the layout box";
  for (const PositionedGlyph& g : layout->glyphs) {
    const AtlasGlyph* a = atlas.get(glyph_key(*layout, g, 0));
    if (a == nullptr || a->texture == nullptr || a->width * a->height < 40) continue;
    const int x = static_cast<int>(origin.x + g.x), y = static_cast<int>(origin.y + g.y);
    EXPECT_GT(count_dark(px, kW, x, y - 32, x + 33, y + 8), 10u)
        << "no ink at glyph " << g.glyph_id;
  }
}

// draw.h invariant 1: a fractional origin still puts every quad corner on a whole pixel; with
// subpixel buckets the fraction selects another bitmap instead.
TEST_F(DrawTest, quads_sit_on_whole_pixels_and_fractions_select_subpixel_buckets) {
  TextStyle style;
  style.size_px = 17;
  auto layout = engine().layout("Illinois 伊利诺伊 1111", style, 600);
  GlyphAtlas whole = make_atlas(size_t{4} << 20, 512);
  whole.begin_frame();
  ImDrawList* dl = imgui_.begin_frame();
  const int v0 = dl->VtxBuffer.Size;
  draw_layout(dl, whole, *layout, ImVec2(10.3f, 20.7f), IM_COL32_BLACK);
  ASSERT_GT(dl->VtxBuffer.Size, v0);
  for (int i = v0; i < dl->VtxBuffer.Size; ++i) {
    EXPECT_EQ(dl->VtxBuffer[i].pos.x, std::round(dl->VtxBuffer[i].pos.x));
    EXPECT_EQ(dl->VtxBuffer[i].pos.y, std::round(dl->VtxBuffer[i].pos.y));
  }
  imgui_.end_frame();

  AtlasConfig c;
  c.subpixel_buckets = 2;
  GlyphAtlas halves(canvas_.renderer(), face_lookup(engine().fonts()), c);
  halves.begin_frame();
  dl = imgui_.begin_frame();
  draw_layout(dl, halves, *layout, ImVec2(10.f, 20.f), IM_COL32_BLACK);
  const uint64_t misses = halves.stats().misses;
  draw_layout(dl, halves, *layout, ImVec2(10.f, 50.f), IM_COL32_BLACK);
  EXPECT_EQ(halves.stats().misses, misses) << "same fractions, same bitmaps";
  draw_layout(dl, halves, *layout, ImVec2(10.5f, 80.f), IM_COL32_BLACK);
  EXPECT_GT(halves.stats().misses, misses) << "half a pixel further: the other bucket";
  imgui_.end_frame();
}

// ---- Clipping and visible lines ---------------------------------------------------------------

TEST_F(DrawTest, long_layout_visits_only_the_lines_inside_the_clip_rect) {
  std::string text;
  for (int i = 0; i < 60; ++i)
    text += "村务公开栏每月更新一次，财务收支情况逐笔公示，接受群众监督。";
  TextStyle style;
  style.size_px = 24;
  auto layout = engine().layout(text, style, 560);
  ASSERT_GT(layout->lines.size(), 60u);
  GlyphAtlas atlas = make_atlas(size_t{32} << 20, 1024);
  atlas.begin_frame();
  ImDrawList* dl = imgui_.begin_frame();
  // A viewport of 200 px scrolled 1000 px down the notice.
  const ImVec2 origin(20, 100 - 1000);
  const ImVec4 clip(0, 100, kW, 300);
  const DrawStats s = draw_layout(dl, atlas, *layout, origin, IM_COL32(0, 0, 0, 255), &clip);
  const float line_h = layout->lines[0].height;
  EXPECT_LE(s.lines_visited, static_cast<uint32_t>(200 / line_h) + 4);
  EXPECT_GE(s.lines_visited, static_cast<uint32_t>(200 / line_h));
  EXPECT_LT(atlas.stats().misses + atlas.stats().hits, layout->glyphs.size() / 10);
  EXPECT_EQ(s.missing, 0u);
  // The clip rect is pushed on the draw list, so glyphs straddling its edges are cut there.
  bool clipped = false;
  for (const ImDrawCmd& cmd : dl->CmdBuffer) {
    if (cmd.ElemCount > 0 && cmd.TextureId == static_cast<ImTextureID>(atlas.page_texture(0))) {
      EXPECT_EQ(cmd.ClipRect.y, 100.f);
      EXPECT_EQ(cmd.ClipRect.w, 300.f);
      clipped = true;
    }
  }
  EXPECT_TRUE(clipped);
  const std::vector<Uint32> px = imgui_.end_frame();
  EXPECT_GT(count_dark(px, kW, 0, 100, kW, 300), 2000u);
  EXPECT_EQ(count_dark(px, kW, 0, 0, kW, 100), 0u);
  EXPECT_EQ(count_dark(px, kW, 0, 300, kW, kH), 0u);
}

TEST_F(DrawTest, glyphs_outside_the_clip_rect_are_neither_rasterized_nor_drawn) {
  TextStyle style;
  style.size_px = 24;
  auto layout = engine().layout("一二三四五六七八九十百千万", style, 1000);
  GlyphAtlas atlas = make_atlas(size_t{32} << 20, 1024);
  atlas.begin_frame();
  const ImVec4 clip(1000, 0, 1100, 100);  // entirely right of the text
  const DrawStats s =
      draw_layout(imgui_.begin_frame(), atlas, *layout, ImVec2(0, 0), IM_COL32_BLACK, &clip);
  EXPECT_EQ(s.quads, 0u);
  EXPECT_EQ(s.culled, layout->glyphs.size());
  EXPECT_EQ(atlas.stats().misses, 0u);
  imgui_.end_frame();
}

// ---- Scrolling through 100 notices ------------------------------------------------------------

// One frame of a notice scrolled by `scroll` px in a kW × kH viewport: paragraphs stacked, each
// drawn with the viewport as clip rect. Returns the frame's pixels and accumulates draw stats.
std::vector<Uint32> draw_notice_frame(HeadlessImGui& imgui, GlyphAtlas& atlas,
                                      const std::vector<std::shared_ptr<const Layout>>& layouts,
                                      float scroll, DrawStats* total) {
  atlas.begin_frame();
  ImDrawList* dl = imgui.begin_frame();
  const ImVec4 clip(0, 0, kW, kH);
  float y = -scroll;
  for (const auto& l : layouts) {
    if (y < kH && y + l->height > 0) {
      const DrawStats s =
          draw_layout(dl, atlas, *l, ImVec2(16, y), IM_COL32(20, 20, 20, 255), &clip);
      total->quads += s.quads;
      total->missing += s.missing;
    }
    y += l->height + 8;
  }
  return imgui.end_frame();
}

TEST_F(DrawTest, scrolling_through_100_notices_stays_within_budget_and_every_frame_is_complete) {
  const auto notices = testing::read_demo_notices(GONGKAI_SOURCE_DIR);
  ASSERT_GE(notices.size(), 50u) << "demo notices missing under assets/demo/notices";
  // A 3 MiB budget (three 1 MiB pages) holds one screen of glyphs but not a notice's worth, so
  // eviction runs constantly; the reference atlas (256 MiB) never evicts.
  const size_t budget = size_t{3} << 20;
  GlyphAtlas small = make_atlas(budget, 512);
  GlyphAtlas roomy = make_atlas(size_t{256} << 20, 2048);
  DrawStats small_total, roomy_total;
  int texts = 0, frames = 0;
  for (float body : {22.f, 30.f}) {  // body size, then 长辈模式 size: different glyph keys
    for (const auto& notice : notices) {
      ++texts;
      std::vector<std::shared_ptr<const Layout>> layouts;
      float height = 0;
      for (const DemoParagraph& p : notice) {
        TextStyle style;
        style.size_px = p.heading ? body * 1.3f : body;
        style.line_height = body > 24 ? 1.6f : 1.5f;
        style.justify = !p.heading;
        layouts.push_back(engine().layout(p.text, style, kW - 32));
        height += layouts.back()->height + 8;
      }
      for (float scroll = 0; scroll < height; scroll += kH * 0.6f, ++frames) {
        const std::vector<Uint32> got =
            draw_notice_frame(imgui_, small, layouts, scroll, &small_total);
        ASSERT_LE(small.stats().texture_bytes, budget);
        ASSERT_EQ(small_total.missing, 0u) << "notice " << texts << " scroll " << scroll;
        const std::vector<Uint32> want =
            draw_notice_frame(imgui_, roomy, layouts, scroll, &roomy_total);
        ASSERT_TRUE(got == want) << "frame differs from the never-evicting atlas: notice " << texts
                                 << " scroll " << scroll;
      }
      ASSERT_EQ(small.check_invariants(), "");
    }
  }
  EXPECT_GE(texts, 100);
  const AtlasStats& s = small.stats();
  EXPECT_LE(s.peak_texture_bytes, budget);
  EXPECT_GT(s.evictions, 1000u);
  EXPECT_EQ(s.failed_requests, 0u);
  EXPECT_EQ(roomy.stats().evictions, 0u);
  EXPECT_EQ(small_total.quads, roomy_total.quads);
  std::printf(
      "scrolled %d texts in %d frames: small atlas %zu bytes, %llu evictions; roomy atlas "
      "%zu bytes, %zu glyphs\n",
      texts, frames, s.peak_texture_bytes, static_cast<unsigned long long>(s.evictions),
      roomy.stats().texture_bytes, roomy.stats().glyphs);
}

}  // namespace
}  // namespace gongkai::text
