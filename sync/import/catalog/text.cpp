// text.cpp — UTF-8 helpers and match keys for the catalog importer (see text.h).
#include "import/catalog/text.h"

#include <algorithm>
#include <unordered_map>

namespace gongkai::catalog {

std::u32string utf8_to_u32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    int len = b0 < 0x80 ? 1 : (b0 >> 5) == 6 ? 2 : (b0 >> 4) == 14 ? 3 : (b0 >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    char32_t c = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
    bool bad = false;
    for (int k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) bad = true;
      c = (c << 6) | (b & 0x3F);
    }
    if (bad) {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    out.push_back(c);
    i += len;
  }
  return out;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::string u32_to_utf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (char32_t c : s) append_utf8(out, c);
  return out;
}

bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == U'\v' || c == U'\f' ||
         c == U'\u00A0' || c == U'\u3000' || c == U'\u200B' || c == U'\uFEFF' || c == U'\u2002' ||
         c == U'\u2003';
}

// Decodes the code point starting at s[i] (a lead byte); sets len. Invalid → U+FFFD with len 1.
static char32_t decode_at(std::string_view s, size_t i, size_t& len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  len = b0 < 0x80 ? 1 : (b0 >> 5) == 6 ? 2 : (b0 >> 4) == 14 ? 3 : (b0 >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    len = 1;
    return U'\uFFFD';
  }
  char32_t c = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      len = 1;
      return U'\uFFFD';
    }
    c = (c << 6) | (b & 0x3F);
  }
  return c;
}

std::string trim(std::string_view s) {
  // Works on the bytes and decodes only at the two ends: trim runs on every cell of every row.
  size_t b = 0;
  while (b < s.size()) {
    size_t len = 1;
    if (static_cast<unsigned char>(s[b]) < 0x80) {
      if (!is_space(static_cast<char32_t>(s[b]))) break;
    } else if (!is_space(decode_at(s, b, len))) {
      break;
    }
    b += len;
  }
  size_t e = s.size();
  while (e > b) {
    size_t start = e - 1;
    while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 && e - start < 4)
      --start;
    size_t len = 1;
    const char32_t c = static_cast<unsigned char>(s[start]) < 0x80 ? static_cast<char32_t>(s[start])
                                                                   : decode_at(s, start, len);
    if (!is_space(c) || start + len != e) break;
    e = start;
  }
  return std::string(s.substr(b, e - b));
}

namespace {

// Traditional → simplified for the vocabulary of catalog headers, marks, time limits, channel
// names and level words only (pairs: traditional, simplified). Used for matching, never stored.
constexpr std::u32string_view kTradSimp =
    U"開开項项內内據据時时體体載载對对會会動动請请層层級级縣县鄉乡鎮镇號号長长個个實实務务"
    U"網网鏈链領领錄录備备註注說说眾众門门單单證证關关與与後后發发佈布聽听視视紙纸質质閱阅"
    U"點点戶户場场區区業业欄栏電电準准確确兩两廣广報报導导資资訊讯為为並并條条規规書书變变"
    U"獲获現现費费貼贴補补處处見见寫写簡简範范圍围權权態态勞劳樣样類类專专設设醫医療疗農农"
    U"險险歷历傳传護护衛卫餘余辦办稅税舉举屬属機机構构產产標标紹绍審审結结術术計计劃划齊齐"
    U"總总額额預预決决應应災灾濟济貧贫殘残礙碍養养園园藥药監监環环員员歸归檔档時时週周當当"
    U"從从於于錢钱稱称數数據据徑径條条號号辭辞頁页閱阅戶户納纳詢询務务熱热線线廳厅屆届內内";

const std::unordered_map<char32_t, char32_t>& trad_map() {
  static const std::unordered_map<char32_t, char32_t> m = [] {
    std::unordered_map<char32_t, char32_t> r;
    for (size_t i = 0; i + 1 < kTradSimp.size(); i += 2) r.emplace(kTradSimp[i], kTradSimp[i + 1]);
    return r;
  }();
  return m;
}

}  // namespace

char32_t fold_char(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFF01 + 0x21;  // full-width ASCII forms
  if (c == U'\u3000') return U' ';
  const auto& m = trad_map();
  if (auto it = m.find(c); it != m.end()) return it->second;
  return c;
}

std::string match_key(std::string_view s) {
  std::string out;
  for (char32_t c : utf8_to_u32(s)) {
    if (is_space(c)) continue;
    append_utf8(out, fold_char(c));
  }
  return out;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}
bool starts_with(std::string_view s, std::string_view prefix) { return s.starts_with(prefix); }
bool ends_with(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

bool is_han(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x323AF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x2F800 && c <= 0x2FA1F) || c == 0x3007;
}

std::vector<std::string> split_any(std::string_view s, std::u32string_view separators) {
  std::vector<std::string> out;
  std::u32string cur;
  auto flush = [&] {
    std::string t = trim(u32_to_utf8(cur));
    if (!t.empty()) out.push_back(std::move(t));
    cur.clear();
  };
  for (char32_t c : utf8_to_u32(s)) {
    if (separators.find(c) != std::u32string_view::npos) {
      flush();
    } else {
      cur.push_back(c);
    }
  }
  flush();
  return out;
}

}  // namespace gongkai::catalog
