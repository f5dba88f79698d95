// shape_test.cpp — our shaping equals HarfBuzz's own `hb-shape` with the same font file and face
// index (issue #3 tests c). hb-shape comes from Debian's libharfbuzz-bin (scripts/bootstrap).
//
// For each sample in data/shaping_samples.txt: shape with Shaper (the engine's stage, cached) and
// run `hb-shape --no-glyph-names` on the same text; glyph ids, clusters, advances and offsets must
// be identical. Both use HarfBuzz's OpenType functions at scale = units per em.
#include "text/shape.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "text/itemize.h"
#include "text/utf8.h"
#include "text_test_util.h"

namespace gongkai::text {
namespace {

std::vector<std::string> split_tabs(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string f; std::getline(ss, f, '\t');) out.push_back(f);
  return out;
}

ScriptClass class_named(const std::string& n) {
  for (int i = 0; i < kScriptClassCount; ++i)
    if (n == script_class_name(static_cast<ScriptClass>(i))) return static_cast<ScriptClass>(i);
  return ScriptClass::Other;
}

// Runs hb-shape and returns its one line of output ("[g=c@dx,dy+ax|…]").
std::string run_hb_shape(const FontInfo& font, const std::string& script, const std::string& lang,
                         const std::string& dir, const std::string& text) {
  const std::string tmp = std::string(GONGKAI_BINARY_DIR) + "/shape_test_input.txt";
  std::ofstream(tmp) << text;
  const std::string cmd = "hb-shape --no-glyph-names --font-file='" + font.path +
                          "' --face-index=" + std::to_string(font.index) + " --script=" + script +
                          " --language=" + lang + " --direction=" + dir + " --text-file='" + tmp +
                          "'";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return "";
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int rc = pclose(p);
  if (rc != 0) return "hb-shape failed: " + cmd;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// Our glyphs in hb-shape's text format.
std::string format(const ShapedGlyphs& g) {
  std::string s = "[";
  for (size_t i = 0; i < g.size(); ++i) {
    if (i) s += '|';
    s += std::to_string(g[i].glyph_id) + "=" + std::to_string(g[i].cluster);
    if (g[i].x_offset || g[i].y_offset)
      s += "@" + std::to_string(g[i].x_offset) + "," + std::to_string(g[i].y_offset);
    s += "+" + std::to_string(g[i].x_advance);
  }
  return s + "]";
}

TEST(Shape, GlyphsEqualHbShapeWithTheSameFont) {
  ASSERT_EQ(std::system("command -v hb-shape >/dev/null 2>&1"), 0)
      << "hb-shape missing: install libharfbuzz-bin (scripts/bootstrap)";
  auto& fonts = testing::engine().fonts();
  Shaper shaper(64);
  int samples = 0;
  for (const auto& line : testing::data_lines(testing::data_path("data/shaping_samples.txt"))) {
    auto f = split_tabs(line);
    ASSERT_EQ(f.size(), 5u) << line;
    const ScriptClass cls = class_named(f[0]);
    ASSERT_FALSE(fonts.chain(cls).empty()) << f[0];
    Paragraph p;
    decode_utf8(f[4], p);
    text::Run run;
    run.begin = 0;
    run.end = static_cast<uint32_t>(p.cps.size());
    run.script = hb_script_from_string(f[1].c_str(), -1);
    run.cls = cls;
    run.level = f[3] == "rtl" ? 1 : 0;
    run.font_id = fonts.chain(cls).front();
    auto ours = shaper.shape(fonts, p.cps, run, f[2]);
    const std::string theirs = run_hb_shape(fonts.info(run.font_id), f[1], f[2], f[3], f[4]);
    EXPECT_EQ(format(*ours), theirs) << f[0] << ": " << f[4];
    // No .notdef: the primary font of each chain has every sample character.
    for (const auto& g : *ours) EXPECT_NE(g.glyph_id, 0u) << f[4];
    ++samples;
  }
  EXPECT_GE(samples, 6);
}

TEST(Shape, SecondShapeOfTheSameRunIsACacheHit) {
  auto& fonts = testing::engine().fonts();
  Shaper shaper(4);
  Paragraph p;
  decode_utf8("公示", p);
  text::Run run{0,    2, HB_SCRIPT_HAN, ScriptClass::Han, 0, fonts.chain(ScriptClass::Han).front(),
                false};
  auto a = shaper.shape(fonts, p.cps, run, "zh-Hans");
  auto b = shaper.shape(fonts, p.cps, run, "zh-Hans");
  EXPECT_EQ(a.get(), b.get());
  EXPECT_EQ(shaper.hits(), 1u);
  auto c = shaper.shape(fonts, p.cps, run, "ja");  // language is part of the key (locl)
  EXPECT_NE(a.get(), c.get());
}

TEST(Shape, ZhHansMakesQuotesFullWidthAndSelectsSimplifiedForms) {
  // clreq: set language zh-Hans and use the SC face — locl makes “” full-width and picks the
  // mainland form of 骨; with "ja" the same face gives a proportional “ and the Japanese 骨.
  auto& fonts = testing::engine().fonts();
  Shaper shaper(4);
  Paragraph p;
  decode_utf8("“骨", p);
  const uint16_t sc = fonts.chain(ScriptClass::Han).front();
  text::Run run{0, 2, HB_SCRIPT_HAN, ScriptClass::Han, 0, sc, false};
  auto zh = shaper.shape(fonts, p.cps, run, "zh-Hans");
  auto ja = shaper.shape(fonts, p.cps, run, "ja");
  EXPECT_EQ((*zh)[0].x_advance, fonts.info(sc).metrics.units_per_em);
  EXPECT_LT((*ja)[0].x_advance, fonts.info(sc).metrics.units_per_em);
  EXPECT_NE((*zh)[1].glyph_id, (*ja)[1].glyph_id);
}

}  // namespace
}  // namespace gongkai::text
