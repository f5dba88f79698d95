// bench_text_layout.cpp — issue #3 benchmark: lay out (shape + break) a 3000-character notice at
// 600/900/1400 px with our engine cold (caches cleared before each layout; fonts stay loaded, as
// on a running kiosk), warm (the layout cache hit a scrolling screen sees), and Pango 1.50
// (pangoft2, the same fontconfig fonts, language zh-cn, word-char wrapping) on the same text.
// Prints ns per layout and the ratios; the goals (cold ≥ 1.5× Pango, warm ≥ 20× Pango) are
// reported, not asserted. Run: build/bench/text/bench_text_layout [--benchmark_min_time=…].
#include <benchmark/benchmark.h>
#include <pango/pangoft2.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "text/text_engine.h"

namespace {

using gongkai::text::TextEngine;
using gongkai::text::TextStyle;

constexpr float kSizePx = 24.0f;
constexpr int kWidths[] = {600, 900, 1400};

const std::string& notice() {
  static const std::string text = [] {
    std::ifstream f(std::string(GONGKAI_SOURCE_DIR) + "/bench/text/notice_3000.txt");
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }();
  return text;
}

TextEngine& engine() {
  static std::unique_ptr<TextEngine> e = [] {
    auto r =
        TextEngine::create({std::string(GONGKAI_SOURCE_DIR) + "/fonts/manifest.toml", 512, 8192});
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.error().message.c_str());
      std::exit(1);
    }
    return std::move(r.value());
  }();
  return *e;
}

TextStyle style() {
  TextStyle s;
  s.size_px = kSizePx;
  s.justify = true;
  return s;
}

void BM_EngineCold(benchmark::State& state) {
  const float w = static_cast<float>(state.range(0));
  size_t lines = 0;
  for (auto _ : state) {
    state.PauseTiming();
    engine().clear_caches();
    state.ResumeTiming();
    auto l = engine().layout(notice(), style(), w);
    lines = l->lines.size();
    benchmark::DoNotOptimize(l);
  }
  state.counters["lines"] = static_cast<double>(lines);
}

void BM_EngineWarm(benchmark::State& state) {
  const float w = static_cast<float>(state.range(0));
  auto first = engine().layout(notice(), style(), w);
  for (auto _ : state) {
    auto l = engine().layout(notice(), style(), w);
    benchmark::DoNotOptimize(l);
  }
  state.counters["lines"] = static_cast<double>(first->lines.size());
}

struct Pango {
  PangoFontMap* map = pango_ft2_font_map_new();
  PangoContext* ctx = pango_font_map_create_context(map);
  PangoFontDescription* desc = pango_font_description_from_string("Noto Sans CJK SC");
  Pango() {
    pango_font_description_set_absolute_size(desc, kSizePx * PANGO_SCALE);
    pango_ft2_font_map_set_resolution(PANGO_FT2_FONT_MAP(map), 96, 96);
    pango_context_set_language(ctx, pango_language_from_string("zh-cn"));
    pango_context_set_font_description(ctx, desc);
  }
  ~Pango() {
    pango_font_description_free(desc);
    g_object_unref(ctx);
    g_object_unref(map);
  }
};

void BM_Pango(benchmark::State& state) {
  static Pango p;
  const int w = static_cast<int>(state.range(0));
  int lines = 0;
  for (auto _ : state) {
    PangoLayout* layout = pango_layout_new(p.ctx);
    pango_layout_set_width(layout, w * PANGO_SCALE);
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_justify(layout, TRUE);
    pango_layout_set_text(layout, notice().data(), static_cast<int>(notice().size()));
    PangoRectangle ink, logical;
    pango_layout_get_extents(layout, &ink, &logical);  // forces shaping and line breaking
    lines = pango_layout_get_line_count(layout);
    g_object_unref(layout);
  }
  state.counters["lines"] = lines;
}

BENCHMARK(BM_EngineCold)->Arg(600)->Arg(900)->Arg(1400)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EngineWarm)->Arg(600)->Arg(900)->Arg(1400)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Pango)->Arg(600)->Arg(900)->Arg(1400)->Unit(benchmark::kMicrosecond);

// Keeps every run's time per iteration so main() can print the ratios.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, double> ns, cpu;
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs)
      if (r.run_type == Run::RT_Iteration) {
        ns[r.benchmark_name()] = r.GetAdjustedRealTime();
        cpu[r.benchmark_name()] = r.GetAdjustedCPUTime();
      }
    ConsoleReporter::ReportRuns(runs);
  }
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::printf("notice: %zu bytes, font size %.0f px\n", notice().size(),
              static_cast<double>(kSizePx));
  RatioReporter rep;
  benchmark::RunSpecifiedBenchmarks(&rep);
  std::printf(
      "\nratios, Pango time / our time (goals: cold >= 1.5, warm >= 20); wall clock and CPU:\n");
  for (int w : kWidths) {
    const std::string a = "/" + std::to_string(w);
    const std::string p = "BM_Pango" + a, c = "BM_EngineCold" + a, h = "BM_EngineWarm" + a;
    if (rep.ns[p] > 0 && rep.ns[c] > 0 && rep.ns[h] > 0)
      std::printf("  width %4d px: cold %.2fx (cpu %.2fx), warm %.0fx (cpu %.0fx)\n", w,
                  rep.ns[p] / rep.ns[c], rep.cpu[p] / rep.cpu[c], rep.ns[p] / rep.ns[h],
                  rep.cpu[p] / rep.cpu[h]);
  }
  benchmark::Shutdown();
  return 0;
}
