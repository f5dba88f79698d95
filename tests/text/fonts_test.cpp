// fonts_test.cpp — the font registry and per-cluster fallback (DESIGN §6.1–6.2, fonts.h).
//
// Pins: the SC face of the Noto CJK collection is what the Han chain starts with; chains follow
// the manifest; a character missing from the primary font comes from the first font that has it,
// for that cluster only; variation sequences stay in one font; manifest errors are values.
#include "text/fonts.h"

#include <algorithm>
#include <fstream>

#include "text/utf8.h"
#include "text_test_util.h"

namespace gongkai::text {
namespace {

using testing::engine;

TEST(Fonts, HanChainStartsWithTheScFaceOfNotoCjk) {
  const FontRegistry& f = engine().fonts();
  const auto& han = f.chain(ScriptClass::Han);
  ASSERT_GE(han.size(), 4u);
  EXPECT_EQ(han[0], 0);  // fonts.h invariant 1
  EXPECT_EQ(f.info(han[0]).family, "Noto Sans CJK SC");
  EXPECT_NE(f.info(han[0]).path.find("NotoSansCJK"), std::string::npos);
  EXPECT_EQ(f.info(han[0]).index, 2);  // SC is face 2 of NotoSansCJK-Regular.ttc
  EXPECT_EQ(f.info(han[1]).family, "HanaMinA");
  EXPECT_EQ(f.info(han[2]).family, "HanaMinB");
  EXPECT_EQ(f.info(han[3]).family, "BabelStone Han");
  EXPECT_EQ(f.info(han[0]).metrics.units_per_em, 1000);
  EXPECT_NE(engine().fonts().face(han[0]), nullptr);  // the atlas's FreeType face opens
}

TEST(Fonts, EveryChainEndsWithTheFallbackFonts) {
  const FontRegistry& f = engine().fonts();
  const auto& other = f.chain(ScriptClass::Other);
  for (int c = 0; c < kScriptClassCount; ++c) {
    const auto& chain = f.chain(static_cast<ScriptClass>(c));
    for (uint16_t id : other) EXPECT_NE(std::find(chain.begin(), chain.end(), id), chain.end());
  }
}

TEST(Fonts, MissingCharacterComesFromTheNextFontForThatClusterOnly) {
  FontRegistry& f = engine().fonts();
  const uint16_t primary = f.chain(ScriptClass::Han)[0];
  // The first CJK Ext B ideograph the primary font lacks but the chain has.
  char32_t rare = 0;
  for (char32_t c = 0x20000; c < 0x2A6D7 && !rare; ++c)
    if (!f.covers(primary, c) && f.font_for(ScriptClass::Han, c) > 0) rare = c;
  ASSERT_NE(rare, 0u);
  std::string text = "张";
  append_utf8(text, rare);
  text += "明";
  TextStyle st;
  st.size_px = 20;
  auto l = engine().layout(text, st, 0);
  ASSERT_EQ(l->glyphs.size(), 3u);
  EXPECT_EQ(l->glyphs[0].font_id, primary);
  EXPECT_EQ(l->glyphs[1].font_id, f.font_for(ScriptClass::Han, rare));
  EXPECT_NE(l->glyphs[1].glyph_id, 0u);
  EXPECT_EQ(l->glyphs[2].font_id, primary);
  EXPECT_EQ(l->uncovered, 0u);
}

TEST(Fonts, IdeographicVariationSequenceStaysInOneFont) {
  // 葛 + VS17 (U+E0100): the selector must not pull the cluster apart or draw a box.
  TextStyle st;
  st.size_px = 20;
  auto l = engine().layout("葛\U000E0100", st, 0);
  ASSERT_GE(l->glyphs.size(), 1u);
  for (const auto& g : l->glyphs) {
    EXPECT_EQ(g.font_id, l->glyphs[0].font_id);
    EXPECT_NE(g.glyph_id, 0u);
  }
  EXPECT_EQ(l->uncovered, 0u);
}

std::string write_manifest(const std::string& name, const std::string& body) {
  const std::string path = std::string(GONGKAI_BINARY_DIR) + "/" + name;
  std::ofstream(path) << body;
  return path;
}

TEST(Fonts, FamilyFontconfigCannotFindIsReportedAndSkipped) {
  auto r = FontRegistry::load(write_manifest("fonts_test_missing.toml",
                                             "[chain.han]\nlang = \"\"\nfonts = [\"No Such Family "
                                             "Gongkai\", \"Noto Sans CJK SC:style=Regular\"]\n"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ((*r)->missing().size(), 1u);
  EXPECT_EQ((*r)->missing()[0].chain, "han");
  EXPECT_EQ((*r)->missing()[0].pattern, "No Such Family Gongkai");
  EXPECT_EQ((*r)->count(), 1);
  EXPECT_EQ((*r)->info(0).family, "Noto Sans CJK SC");
}

TEST(Fonts, ManifestErrorsAreValues) {
  auto bad = FontRegistry::load(write_manifest("fonts_test_bad.toml", "[chain.han\nfonts = ["));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "text.manifest");
  auto none = FontRegistry::load(write_manifest(
      "fonts_test_none.toml", "[chain.han]\nfonts = [\"No Such Family Gongkai\"]\n"));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "text.no_fonts");
  auto absent = FontRegistry::load("/nonexistent/gongkai/manifest.toml");
  EXPECT_FALSE(absent.ok());
}

TEST(Fonts, LayoutCacheStaysWithinItsBoundAndLayoutsOutliveEviction) {
  auto e = TextEngine::create(EngineConfig{testing::manifest_path(), 2, 16});
  ASSERT_TRUE(e.ok());
  TextStyle st;
  auto first = (*e)->layout("第一条", st, 300);
  (*e)->layout("第二条", st, 300);
  (*e)->layout("第三条", st, 300);
  EXPECT_EQ((*e)->stats().layout_entries, 2u);
  EXPECT_LE((*e)->stats().shape_entries, 16u);
  EXPECT_EQ(first->lines.size(), 1u);  // still valid: shared ownership
  auto again = (*e)->layout("第一条", st, 300);
  EXPECT_NE(again.get(), first.get());  // it was evicted and rebuilt
  EXPECT_EQ(again->glyphs.size(), first->glyphs.size());
}

}  // namespace
}  // namespace gongkai::text
