// privacy.cpp — masking of ID-card and mobile numbers in notice text (privacy.h, DESIGN §4).
//
// Input: UTF-8 text. Output: the same text with personal numbers masked, and counts. Everything
// that is not a masked digit is copied byte for byte (no normalization).
//
// What is a "number": a maximal run of digits, ASCII 0–9 or full-width ０–９ (U+FF10–FF19, common
// in Chinese word processors). A run is judged as a whole, so digits inside a longer run (a
// 19-digit bank account, a 20-digit 文号 serial) are never masked.
//
//   18-digit ID card (GB 11643-1999): 6-digit area code, YYYYMMDD birth date, 3-digit sequence,
//     check character (0–9 or X/x/Ｘ/ｘ). Masked when the province part (first two digits) is a
//     real province-level code AND the birth date is a real calendar date in 1900–2099.
//     We deliberately do NOT require the ISO 7064 MOD 11-2 check digit: a mistyped number (wrong
//     check digit) still identifies a person and must be hidden. The province + date test is
//     what keeps random 18-digit account numbers out: a random run passes with probability about
//     0.34 × 7.3·10⁻⁴ ≈ 2.5·10⁻⁴.  → first 6 and last 4 kept: 110105********1234
//   15-digit old ID card: area code, YYMMDD (19YY), 3-digit sequence; same province + date test.
//     → first 6 and last 3 kept: 110105******123
//   11-digit mobile: 1[3-9] followed by 9 digits (MIIT numbering). → 139****5678
//     Also written 139-1234-5678 or 139 1234 5678 (3-4-4 groups, one separator kind, not part of
//     a longer digit/separator chain) and +8613912345678 (the 86 country code joined on).
// Landlines (0571-12345678, 010-12345678) are institutional contact numbers and stay visible.
// Masking is idempotent: '*' is not a digit, so masked text has no run to mask again.
#include "gongkai/privacy.h"

#include <cstdint>
#include <vector>

namespace gongkai {

namespace {

struct Digit {
  size_t pos = 0;  // byte offset in the text
  size_t len = 1;  // 1 (ASCII) or 3 (full-width)
  char value = 0;  // '0'–'9', or 'X' for a check character
};

// Reads one digit at byte i (ASCII or full-width); nullopt-like: len 0 when none.
Digit digit_at(std::string_view s, size_t i) {
  if (i < s.size() && s[i] >= '0' && s[i] <= '9') return Digit{i, 1, s[i]};
  // U+FF10..U+FF19 = EF BC 90..99
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xEF &&
      static_cast<unsigned char>(s[i + 1]) == 0xBC) {
    const auto c = static_cast<unsigned char>(s[i + 2]);
    if (c >= 0x90 && c <= 0x99) return Digit{i, 3, static_cast<char>('0' + (c - 0x90))};
  }
  return Digit{i, 0, 0};
}

// ID-card check character X: ASCII X/x or full-width Ｘ (EF BC B8) / ｘ (EF BD 98).
size_t check_x_len_at(std::string_view s, size_t i) {
  if (i < s.size() && (s[i] == 'X' || s[i] == 'x')) return 1;
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xEF) {
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    const auto b2 = static_cast<unsigned char>(s[i + 2]);
    if ((b1 == 0xBC && b2 == 0xB8) || (b1 == 0xBD && b2 == 0x98)) return 3;
  }
  return 0;
}

bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

int value_of(const std::vector<Digit>& run, size_t from, size_t n) {
  int v = 0;
  for (size_t k = from; k < from + n; ++k) v = v * 10 + (run[k].value - '0');
  return v;
}

// Province-level codes of GB/T 2260 (11 北京 … 65 新疆), 71 台湾, 81 香港, 82 澳门, 83 (台湾居民
// 居住证, 2018).
bool is_province_code(int p) {
  return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) ||
         (p >= 41 && p <= 46) || (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 ||
         p == 81 || p == 82 || p == 83;
}

bool is_real_date(int y, int m, int d) {
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= ((m == 2 && leap) ? 29 : kDays[m - 1]);
}

bool looks_like_id18(const std::vector<Digit>& r) {
  return is_province_code(value_of(r, 0, 2)) &&
         is_real_date(value_of(r, 6, 4), value_of(r, 10, 2), value_of(r, 12, 2));
}

bool looks_like_id15(const std::vector<Digit>& r) {
  return is_province_code(value_of(r, 0, 2)) &&
         is_real_date(1900 + value_of(r, 6, 2), value_of(r, 8, 2), value_of(r, 10, 2));
}

bool looks_like_mobile(const std::vector<Digit>& r, size_t from) {
  return r[from].value == '1' && r[from + 1].value >= '3' && r[from + 1].value <= '9';
}

struct Masker {
  std::string_view src;
  std::vector<bool> masked;  // per byte: replace this digit's bytes with a mask character

  void mask(const Digit& d) { masked[d.pos] = true; }
  void mask_range(const std::vector<Digit>& r, size_t from, size_t to) {
    for (size_t k = from; k < to; ++k) mask(r[k]);
  }

  std::string render() const {
    std::string out;
    out.reserve(src.size());
    for (size_t i = 0; i < src.size();) {
      if (masked[i]) {
        const size_t len = digit_at(src, i).len;
        out += len == 3 ? "＊" : "*";  // keep the width of full-width digits
        i += len;
      } else {
        out += src[i];
        ++i;
      }
    }
    return out;
  }
};

// Reads the run of digits starting at byte i.
std::vector<Digit> read_run(std::string_view s, size_t i) {
  std::vector<Digit> run;
  for (Digit d = digit_at(s, i); d.len != 0; d = digit_at(s, i)) {
    run.push_back(d);
    i += d.len;
  }
  return run;
}

bool is_digit_at(std::string_view s, size_t i) { return digit_at(s, i).len != 0; }

// 139-1234-5678 / 139 1234 5678 starting with the 3-digit run `a` at byte i. Returns the 11
// digits when the whole chain is exactly 3-4-4 with one separator kind; else empty.
std::vector<Digit> separated_mobile(std::string_view s, const std::vector<Digit>& a) {
  if (a.size() != 3) return {};
  size_t i = a.back().pos + a.back().len;
  if (i >= s.size() || (s[i] != '-' && s[i] != ' ')) return {};
  const char sep = s[i];
  const auto b = read_run(s, i + 1);
  if (b.size() != 4) return {};
  i = b.back().pos + b.back().len;
  if (i >= s.size() || s[i] != sep) return {};
  const auto c = read_run(s, i + 1);
  if (c.size() != 4) return {};
  i = c.back().pos + c.back().len;
  if (i + 1 < s.size() && s[i] == sep && is_digit_at(s, i + 1)) return {};  // longer chain
  std::vector<Digit> all(a);
  all.insert(all.end(), b.begin(), b.end());
  all.insert(all.end(), c.begin(), c.end());
  return looks_like_mobile(all, 0) ? all : std::vector<Digit>{};
}

}  // namespace

MaskResult mask_personal_numbers(std::string_view text) {
  MaskResult result;
  Masker m{text, std::vector<bool>(text.size(), false)};
  size_t i = 0;
  while (i < text.size()) {
    if (!is_digit_at(text, i)) {
      ++i;
      continue;
    }
    const auto run = read_run(text, i);
    const size_t after = run.back().pos + run.back().len;
    const size_t x_len = check_x_len_at(text, after);
    const bool alnum_after_x =
        x_len != 0 && after + x_len < text.size() && is_ascii_alnum(text[after + x_len]);
    // A 3-digit run right after "digit + separator" belongs to a longer chain (0551-139-…),
    // except after the country code: +86 139 1234 5678.
    const bool after_country_code = i >= 4 && text.substr(i - 4, 3) == "+86";
    const bool preceded_by_sep_digit = i >= 2 && (text[i - 1] == '-' || text[i - 1] == ' ') &&
                                       is_digit_at(text, i - 2) && !after_country_code;

    if (run.size() == 18 && looks_like_id18(run)) {
      m.mask_range(run, 6, 14);
      ++result.id_cards;
    } else if (run.size() == 17 && x_len != 0 && !alnum_after_x) {
      std::vector<Digit> full(run);
      full.push_back(Digit{after, x_len, 'X'});
      if (looks_like_id18(full)) {
        m.mask_range(run, 6, 14);
        ++result.id_cards;
      }
    } else if (run.size() == 15 && looks_like_id15(run)) {
      m.mask_range(run, 6, 12);
      ++result.id_cards;
    } else if (run.size() == 11 && looks_like_mobile(run, 0)) {
      m.mask_range(run, 3, 7);
      ++result.mobiles;
    } else if (run.size() == 13 && i > 0 && text[i - 1] == '+' && run[0].value == '8' &&
               run[1].value == '6' && looks_like_mobile(run, 2)) {
      m.mask_range(run, 5, 9);  // +86 139 ****5678
      ++result.mobiles;
    } else if (run.size() == 3 && !preceded_by_sep_digit) {
      const auto mobile = separated_mobile(text, run);
      if (!mobile.empty()) {
        m.mask_range(mobile, 3, 7);
        ++result.mobiles;
        i = mobile.back().pos + mobile.back().len;
        continue;
      }
    }
    i = after;
  }
  result.text = m.render();
  return result;
}

}  // namespace gongkai
