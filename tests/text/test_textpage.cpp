// test_textpage.cpp — runs gongkai-textpage under the display scripts/test provides (Xvfb) and
// checks its screenshot (issue #3 "A screenshot of a test page"): the program exits 0 (no tofu, no
// 禁则 violation, no missing glyph — it checks those itself), the PNG has the page size, and every
// section's text box holds real anti-aliased ink: many dark pixels in many grey levels, not blank
// and not a few solid boxes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "png_io.h"

namespace gongkai::text {
namespace {

using testing::Image;

int luma(uint32_t argb) {
  return (299 * ((argb >> 16) & 0xff) + 587 * ((argb >> 8) & 0xff) + 114 * (argb & 0xff)) / 1000;
}

TEST(TextPage, screenshot_shows_ink_in_every_section) {
  ASSERT_NE(std::getenv("DISPLAY"), nullptr)
      << "GUI tests need a display (scripts/test starts Xvfb)";
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / "gongkai-textpage-test";
  std::filesystem::create_directories(dir);
  const std::string png = (dir / "textpage.png").string();
  std::filesystem::remove(png);
  const std::string cmd = std::string(TEXTPAGE_BIN) + " --out " + png + " --manifest " +
                          GONGKAI_SOURCE_DIR + "/fonts/manifest.toml";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;

  Image image;
  ASSERT_EQ(testing::read_png(png, &image), "");
  EXPECT_EQ(image.width, 1600);
  EXPECT_EQ(image.height, 1040);

  std::ifstream regions(png + ".tsv");
  int sections = 0;
  for (std::string line; std::getline(regions, line);) {
    std::istringstream in(line);
    std::string name;
    float x = 0, y = 0, w = 0, h = 0;
    in >> name >> x >> y >> w >> h;
    SCOPED_TRACE(name);
    ++sections;
    ASSERT_GT(h, 10.f);
    size_t dark = 0;
    std::set<int> levels;
    for (int py = static_cast<int>(y); py < static_cast<int>(y + h) && py < image.height; ++py) {
      for (int px = static_cast<int>(x); px < static_cast<int>(x + w) && px < image.width; ++px) {
        const int l = luma(image.argb[static_cast<size_t>(py) * image.width + px]);
        if (l < 200) levels.insert(l);
        dark += l < 100;
      }
    }
    EXPECT_GT(dark, 300u);
    EXPECT_GT(levels.size(), 40u) << "text should be anti-aliased";
  }
  EXPECT_EQ(sections, 10);
}

}  // namespace
}  // namespace gongkai::text
