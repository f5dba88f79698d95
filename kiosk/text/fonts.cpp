// fonts.cpp — FontRegistry: manifest → fontconfig → (file, index) → HarfBuzz font + FreeType face.
//
// Input: the TOML manifest (fonts/manifest.toml): [chain.<class>] tables with `lang` and `fonts`
// (fontconfig patterns). Output: dense font ids in first-mention order, chains as id lists.
// Invariants: see fonts.h. A pattern counts as resolved only when fontconfig's best match has the
// requested family (FcFontMatch otherwise silently substitutes another font, which would make the
// chain lie about coverage). FreeType faces are opened lazily: shaping and coverage only need
// HarfBuzz, which maps the file itself.
#include "text/fonts.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ot.h>
#include <hb.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

namespace gongkai::text {

namespace {

constexpr std::array<const char*, kScriptClassCount> kClassNames = {
    "han", "latin", "arabic", "tibetan", "mongolian", "other"};

// RAII for the C handles (STYLE: no naked C handles).
struct HbFontDel {
  void operator()(hb_font_t* f) const { hb_font_destroy(f); }
};
struct FtFaceDel {
  void operator()(FT_Face f) const { FT_Done_Face(f); }
};
struct FcPatternDel {
  void operator()(FcPattern* p) const { FcPatternDestroy(p); }
};
using HbFontPtr = std::unique_ptr<hb_font_t, HbFontDel>;
using FtFacePtr = std::unique_ptr<FT_FaceRec_, FtFaceDel>;
using FcPatternPtr = std::unique_ptr<FcPattern, FcPatternDel>;

struct Chains {
  std::array<std::vector<std::string>, kScriptClassCount> patterns;
  std::array<std::string, kScriptClassCount> langs;
  std::vector<std::string> fallback;
};

// Parses the manifest (tomlplusplus throws; the exception stays inside this function).
Result<Chains> parse_manifest(const std::string& path) {
  Chains c;
  try {
    toml::table t = toml::parse_file(path);
    auto read = [&](std::string_view key, std::vector<std::string>& out, std::string* lang) {
      const toml::table* tbl = t["chain"][key].as_table();
      if (!tbl) return;
      if (lang) *lang = (*tbl)["lang"].value_or(std::string{});
      if (const toml::array* arr = (*tbl)["fonts"].as_array())
        for (const auto& el : *arr)
          if (auto s = el.value<std::string>()) out.push_back(*s);
    };
    for (int i = 0; i < kScriptClassCount; ++i) read(kClassNames[i], c.patterns[i], &c.langs[i]);
    read("fallback", c.fallback, nullptr);
  } catch (const toml::parse_error& e) {
    return Error{"text.manifest", "cannot read font manifest " + path + ": " +
                                      std::string(e.description()) + " / 无法读取字体清单"};
  }
  return c;
}

// The family name part of a fontconfig pattern ("Noto Sans CJK SC:style=Regular" → "Noto Sans CJK
// SC").
std::string family_of(const std::string& pattern) {
  auto colon = pattern.find(':');
  return pattern.substr(0, colon);
}

// Resolves one pattern to (file, index) if fontconfig's match really is that family.
bool resolve(FcConfig* config, const std::string& pattern, std::string* path, int* index) {
  FcPatternPtr pat(FcNameParse(reinterpret_cast<const FcChar8*>(pattern.c_str())));
  if (!pat) return false;
  FcConfigSubstitute(config, pat.get(), FcMatchPattern);
  FcDefaultSubstitute(pat.get());
  FcResult result = FcResultNoMatch;
  FcPatternPtr match(FcFontMatch(config, pat.get(), &result));
  if (!match || result != FcResultMatch) return false;
  const std::string want = family_of(pattern);
  bool family_ok = false;
  FcChar8* fam = nullptr;
  for (int i = 0; FcPatternGetString(match.get(), FC_FAMILY, i, &fam) == FcResultMatch; ++i)
    if (want == reinterpret_cast<const char*>(fam)) family_ok = true;
  FcChar8* file = nullptr;
  int idx = 0;
  if (!family_ok || FcPatternGetString(match.get(), FC_FILE, 0, &file) != FcResultMatch)
    return false;
  FcPatternGetInteger(match.get(), FC_INDEX, 0, &idx);
  *path = reinterpret_cast<const char*>(file);
  *index = idx;
  return true;
}

// Default-ignorable code points draw nothing, so any font "covers" them (fonts.h invariant 3).
bool default_ignorable(char32_t cp) {
  return cp == 0x00AD || cp == 0x034F || cp == 0x061C || (cp >= 0x180B && cp <= 0x180F) ||
         (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x206F) || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF ||
         (cp >= 0xE0000 && cp <= 0xE0FFF);
}

}  // namespace

const char* script_class_name(ScriptClass s) { return kClassNames[static_cast<int>(s)]; }

struct FontRegistry::Impl {
  FT_Library ft = nullptr;
  std::vector<FontInfo> infos;
  std::vector<HbFontPtr> hb;
  std::vector<FtFacePtr> ft_faces;  // lazily opened
  std::array<std::vector<uint16_t>, kScriptClassCount> chains;
  std::array<std::string, kScriptClassCount> langs;
  std::vector<MissingFont> missing;
  std::map<std::pair<uint16_t, char32_t>, HalfWidth> half_widths;
  hb_buffer_t* scratch = nullptr;

  ~Impl() {
    if (scratch) hb_buffer_destroy(scratch);
    ft_faces.clear();
    hb.clear();
    if (ft) FT_Done_FreeType(ft);
  }

  // Registers (path, index) once; returns its id.
  int add_font(const std::string& family, const std::string& path, int index) {
    for (size_t i = 0; i < infos.size(); ++i)
      if (infos[i].path == path && infos[i].index == index) return static_cast<int>(i);
    hb_blob_t* blob = hb_blob_create_from_file_or_fail(path.c_str());
    if (!blob) return -1;
    hb_face_t* face = hb_face_create(blob, static_cast<unsigned>(index));
    hb_blob_destroy(blob);
    HbFontPtr font(hb_font_create(face));
    FontInfo info{family, path, index, {}};
    info.metrics.units_per_em = static_cast<int>(hb_face_get_upem(face));
    hb_face_destroy(face);
    int upem = info.metrics.units_per_em;
    hb_font_set_scale(font.get(), upem, upem);  // font units: shaping is size-independent
    hb_font_extents_t ext{};
    hb_font_get_h_extents(font.get(), &ext);
    info.metrics.ascender = ext.ascender;
    info.metrics.descender = -ext.descender;
    info.metrics.line_gap = ext.line_gap;
    infos.push_back(std::move(info));
    hb.push_back(std::move(font));
    ft_faces.emplace_back(nullptr);
    return static_cast<int>(infos.size() - 1);
  }
};

FontRegistry::FontRegistry() : impl_(std::make_unique<Impl>()) {}
FontRegistry::~FontRegistry() = default;

Result<std::unique_ptr<FontRegistry>> FontRegistry::load(const std::string& manifest_path) {
  auto chains = parse_manifest(manifest_path);
  if (!chains.ok()) return chains.error();
  std::unique_ptr<FontRegistry> reg(new FontRegistry());
  Impl& im = *reg->impl_;
  if (FT_Init_FreeType(&im.ft) != 0)
    return Error{"text.freetype", "FreeType failed to initialise / FreeType 初始化失败"};
  FcConfig* config = FcInitLoadConfigAndFonts();  // own config: no global state shared with SDL_ttf
  if (!config) return Error{"text.fontconfig", "fontconfig failed to load / fontconfig 加载失败"};
  std::unordered_map<std::string, int> resolved;  // pattern → id or -1
  auto id_of = [&](const std::string& chain, const std::string& pattern) -> int {
    if (auto it = resolved.find(pattern); it != resolved.end()) return it->second;
    std::string path;
    int index = 0, id = -1;
    if (resolve(config, pattern, &path, &index)) id = im.add_font(family_of(pattern), path, index);
    if (id < 0) im.missing.push_back({chain, pattern});
    resolved[pattern] = id;
    return id;
  };
  // Chains first in class order so the Han primary gets id 0 (invariant 1), then the fallback.
  std::vector<uint16_t> fallback_ids;
  for (int c = 0; c < kScriptClassCount; ++c) {
    im.langs[c] = chains->langs[c];
    for (const auto& p : chains->patterns[c])
      if (int id = id_of(kClassNames[c], p); id >= 0)
        im.chains[c].push_back(static_cast<uint16_t>(id));
  }
  for (const auto& p : chains->fallback)
    if (int id = id_of("fallback", p); id >= 0) fallback_ids.push_back(static_cast<uint16_t>(id));
  FcConfigDestroy(config);
  for (auto& chain : im.chains)
    for (uint16_t id : fallback_ids)
      if (std::find(chain.begin(), chain.end(), id) == chain.end()) chain.push_back(id);
  if (im.infos.empty())
    return Error{"text.no_fonts",
                 "no font of " + manifest_path +
                     " is installed (run scripts/bootstrap) / 清单中的字体均未安装"};
  im.scratch = hb_buffer_create();
  return reg;
}

uint16_t FontRegistry::count() const { return static_cast<uint16_t>(impl_->infos.size()); }
const FontInfo& FontRegistry::info(uint16_t id) const { return impl_->infos.at(id); }
hb_font_t* FontRegistry::hb_font(uint16_t id) { return impl_->hb.at(id).get(); }
const std::vector<MissingFont>& FontRegistry::missing() const { return impl_->missing; }
const std::vector<uint16_t>& FontRegistry::chain(ScriptClass s) const {
  return impl_->chains[static_cast<int>(s)];
}
const std::string& FontRegistry::chain_lang(ScriptClass s) const {
  return impl_->langs[static_cast<int>(s)];
}

FT_Face FontRegistry::face(uint16_t id) {
  FtFacePtr& slot = impl_->ft_faces.at(id);
  if (!slot) {
    FT_Face f = nullptr;
    const FontInfo& fi = impl_->infos[id];
    if (FT_New_Face(impl_->ft, fi.path.c_str(), fi.index, &f) != 0) return nullptr;
    slot.reset(f);
  }
  return slot.get();
}

uint32_t FontRegistry::nominal_glyph(uint16_t id, char32_t cp) const {
  hb_codepoint_t g = 0;
  if (!hb_font_get_nominal_glyph(impl_->hb[id].get(), cp, &g)) return 0;
  return g;
}

bool FontRegistry::covers(uint16_t id, char32_t cp) const {
  return default_ignorable(cp) || nominal_glyph(id, cp) != 0;
}

int FontRegistry::font_for(ScriptClass s, char32_t cp) const {
  for (uint16_t id : impl_->chains[static_cast<int>(s)])
    if (covers(id, cp)) return id;
  return -1;
}

// Shapes cp alone with and without `halt` (zh-Hans, the SC locl forms) and keeps the difference.
FontRegistry::HalfWidth FontRegistry::half_width(uint16_t id, char32_t cp) {
  auto key = std::make_pair(id, cp);
  if (auto it = impl_->half_widths.find(key); it != impl_->half_widths.end()) return it->second;
  hb_buffer_t* buf = impl_->scratch;
  auto shape_one = [&](bool halt, int* adv, int* xoff) {
    hb_buffer_clear_contents(buf);
    hb_buffer_add_utf32(buf, reinterpret_cast<const uint32_t*>(&cp), 1, 0, 1);
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, HB_SCRIPT_HAN);
    hb_buffer_set_language(buf, hb_language_from_string("zh-Hans", -1));
    hb_feature_t f{HB_TAG('h', 'a', 'l', 't'), 1, 0, static_cast<unsigned>(-1)};
    hb_shape(impl_->hb[id].get(), buf, halt ? &f : nullptr, halt ? 1 : 0);
    unsigned n = 0;
    hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &n);
    *adv = n == 1 ? pos[0].x_advance : 0;
    *xoff = n == 1 ? pos[0].x_offset : 0;
  };
  int full = 0, half = 0, off0 = 0, off = 0;
  shape_one(false, &full, &off0);
  shape_one(true, &half, &off);
  HalfWidth hw{half, off - off0, half > 0 && half < full};
  impl_->half_widths[key] = hw;
  return hw;
}

}  // namespace gongkai::text
