// utf8.h — the paragraph buffer every stage reads: UTF-8 decoded once into code points.
//
// Input: UTF-8 bytes. Output: Paragraph { cps, byte_of } where byte_of[i] is the byte offset of
// code point i and byte_of[cps.size()] == the input size. Invalid or truncated sequences become
// U+FFFD, one per offending byte, with `invalid` set, so offsets stay exact and nothing is dropped.
// Never normalizes (DESIGN §6: NFC would merge compatibility ideographs used in names).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::text {

struct Paragraph {
  std::u32string cps;
  std::vector<uint32_t> byte_of;
  bool invalid = false;  // some bytes were not valid UTF-8
};

// Decodes one code point at s[i]; returns its length in bytes (≥ 1) and sets *cp (U+FFFD and
// *bad = true for an invalid byte). Rejects overlongs, surrogates and values above U+10FFFF.
inline int decode_one(std::string_view s, size_t i, char32_t* cp, bool* bad) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned c = b(i);
  *bad = false;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (len == 0 || c > 0xF4 || i + len > s.size()) {
    *cp = 0xFFFD;
    *bad = true;
    return 1;
  }
  char32_t v = c & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) {
      *cp = 0xFFFD;
      *bad = true;
      return 1;
    }
    v = (v << 6) | (b(i + k) & 0x3F);
  }
  const char32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    *cp = 0xFFFD;
    *bad = true;
    return 1;
  }
  *cp = v;
  return len;
}

inline void decode_utf8(std::string_view s, Paragraph& p) {
  p.cps.clear();
  p.byte_of.clear();
  p.invalid = false;
  p.cps.reserve(s.size());
  p.byte_of.reserve(s.size() + 1);
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    bool bad;
    int n = decode_one(s, i, &cp, &bad);
    p.invalid |= bad;
    p.cps.push_back(cp);
    p.byte_of.push_back(static_cast<uint32_t>(i));
    i += static_cast<size_t>(n);
  }
  p.byte_of.push_back(static_cast<uint32_t>(s.size()));
}

inline size_t utf8_length(char32_t cp) {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace gongkai::text
