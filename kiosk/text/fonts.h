// fonts.h — stage 1 of the text pipeline (DESIGN §6.1): the font registry and fallback chains.
//
// Input: fonts/manifest.toml (ordered families per script, as fontconfig patterns).
// Output: a FontRegistry that owns every face the chains name, each under a small stable
// `font_id` (uint16_t), with a HarfBuzz font for shaping and a FreeType face for rasterizing
// (the same file and collection index, so the atlas draws exactly what HarfBuzz shaped).
//
// Invariants:
//  1. font_id values are dense, 0..count()-1, in manifest order of first mention; they never change
//     for the lifetime of the registry. Font 0 is the primary face of the Han chain.
//  2. "covers(font, cp)" means the font's cmap really maps cp to a glyph
//  (hb_font_get_nominal_glyph),
//     never a HarfBuzz fallback such as U+3000 synthesized from U+0020 (DESIGN §6.2 trap).
//  3. Every chain ends with the manifest's `fallback` chain, so a code point is renderable iff some
//     registered font covers it; default-ignorable code points (ZWJ, variation selectors…) count as
//     covered because they draw nothing.
//  4. The registry is used from one thread (the UI thread); FT_Face is not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gongkai/result.h"

typedef struct FT_FaceRec_* FT_Face;  // NOLINT: FreeType's own spelling, avoids ft2build.h here
typedef struct hb_font_t hb_font_t;

namespace gongkai::text {

// ---- Scripts with their own chain -------------------------------------------------------------
// The manifest has one chain per ScriptClass; itemize maps each Unicode script onto one of these.
enum class ScriptClass : uint8_t { Han, Latin, Arabic, Tibetan, Mongolian, Other };
inline constexpr int kScriptClassCount = 6;
const char* script_class_name(ScriptClass s);  // "han", "latin", … (manifest keys)

// ---- Per-font metrics -------------------------------------------------------------------------
// In font design units; multiply by px / units_per_em. From the OS/2 / hhea tables via HarfBuzz.
struct FontMetrics {
  int units_per_em = 1000;
  int ascender = 880;   // above the baseline, positive
  int descender = 120;  // below the baseline, positive (sign flipped from the font's value)
  int line_gap = 0;
};

struct FontInfo {
  std::string family;  // as named in the manifest, e.g. "Noto Sans CJK SC"
  std::string path;    // resolved file, e.g. /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
  int index = 0;       // face index inside a collection (.ttc): the SC face of Noto CJK is 2
  FontMetrics metrics;
};

// A family the manifest names that fontconfig could not find (reported, not fatal).
struct MissingFont {
  std::string chain;    // manifest key, e.g. "tibetan"
  std::string pattern;  // e.g. "Noto Serif Tibetan:style=Regular"
};

class FontRegistry {
 public:
  // Reads the manifest and resolves every pattern with fontconfig. Fails only when the manifest is
  // unreadable or no font at all resolves; missing families are listed in missing().
  static Result<std::unique_ptr<FontRegistry>> load(const std::string& manifest_path);
  ~FontRegistry();
  FontRegistry(const FontRegistry&) = delete;
  FontRegistry& operator=(const FontRegistry&) = delete;

  uint16_t count() const;                        // number of registered faces
  const FontInfo& info(uint16_t font_id) const;  // family, file, index, metrics
  FT_Face face(uint16_t font_id);                // FreeType face (atlas rasterizes with it)
  hb_font_t* hb_font(uint16_t font_id);          // HarfBuzz font at scale = units_per_em
  const std::vector<MissingFont>& missing() const;
  const std::vector<uint16_t>& chain(ScriptClass s) const;  // ordered ids, fallback appended
  // HarfBuzz language the manifest gives runs of this class ("" = the paragraph's TextStyle::lang).
  const std::string& chain_lang(ScriptClass s) const;

  // Invariant 2: true iff the font's cmap maps cp (or cp is default-ignorable).
  bool covers(uint16_t font_id, char32_t cp) const;
  // First font of chain(s) that covers cp, or -1 when no registered font covers it (tofu).
  int font_for(ScriptClass s, char32_t cp) const;
  // Glyph id in font for cp from the cmap, 0 when absent.
  uint32_t nominal_glyph(uint16_t font_id, char32_t cp) const;

  // Line-end squeeze (clreq 先挤进; GB/T 15834 §5.1.10): the advance and x offset (font units) of
  // cp's `halt` (half-width) form in font, or {0,0,false} when the font has none for cp.
  struct HalfWidth {
    int advance;
    int x_offset;
    bool available;
  };
  HalfWidth half_width(uint16_t font_id, char32_t cp);

 private:
  FontRegistry();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gongkai::text
