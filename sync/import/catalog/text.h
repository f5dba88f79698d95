// text.h — small UTF-8 helpers for reading county spreadsheets (catalog importer, issue #2).
//
// Input: UTF-8 cell text exactly as read. Output: code points, trimmed views and *match keys*.
// A match key is used only to recognise headers, marks and keywords: full-width ASCII folded to
// ASCII, the traditional characters that occur in catalog vocabulary folded to simplified, and
// whitespace removed. Invariant: keys are never stored; the text stored is always the cell text
// as written (DESIGN §6 data hazards: no normalization of any kind, traditional kept as written).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gongkai::catalog {

// Decodes UTF-8; an invalid byte becomes U+FFFD (input has been validated by decode.h already).
std::u32string utf8_to_u32(std::string_view s);
std::string u32_to_utf8(std::u32string_view s);
void append_utf8(std::string& out, char32_t c);

// Whitespace for trimming: ASCII space/tab/CR/LF, NBSP, U+3000 ideographic space, zero-width
// space and BOM (spreadsheets exported from web pages carry all of them).
bool is_space(char32_t c);
// Trims leading and trailing whitespace; interior text (including newlines) is kept.
std::string trim(std::string_view s);

// The match key described above.
std::string match_key(std::string_view s);
// Folds one code point the same way (full-width → ASCII, traditional → simplified); no removal.
char32_t fold_char(char32_t c);

bool contains(std::string_view haystack, std::string_view needle);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);

// True when the code point is a CJK ideograph (URO, Ext A–I, compatibility ideographs).
bool is_han(char32_t c);

// Splits at any of the separator code points, trimming each piece and dropping empty pieces.
std::vector<std::string> split_any(std::string_view s, std::u32string_view separators);

}  // namespace gongkai::catalog
