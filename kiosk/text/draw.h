// draw.h — stage 6 of the text pipeline (DESIGN §6.6): positioned glyphs → ImDrawList quads.
//
// Input:  a Layout (layout.h: lines in visual order, glyph pen positions on baselines, px), a
//         GlyphAtlas, an origin in screen px, a colour and a clip rectangle.
// Output: one textured quad per visible inked glyph appended to an ImDrawList, the atlas page's
//         SDL_Texture* as ImTextureID, so ImGui 1.86's SDL_Renderer backend
//         (imgui_impl_sdlrenderer) draws it with SDL_RenderGeometryRaw; plus counts of what was
//         drawn.
//
// Invariants:
//  1. Pen positions are snapped to whole pixels (DESIGN §6.5): the baseline y is rounded, x goes
//     through GlyphAtlas::snap_x (whole pixels unless subpixel buckets are configured), so a glyph
//     is drawn texel-for-pixel as FreeType rendered it.
//  2. Only lines intersecting the clip rectangle are visited (binary search over line tops), and a
//     glyph quad wholly outside it is skipped: scrolling a long notice costs the visible lines
//     only.
//  3. Every glyph drawn was fetched from the atlas in this frame (the caller has called
//     atlas.begin_frame() for it), so the atlas keeps it until the draw lists are rendered.
//  4. Quads are grouped per atlas page: one texture switch per page used, not per glyph.
#pragma once

#include <imgui.h>

#include <cstdint>

#include "text/atlas.h"
#include "text/fonts.h"
#include "text/layout.h"

namespace gongkai::text {

// What one draw_layout() call did, for tests, the staff page and flicker checks.
struct DrawStats {
  uint32_t lines_visited = 0;  // lines intersecting the clip rectangle
  uint32_t quads = 0;          // glyph quads emitted
  uint32_t culled = 0;         // glyphs of visited lines wholly outside the clip rectangle
  uint32_t missing = 0;        // glyphs the atlas could not supply (not drawn: a visible defect)
};

// Appends the layout's visible glyphs to draw_list with their top-left layout corner at origin.
// clip: (min x, min y, max x, max y) in screen px; it is also pushed as the draw list's clip
// rectangle (intersected with the current one) so glyphs straddling its edge are cut exactly.
// nullptr = the draw list's current clip rectangle (a scrolled child window's visible area).
DrawStats draw_layout(ImDrawList* draw_list, GlyphAtlas& atlas, const Layout& layout, ImVec2 origin,
                      ImU32 color, const ImVec4* clip = nullptr);

// The atlas's view of the engine's font registry (FontRegistry::face per font_id). The registry
// must outlive the atlas (atlas.h "Threading").
FaceLookup face_lookup(FontRegistry& fonts);

// Key of a glyph of `layout` drawn at snapped subpixel bucket `bucket`.
GlyphKey glyph_key(const Layout& layout, const PositionedGlyph& glyph, uint8_t bucket);

}  // namespace gongkai::text
