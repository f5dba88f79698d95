// itemize.cpp — script resolution, font choice per cluster, run splitting (see itemize.h).
#include "text/itemize.h"

#include <cstring>

namespace gongkai::text {

namespace {

constexpr hb_script_t kClassScript[kScriptClassCount] = {HB_SCRIPT_HAN,       HB_SCRIPT_LATIN,
                                                         HB_SCRIPT_ARABIC,    HB_SCRIPT_TIBETAN,
                                                         HB_SCRIPT_MONGOLIAN, HB_SCRIPT_COMMON};

hb_unicode_funcs_t* ucd() { return hb_unicode_funcs_get_default(); }

bool is_mark(char32_t c) {
  switch (hb_unicode_general_category(ucd(), c)) {
    case HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK:
      return true;
    default:
      return false;
  }
}

// Joiners and selectors stay in the cluster of the character before them (clreq: Mongolian FVS,
// MVS and NNBSP stay with their neighbours; IVS stay with their ideograph).
bool attaches(char32_t c) {
  return c == 0x200C || c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0xE0100 && c <= 0xE01EF) || (c >= 0x180B && c <= 0x180F) || c == 0x202F ||
         is_mark(c);
}

bool ignorable(char32_t c) {
  return c == 0x200C || c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0xE0100 && c <= 0xE01EF) || (c >= 0x180B && c <= 0x180F);
}

// Resolved script per code point (invariant 2).
void resolve_scripts(const std::u32string& cps, uint32_t begin, uint32_t end,
                     std::vector<hb_script_t>& sc) {
  sc.assign(end - begin, HB_SCRIPT_COMMON);
  hb_script_t last = HB_SCRIPT_COMMON;
  for (uint32_t i = begin; i < end; ++i) {
    hb_script_t s = hb_unicode_script(ucd(), cps[i]);
    if (s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN) s = last;
    sc[i - begin] = s;
    last = s;
  }
  // Leading Common characters take the first real script.
  hb_script_t next = HB_SCRIPT_COMMON;
  for (size_t k = sc.size(); k-- > 0;) {
    if (sc[k] == HB_SCRIPT_COMMON)
      sc[k] = next;
    else
      next = sc[k];
  }
}

}  // namespace

ScriptClass script_class(hb_script_t s) {
  switch (s) {
    case HB_SCRIPT_HAN:
    case HB_SCRIPT_BOPOMOFO:
    case HB_SCRIPT_HIRAGANA:
    case HB_SCRIPT_KATAKANA:
    case HB_SCRIPT_HANGUL:
    case HB_SCRIPT_COMMON:
      return ScriptClass::Han;
    case HB_SCRIPT_LATIN:
    case HB_SCRIPT_GREEK:
    case HB_SCRIPT_CYRILLIC:
      return ScriptClass::Latin;
    case HB_SCRIPT_ARABIC:
      return ScriptClass::Arabic;
    case HB_SCRIPT_TIBETAN:
      return ScriptClass::Tibetan;
    case HB_SCRIPT_MONGOLIAN:
      return ScriptClass::Mongolian;
    default:
      return ScriptClass::Other;
  }
}

ScriptClass class_for_lang(const char* lang) {
  auto is = [&](const char* p) {
    size_t n = std::strlen(p);
    return lang && std::strncmp(lang, p, n) == 0 && (lang[n] == 0 || lang[n] == '-');
  };
  if (is("ug") || is("kk") || is("ky") || is("ar")) return ScriptClass::Arabic;
  if (is("bo")) return ScriptClass::Tibetan;
  if (is("mn")) return ScriptClass::Mongolian;
  if (is("en")) return ScriptClass::Latin;
  return ScriptClass::Han;
}

void itemize(const FontRegistry& fonts, const std::u32string& cps, uint32_t begin, uint32_t end,
             const BidiLevels& bidi, ScriptClass default_class, std::vector<Run>& out) {
  out.clear();
  if (begin >= end) return;
  thread_local std::vector<hb_script_t> sc;
  resolve_scripts(cps, begin, end, sc);
  for (uint32_t i = begin; i < end;) {
    // One cluster: a base and what attaches to it.
    uint32_t j = i + 1;
    while (j < end && attaches(cps[j])) ++j;
    hb_script_t script = sc[i - begin];
    ScriptClass cls = script == HB_SCRIPT_COMMON ? default_class : script_class(script);
    // A paragraph of only punctuation/digits: shape it as the default class's script so the
    // font's locl for zh-Hans (under 'hani', not DFLT) still applies.
    if (script == HB_SCRIPT_COMMON) script = kClassScript[static_cast<int>(cls)];
    int font = -1;
    for (uint16_t id : fonts.chain(cls)) {
      bool all = true;
      for (uint32_t k = i; k < j && all; ++k) all = fonts.covers(id, cps[k]) || ignorable(cps[k]);
      if (all) {
        font = id;
        break;
      }
    }
    if (font < 0) font = fonts.font_for(cls, cps[i]);
    bool tofu = font < 0;
    if (tofu) font = fonts.chain(cls).empty() ? 0 : fonts.chain(cls).front();
    uint8_t level = bidi.level_at(i - begin);
    Run* last = out.empty() ? nullptr : &out.back();
    if (last && last->script == script && last->level == level && last->font_id == font &&
        last->tofu == tofu) {
      last->end = j;
    } else {
      out.push_back(Run{i, j, script, cls, level, static_cast<uint16_t>(font), tofu});
    }
    i = j;
  }
}

}  // namespace gongkai::text
