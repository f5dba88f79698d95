// bench_text_atlas.cpp — issue #3 benchmark, atlas part: how much texture memory the glyph atlas
// holds after drawing every demo notice (assets/demo/notices), and what a frame costs cold
// (every glyph rasterized by FreeType and uploaded) and warm (draw-list quads only).
//
// Headless: SDL's software renderer (textures in system memory, same byte count as on a GPU),
// ImGui draw lists built by draw_layout but not rendered. Each notice is drawn whole, paragraph by
// paragraph, at a 1000 px column: body 24 px / headings 31 px (normal), and 32 / 42 px (长辈模式).
// Prints the memory report first, then Google Benchmark timings.
// Run: build/bench/text/atlas/bench_text_atlas [--benchmark_min_time=…].
#include <SDL.h>
#include <benchmark/benchmark.h>
#include <imgui.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "demo_notices.h"
#include "text/draw.h"
#include "text/text_engine.h"

namespace {

using namespace gongkai::text;

constexpr float kColumnPx = 1000;

struct Headless {
  SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, 16, 16, 32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(surface);
  ImGuiContext* imgui = nullptr;
  std::unique_ptr<TextEngine> engine;

  Headless() {
    auto r =
        TextEngine::create({std::string(GONGKAI_SOURCE_DIR) + "/fonts/manifest.toml", 4096, 65536});
    if (!r.ok() || renderer == nullptr) {
      std::fprintf(stderr, "setup failed: %s %s\n", r.ok() ? "" : r.error().message.c_str(),
                   SDL_GetError());
      std::exit(1);
    }
    engine = std::move(r.value());
    imgui = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1920, 1080);
    io.Fonts->Build();
  }
  ~Headless() {
    ImGui::DestroyContext(imgui);
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
  }
};

Headless& headless() {
  static Headless h;
  return h;
}

using Notice = std::vector<std::shared_ptr<const Layout>>;

// Every demo notice laid out at body size `body` px (headings 1.3×).
std::vector<Notice> layouts(float body) {
  std::vector<Notice> out;
  for (const auto& paragraphs : testing::read_demo_notices(GONGKAI_SOURCE_DIR)) {
    Notice n;
    for (const auto& p : paragraphs) {
      TextStyle s;
      s.size_px = p.heading ? body * 1.3f : body;
      s.line_height = body > 24 ? 1.6f : 1.5f;
      s.justify = !p.heading;
      n.push_back(headless().engine->layout(p.text, s, kColumnPx));
    }
    out.push_back(std::move(n));
  }
  return out;
}

// One frame: the whole notice drawn (no clipping), as a screen the notice's height would.
DrawStats draw_notice(GlyphAtlas& atlas, const Notice& notice) {
  atlas.begin_frame();
  ImGui::NewFrame();
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  dl->PushClipRect(ImVec2(-1e6f, -1e6f), ImVec2(1e6f, 1e6f));
  DrawStats total;
  float y = 0;
  for (const auto& l : notice) {
    const DrawStats s = draw_layout(dl, atlas, *l, ImVec2(0, y), IM_COL32_BLACK);
    total.quads += s.quads;
    total.missing += s.missing;
    y += l->height;
  }
  dl->PopClipRect();
  ImGui::EndFrame();
  return total;
}

const Notice& longest(const std::vector<Notice>& all) {
  size_t best = 0, best_glyphs = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    size_t g = 0;
    for (const auto& l : all[i]) g += l->glyphs.size();
    if (g > best_glyphs) {
      best = i;
      best_glyphs = g;
    }
  }
  return all[best];
}

void report_memory() {
  GlyphAtlas atlas(headless().renderer, face_lookup(headless().engine->fonts()));
  const auto normal = layouts(24), elder = layouts(32);
  std::printf(
      "atlas after drawing every demo notice (%zu notices, default budget %zu MiB, %d px "
      "pages):\n",
      normal.size(), atlas.config().budget_bytes >> 20, atlas.config().page_size);
  uint32_t missing = 0;
  for (const char* mode : {"normal 24/31 px", "+ 长辈模式 32/42 px"}) {
    for (const Notice& n : (mode[0] == 'n' ? normal : elder))
      missing += draw_notice(atlas, n).missing;
    const AtlasStats& s = atlas.stats();
    std::printf(
        "  %-22s %6.1f MiB in %d pages, %5zu glyphs cached, %6llu misses, %6llu evictions, "
        "%llu failed, %u missing\n",
        mode, s.texture_bytes / 1048576.0, s.pages, s.glyphs,
        static_cast<unsigned long long>(s.misses), static_cast<unsigned long long>(s.evictions),
        static_cast<unsigned long long>(s.failed_requests), missing);
  }
}

void BM_DrawLongestNoticeCold(benchmark::State& state) {
  const auto all = layouts(static_cast<float>(state.range(0)));
  const Notice& notice = longest(all);
  GlyphAtlas atlas(headless().renderer, face_lookup(headless().engine->fonts()));
  uint64_t misses = 0;
  for (auto _ : state) {
    state.PauseTiming();
    atlas.clear();
    const uint64_t before = atlas.stats().misses;
    state.ResumeTiming();
    benchmark::DoNotOptimize(draw_notice(atlas, notice));
    misses = atlas.stats().misses - before;
  }
  state.counters["glyphs_rasterized"] = static_cast<double>(misses);
  // Glyphs rasterized and uploaded per second of the timed loop (FreeType + SDL_UpdateTexture).
  state.counters["glyphs_per_s"] = benchmark::Counter(
      static_cast<double>(misses), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_DrawLongestNoticeCold)->Arg(24)->Arg(32)->Unit(benchmark::kMillisecond);

void BM_DrawLongestNoticeWarm(benchmark::State& state) {
  const auto all = layouts(static_cast<float>(state.range(0)));
  const Notice& notice = longest(all);
  GlyphAtlas atlas(headless().renderer, face_lookup(headless().engine->fonts()));
  draw_notice(atlas, notice);
  uint32_t quads = 0;
  for (auto _ : state) quads = draw_notice(atlas, notice).quads;
  state.counters["quads"] = quads;
}
BENCHMARK(BM_DrawLongestNoticeWarm)->Arg(24)->Arg(32)->Unit(benchmark::kMicrosecond);

void BM_AtlasHit(benchmark::State& state) {
  GlyphAtlas atlas(headless().renderer, face_lookup(headless().engine->fonts()));
  atlas.begin_frame();
  GlyphKey k;
  k.font_id = 0;
  k.glyph_id = headless().engine->fonts().nominal_glyph(0, U'国');
  k.size_64 = 24 * 64;
  atlas.get(k);
  for (auto _ : state) benchmark::DoNotOptimize(atlas.get(k));
}
BENCHMARK(BM_AtlasHit);

}  // namespace

int main(int argc, char** argv) {
  report_memory();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
