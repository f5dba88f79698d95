// linebreak.cpp — ICU line BreakIterator over UTF-8 (UText, no UTF-16 copy) + clreq post-filter.
//
// Why ICU and not libunibreak (DESIGN §6.4, docs/text.md): bookworm's libunibreak 1.1 carries
// Unicode 6.2 data (2013) and measured ~25× slower; ICU 72 is Unicode 15 and is already linked for
// the GB 18030 converter. Both get the same few clreq cases wrong (·～／ at line start), which the
// filter below fixes either way.
#include "text/linebreak.h"

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>

namespace gongkai::text {

namespace {

// data/clreq.md "May NOT start a line" (basic level).
constexpr std::array<char32_t, 28> kNoStart = {
    0x3001, 0xFF0C, 0x3002, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F, 0xFF0E,   // 、，。：；！？．
    0x201D, 0x2019, 0x300D, 0x300F,                                   // ” ’ 」 』
    0xFF09, 0x3011, 0x3015, 0x3017, 0xFF3D, 0xFF5D, 0x300B, 0x3009,   // ）】〕〗］｝》〉
    0x2013, 0xFF5E, 0x007E, 0x00B7, 0x2027, 0x30FB, 0x002F, 0xFF0F};  // – ～ ~ · ‧ ・ / ／
// data/clreq.md "May NOT end a line".
constexpr std::array<char32_t, 14> kNoEnd = {0x201C, 0x2018, 0x300C, 0x300E,  // “ ‘ 「 『
                                             0xFF08, 0x3010, 0x3014, 0x3016,
                                             0xFF3B, 0xFF5B, 0x300A, 0x3008,  // （【〔〖［｛《〈
                                             0x0028, 0x005B};                 // ( [

bool in(const auto& set, char32_t c) { return std::find(set.begin(), set.end(), c) != set.end(); }

bool is_digit(char32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }

// Ideographs (URO, Ext A–H, compatibility) — the "Han" side of the number+unit and quote rules.
bool is_ideograph(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x3FFFF) || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3007;
}

}  // namespace

bool clreq_no_line_start(char32_t c) { return in(kNoStart, c); }
bool clreq_no_line_end(char32_t c) { return in(kNoEnd, c); }
bool clreq_never_split_pair(char32_t a, char32_t b) {
  return a == b && (a == 0x2014 || a == 0x2026 || a == 0x22EF || a == 0x2E3A);
}

struct UBreakDel {
  void operator()(UBreakIterator* b) const { ubrk_close(b); }
};
struct UTextDel {
  void operator()(UText* t) const { utext_close(t); }
};

struct LineBreaker::Impl {
  std::unique_ptr<UBreakIterator, UBreakDel> iter;
  UText text = UTEXT_INITIALIZER;  // reused (utext_openUTF8 re-initializes in place)
  bool text_open = false;
  ~Impl() {
    if (text_open) utext_close(&text);
  }
};

LineBreaker::LineBreaker() : impl_(std::make_unique<Impl>()) {}
LineBreaker::~LineBreaker() = default;

Result<std::unique_ptr<LineBreaker>> LineBreaker::create(const char* locale) {
  UErrorCode st = U_ZERO_ERROR;
  UBreakIterator* it = ubrk_open(UBRK_LINE, locale, nullptr, 0, &st);
  if (U_FAILURE(st) || !it)
    return Error{"text.icu", std::string("ICU line break iterator unavailable: ") +
                                 u_errorName(st) + " / ICU 断行器不可用"};
  std::unique_ptr<LineBreaker> lb(new LineBreaker());
  lb->impl_->iter.reset(it);
  return lb;
}

void LineBreaker::find(std::string_view utf8, const Paragraph& p, uint32_t begin, uint32_t end,
                       std::vector<Break>& out) {
  const uint32_t n = end - begin;
  out.assign(n + 1, Break::None);
  out[n] = Break::Mandatory;
  if (n == 0) return;
  const uint32_t b0 = p.byte_of[begin];
  UErrorCode st = U_ZERO_ERROR;
  utext_openUTF8(&impl_->text, utf8.data() + b0, p.byte_of[end] - b0, &st);
  impl_->text_open = true;
  ubrk_setUText(impl_->iter.get(), &impl_->text, &st);
  if (U_FAILURE(st)) return;  // no opportunities: the layout falls back to cluster breaks
  // Map ICU's byte offsets onto code point indices (both increase monotonically).
  uint32_t i = 0;
  for (int32_t pos = ubrk_following(impl_->iter.get(), 0); pos != UBRK_DONE;
       pos = ubrk_next(impl_->iter.get())) {
    while (i < n && p.byte_of[begin + i] - b0 < static_cast<uint32_t>(pos)) ++i;
    if (i >= n) break;
    out[i] =
        ubrk_getRuleStatus(impl_->iter.get()) >= UBRK_LINE_HARD ? Break::Mandatory : Break::Allowed;
  }
  // clreq post-filter.
  for (uint32_t k = 1; k < n; ++k) {
    char32_t a = p.cps[begin + k - 1], b = p.cps[begin + k];
    if (out[k] == Break::Mandatory) continue;
    // Quotes: ’” close and ‘“ open in Chinese text (clreq.md; ICU's QU class glues both sides).
    if (out[k] == Break::None && ((a == 0x2019 || a == 0x201D) && is_ideograph(b)))
      out[k] = Break::Allowed;
    if (out[k] == Break::None && ((b == 0x2018 || b == 0x201C) && is_ideograph(a)))
      out[k] = Break::Allowed;
    if (clreq_no_line_start(b) || clreq_no_line_end(a) || clreq_never_split_pair(a, b) ||
        (is_digit(a) && is_ideograph(b)))
      out[k] = Break::None;
  }
}

}  // namespace gongkai::text
