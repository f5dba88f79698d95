// itemize.h — stage 2b (DESIGN §6.2): split a paragraph into runs of one script, one bidi level
// and one font.
//
// Input: the paragraph's code points [begin, end), their bidi levels (bidi.h), the FontRegistry,
// and the script class for text with no script of its own (from TextStyle::lang).
// Output: runs in logical order, each [begin, end) in code point indices.
// Invariants:
//  1. runs are contiguous and cover [begin, end); each is non-empty.
//  2. Common/Inherited characters (punctuation, digits, spaces, marks) take the script of the
//     preceding character, or of the following one at the start (UAX #24 script extensions are
//     approximated this way, as Pango and libraqm do).
//  3. The font is chosen per cluster (a base with its marks, joiners and variation selectors):
//     the first font of the script's chain whose cmap has every non-ignorable code point of the
//     cluster, else the first that has the base; `tofu` runs have no covering font at all and use
//     the chain's primary font (.notdef).
#pragma once

#include <hb.h>

#include <cstdint>
#include <string>
#include <vector>

#include "text/bidi.h"
#include "text/fonts.h"

namespace gongkai::text {

struct Run {
  uint32_t begin = 0, end = 0;  // code point indices into the paragraph
  hb_script_t script = HB_SCRIPT_COMMON;
  ScriptClass cls = ScriptClass::Han;
  uint8_t level = 0;  // bidi embedding level; odd = RTL
  uint16_t font_id = 0;
  bool tofu = false;  // no registered font covers this run's clusters
};

// The chain a script belongs to.
ScriptClass script_class(hb_script_t s);
// The class for text with no script of its own, from a BCP 47 tag: ug → Arabic, bo → Tibetan,
// mn → Mongolian, en → Latin, everything else (zh-Hans …) → Han.
ScriptClass class_for_lang(const char* lang);

void itemize(const FontRegistry& fonts, const std::u32string& cps, uint32_t begin, uint32_t end,
             const BidiLevels& bidi, ScriptClass default_class, std::vector<Run>& out);

}  // namespace gongkai::text
