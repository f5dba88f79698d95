// decode.cpp — encoding detection and decoding with ICU ucnv (see decode.h).
#include "import/catalog/decode.h"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <memory>
#include <vector>

#include "import/catalog/text.h"

namespace gongkai::catalog {

bool is_valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    int len;
    char32_t min;
    if ((b0 & 0xE0) == 0xC0) {
      len = 2, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4, min = 0x10000;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    char32_t c = b0 & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      c = (c << 6) | (b & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 (RFC 3629 §3).
    if (c < min || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) return false;
    i += len;
  }
  return true;
}

char32_t gb18030_2022_fixup(char32_t c) {
  // GB 18030-2022 Annex: the 2005 PUA mappings of 0xA6D9–0xA6DF, 0xA6EC–0xA6ED, 0xA6F3 (vertical
  // punctuation, now U+FE10–FE19) and 0xFE59 … 0xFEA0 (CJK ideographs, now U+9FB4–9FBB).
  switch (c) {
    case 0xE78D:
      return 0xFE10;
    case 0xE78E:
      return 0xFE12;
    case 0xE78F:
      return 0xFE11;
    case 0xE790:
      return 0xFE13;
    case 0xE791:
      return 0xFE14;
    case 0xE792:
      return 0xFE15;
    case 0xE793:
      return 0xFE16;
    case 0xE794:
      return 0xFE17;
    case 0xE795:
      return 0xFE18;
    case 0xE796:
      return 0xFE19;
    case 0xE81E:
      return 0x9FB4;
    case 0xE826:
      return 0x9FB5;
    case 0xE82B:
      return 0x9FB6;
    case 0xE82C:
      return 0x9FB7;
    case 0xE832:
      return 0x9FB8;
    case 0xE843:
      return 0x9FB9;
    case 0xE854:
      return 0x9FBA;
    case 0xE864:
      return 0x9FBB;
    default:
      return c;
  }
}

const char* encoding_name(SourceEncoding e) {
  switch (e) {
    case SourceEncoding::Utf8:
      return "UTF-8";
    case SourceEncoding::Utf8Bom:
      return "UTF-8 (BOM)";
    case SourceEncoding::Utf16:
      return "UTF-16";
    case SourceEncoding::Gb18030:
      return "GB18030";
  }
  return "?";
}

namespace {

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// Decodes with an ICU converter (default substitution: U+FFFD for illegal sequences), applies the
// GB 18030-2022 fix-up when asked, and re-encodes as UTF-8.
DecodedText decode_with_icu(const char* charset, std::string_view bytes, SourceEncoding enc,
                            bool gb_fixup) {
  DecodedText out;
  out.encoding = enc;
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr conv(ucnv_open(charset, &status));
  if (U_FAILURE(status)) {  // ICU data always has these converters; stay total anyway
    out.utf8 = std::string(bytes);
    return out;
  }
  std::vector<UChar> buf(bytes.size() * 2 + 16);
  status = U_ZERO_ERROR;
  const int32_t n = ucnv_toUChars(conv.get(), buf.data(), static_cast<int32_t>(buf.size()),
                                  bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  buf.resize(U_SUCCESS(status) ? static_cast<size_t>(n) : 0);
  size_t i = 0;
  while (i < buf.size()) {
    char32_t c = buf[i++];
    if (U16_IS_LEAD(c) && i < buf.size() && U16_IS_TRAIL(buf[i])) {
      c = U16_GET_SUPPLEMENTARY(c, buf[i]);
      ++i;
    }
    if (c == 0xFEFF && out.utf8.empty()) continue;  // BOM
    if (c == 0xFFFD) ++out.replaced;
    append_utf8(out.utf8, gb_fixup ? gb18030_2022_fixup(c) : c);
  }
  return out;
}

}  // namespace

DecodedText decode_text(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    if (is_valid_utf8(bytes)) return {std::string(bytes), SourceEncoding::Utf8Bom, 0};
    // A BOM promises UTF-8: keep that promise and replace the broken sequences (counted).
    return decode_with_icu("UTF-8", bytes, SourceEncoding::Utf8Bom, false);
  }
  if (bytes.starts_with("\xFF\xFE")) {
    return decode_with_icu("UTF-16LE", bytes.substr(2), SourceEncoding::Utf16, false);
  }
  if (bytes.starts_with("\xFE\xFF")) {
    return decode_with_icu("UTF-16BE", bytes.substr(2), SourceEncoding::Utf16, false);
  }
  if (is_valid_utf8(bytes)) return {std::string(bytes), SourceEncoding::Utf8, 0};
  return decode_with_icu("GB18030", bytes, SourceEncoding::Gb18030, true);
}

}  // namespace gongkai::catalog
