// coverage.cpp — find_uncovered, CoverageChecker (coverage.h).
//
// A character is covered when some registered font's cmap maps it (fonts.h invariant 2), the same
// test itemize uses to pick fonts, so "check-text passes" ⇔ "the kiosk draws no tofu". Control
// characters the layout never draws (TAB, CR, LF) are not reported.
#include "text/coverage.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "text/fonts.h"
#include "text/utf8.h"

#ifndef GONGKAI_TEXT_SOURCE_MANIFEST
#define GONGKAI_TEXT_SOURCE_MANIFEST ""
#endif

namespace gongkai::text {

namespace {
bool never_drawn(char32_t c) {
  return c == '\t' || c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029;
}
}  // namespace

std::vector<Uncovered> find_uncovered(const FontRegistry& fonts, std::string_view s) {
  std::vector<Uncovered> out;
  uint32_t line = 1, col = 0;
  const std::vector<uint16_t>& all =
      fonts.chain(ScriptClass::Other);  // every chain ends in fallback
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    bool bad;
    int n = decode_one(s, i, &cp, &bad);
    ++col;
    if (bad) {
      out.push_back({0xFFFD, static_cast<uint32_t>(i), line, col, true});
    } else if (cp == '\n') {
      ++line;
      col = 0;
    } else if (!never_drawn(cp)) {
      bool ok = false;
      for (uint16_t id : all)
        if (fonts.covers(id, cp)) {
          ok = true;
          break;
        }
      if (!ok)  // not in the fallback chain: try every registered face before calling it tofu
        for (uint16_t id = 0; id < fonts.count() && !ok; ++id) ok = fonts.covers(id, cp);
      if (!ok) out.push_back({cp, static_cast<uint32_t>(i), line, col, false});
    }
    i += static_cast<size_t>(n);
  }
  return out;
}

std::string describe(const Uncovered& u) {
  char buf[96];
  if (u.invalid_utf8) {
    std::snprintf(buf, sizeof buf, "invalid UTF-8 byte at line %u, column %u", u.line, u.column);
    return buf;
  }
  std::string ch;
  append_utf8(ch, u.code_point);
  std::snprintf(buf, sizeof buf, "U+%04X %s line %u, column %u",
                static_cast<unsigned>(u.code_point), ch.c_str(), u.line, u.column);
  return buf;
}

std::string default_manifest_path() {
  if (const char* env = std::getenv("GONGKAI_FONTS_MANIFEST"); env && *env) return env;
  std::error_code ec;
  if (*GONGKAI_TEXT_SOURCE_MANIFEST && std::filesystem::exists(GONGKAI_TEXT_SOURCE_MANIFEST, ec))
    return GONGKAI_TEXT_SOURCE_MANIFEST;
  return "/usr/share/gongkai/fonts/manifest.toml";
}

CoverageChecker::CoverageChecker(std::unique_ptr<FontRegistry> fonts) : fonts_(std::move(fonts)) {}
CoverageChecker::~CoverageChecker() = default;

Result<std::unique_ptr<CoverageChecker>> CoverageChecker::open(const std::string& manifest_path) {
  auto fonts = FontRegistry::load(manifest_path);
  if (!fonts.ok()) return fonts.error();
  return std::unique_ptr<CoverageChecker>(new CoverageChecker(std::move(fonts.value())));
}

std::vector<Uncovered> CoverageChecker::check(std::string_view utf8) const {
  return find_uncovered(*fonts_, utf8);
}

}  // namespace gongkai::text
