// coverage.h — which characters no font in the chain can draw (issue #3 "Coverage check").
//
// Input: UTF-8 text and the FontRegistry. Output: one Uncovered per code point that no registered
// font maps in its cmap (fonts.h invariant 2), with where it occurs. Also reports bytes that are
// not valid UTF-8 (code point U+FFFD, invalid_utf8 = true) since they would show as tofu too.
//
// Invariants: results are in text order; line and column are 1-based; column counts code points
// (not bytes, not display cells) so an editor's "go to column" finds the character; a line ends at
// U+000A (CR LF counts as one line end).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gongkai/result.h"

namespace gongkai::text {

class FontRegistry;

struct Uncovered {
  char32_t code_point;   // the character (U+FFFD when invalid_utf8)
  uint32_t byte_offset;  // offset of its first byte in the input
  uint32_t line;         // 1-based
  uint32_t column;       // 1-based, in code points
  bool invalid_utf8 = false;
};

// Every character in utf8 that no font of the registry covers.
std::vector<Uncovered> find_uncovered(const FontRegistry& fonts, std::string_view utf8);

// "U+20BB7 𠮷 line 3, column 5" (for reports; English and the character itself).
std::string describe(const Uncovered& u);

// Where the font manifest is: $GONGKAI_FONTS_MANIFEST, else <source dir>/fonts/manifest.toml of
// the build, else /usr/share/gongkai/fonts/manifest.toml.
std::string default_manifest_path();

// For importers and the publisher (gongkai-publish check-text, the notice importer): loads the
// registry once and checks any number of texts with it. No SDL, no engine caches.
class CoverageChecker {
 public:
  static Result<std::unique_ptr<CoverageChecker>> open(const std::string& manifest_path);
  ~CoverageChecker();
  std::vector<Uncovered> check(std::string_view utf8) const;
  const FontRegistry& fonts() const { return *fonts_; }

 private:
  explicit CoverageChecker(std::unique_ptr<FontRegistry> fonts);
  std::unique_ptr<FontRegistry> fonts_;
};

}  // namespace gongkai::text
