// linebreak.h — stage 4 (DESIGN §6.4): line break opportunities, UAX #14 tailored by clreq.
//
// Input: one paragraph as UTF-8 plus its decoded code points (utf8.h).
// Output: Break per code point index i in [0, n]: may a line end before code point i?
//   out[0] = None; out[n] = Mandatory (end of paragraph).
// Rules: ICU 72's line BreakIterator (UAX #14, Unicode 15) for locale zh, then the clreq 禁则
// post-filter (data/clreq.md, W3C clreq §3.1.7): no break before a line-start-prohibited mark,
// none after a line-end-prohibited mark, none inside ——, ……, ⋯⋯, none between a number and the
// Han unit after it (2024年, 3人); ’ and ” close, ‘ and “ open (ICU's QU class keeps them glued
// to both sides, clreq.md "gets wrong"), so a break is allowed after ’” and before ‘“ when the
// other side is Han.
// Invariants: the filter only removes ICU opportunities, except the quote rule above; hard breaks
// (U+000A…) never occur inside a paragraph because the engine splits paragraphs first.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gongkai/result.h"
#include "text/utf8.h"

namespace gongkai::text {

enum class Break : uint8_t { None, Allowed, Mandatory };

// clreq 禁则 sets (data/clreq.md, basic level).
bool clreq_no_line_start(char32_t c);
bool clreq_no_line_end(char32_t c);
// Marks written doubled that must not be split: —— …… ⋯⋯ ⸺.
bool clreq_never_split_pair(char32_t a, char32_t b);

class LineBreaker {
 public:
  static Result<std::unique_ptr<LineBreaker>> create(const char* locale = "zh");
  ~LineBreaker();
  LineBreaker(const LineBreaker&) = delete;
  LineBreaker& operator=(const LineBreaker&) = delete;

  // Break opportunities for p.cps[begin, end) whose UTF-8 is utf8[p.byte_of[begin],
  // p.byte_of[end]). out is resized to end - begin + 1 and indexed relative to begin.
  void find(std::string_view utf8, const Paragraph& p, uint32_t begin, uint32_t end,
            std::vector<Break>& out);

 private:
  LineBreaker();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gongkai::text
