// layout.cpp — stage 5: line filling, clreq squeeze/push, 孤字, justification, placement (see
// paragraph.h for the rules and layout.h for the invariants of the result).
//
// Works on clusters (HarfBuzz clusters in logical order) rather than glyphs: a line may only end
// between clusters, and only where linebreak.cpp allows it.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

#include "text/bidi.h"
#include "text/paragraph.h"

namespace gongkai::text {

// ---- TextStyle equality and hash (the layout cache key) ---------------------------------------
bool TextStyle::operator==(const TextStyle& o) const {
  return size_px == o.size_px && line_height == o.line_height && align == o.align &&
         justify == o.justify && max_lines == o.max_lines && ellipsis == o.ellipsis &&
         autospace == o.autospace && std::strcmp(lang ? lang : "", o.lang ? o.lang : "") == 0;
}

size_t TextStyleHash::operator()(const TextStyle& s) const {
  size_t h = std::hash<float>()(s.size_px) * 31 + std::hash<float>()(s.line_height);
  h = h * 31 +
      (static_cast<size_t>(s.align) | (s.justify << 2) | (s.ellipsis << 3) | (s.autospace << 4));
  h = h * 31 + static_cast<size_t>(s.max_lines);
  return h * 31 + std::hash<std::string_view>()(s.lang ? s.lang : "");
}

namespace {

enum Kind : uint8_t { kIdeo = 1, kAlnum = 2, kSpace = 4, kWide = 8, kCloser = 16 };

struct Cluster {
  uint32_t cp_begin, cp_end;  // code points (absolute)
  uint32_t run;               // index into runs
  uint32_t g_begin, g_end;    // glyph range in the run's ShapedGlyphs (visual order inside)
  float advance;              // px, after any punctuation squash (trim)
  float space_before;         // autospace px (dropped at line start)
  float trim;                 // px taken off the glyph's advance by the squash (halt)
  float shift;                // px added to the glyph's x offset by the squash
  uint8_t kind;
};

bool is_ideograph(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x3FFFF) || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3007;
}
bool is_wide(char32_t c) {
  return is_ideograph(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF60) ||
         (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3100 && c <= 0x31FF) ||
         (c >= 0x2018 && c <= 0x201D) || c == 0x2026 || c == 0x2014 || c == 0x00B7;
}
bool is_alnum(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= 0xC0 && c <= 0x24F);
}

uint8_t kind_of(char32_t c) {
  uint8_t k = 0;
  if (is_ideograph(c)) k |= kIdeo;
  if (is_alnum(c)) k |= kAlnum;
  if (c == ' ' || c == 0xA0 || c == '\t') k |= kSpace;
  if (is_wide(c)) k |= kWide;
  if (clreq_no_line_start(c) && is_wide(c)) k |= kCloser;
  return k;
}

// clreq (标点挤压): two adjacent full-width marks take 1.5 em, not 2 — the first is set half-width
// when it is a closing/stop mark (its blank half is on the right), else the second when it is an
// opening mark (blank half on the left). Uses the font's own `halt` forms; single-glyph clusters.
void squash_adjacent_marks(FontRegistry& fonts, const ParagraphInput& in, const TextStyle& st,
                           std::vector<Cluster>& cl) {
  auto half = [&](Cluster& c) {
    const Run& run = (*in.runs)[c.run];
    if (c.trim > 0 || c.g_end - c.g_begin != 1 || (run.level & 1)) return false;
    auto hw = fonts.half_width(run.font_id, in.text->cps[c.cp_begin]);
    if (!hw.available) return false;
    const float s = st.size_px / static_cast<float>(fonts.info(run.font_id).metrics.units_per_em);
    c.trim = c.advance - static_cast<float>(hw.advance) * s;
    c.shift = static_cast<float>(hw.x_offset) * s;
    c.advance -= c.trim;
    return true;
  };
  for (size_t k = 1; k < cl.size(); ++k) {
    Cluster &a = cl[k - 1], &b = cl[k];
    if (!(a.kind & kWide) || !(b.kind & kWide) || (a.kind & kIdeo) || (b.kind & kIdeo)) continue;
    const char32_t ca = in.text->cps[a.cp_begin], cb = in.text->cps[b.cp_begin];
    if (a.kind & kCloser) {
      if (half(a)) continue;
    }
    if (clreq_no_line_end(cb) && (a.kind & kCloser || clreq_no_line_end(ca))) half(b);
  }
}

// Clusters in logical order for every run (RTL runs come from HarfBuzz in visual order).
void build_clusters(FontRegistry& fonts, const ParagraphInput& in, const TextStyle& st,
                    std::vector<Cluster>& out) {
  out.clear();
  const auto& runs = *in.runs;
  for (uint32_t r = 0; r < runs.size(); ++r) {
    const Run& run = runs[r];
    const ShapedGlyphs& g = *(*in.shaped)[r];
    const float scale =
        st.size_px / static_cast<float>(fonts.info(run.font_id).metrics.units_per_em);
    const bool rtl = run.level & 1;
    const size_t first = out.size();
    const int n = static_cast<int>(g.size());
    for (int k = 0; k < n;) {
      // Group glyphs with the same cluster value: [lo, hi) in output order.
      int lo = rtl ? k : k, hi = k + 1;
      while (hi < n && g[hi].cluster == g[lo].cluster) ++hi;
      float adv = 0;
      for (int x = lo; x < hi; ++x) adv += static_cast<float>(g[x].x_advance) * scale;
      uint32_t cp = run.begin + g[lo].cluster;
      out.push_back(Cluster{cp, 0, r, static_cast<uint32_t>(lo), static_cast<uint32_t>(hi), adv,
                            0.0f, 0.0f, 0.0f, kind_of(in.text->cps[cp])});
      k = hi;
    }
    if (rtl) std::reverse(out.begin() + static_cast<long>(first), out.end());
    for (size_t c = first; c < out.size(); ++c)
      out[c].cp_end = c + 1 < out.size() ? out[c + 1].cp_begin : run.end;
  }
  squash_adjacent_marks(fonts, in, st, out);
  if (!st.autospace) return;
  const float quarter = st.size_px * 0.25f;  // clreq: up to ¼ em between Han and Latin/digits
  for (size_t c = 1; c < out.size(); ++c) {
    uint8_t a = out[c - 1].kind, b = out[c].kind;
    if (((a & kIdeo) && (b & kAlnum)) || ((a & kAlnum) && (b & kIdeo)))
      out[c].space_before = quarter;
  }
}

struct LineRange {
  uint32_t begin, end;  // clusters [begin, end)
  bool hard = false;    // ends at a mandatory break inside the paragraph (U+2028 …)
};

class Filler {
 public:
  Filler(FontRegistry& f, const ParagraphInput& in, const TextStyle& st, float max_w,
         const std::vector<Cluster>& cl)
      : fonts_(f), in_(in), st_(st), max_(max_w), cl_(cl) {}

  Break break_before(uint32_t k) const {
    if (k >= cl_.size()) return Break::Mandatory;
    return (*in_.breaks)[cl_[k].cp_begin - in_.begin];
  }

  // Saving when cluster k ends a line: half of a full-width closing mark (halt), px.
  float squeeze(uint32_t k) {
    const Cluster& c = cl_[k];
    if (!(c.kind & kCloser) || c.trim > 0) return 0;  // already half-width (squashed)
    const Run& run = (*in_.runs)[c.run];
    auto hw = fonts_.half_width(run.font_id, in_.text->cps[c.cp_begin]);
    if (!hw.available) return 0;
    const float scale =
        st_.size_px / static_cast<float>(fonts_.info(run.font_id).metrics.units_per_em);
    return c.advance - static_cast<float>(hw.advance) * scale;
  }

  // Width of clusters [b, e) as a line: no autospace at the start, trailing spaces hang, the last
  // closing mark squeezed.
  float width(uint32_t b, uint32_t e) {
    float w = 0;
    uint32_t vis_end = e;
    while (vis_end > b && (cl_[vis_end - 1].kind & kSpace)) --vis_end;
    for (uint32_t k = b; k < vis_end; ++k) w += cl_[k].advance + (k == b ? 0 : cl_[k].space_before);
    if (vis_end > b) w -= squeeze(vis_end - 1);
    return w;
  }

  bool no_violation_at(uint32_t k) const {
    char32_t a = in_.text->cps[cl_[k - 1].cp_begin], b = in_.text->cps[cl_[k].cp_begin];
    return !clreq_no_line_start(b) && !clreq_no_line_end(a);
  }

  // Greedy first fit (clreq 先挤进，后推出).
  void fill(std::vector<LineRange>& lines) {
    const uint32_t n = static_cast<uint32_t>(cl_.size());
    uint32_t pos = 0;
    while (pos < n) {
      uint32_t last_ok = pos, k = pos + 1;
      bool hard = false;
      float raw = 0, trail = 0;  // running width of [pos, k) and of its trailing spaces
      for (; k <= n; ++k) {
        const Cluster& c = cl_[k - 1];
        const float add = c.advance + (k - 1 == pos ? 0 : c.space_before);
        raw += add;
        trail = (c.kind & kSpace) ? trail + add : 0;
        const float w = raw - trail - (trail == 0 ? squeeze(k - 1) : 0);
        if (w > max_ && k > pos + 1) break;  // clusters [pos, k) no longer fit
        if (k == n) break;
        Break b = break_before(k);
        if (b == Break::Mandatory) {
          hard = true;
          break;
        }
        if (b == Break::Allowed) last_ok = k;
      }
      uint32_t end;
      if (k >= n && width(pos, n) <= max_)
        end = n;
      else if (hard && width(pos, k) <= max_)
        end = k;
      else if (last_ok > pos)
        end = last_ok, hard = false;  // 推出: back to the last opportunity
      else
        end = emergency_end(pos, k - 1), hard = false;
      lines.push_back(LineRange{pos, end, hard});
      pos = end;
    }
  }

  // An unbreakable chunk wider than the line: cut between clusters, still honouring 禁则 when the
  // chunk leaves any choice (layout.h invariant 4).
  uint32_t emergency_end(uint32_t pos, uint32_t k) const {
    if (k <= pos) return pos + 1;
    for (uint32_t e = k; e > pos + 1; --e)
      if (no_violation_at(e)) return e;
    return k;
  }

  // 孤字不成行 (clreq): a last line with a single Han character and otherwise only punctuation
  // takes the previous line's last breakable piece too, when that fits.
  void avoid_orphan(std::vector<LineRange>& lines) {
    if (lines.size() < 2 || st_.max_lines == 1) return;
    LineRange& last = lines.back();
    LineRange& prev = lines[lines.size() - 2];
    if (prev.hard) return;
    int ideo = 0;
    for (uint32_t k = last.begin; k < last.end; ++k) {
      if (cl_[k].kind & (kAlnum)) return;
      if (cl_[k].kind & kIdeo) ++ideo;
    }
    if (ideo != 1) return;
    for (uint32_t q = last.begin - 1; q > prev.begin; --q) {
      if (break_before(q) != Break::Allowed) continue;
      if (width(q, last.end) > max_) return;
      prev.end = q;
      last.begin = q;
      return;
    }
  }

 private:
  FontRegistry& fonts_;
  const ParagraphInput& in_;
  const TextStyle& st_;
  float max_;
  const std::vector<Cluster>& cl_;
};

// Vertical metrics of a line: CSS-style half-leading per font, the tallest font wins (`used`: the
// primary font and the fonts of non-Han, non-Latin runs on the line).
void line_metrics(FontRegistry& fonts, const TextStyle& st, const std::vector<uint16_t>& used,
                  LayoutLine& line) {
  const float box = st.size_px * st.line_height;
  float above = 0, below = 0;
  for (uint16_t id : used) {
    const FontMetrics& m = fonts.info(id).metrics;
    const float s = st.size_px / static_cast<float>(m.units_per_em);
    const float a = static_cast<float>(m.ascender) * s, d = static_cast<float>(m.descender) * s;
    above = std::max(above, (box + a - d) / 2);
    below = std::max(below, (box - a + d) / 2);
    line.ascent = std::max(line.ascent, a);
    line.descent = std::max(line.descent, d);
  }
  line.height = above + below;
  line.baseline = line.top + above;
}

}  // namespace

bool lay_out_paragraph(FontRegistry& fonts, const ParagraphInput& in, const TextStyle& st,
                       float max_width, Layout& out, int* lines_left) {
  thread_local std::vector<Cluster> cl;
  build_clusters(fonts, in, st, cl);
  const float max_w = max_width > 0 ? max_width : std::numeric_limits<float>::max();
  Filler filler(fonts, in, st, max_w, cl);
  std::vector<LineRange> ranges;
  filler.fill(ranges);
  filler.avoid_orphan(ranges);
  if (ranges.empty())
    ranges.push_back(LineRange{0, 0, false});  // an empty paragraph: one blank line

  // max_lines: keep what fits; the last kept line may get an ellipsis.
  bool cut = false;
  if (st.max_lines > 0 && static_cast<int>(ranges.size()) >= *lines_left) {
    cut = static_cast<int>(ranges.size()) > *lines_left || in.more_after;
    ranges.resize(static_cast<size_t>(*lines_left));
  }
  if (st.max_lines > 0) *lines_left -= static_cast<int>(ranges.size());

  const auto& runs = *in.runs;

  for (size_t li = 0; li < ranges.size(); ++li) {
    LineRange lr = ranges[li];
    const bool last_line = li + 1 == ranges.size();
    const bool ellipsize = cut && last_line && st.ellipsis;
    // Ellipsis: drop clusters until the text and "…" fit.
    float ell_w = 0;
    uint32_t ell_glyph = 0;
    const uint16_t ell_font =
        fonts.chain(ScriptClass::Han).empty() ? 0 : fonts.chain(ScriptClass::Han)[0];
    if (ellipsize) {
      ell_glyph = fonts.nominal_glyph(ell_font, 0x2026);
      ell_w = static_cast<float>(hb_font_get_glyph_h_advance(fonts.hb_font(ell_font), ell_glyph)) *
              st.size_px / static_cast<float>(fonts.info(ell_font).metrics.units_per_em);
      while (lr.end > lr.begin && filler.width(lr.begin, lr.end) + ell_w > max_w) --lr.end;
      // No "（…", "2026—…" or " …": an opening mark, a dash or a space before the ellipsis goes.
      auto dangling = [&](uint32_t k) {
        const char32_t c = in.text->cps[cl[k].cp_begin];
        return (cl[k].kind & kSpace) || clreq_no_line_end(c) || c == 0x2014 || c == 0x2013 ||
               c == 0x2E3A || c == '-' || c == 0x2026 || c == 0x22EF || c == 0x3001 || c == 0xFF0C;
      };
      while (lr.end > lr.begin && dangling(lr.end - 1)) --lr.end;
    }

    LayoutLine line;
    line.top = out.height;
    line.rtl = in.base_rtl;
    line.hard_break = lr.hard || (last_line && in.ends_with_newline);
    line.glyph_begin = static_cast<uint32_t>(out.glyphs.size());
    line.byte_begin =
        lr.begin < cl.size() ? in.text->byte_of[cl[lr.begin].cp_begin] : in.text->byte_of[in.begin];
    if (li + 1 < ranges.size())
      line.byte_end = in.text->byte_of[cl[ranges[li + 1].begin].cp_begin];
    else
      line.byte_end = (ellipsize && lr.end < cl.size()) ? in.text->byte_of[cl[lr.end].cp_begin]
                                                        : in.byte_end_with_newline;

    // Visible end (trailing spaces hang) and the squeeze of the last closing mark.
    uint32_t vis_end = lr.end;
    while (vis_end > lr.begin && (cl[vis_end - 1].kind & kSpace)) --vis_end;
    // (Before an ellipsis too: a closing mark next to "…" takes half an em, as filler.width
    // counts.)
    const float squeeze = vis_end > lr.begin ? filler.squeeze(vis_end - 1) : 0;
    float content_w = filler.width(lr.begin, lr.end) + ell_w;

    // Justification (clreq): not the paragraph's last line, not before a hard break.
    std::vector<float> extra(lr.end - lr.begin, 0.0f);
    if (st.justify && !last_line && !lr.hard && max_width > 0 && content_w < max_w) {
      std::vector<uint32_t> gaps;
      for (uint32_t k = lr.begin + 1; k < vis_end; ++k) {
        uint8_t a = cl[k - 1].kind, b = cl[k].kind;
        if ((a & kSpace) || (((a | b) & kWide) && !((a & kAlnum) && (b & kAlnum))))
          gaps.push_back(k);
      }
      if (!gaps.empty()) {
        const float each = (max_w - content_w) / static_cast<float>(gaps.size());
        for (uint32_t k : gaps) extra[k - lr.begin] = each;
        content_w = max_w;
      }
    }
    line.width = content_w;
    if (max_width > 0) {
      const float free = std::max(0.0f, max_w - content_w);
      const bool start_left = !in.base_rtl;
      if (st.align == Align::Center)
        line.x = free / 2;
      else if ((st.align == Align::Start) != start_left)
        line.x = free;
    }

    // Pieces (one run each) in logical order, then UBA L2 visual order.
    std::vector<uint16_t> used{
        fonts.chain(ScriptClass::Han).empty() ? uint16_t{0} : fonts.chain(ScriptClass::Han)[0]};
    std::vector<std::pair<uint32_t, uint32_t>> pieces;
    std::vector<uint8_t> levels;
    for (uint32_t k = lr.begin; k < vis_end; ++k) {
      if (pieces.empty() || cl[k].run != cl[pieces.back().first].run) {
        pieces.push_back({k, k + 1});
        levels.push_back(runs[cl[k].run].level);
        // Han and Latin runs keep the primary font's line metrics whatever font drew them:
        // ideographs fill the em box in every CJK font, and HanaMin's taller hhea values would
        // make a paragraph's lines uneven wherever a rare character falls back. Other scripts
        // bring their own (Tibetan stacks, Arabic marks, Mongolian).
        const Run& run = runs[cl[k].run];
        const bool own_metrics = run.cls != ScriptClass::Han && run.cls != ScriptClass::Latin;
        if (own_metrics && std::find(used.begin(), used.end(), run.font_id) == used.end())
          used.push_back(run.font_id);
      } else {
        pieces.back().second = k + 1;
      }
    }
    line_metrics(fonts, st, used, line);
    std::vector<uint32_t> order;
    visual_order(levels, order);

    float x = line.x;
    const float base = line.baseline;
    auto place_cluster = [&](uint32_t k) {
      const Cluster& c = cl[k];
      const Run& run = runs[c.run];
      const ShapedGlyphs& g = *(*in.shaped)[c.run];
      const float s = st.size_px / static_cast<float>(fonts.info(run.font_id).metrics.units_per_em);
      float dx_last = c.trim, off_last = c.shift;  // squashed mark (squash_adjacent_marks)
      if (k + 1 == vis_end && squeeze > 0) {       // line-end mark set half-width (先挤进)
        auto hw = fonts.half_width(run.font_id, in.text->cps[c.cp_begin]);
        off_last = static_cast<float>(hw.x_offset) * s;
        dx_last = squeeze;
      }
      for (uint32_t i = c.g_begin; i < c.g_end; ++i) {
        out.glyphs.push_back(PositionedGlyph{run.font_id, g[i].glyph_id,
                                             x + static_cast<float>(g[i].x_offset) * s + off_last,
                                             base - static_cast<float>(g[i].y_offset) * s});
        x += static_cast<float>(g[i].x_advance) * s;
      }
      x -= dx_last;
    };
    for (uint32_t pi : order) {
      auto [pb, pe] = pieces[pi];
      const bool rtl = levels[pi] & 1;
      if (!rtl) {
        for (uint32_t k = pb; k < pe; ++k) {
          if (k != lr.begin) x += cl[k].space_before + extra[k - lr.begin];
          place_cluster(k);
        }
      } else {
        for (uint32_t k = pe; k-- > pb;) {
          place_cluster(k);
          if (k != lr.begin) x += cl[k].space_before + extra[k - lr.begin];
        }
      }
    }
    if (ellipsize) {
      out.glyphs.push_back(PositionedGlyph{ell_font, ell_glyph, x, base});
      out.truncated = true;
    } else if (cut && last_line) {
      out.truncated = true;
    }
    line.glyph_end = static_cast<uint32_t>(out.glyphs.size());
    for (uint32_t g = line.glyph_begin; g < line.glyph_end; ++g)  // drawn .notdef (tofu)
      out.uncovered += out.glyphs[g].glyph_id == 0;
    out.width = std::max(out.width, line.width);
    out.height = line.top + line.height;
    out.lines.push_back(line);
  }
  return !(st.max_lines > 0 && *lines_left <= 0);
}

}  // namespace gongkai::text
