// notice_body.cpp — line-oriented parser for the notice Markdown subset (see notice_body.h).
#include "app/notice_body.h"

#include <algorithm>
#include <cctype>

namespace gongkai::kiosk {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool is_rule_row(const std::string& line) {  // |---|:---:|
  return line.find_first_not_of("|-: \t") == std::string::npos &&
         line.find('-') != std::string::npos;
}

std::vector<std::string> split_row(const std::string& line) {
  std::string s = trim(line);
  if (!s.empty() && s.front() == '|') s.erase(0, 1);
  if (!s.empty() && s.back() == '|') s.pop_back();
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    const size_t bar = s.find('|', start);
    cells.push_back(strip_emphasis(trim(s.substr(start, bar - start))));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return cells;
}

// "1. text" → ("1.", "text"); "- text" → ("•", "text"); else empty marker.
std::pair<std::string, std::string> list_item(const std::string& line) {
  if (line.size() > 2 && (line[0] == '-' || line[0] == '*') && line[1] == ' ')
    return {"•", trim(line.substr(2))};
  size_t i = 0;
  while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
  if (i > 0 && i < 4 && i + 1 < line.size() && (line[i] == '.' || line[i] == ')') &&
      line[i + 1] == ' ')
    return {line.substr(0, i) + ".", trim(line.substr(i + 2))};
  return {"", ""};
}

bool image_line(const std::string& line, BodyBlock& out) {
  if (line.rfind("![", 0) != 0 || line.back() != ')') return false;
  const auto close = line.find("](");
  if (close == std::string::npos) return false;
  out.kind = BodyBlock::Kind::Image;
  out.text = line.substr(2, close - 2);
  out.image = line.substr(close + 2, line.size() - close - 3);
  return true;
}

class BodyParser {
 public:
  void line(const std::string& raw) {
    const std::string l = trim(raw);
    if (l.empty()) return flush();
    if (l.front() == '|') return table_row(l);
    if (!table_.rows.empty()) flush();
    if (l.front() == '#') return heading(l);
    BodyBlock img;
    if (image_line(l, img)) {
      flush();
      blocks_.push_back(std::move(img));
      return;
    }
    if (const auto [marker, text] = list_item(l); !marker.empty()) {
      flush();
      if (text.empty()) return;
      BodyBlock b;
      b.kind = BodyBlock::Kind::ListItem;
      b.marker = marker;
      b.text = strip_emphasis(text);
      blocks_.push_back(std::move(b));
      open_list_ = true;
      return;
    }
    if (open_list_ && !blocks_.empty()) {  // a continuation line of a list item
      blocks_.back().text += strip_emphasis(l);
      return;
    }
    para_ += strip_emphasis(l);
  }

  std::vector<BodyBlock> finish() {
    flush();
    return std::move(blocks_);
  }

 private:
  void heading(const std::string& l) {
    flush();
    int level = 0;
    while (level < static_cast<int>(l.size()) && l[static_cast<size_t>(level)] == '#') ++level;
    const std::string text = strip_emphasis(trim(l.substr(static_cast<size_t>(level))));
    if (text.empty()) return;
    BodyBlock b;
    b.kind = BodyBlock::Kind::Heading;
    b.level = std::min(level, 3);
    b.text = text;
    blocks_.push_back(std::move(b));
  }

  void table_row(const std::string& l) {
    if (!para_.empty() || open_list_) flush();
    if (is_rule_row(l)) return;
    table_.kind = BodyBlock::Kind::Table;
    table_.rows.push_back(split_row(l));
  }

  void flush() {
    open_list_ = false;
    if (!para_.empty()) {
      BodyBlock b;
      b.text = std::move(para_);
      blocks_.push_back(std::move(b));
      para_.clear();
    }
    if (!table_.rows.empty()) {
      size_t cols = 0;
      for (const auto& r : table_.rows) cols = std::max(cols, r.size());
      for (auto& r : table_.rows) r.resize(cols);
      blocks_.push_back(std::move(table_));
      table_ = {};
    }
  }

  std::vector<BodyBlock> blocks_;
  std::string para_;
  BodyBlock table_;
  bool open_list_ = false;
};

}  // namespace

namespace {

// The code point ending just before byte i / starting at byte i (0 at either end of s).
char32_t code_point_before(const std::string& s, size_t i) {
  if (i == 0) return 0;
  size_t start = i - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  char32_t cp = static_cast<unsigned char>(s[start]);
  const size_t len = i - start;
  if (len > 1) cp &= 0xFFu >> (len + 1);
  for (size_t k = start + 1; k < i; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
  return cp;
}

char32_t code_point_at(const std::string& s, size_t i) {
  if (i >= s.size()) return 0;
  const unsigned char b = static_cast<unsigned char>(s[i]);
  const size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? b : b & (0xFFu >> (len + 1));
  for (size_t k = 1; k < len && i + k < s.size(); ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

bool is_space_cp(char32_t c) { return c == 0 || c == ' ' || c == '\t' || c == 0x3000; }

// ASCII punctuation and the CJK / full-width punctuation blocks (enough for notice text).
bool is_punct_cp(char32_t c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~') || (c >= 0x2010 && c <= 0x206F) || (c >= 0x3001 && c <= 0x303F) ||
         (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
         (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

}  // namespace

// Removes ** / __ strong-emphasis delimiters and keeps every other asterisk. Only a run of
// exactly two marks can delimit, and only when it is left-flanking (opener) or right-flanking
// (closer) as CommonMark 0.30 §6.2 defines; an opener pairs with the next closer. So masks such
// as 139****5678 (a run of four), 张*华 and 李** (not left-flanking before "、", a space or the
// end) stay as written: privacy masking must be visible.
std::string strip_emphasis(const std::string& s) {
  struct Run {
    size_t at;
    bool opener, closer;
  };
  std::vector<Run> runs;
  for (size_t i = 0; i < s.size();) {
    const char mark = s[i];
    if (mark != '*' && mark != '_') {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < s.size() && s[end] == mark) ++end;
    if (end - i == 2) {
      const char32_t before = code_point_before(s, i), after = code_point_at(s, end);
      const bool left = !is_space_cp(after) &&
                        (!is_punct_cp(after) || is_space_cp(before) || is_punct_cp(before));
      const bool right = !is_space_cp(before) &&
                         (!is_punct_cp(before) || is_space_cp(after) || is_punct_cp(after));
      runs.push_back({i, left, right});
    }
    i = end;
  }
  std::vector<bool> drop(s.size(), false);
  for (size_t r = 0; r < runs.size(); ++r) {
    if (!runs[r].opener) continue;
    for (size_t c = r + 1; c < runs.size(); ++c) {
      if (!runs[c].closer || s[runs[c].at] != s[runs[r].at]) continue;
      drop[runs[r].at] = drop[runs[r].at + 1] = drop[runs[c].at] = drop[runs[c].at + 1] = true;
      r = c;
      break;
    }
  }
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i)
    if (!drop[i]) out += s[i];
  return out;
}

std::vector<BodyBlock> parse_notice_body(const std::string& body) {
  BodyParser p;
  size_t start = 0;
  while (start <= body.size()) {
    const size_t nl = body.find('\n', start);
    p.line(body.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return p.finish();
}

}  // namespace gongkai::kiosk
