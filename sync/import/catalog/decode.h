// decode.h — bytes of a CSV export → UTF-8 text (catalog importer, issue #2).
//
// Input: the raw file bytes. Output: UTF-8 text without a BOM, the encoding found, and how many
// undecodable bytes were replaced by U+FFFD (so the caller can warn; nothing is dropped).
// Detection: a UTF-8 BOM or valid UTF-8 → UTF-8; a UTF-16 BOM (Excel's "Unicode text") → UTF-16;
// anything else → GB18030 (the superset of GBK/GB2312 that Excel and WPS write on Chinese
// Windows). ICU 72's GB18030 table predates GB 18030-2022, which moved 18 code positions out of
// the private-use area (data/clreq.md "Data hazards", DESIGN §6); those are remapped after
// decoding so that e.g. 0xFE59 reads as U+9FB4, not U+E81E.
#pragma once

#include <string>
#include <string_view>

namespace gongkai::catalog {

enum class SourceEncoding { Utf8, Utf8Bom, Utf16, Gb18030 };

struct DecodedText {
  std::string utf8;
  SourceEncoding encoding = SourceEncoding::Utf8;
  int replaced = 0;  // U+FFFD substitutions made while decoding
};

bool is_valid_utf8(std::string_view bytes);
DecodedText decode_text(std::string_view bytes);
const char* encoding_name(SourceEncoding e);

// The GB 18030-2022 fix-up on its own: maps the 18 PUA code points that GB18030-2005 decoders
// produce to the standard code points of GB 18030-2022. Other code points pass through.
char32_t gb18030_2022_fixup(char32_t c);

}  // namespace gongkai::catalog
