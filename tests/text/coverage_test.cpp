// coverage_test.cpp — GB 18030-2022 level-3 coverage of the font chain (issue #3 tests a).
//
// The repertoire (our working definition, docs/text.md "Coverage"; the standard itself is not
// machine-readable here):
//   A. the 1- and 2-byte area: every BMP code point that ICU 72's "gb18030" converter encodes in
//      1 or 2 bytes and decodes back to itself, except controls (Cc), private use (U+E000–F8FF:
//      ICU 72 still maps 2022's 18 relocated positions there) and unassigned code points;
//   B. the ideographic blocks GB 18030-2022 requires by level 3, at their 2022 extents (before
//      Amendment 1 and Unicode 13–15 additions): URO U+4E00–9FEF, Ext A U+3400–4DB5, Ext B
//      U+20000–2A6D6, Ext C U+2A700–2B734, Ext D U+2B740–2B81D, Ext E U+2B820–2CEA1, Ext F
//      U+2CEB0–2EBE0, CJK Compatibility Ideographs U+F900–FAD9, CJK Compatibility Ideographs
//      Supplement U+2F800–2FA1D, Kangxi Radicals U+2F00–2FD5, CJK Radicals Supplement
//      U+2E80–2EF3, Ideographic Description Characters U+2FF0–2FFB, CJK Strokes U+31C0–31E3,
//      Vertical Forms U+FE10–FE19 (moved out of PUA in 2022);
//   all restricted to code points ICU 72 knows as assigned and that round-trip through gb18030.
// The minority-script blocks (Mongolian, Tibetan, Yi, Arabic for Uyghur, Tai Le, New Tai Lue) are
// reported separately, as is everything Unicode added to CJK after 2022's extents (Ext G, H).
//
// For each code point the chain claims (FontRegistry coverage), the engine must draw a real glyph:
// the layout's glyph is not .notdef (id 0). The number covered must not fall below the floor
// recorded in data/gb18030_coverage.txt.
#include <unicode/uchar.h>
#include <unicode/ucnv.h>

#include <map>

#include "text/utf8.h"
#include "text_test_util.h"

namespace gongkai::text {
namespace {

struct Block {
  const char* name;
  char32_t first, last;
  bool in_repertoire;  // part of B above; false = reported only
};

constexpr Block kBlocks[] = {
    {"CJK Unified Ideographs (URO to 9FEF)", 0x4E00, 0x9FEF, true},
    {"CJK Ext A (to 4DB5)", 0x3400, 0x4DB5, true},
    {"CJK Ext B (to 2A6D6)", 0x20000, 0x2A6D6, true},
    {"CJK Ext C (to 2B734)", 0x2A700, 0x2B734, true},
    {"CJK Ext D", 0x2B740, 0x2B81D, true},
    {"CJK Ext E", 0x2B820, 0x2CEA1, true},
    {"CJK Ext F", 0x2CEB0, 0x2EBE0, true},
    {"CJK Compatibility Ideographs", 0xF900, 0xFAD9, true},
    {"CJK Compatibility Ideographs Supplement", 0x2F800, 0x2FA1D, true},
    {"Kangxi Radicals", 0x2F00, 0x2FD5, true},
    {"CJK Radicals Supplement", 0x2E80, 0x2EF3, true},
    {"Ideographic Description Characters", 0x2FF0, 0x2FFB, true},
    {"CJK Strokes", 0x31C0, 0x31E3, true},
    {"Vertical Forms", 0xFE10, 0xFE19, true},
    // Reported only.
    {"URO additions after 2022 (9FF0-9FFF)", 0x9FF0, 0x9FFF, false},
    {"Ext A additions (4DB6-4DBF)", 0x4DB6, 0x4DBF, false},
    {"Ext B additions (2A6D7-2A6DF)", 0x2A6D7, 0x2A6DF, false},
    {"Ext C additions (2B735-2B739)", 0x2B735, 0x2B739, false},
    {"CJK Ext G", 0x30000, 0x3134A, false},
    {"CJK Ext H", 0x31350, 0x323AF, false},
    {"Ideographic Description Characters (Unicode 15.1, 2FFC-2FFF)", 0x2FFC, 0x2FFF, false},
    {"Mongolian", 0x1800, 0x18AF, false},
    {"Tibetan", 0x0F00, 0x0FFF, false},
    {"Yi Syllables + Radicals", 0xA000, 0xA4CF, false},
    {"Arabic (Uyghur, Kazakh, Kyrgyz)", 0x0600, 0x06FF, false},
    {"Tai Le", 0x1950, 0x197F, false},
    {"New Tai Lue", 0x1980, 0x19DF, false},
};

struct ConverterDel {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// 0 when c does not round-trip, else the length of its GB 18030 encoding.
int gb18030_length(UConverter* cnv, char32_t c) {
  UChar u[2];
  int32_t ulen = 0;
  U16_APPEND_UNSAFE(u, ulen, static_cast<UChar32>(c));
  char bytes[8];
  UErrorCode st = U_ZERO_ERROR;
  int32_t n = ucnv_fromUChars(cnv, bytes, sizeof bytes, u, ulen, &st);
  if (U_FAILURE(st) || n <= 0) return 0;
  UChar back[4];
  st = U_ZERO_ERROR;
  int32_t bn = ucnv_toUChars(cnv, back, 4, bytes, n, &st);
  if (U_FAILURE(st) || bn != ulen || back[0] != u[0] || (ulen == 2 && back[1] != u[1])) return 0;
  return n;
}

bool assigned(char32_t c) { return u_charType(static_cast<UChar32>(c)) != U_UNASSIGNED; }

std::vector<char32_t> repertoire(UConverter* cnv) {
  std::vector<char32_t> out;
  for (char32_t c = 0x20; c < 0x10000; ++c) {
    if ((c >= 0xD800 && c <= 0xF8FF) || !assigned(c) ||
        u_charType(static_cast<UChar32>(c)) == U_CONTROL_CHAR)
      continue;
    const int n = gb18030_length(cnv, c);
    bool in_block = false;
    for (const Block& b : kBlocks) in_block |= b.in_repertoire && c >= b.first && c <= b.last;
    if ((n >= 1 && n <= 2) || (in_block && n > 0)) out.push_back(c);
  }
  for (const Block& b : kBlocks)
    if (b.in_repertoire && b.first >= 0x10000)
      for (char32_t c = b.first; c <= b.last; ++c)
        if (assigned(c) && gb18030_length(cnv, c) == 4) out.push_back(c);
  return out;
}

// How many of cps the engine draws with a real glyph; the ones it does not go to *tofu.
size_t drawn(const std::vector<char32_t>& cps, std::vector<char32_t>* tofu) {
  auto& eng = testing::engine();
  TextStyle st;
  st.size_px = 16;
  st.autospace = false;
  size_t ok = 0;
  for (size_t i = 0; i < cps.size(); i += 400) {
    std::string batch;
    const size_t end = std::min(cps.size(), i + 400);
    for (size_t k = i; k < end; ++k) append_utf8(batch, cps[k]);
    auto l = eng.layout(batch, st, 0);
    size_t notdef = 0;
    for (const auto& g : l->glyphs) notdef += g.glyph_id == 0;
    if (notdef == 0 && l->glyphs.size() >= end - i) {
      ok += end - i;
      continue;
    }
    for (size_t k = i; k < end; ++k) {  // find the culprits one by one
      std::string one;
      append_utf8(one, cps[k]);
      auto l1 = eng.layout(one, st, 0);
      bool real = !l1->glyphs.empty();
      for (const auto& g : l1->glyphs) real &= g.glyph_id != 0;
      if (real)
        ++ok;
      else
        tofu->push_back(cps[k]);
    }
  }
  eng.clear_caches();
  return ok;
}

TEST(Coverage, ChainDrawsTheGb18030Level3RepertoireWithRealGlyphs) {
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterDel> cnv(ucnv_open("gb18030", &st));
  ASSERT_TRUE(U_SUCCESS(st)) << u_errorName(st);
  const std::vector<char32_t> rep = repertoire(cnv.get());
  ASSERT_GT(rep.size(), 87000u);

  const FontRegistry& fonts = testing::engine().fonts();
  std::vector<char32_t> claimed, unclaimed;
  for (char32_t c : rep)
    (fonts.font_for(ScriptClass::Han, c) >= 0 ? claimed : unclaimed).push_back(c);
  std::vector<char32_t> tofu;
  const size_t covered = drawn(claimed, &tofu);

  std::printf("GB 18030-2022 level-3 repertoire (docs/text.md definition): %zu code points\n",
              rep.size());
  std::printf("claimed by the font chain: %zu; drawn with a real glyph: %zu; not covered: %zu\n",
              claimed.size(), covered, unclaimed.size());
  std::map<std::string, size_t> gaps;
  for (char32_t c : unclaimed) {
    const char* name =
        c < 0x10000 && gb18030_length(cnv.get(), c) <= 2 ? "1-/2-byte area" : "other";
    for (const Block& b : kBlocks)
      if (c >= b.first && c <= b.last) {
        name = b.name;
        break;
      }
    ++gaps[name];
  }
  for (const auto& [name, n] : gaps) std::printf("  not covered in %s: %zu\n", name.c_str(), n);
  for (size_t i = 0; i < unclaimed.size() && i < 20; ++i)
    std::printf("  U+%04X\n", static_cast<unsigned>(unclaimed[i]));

  // A claimed character must never be drawn as .notdef (fonts.h invariant 2).
  EXPECT_TRUE(tofu.empty()) << tofu.size() << " claimed code points drawn as .notdef, first U+"
                            << std::hex << (tofu.empty() ? 0u : static_cast<unsigned>(tofu[0]));
  // No regression below the recorded floor.
  size_t floor = 0;
  for (const auto& line : testing::data_lines(testing::data_path("data/gb18030_coverage.txt")))
    if (line.rfind("covered_min ", 0) == 0) floor = std::stoul(line.substr(12));
  ASSERT_GT(floor, 0u) << "data/gb18030_coverage.txt has no covered_min";
  EXPECT_GE(covered, floor) << "coverage regressed below the recorded floor";
}

TEST(Coverage, BlocksOutsideTheRepertoireAreReported) {
  // Informational: what the installed fonts cover beyond the repertoire (Ext G/H, minority
  // scripts). Fails only if a block the manifest is meant to serve loses all coverage.
  const FontRegistry& fonts = testing::engine().fonts();
  std::map<std::string, std::pair<size_t, size_t>> per_block;  // covered, assigned
  for (const Block& b : kBlocks) {
    if (b.in_repertoire) continue;
    auto& [cov, all] = per_block[b.name];
    for (char32_t c = b.first; c <= b.last; ++c) {
      if (!assigned(c)) continue;
      ++all;
      bool any = false;
      for (uint16_t id = 0; id < fonts.count() && !any; ++id) any = fonts.covers(id, c);
      cov += any;
    }
  }
  for (const auto& [name, ca] : per_block)
    std::printf("  %-60s %6zu / %6zu covered\n", name.c_str(), ca.first, ca.second);
  EXPECT_GT(per_block["Tibetan"].first, 150u);
  EXPECT_GT(per_block["Mongolian"].first, 100u);
  EXPECT_GT(per_block["Arabic (Uyghur, Kazakh, Kyrgyz)"].first, 200u);
}

}  // namespace
}  // namespace gongkai::text
