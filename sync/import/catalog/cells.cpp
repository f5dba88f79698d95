// cells.cpp — cell parsers for catalog rows (see cells.h for the rules each one follows).
#include "import/catalog/cells.h"

#include <algorithm>
#include <array>

#include "import/catalog/text.h"

namespace gongkai::catalog {

namespace {

bool in(char32_t c, std::u32string_view set) { return set.find(c) != std::u32string_view::npos; }

// Folded (full-width → ASCII, traditional → simplified) code points, same length as the input,
// so that positions found in the fold index the original too.
std::u32string folded(const std::u32string& u) {
  std::u32string f(u);
  for (char32_t& c : f) c = fold_char(c);
  return f;
}

bool has_at(const std::u32string& s, size_t pos, std::u32string_view w) {
  return pos + w.size() <= s.size() && s.compare(pos, w.size(), w) == 0;
}
bool has(const std::u32string& s, std::u32string_view w) {
  return s.find(w) != std::u32string::npos;
}

std::u32string trim32(std::u32string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::u32string(s.substr(b, e - b));
}

constexpr std::u32string_view kOpenBrackets = U"《（(〔【[「『“";
constexpr std::u32string_view kCloseBrackets = U"》）)〕】]」』”";

}  // namespace

// ---------------------------------------------------------------------------------------------
// √ columns
// ---------------------------------------------------------------------------------------------
Mark parse_mark(std::string_view cell) {
  const std::u32string u = utf8_to_u32(match_key(cell));
  if (u.empty()) return Mark::Empty;
  if (u == U"是") return Mark::Yes;
  if (u == U"否" || u == U"无") return Mark::No;
  constexpr std::u32string_view kYes = U"√✓✔☑✅vVYy●■";
  constexpr std::u32string_view kNo = U"×✗✘☐□Nn-—/○xX";
  if (std::all_of(u.begin(), u.end(), [&](char32_t c) { return in(c, kYes); })) return Mark::Yes;
  if (std::all_of(u.begin(), u.end(), [&](char32_t c) { return in(c, kNo); })) return Mark::No;
  return Mark::Unrecognized;
}

bool is_same_as_above(std::string_view cell) {
  if (cell.size() > 32) return false;  // a long cell is content, not the two characters 同上
  std::string k = match_key(cell);
  while (k.ends_with("。") || k.ends_with("."))
    k.resize(k.ends_with(".") ? k.size() - 1 : k.size() - 3);
  return k == "同上";
}

// ---------------------------------------------------------------------------------------------
// 公开渠道和载体
// ---------------------------------------------------------------------------------------------
const std::vector<std::string>& standard_channels() {
  // data/channels.txt, in checklist order.
  static const std::vector<std::string> kChannels = {"政府网站",
                                                     "政府公报",
                                                     "两微一端",
                                                     "发布会/听证会",
                                                     "广播电视",
                                                     "纸质媒体",
                                                     "公开查阅点",
                                                     "政务服务中心",
                                                     "便民服务站",
                                                     "入户/现场",
                                                     "社区/企事业单位/村公示栏(电子屏)",
                                                     "精准推送",
                                                     "其他"};
  return kChannels;
}

namespace {

// Spellings seen on county catalogs for the standard channels (match keys → checklist index).
int standard_channel_index(const std::string& key) {
  static const std::vector<std::string> kKeys = [] {
    std::vector<std::string> keys;
    for (const std::string& n : standard_channels()) keys.push_back(match_key(n));
    return keys;
  }();
  for (size_t i = 0; i < kKeys.size(); ++i) {
    const std::string& k = kKeys[i];
    if (key == k) return static_cast<int>(i);
    // "两微一端(微博、微信、客户端)": the standard name followed by an explanation in brackets.
    if (key.starts_with(k) && key.size() > k.size() && key[k.size()] == '(')
      return static_cast<int>(i);
  }
  struct Alias {
    const char* key;
    int index;
  };
  static constexpr std::array<Alias, 17> kAliases = {{
      {"政府门户网站", 0},
      {"政府信息公开网站", 0},
      {"政府网", 0},
      {"发布会", 3},
      {"听证会", 3},
      {"新闻发布会", 3},
      {"广播", 4},
      {"电视", 4},
      {"报刊", 5},
      {"报纸", 5},
      {"入户", 9},
      {"现场", 9},
      {"公示栏", 10},
      {"村公示栏", 10},
      {"公示栏(电子屏)", 10},
      {"社区/企事业单位/村公示栏", 10},
      {"社区/企事业单位/村公示栏(电子显示屏)", 10},
  }};
  for (const Alias& a : kAliases) {
    if (key == a.key) return a.index;
  }
  return -1;
}

enum class Marker { None, Chosen, NotChosen };

Marker symbol_marker(char32_t c) {
  if (in(c, U"■▇█◼◾☑✔✓√▪")) return Marker::Chosen;
  if (in(c, U"□☐◻◽▫")) return Marker::NotChosen;
  return Marker::None;
}

bool is_separator(char32_t c) { return in(c, U"、，,；;\n"); }

bool is_ascii_alnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Does a standard channel name (or alias) start at position pos?
bool channel_name_starts_at(const std::u32string& u, size_t pos) {
  const std::string rest = match_key(u32_to_utf8(std::u32string_view(u).substr(pos, 24)));
  for (const std::string& n : standard_channels()) {
    if (rest.starts_with(match_key(n))) return true;
  }
  return rest.starts_with("发布会") || rest.starts_with("入户") || rest.starts_with("公示栏");
}

// OCR artefacts: "t" for ■ and "口" for □. 't' counts only between non-letters and before a
// non-ASCII character ("t政府网站"); '口' only at an entry start or right before a channel name
// ("t政府网站口政府公报"), so 窗口/入口 stay text.
Marker ocr_marker(const std::u32string& u, size_t i, bool at_entry_start) {
  const char32_t c = u[i];
  const bool next_non_ascii = i + 1 < u.size() && u[i + 1] >= 0x80 && !is_space(u[i + 1]);
  if (c == U't' && next_non_ascii && (i == 0 || !is_ascii_alnum(u[i - 1]))) return Marker::Chosen;
  if (c == U'口' && next_non_ascii && (at_entry_start || channel_name_starts_at(u, i + 1))) {
    return Marker::NotChosen;
  }
  return Marker::None;
}

// Trims spaces and stray punctuation around an entry ("■政府网站；" → 政府网站).
std::u32string clean_entry(std::u32string_view s) {
  std::u32string t = trim32(s);
  while (!t.empty() && (is_separator(t.back()) || in(t.back(), U"。.:：") || is_space(t.back()))) {
    t.pop_back();
  }
  while (!t.empty() && (is_separator(t.front()) || is_space(t.front()))) t.erase(t.begin());
  return t;
}

}  // namespace

ChannelChoice parse_channels(std::string_view cell) {
  const std::u32string u = utf8_to_u32(cell);
  struct Entry {
    Marker marker;
    std::u32string text;
  };
  std::vector<Entry> entries;
  Entry cur{Marker::None, {}};
  int depth = 0;  // inside brackets, separators belong to the entry: 两微一端（微博、微信）
  bool any_marker = false;
  auto flush = [&](Marker next) {
    std::u32string t = clean_entry(cur.text);
    if (!t.empty()) entries.push_back({cur.marker, std::move(t)});
    cur = Entry{next, {}};
  };
  bool entry_has_text = false;  // cur.text holds more than spaces
  bool just_marked = false;  // a ■/□ was the last thing seen: "■口岸公示栏" names 口岸…
  for (size_t i = 0; i < u.size(); ++i) {
    const char32_t c = u[i];
    const bool at_entry_start = !entry_has_text;
    Marker m = symbol_marker(c);
    if (m == Marker::None && depth == 0 && !just_marked) m = ocr_marker(u, i, at_entry_start);
    if (m != Marker::None && depth == 0) {
      any_marker = true;
      flush(m);
      entry_has_text = false;
      just_marked = true;
      continue;
    }
    if (!is_space(c)) just_marked = false;
    if (in(c, kOpenBrackets)) ++depth;
    if (in(c, kCloseBrackets) && depth > 0) --depth;
    if (depth == 0 && is_separator(c)) {
      const Marker keep = cur.marker;  // "■政府网站、两微一端": the list shares the mark
      flush(keep);
      entry_has_text = false;
      continue;
    }
    cur.text.push_back(c);
    entry_has_text = entry_has_text || !is_space(c);
  }
  flush(Marker::None);

  ChannelChoice out;
  out.had_markers = any_marker;
  std::array<bool, 13> std_chosen{};
  for (Entry& e : entries) {
    // Without any markers the cell is a plain list: every entry is chosen. With markers, text
    // before the first marker (e.g. a leading label) follows the same rule as a plain entry.
    const bool chosen = e.marker == Marker::Chosen || (e.marker == Marker::None && !any_marker) ||
                        (e.marker == Marker::None && any_marker && &e == &entries.front());
    if (!chosen) continue;
    std::string text = u32_to_utf8(e.text);
    std::string key = match_key(text);
    // "其他：村应急广播" / "其他(村应急广播)": the named channel is the local addition.
    if (key.starts_with("其他") && key.size() > 6) {
      std::u32string rest = clean_entry(std::u32string_view(e.text).substr(2));
      while (!rest.empty() && in(rest.front(), U":：(（")) rest.erase(rest.begin());
      while (!rest.empty() && in(rest.back(), U")）")) rest.pop_back();
      rest = clean_entry(rest);
      if (!rest.empty()) {
        text = u32_to_utf8(rest);
        key = match_key(text);
      }
    }
    const int idx = standard_channel_index(key);
    if (idx >= 0) {
      std_chosen[static_cast<size_t>(idx)] = true;
    } else if (std::find(out.local.begin(), out.local.end(), text) == out.local.end()) {
      out.local.push_back(text);
    }
  }
  for (size_t i = 0; i < std_chosen.size(); ++i) {
    if (std_chosen[i]) out.chosen.push_back(standard_channels()[i]);
  }
  out.chosen.insert(out.chosen.end(), out.local.begin(), out.local.end());
  return out;
}

// ---------------------------------------------------------------------------------------------
// 公开依据
// ---------------------------------------------------------------------------------------------
namespace {

struct Span {
  size_t b, e;              // [b, e) in code points of the cell
  bool strong_end = false;  // ended by ；/。/a line break, which also ends a 【tag】's reach
};

// A piece that only continues the previous citation: 第X条, a 文号 (国发〔2012〕45号, 国务院令第
// 711号), a date (2019年4月3日), or a bracketed note.
bool continues_previous(const std::u32string& piece) {
  if (piece.empty() || has(piece, U"《")) return false;
  if (piece.front() == U'第' || piece.front() == U'(') return true;
  const bool doc_number =
      (has(piece, U"〔") || has(piece, U"[") || has(piece, U"令第")) && piece.back() == U'号';
  if (doc_number && piece.size() <= 24) return true;
  const bool date = piece.front() >= U'0' && piece.front() <= U'9' && has(piece, U"年") &&
                    (piece.back() == U'日' || piece.back() == U'月') && piece.size() <= 12;
  return date;
}

// A tag such as 【法律】 or [规章] at position i of the folded text: short, no digits (so the
// brackets of 国发[2012]45号 are not a tag), no title inside. Sets end to the closing bracket.
bool tag_at(const std::u32string& f, size_t i, size_t limit, size_t& end) {
  if (i >= limit || (f[i] != U'【' && f[i] != U'[')) return false;
  const char32_t close = f[i] == U'【' ? U'】' : U']';
  end = f.find(close, i);
  if (end == std::u32string::npos || end >= limit || end - i > 12 || end == i + 1) return false;
  for (size_t k = i + 1; k < end; ++k) {
    if ((f[k] >= U'0' && f[k] <= U'9') || f[k] == U'《') return false;
  }
  return true;
}

}  // namespace

std::vector<Citation> parse_citations(std::string_view cell) {
  const std::u32string u = utf8_to_u32(cell);
  const std::u32string f = folded(u);
  // 1. Pieces at top-level separators, and before a 《 or 【 that directly follows a closed title.
  std::vector<Span> pieces;
  size_t start = 0;
  int depth = 0;
  for (size_t i = 0; i < f.size(); ++i) {
    const char32_t c = f[i];
    size_t tag_end = 0;
    const bool tag_here = tag_at(f, i, f.size(), tag_end);
    if (depth == 0 && (c == U'《' || tag_here) && i > start) {
      size_t k = i;
      while (k > start && is_space(f[k - 1])) --k;
      if (k > start && (in(f[k - 1], U"》)〕】]") || tag_here)) {
        pieces.push_back({start, i});
        start = i;
      }
    }
    if (tag_here) {  // a tag is not a bracket level: skip over it whole
      i = tag_end;
      continue;
    }
    if (in(c, U"《(〔【[「“")) ++depth;
    if (in(c, U"》)〕】]」”") && depth > 0) --depth;
    if (depth == 0 && in(c, U"、,;。\n")) {
      pieces.push_back({start, i, in(c, U";。\n")});
      start = i + 1;
    }
  }
  pieces.push_back({start, f.size(), true});

  // 2. Tags, titles and continuations. A tag covers the citations after it up to the next tag or
  //    the next ；/。/line break ("【法律】《A》、《B》；《C》": A and B are 法律, C is untagged).
  std::vector<Citation> out;
  std::vector<Span> spans;  // source span of each citation, to extend with continuations
  std::string tag;
  for (Span p : pieces) {
    // Leading 【tag】s: the last one applies from here on.
    for (;;) {
      while (p.b < p.e && is_space(f[p.b])) ++p.b;
      size_t end = 0;
      if (!tag_at(f, p.b, p.e, end)) break;
      tag = u32_to_utf8(trim32(std::u32string_view(u).substr(p.b + 1, end - p.b - 1)));
      p.b = end + 1;
    }
    const std::u32string text = clean_entry(std::u32string_view(u).substr(p.b, p.e - p.b));
    if (!text.empty() && !out.empty() && continues_previous(folded(text))) {
      spans.back().e = p.e;
      out.back().text = u32_to_utf8(clean_entry(
          std::u32string_view(u).substr(spans.back().b, spans.back().e - spans.back().b)));
    } else if (!text.empty()) {
      // Where the piece starts in u after cleaning, so a later continuation can extend it.
      size_t b = p.b;
      while (b < p.e && (is_space(u[b]) || is_separator(u[b]))) ++b;
      out.push_back({u32_to_utf8(text), tag});
      spans.push_back({b, p.e});
    }
    if (p.strong_end) tag.clear();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 公开时限
// ---------------------------------------------------------------------------------------------
namespace {

int chinese_digit(char32_t c) {
  switch (c) {
    case U'〇':
    case U'零':
      return 0;
    case U'一':
      return 1;
    case U'二':
    case U'两':
      return 2;
    case U'三':
      return 3;
    case U'四':
      return 4;
    case U'五':
      return 5;
    case U'六':
      return 6;
    case U'七':
      return 7;
    case U'八':
      return 8;
    case U'九':
      return 9;
    default:
      return -1;
  }
}

// Reads a number at pos: ASCII digits (full-width already folded) or Chinese numerals up to 999
// (二十, 十五, 三十, 一百). Returns the number of code points consumed (0 = no number).
size_t read_number(const std::u32string& s, size_t pos, int& value) {
  size_t i = pos;
  if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    value = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && value < 100000)
      value = value * 10 + (s[i++] - '0');
    return i - pos;
  }
  int total = 0, digit = -1;
  bool any = false;
  while (i < s.size()) {
    const char32_t c = s[i];
    const int d = chinese_digit(c);
    if (d >= 0) {
      digit = d;
    } else if (c == U'十' || c == U'百') {
      const int unit = c == U'十' ? 10 : 100;
      total += (digit < 0 ? 1 : digit) * unit;
      digit = -1;
    } else {
      break;
    }
    any = true;
    ++i;
  }
  if (!any) return 0;
  value = total + (digit < 0 ? 0 : digit);
  return i - pos;
}

struct DayCount {
  int days = 0;
  bool working = false;
  bool publicity = false;
  size_t pos = 0;
};

// Every "N个工作日" / "N日" / "N天" / "N个自然日" in the text, in order.
std::vector<DayCount> find_day_counts(const std::u32string& f) {
  std::vector<DayCount> out;
  for (size_t i = 0; i < f.size();) {
    int v = 0;
    const size_t n = read_number(f, i, v);
    if (n == 0) {
      ++i;
      continue;
    }
    size_t j = i + n;
    while (j < f.size() && is_space(f[j])) ++j;
    if (has_at(f, j, U"个")) ++j;
    DayCount d;
    d.days = v;
    d.pos = i;
    bool unit = false;
    if (has_at(f, j, U"工作日")) {
      d.working = true, unit = true;
    } else if (has_at(f, j, U"自然日") || has_at(f, j, U"日") || has_at(f, j, U"天")) {
      // "20日" right after 月 is a date ("每季度的首个月20日"), not a count.
      unit = !(i > 0 && f[i - 1] == U'月');
    }
    if (unit) {
      // 公示 within a few characters before the number: "公示7个工作日", "公示期不少于7天".
      const size_t from = i >= 8 ? i - 8 : 0;
      const size_t p = f.rfind(U"公示", i);
      d.publicity = p != std::u32string::npos && p >= from;
      out.push_back(d);
    }
    i += n;
  }
  return out;
}

std::string find_period(const std::u32string& f) {
  struct P {
    std::u32string_view word;
    const char* period;
  };
  static constexpr std::array<P, 15> kPeriods = {{
      {U"每半年", "半年"},
      {U"按半年", "半年"},
      {U"每季度", "季度"},
      {U"按季度", "季度"},
      {U"每季", "季度"},
      {U"季度", "季度"},
      {U"每月", "月"},
      {U"按月", "月"},
      {U"每年", "年"},
      {U"按年", "年"},
      {U"年度终了", "年"},
      {U"每周", "周"},
      {U"按周", "周"},
      {U"每学期", "学期"},
      {U"每学年", "学年"},
  }};
  for (const P& p : kPeriods) {
    if (has(f, p.word)) return p.period;
  }
  return {};
}

}  // namespace

TimeLimitRule parse_time_limit(std::string_view cell) {
  TimeLimitRule r;
  const std::u32string f = folded(utf8_to_u32(cell));
  const std::vector<DayCount> counts = find_day_counts(f);
  for (const DayCount& d : counts) {
    if (d.publicity && r.publicity_days == 0) r.publicity_days = d.days;
  }
  const std::string period = find_period(f);
  if (!period.empty()) {
    r.kind = TimeLimitKind::Periodic;
    r.period = period;
    return r;
  }
  for (const DayCount& d : counts) {
    if (!d.publicity) {
      r.kind = TimeLimitKind::WithinDays;
      r.days = d.days;
      r.working_days = d.working;
      return r;
    }
  }
  if (has(f, U"实时")) {
    r.kind = TimeLimitKind::RealTime;
  } else if (has(f, U"及时") || has(f, U"即时")) {
    r.kind = TimeLimitKind::Timely;
  } else if (has(f, U"长期") || has(f, U"常年")) {
    r.kind = TimeLimitKind::LongTerm;
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// 公开层级 and the single-column 对象 / 方式
// ---------------------------------------------------------------------------------------------
std::vector<std::string> parse_levels(std::string_view text) {
  static const std::array<const char*, 5> kOrder = {"省级", "市级", "县级", "乡级", "村级"};
  std::array<bool, 5> found{};
  const std::u32string f = folded(utf8_to_u32(text));
  // Scan words rather than split, so "乡、村级", "县(市、区)级", "县乡村三级" all read right.
  for (size_t i = 0; i < f.size(); ++i) {
    const char32_t c = f[i];
    if (c == U'省') found[0] = true;
    if (c == U'市' && !(i > 0 && f[i - 1] == U'(')) found[1] = true;  // 县(市、区): a county
    if (c == U'县' || (c == U'区' && !has_at(f, i > 0 ? i - 1 : i, U"社区"))) found[2] = true;
    if (c == U'乡' || c == U'镇' || has_at(f, i, U"街道")) found[3] = true;
    if (c == U'村' || has_at(f, i, U"社区") || has_at(f, i, U"居委")) found[4] = true;
  }
  // "县(市、区)级": the 市 and 区 inside the brackets name county-level units, not a city.
  if (has(f, U"县(市") && !has(f, U"市级")) found[1] = false;
  std::vector<std::string> out;
  for (size_t k = 0; k < kOrder.size(); ++k) {
    if (found[k]) out.emplace_back(kOrder[k]);
  }
  return out;
}

Audience parse_audience_text(std::string_view text) {
  const std::string k = match_key(text);
  const bool pub = contains(k, "全社会") || contains(k, "社会公众");
  const bool spec = contains(k, "特定群体") || contains(k, "特定群众") || contains(k, "特定对象");
  return pub && spec ? Audience::Both
         : pub       ? Audience::Public
         : spec      ? Audience::SpecificGroup
                     : Audience::Unknown;
}

DisclosureMode parse_mode_text(std::string_view text) {
  const std::string k = match_key(text);
  const bool pro = contains(k, "主动");
  const bool req = contains(k, "依申请");
  return pro && req ? DisclosureMode::Both
         : pro      ? DisclosureMode::Proactive
         : req      ? DisclosureMode::OnRequest
                    : DisclosureMode::Unknown;
}

// ---------------------------------------------------------------------------------------------
// 公开要求
// ---------------------------------------------------------------------------------------------
Requirement split_requirement(std::string_view cell) {
  const std::u32string u = utf8_to_u32(cell);
  const std::u32string f = folded(u);
  Requirement r;
  size_t start = 0;
  int depth = 0;
  auto take = [&](size_t b, size_t e) {
    const std::u32string piece = clean_entry(std::u32string_view(u).substr(b, e - b));
    if (piece.empty()) return;
    const std::u32string fp = folded(piece);
    const bool is_time =
        !has(fp, U"《") &&
        (has(fp, U"工作日") || has(fp, U"日内") || has(fp, U"天内") || has(fp, U"之日起") ||
         has(fp, U"实时") || has(fp, U"及时") || has(fp, U"长期") || has(fp, U"公示") ||
         !find_period(fp).empty() || !find_day_counts(fp).empty());
    std::string& dst = is_time ? r.time_limit : r.basis;
    if (!dst.empty()) dst += "，";
    dst += u32_to_utf8(piece);
  };
  for (size_t i = 0; i < f.size(); ++i) {
    if (in(f[i], U"《(〔【[")) ++depth;
    if (in(f[i], U"》)〕】]") && depth > 0) --depth;
    if (depth == 0 && in(f[i], U",;。\n")) {
      take(start, i);
      start = i + 1;
    }
  }
  take(start, u.size());
  return r;
}

}  // namespace gongkai::catalog
