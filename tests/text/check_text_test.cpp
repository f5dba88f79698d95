// check_text_test.cpp — the coverage check the publisher runs before a notice goes out (issue #3
// "Coverage check"): find_uncovered / CoverageChecker, and `gongkai-publish check-text` exit codes.
#include <hb.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "text/coverage.h"
#include "text_test_util.h"

namespace gongkai::text {
namespace {

TEST(CheckText, ReportsCodePointLineAndColumnOfUncoveredCharacters) {
  // U+2FFC (Unicode 15.1 IDC) has no glyph in any Debian font; 𠮷 (Ext B) and 龘 are covered.
  const std::string text = "姓名：𠮷龘\n第二行 \u2FFC 字";
  auto u = testing::engine().find_uncovered(text);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].code_point, 0x2FFCu);
  EXPECT_EQ(u[0].line, 2u);
  EXPECT_EQ(u[0].column, 5u);
  EXPECT_EQ(text.substr(u[0].byte_offset, 3), "\u2FFC");
  EXPECT_EQ(describe(u[0]), "U+2FFC \u2FFC line 2, column 5");
}

TEST(CheckText, InvalidUtf8IsReportedNotSkipped) {
  auto u = testing::engine().find_uncovered(std::string("公示\xff\xfe期"));
  ASSERT_EQ(u.size(), 2u);
  EXPECT_TRUE(u[0].invalid_utf8);
  EXPECT_EQ(u[0].column, 3u);
}

TEST(CheckText, SynthesizedIdeographicSpaceDoesNotCountAsCovered) {
  // DESIGN §6.2 trap: HarfBuzz draws U+3000 from a font's space when the cmap lacks it. Covered
  // must mean the cmap maps it — find a registered font without U+3000 and check both facts.
  auto& fonts = testing::engine().fonts();
  int without = -1;
  for (uint16_t id = 0; id < fonts.count() && without < 0; ++id)
    if (fonts.nominal_glyph(id, 0x3000) == 0 && fonts.nominal_glyph(id, 0x20) != 0) without = id;
  ASSERT_GE(without, 0) << "every registered font maps U+3000; the trap cannot be exercised";
  EXPECT_FALSE(fonts.covers(static_cast<uint16_t>(without), 0x3000));
  hb_buffer_t* buf = hb_buffer_create();
  hb_buffer_add_utf32(buf, reinterpret_cast<const uint32_t*>(U"\u3000"), 1, 0, 1);
  hb_buffer_guess_segment_properties(buf);
  hb_shape(fonts.hb_font(static_cast<uint16_t>(without)), buf, nullptr, 0);
  unsigned n = 0;
  hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &n);
  ASSERT_EQ(n, 1u);
  EXPECT_NE(info[0].codepoint, 0u);  // HarfBuzz did synthesize a glyph: the trap is real
  hb_buffer_destroy(buf);
}

TEST(CheckText, CheckerLoadsTheManifestOnce) {
  auto c = CoverageChecker::open(testing::manifest_path());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_TRUE((*c)->check("各位村民：请于2024年3月5日前办理。").empty());
  EXPECT_EQ((*c)->check("\u2FFC").size(), 1u);
  auto bad = CoverageChecker::open("/nonexistent/manifest.toml");
  EXPECT_FALSE(bad.ok());
}

int run_publish(const std::string& args) {
  const std::string cmd = std::string(GONGKAI_BINARY_DIR) +
                          "/sync/publish/gongkai-publish check-text " + args + " >/dev/null 2>&1";
  int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

TEST(CheckText, CommandExitsZeroWhenCoveredAndTwoOtherwise) {
  const std::string dir = std::string(GONGKAI_BINARY_DIR) + "/";
  std::ofstream(dir + "check_text_ok.md") << "# 通知\n各位村民：𠮷野家、龘字均可显示。\n";
  std::ofstream(dir + "check_text_bad.md") << "# 通知\n姓名：\u2FFC\n";
  EXPECT_EQ(run_publish(dir + "check_text_ok.md"), 0);
  EXPECT_EQ(run_publish(dir + "check_text_ok.md " + dir + "check_text_bad.md"), 2);
  EXPECT_EQ(run_publish(dir + "no_such_file.md"), 1);
  EXPECT_EQ(run_publish(""), 1);
}

}  // namespace
}  // namespace gongkai::text
