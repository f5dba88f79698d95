// theme.h — colours and sizes of the kiosk UI (DESIGN §7, issue #4 长辈模式 / high contrast).
//
// Two palettes (Standard, HighContrast) × two size sets (normal, 长辈模式). Sizes are logical px
// at display_scale 1.0 on a 1080p panel and are multiplied by the configured scale. "pt-equivalent"
// follows CSS: 1 pt = 4/3 px, so 18 pt = 24 px and 30 pt = 40 px.
//
// Invariants (pinned by tests/gui/test_theme.cpp; ratios listed in docs/ui.md):
//  1. Every text/background pair a palette uses has WCAG 2.x contrast ≥ 4.5:1 (DESIGN §7), in
//     both palettes; the HighContrast palette reaches ≥ 7:1 (WCAG AAA).
//  2. 长辈模式 metrics: body ≥ 24 px (18 pt), headings ≥ 40 px (30 pt), line height ≥ 1.3,
//     touch targets ≥ 60 px; normal metrics: targets ≥ 44 px.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gongkai::kiosk {

struct Rgb {
  uint8_t r = 0, g = 0, b = 0;
  uint32_t abgr(uint8_t a = 255) const {  // ImU32 layout (IM_COL32)
    return static_cast<uint32_t>(r) | static_cast<uint32_t>(g) << 8 |
           static_cast<uint32_t>(b) << 16 | static_cast<uint32_t>(a) << 24;
  }
};

struct Palette {
  Rgb background;  // page
  Rgb surface;     // cards, tiles, rows
  Rgb text;        // body text on surface and background
  Rgb text_muted;  // secondary text (dates, issuers) on surface
  Rgb header;      // top bar
  Rgb header_text;
  Rgb accent;       // buttons, active tab, progress
  Rgb accent_text;  // text on accent
  Rgb chip;         // channel chips
  Rgb chip_text;
  Rgb urgent;  // 紧急 badge
  Rgb urgent_text;
  Rgb border;  // separators, outlines (not text: no contrast requirement)
  Rgb track;   // remaining-days bar track
};

enum class PaletteKind { Standard, HighContrast };
const Palette& palette(PaletteKind k);

struct TextPair {
  const char* name;  // "text on surface" …
  Rgb fg, bg;
};
// Every foreground/background pair the screens draw text with.
std::vector<TextPair> text_pairs(const Palette& p);

// WCAG 2.x relative luminance contrast ratio, in [1, 21].
double contrast_ratio(Rgb a, Rgb b);

struct Metrics {
  float body = 26, small = 21, heading = 40, title = 52;  // text sizes, px
  float line_height = 1.45f;
  float target = 56;    // minimum touch target edge, px
  float pad = 24;       // outer padding, px
  float gap = 16;       // between elements, px
  float header_h = 96;  // top bar height, px
  float radius = 12;    // corner radius, px
};
Metrics metrics(bool elder, float display_scale);

}  // namespace gongkai::kiosk
