// draw.cpp — positioned glyphs → ImDrawList quads (DESIGN §6.6). See draw.h for the invariants.
//
// One call: find the visible lines, fetch each glyph from the atlas (rasterizing on a miss),
// compute its whole-pixel quad, cull it against the clip rectangle, then emit the quads grouped by
// atlas page with PushTextureID / PrimReserve / PrimRectUV / PopTextureID.
#include "text/draw.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace gongkai::text {

namespace {

struct Quad {
  int page;
  ImVec2 a, b;
  ImVec2 uv_a, uv_b;
};

// ImGui's default ImDrawIdx is 16 bits; the SDL_Renderer backend honours VtxOffset, but keeping a
// reservation well under 65536 vertices makes no assumption about either.
constexpr int kMaxQuadsPerReserve = 4096;

// Index of the first line whose box (grown by `margin` for ink above/below it) reaches below y.
size_t first_visible_line(const Layout& layout, float y, float margin) {
  auto it =
      std::partition_point(layout.lines.begin(), layout.lines.end(),
                           [&](const LayoutLine& l) { return l.top + l.height + margin <= y; });
  return static_cast<size_t>(it - layout.lines.begin());
}

void emit(ImDrawList* draw_list, GlyphAtlas& atlas, const std::vector<Quad>& quads, ImU32 color) {
  for (int page = 0; page < atlas.stats().pages; ++page) {
    const auto count =
        std::count_if(quads.begin(), quads.end(), [&](const Quad& q) { return q.page == page; });
    if (count == 0) continue;
    draw_list->PushTextureID(static_cast<ImTextureID>(atlas.page_texture(page)));
    int left = 0;
    for (const Quad& q : quads) {
      if (q.page != page) continue;
      if (left == 0) {
        left = static_cast<int>(std::min<long>(count, kMaxQuadsPerReserve));
        draw_list->PrimReserve(6 * left, 4 * left);
      }
      draw_list->PrimRectUV(q.a, q.b, q.uv_a, q.uv_b, color);
      --left;
    }
    draw_list->PopTextureID();
  }
}

}  // namespace

GlyphKey glyph_key(const Layout& layout, const PositionedGlyph& glyph, uint8_t bucket) {
  GlyphKey k;
  k.font_id = glyph.font_id;
  k.glyph_id = glyph.glyph_id;
  k.size_64 = static_cast<uint32_t>(std::lround(layout.size_px * 64.f));
  k.subpixel = bucket;
  return k;
}

FaceLookup face_lookup(FontRegistry& fonts) {
  return [&fonts](uint16_t font_id) -> FT_Face {
    return font_id < fonts.count() ? fonts.face(font_id) : nullptr;
  };
}

DrawStats draw_layout(ImDrawList* draw_list, GlyphAtlas& atlas, const Layout& layout, ImVec2 origin,
                      ImU32 color, const ImVec4* clip) {
  DrawStats stats;
  if (draw_list == nullptr || layout.lines.empty()) return stats;
  ImVec4 c;
  if (clip != nullptr) {
    c = *clip;
    draw_list->PushClipRect(ImVec2(c.x, c.y), ImVec2(c.z, c.w), true);
    // The intersection with the enclosing clip rectangle is what will show.
    const ImVec2 lo = draw_list->GetClipRectMin(), hi = draw_list->GetClipRectMax();
    c = ImVec4(lo.x, lo.y, hi.x, hi.y);
  } else {
    const ImVec2 lo = draw_list->GetClipRectMin(), hi = draw_list->GetClipRectMax();
    c = ImVec4(lo.x, lo.y, hi.x, hi.y);
  }

  // Ink may reach beyond the line box (tall Tibetan stacks, tight line heights): one em of slack.
  const float margin = layout.size_px;
  std::vector<Quad> quads;
  for (size_t li = first_visible_line(layout, c.y - origin.y, margin); li < layout.lines.size();
       ++li) {
    const LayoutLine& line = layout.lines[li];
    if (origin.y + line.top - margin >= c.w) break;
    ++stats.lines_visited;
    for (uint32_t gi = line.glyph_begin; gi < line.glyph_end && gi < layout.glyphs.size(); ++gi) {
      const PositionedGlyph& g = layout.glyphs[gi];
      // Cheap horizontal cull before touching the atlas: ink stays within four ems of its pen
      // position (marks hang left of it; the widest glyphs, such as ⸻ U+2E3B THREE-EM DASH, reach
      // three ems right), so a glyph further out is neither rasterized nor marked as used.
      const float pen_x = origin.x + g.x;
      if (pen_x + 4 * margin <= c.x || pen_x - 4 * margin >= c.z) {
        ++stats.culled;
        continue;
      }
      int x = 0;
      uint8_t bucket = 0;
      atlas.snap_x(pen_x, &x, &bucket);
      const AtlasGlyph* a = atlas.get(glyph_key(layout, g, bucket));
      if (a == nullptr) {
        ++stats.missing;
        continue;
      }
      if (a->texture == nullptr) continue;  // no ink (a space)
      const float x0 = static_cast<float>(x + a->left);
      const float y0 = std::round(origin.y + g.y) - static_cast<float>(a->top);
      const float x1 = x0 + static_cast<float>(a->width);
      const float y1 = y0 + static_cast<float>(a->height);
      if (x1 <= c.x || x0 >= c.z || y1 <= c.y || y0 >= c.w) {
        ++stats.culled;
        continue;
      }
      quads.push_back(Quad{a->page, ImVec2(x0, y0), ImVec2(x1, y1), ImVec2(a->u0, a->v0),
                           ImVec2(a->u1, a->v1)});
    }
  }
  stats.quads = static_cast<uint32_t>(quads.size());
  emit(draw_list, atlas, quads, color);
  if (clip != nullptr) draw_list->PopClipRect();
  return stats;
}

}  // namespace gongkai::text
