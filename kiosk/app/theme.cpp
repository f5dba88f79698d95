// theme.cpp — the two palettes and the size sets; contrast per WCAG 2.2 §1.4.3 definitions
// (relative luminance with the sRGB transfer function).
#include "app/theme.h"

#include <algorithm>
#include <cmath>

namespace gongkai::kiosk {
namespace {

constexpr Palette kStandard = {
    /*background*/ {0xF2, 0xF4, 0xF7}, /*surface*/ {0xFF, 0xFF, 0xFF},
    /*text*/ {0x1A, 0x1F, 0x26},       /*text_muted*/ {0x4B, 0x55, 0x63},
    /*header*/ {0x9E, 0x1B, 0x1B},     /*header_text*/ {0xFF, 0xFF, 0xFF},
    /*accent*/ {0x1D, 0x4E, 0x89},     /*accent_text*/ {0xFF, 0xFF, 0xFF},
    /*chip*/ {0xE3, 0xEC, 0xF7},       /*chip_text*/ {0x15, 0x3A, 0x66},
    /*urgent*/ {0xB4, 0x23, 0x18},     /*urgent_text*/ {0xFF, 0xFF, 0xFF},
    /*border*/ {0xD0, 0xD5, 0xDD},     /*track*/ {0xDD, 0xE3, 0xEA},
};

constexpr Palette kHighContrast = {
    /*background*/ {0x00, 0x00, 0x00}, /*surface*/ {0x12, 0x12, 0x12},
    /*text*/ {0xFF, 0xFF, 0xFF},       /*text_muted*/ {0xE6, 0xE6, 0xE6},
    /*header*/ {0x00, 0x00, 0x00},     /*header_text*/ {0xFF, 0xE0, 0x00},
    /*accent*/ {0xFF, 0xE0, 0x00},     /*accent_text*/ {0x00, 0x00, 0x00},
    /*chip*/ {0x00, 0x00, 0x00},       /*chip_text*/ {0xFF, 0xE0, 0x00},
    /*urgent*/ {0xFF, 0xFF, 0xFF},     /*urgent_text*/ {0x9E, 0x00, 0x00},
    /*border*/ {0xFF, 0xFF, 0xFF},     /*track*/ {0x55, 0x55, 0x55},
};

double channel(uint8_t v) {
  const double c = v / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(Rgb c) {
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

}  // namespace

const Palette& palette(PaletteKind k) {
  return k == PaletteKind::HighContrast ? kHighContrast : kStandard;
}

std::vector<TextPair> text_pairs(const Palette& p) {
  return {
      {"text on background", p.text, p.background},
      {"text on surface", p.text, p.surface},
      {"muted text on surface", p.text_muted, p.surface},
      {"muted text on background", p.text_muted, p.background},
      {"header text on header", p.header_text, p.header},
      {"accent text on accent", p.accent_text, p.accent},
      {"accent on surface (links, counts)", p.accent, p.surface},
      {"chip text on chip", p.chip_text, p.chip},
      {"urgent text on urgent", p.urgent_text, p.urgent},
      {"accent on background (group headings)", p.accent, p.background},
      {"urgent on background (wrong PIN)", p.urgent, p.background},
      {"chip on chip text (selected filter)", p.chip, p.chip_text},
  };
}

double contrast_ratio(Rgb a, Rgb b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

Metrics metrics(bool elder, float s) {
  Metrics m;
  if (elder) {
    // 长辈模式 (DESIGN §7): body 36 px = 27 pt ≥ 18 pt; headings 56 px = 42 pt ≥ 30 pt.
    m.body = 36, m.small = 30, m.heading = 56, m.title = 64;
    m.line_height = 1.5f, m.target = 88, m.pad = 28, m.gap = 20, m.header_h = 112;
  }
  m.body *= s, m.small *= s, m.heading *= s, m.title *= s;
  m.target *= s, m.pad *= s, m.gap *= s, m.header_h *= s, m.radius *= s;
  return m;
}

}  // namespace gongkai::kiosk
