// test_atlas_support.h — fixtures shared by the glyph atlas and draw tests (issue #3 "Atlas").
//
// SoftwareCanvas: an SDL software renderer on an in-memory surface (no window, no video driver),
// so the atlas's real SDL textures can be created, drawn and read back with SDL_RenderReadPixels
// in unit tests, also under ASan. FontFiles: FreeType faces of installed fonts found with
// fontconfig, independent of the engine's manifest, so atlas tests pin the atlas alone.
// Every C handle is owned by RAII.
#pragma once

#include <SDL.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "text/atlas.h"

namespace gongkai::text::testing {

// ---- SDL software rendering -------------------------------------------------------------------
class SoftwareCanvas {
 public:
  SoftwareCanvas(int width, int height)
      : surface_(SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_ARGB8888)),
        renderer_(surface_ ? SDL_CreateSoftwareRenderer(surface_.get()) : nullptr) {
    if (!renderer_) throw std::runtime_error(std::string("software renderer: ") + SDL_GetError());
  }
  SDL_Renderer* renderer() const { return renderer_.get(); }

  // Pixels of `texture` drawn over an opaque background (ARGB8888, row-major): the region
  // (x, y, w, h) of the texture, copied 1:1 with the texture's blend mode (or raw texels when
  // raw = true), into a w × h render-target texture, read back with SDL_RenderReadPixels.
  std::vector<Uint32> draw_and_read(SDL_Texture* texture, SDL_Rect src, Uint32 background,
                                    bool raw = false) const {
    SDL_Renderer* r = renderer_.get();
    SDL_Texture* target =
        SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, src.w, src.h);
    if (target == nullptr) throw std::runtime_error(SDL_GetError());
    SDL_SetRenderTarget(r, target);
    SDL_SetRenderDrawColor(r, (background >> 16) & 0xff, (background >> 8) & 0xff,
                           background & 0xff, 0xff);
    SDL_RenderClear(r);
    SDL_BlendMode mode = SDL_BLENDMODE_BLEND;
    SDL_GetTextureBlendMode(texture, &mode);
    if (raw) SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_NONE);
    const SDL_Rect dst{0, 0, src.w, src.h};
    SDL_RenderCopy(r, texture, &src, &dst);
    SDL_SetTextureBlendMode(texture, mode);
    std::vector<Uint32> pixels(static_cast<size_t>(src.w) * src.h);
    SDL_RenderReadPixels(r, nullptr, SDL_PIXELFORMAT_ARGB8888, pixels.data(), src.w * 4);
    SDL_SetRenderTarget(r, nullptr);
    SDL_DestroyTexture(target);
    return pixels;
  }

  // The texel rectangle (no padding) of an atlas glyph.
  static SDL_Rect rect_of(const AtlasGlyph& g, int page_size) {
    return SDL_Rect{static_cast<int>(std::lround(g.u0 * page_size)),
                    static_cast<int>(std::lround(g.v0 * page_size)), g.width, g.height};
  }

 private:
  struct SurfaceDeleter {
    void operator()(SDL_Surface* s) const { SDL_FreeSurface(s); }
  };
  struct RendererDeleter {
    void operator()(SDL_Renderer* r) const { SDL_DestroyRenderer(r); }
  };
  std::unique_ptr<SDL_Surface, SurfaceDeleter> surface_;
  std::unique_ptr<SDL_Renderer, RendererDeleter> renderer_;
};

// ---- Fonts ------------------------------------------------------------------------------------
class FontFiles {
 public:
  FontFiles() {
    if (FT_Init_FreeType(&library_) != 0) throw std::runtime_error("FT_Init_FreeType");
  }
  ~FontFiles() {
    for (FT_Face f : faces_) FT_Done_Face(f);
    FT_Done_FreeType(library_);
  }
  FontFiles(const FontFiles&) = delete;
  FontFiles& operator=(const FontFiles&) = delete;

  // Opens the font fontconfig picks for `pattern`; returns its font id (dense from 0). Throws when
  // the match is not the requested family (the fonts are a bootstrap dependency: fail loudly).
  uint16_t open(const std::string& pattern, const std::string& family) {
    FcPattern* pat = FcNameParse(reinterpret_cast<const FcChar8*>(pattern.c_str()));
    FcConfigSubstitute(nullptr, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result = FcResultNoMatch;
    FcPattern* match = FcFontMatch(nullptr, pat, &result);
    FcPatternDestroy(pat);
    FcChar8* file = nullptr;
    FcChar8* fam = nullptr;
    int index = 0;
    std::string path, got;
    if (match != nullptr && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
        FcPatternGetString(match, FC_FAMILY, 0, &fam) == FcResultMatch) {
      FcPatternGetInteger(match, FC_INDEX, 0, &index);
      path = reinterpret_cast<const char*>(file);
      got = reinterpret_cast<const char*>(fam);
    }
    if (match != nullptr) FcPatternDestroy(match);
    if (got != family) throw std::runtime_error("font not installed: " + pattern + " got " + got);
    FT_Face face = nullptr;
    if (FT_New_Face(library_, path.c_str(), index, &face) != 0) {
      throw std::runtime_error("FT_New_Face " + path);
    }
    faces_.push_back(face);
    return static_cast<uint16_t>(faces_.size() - 1);
  }

  FT_Face face(uint16_t id) const { return id < faces_.size() ? faces_[id] : nullptr; }
  uint32_t glyph(uint16_t id, char32_t cp) const { return FT_Get_Char_Index(faces_[id], cp); }
  FaceLookup lookup() const {
    return [this](uint16_t id) { return face(id); };
  }

 private:
  FT_Library library_ = nullptr;
  std::vector<FT_Face> faces_;
};

}  // namespace gongkai::text::testing
