// front_matter.cpp — the YAML-subset header and time values of a notice file (front_matter.h).
#include "import/notice/front_matter.h"

#include "gongkai/content.h"
#include "import/notice/calendar.h"

namespace gongkai::notice {

namespace {

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000
constexpr std::string_view kNoBreakSpace = "\xC2\xA0";          // U+00A0
constexpr std::string_view kFullWidthColon = "\xEF\xBC\x9A";    // U+FF1A ：
constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }


bool is_delimiter(std::string_view line, std::string_view delim) {
  line = trim(line);
  return line == delim;
}

// Parses the value part of `key: value`. Returns false (and fills issues) when malformed.
bool parse_value(std::string_view raw, int line, const std::string& key, std::string& out,
                 Issues& issues) {
  std::string_view v = trim(raw);
  out.clear();
  if (v.empty()) return true;
  if (v.front() == '"' || v.front() == '\'') {
    const char q = v.front();
    size_t i = 1;
    bool closed = false;
    while (i < v.size()) {
      const char c = v[i];
      if (q == '"' && c == '\\' && i + 1 < v.size()) {
        const char e = v[i + 1];
        if (e == 'n')
          out += '\n';
        else if (e == 't')
          out += '\t';
        else if (e == '"' || e == '\\')
          out += e;
        else {
          issues.error(line, key, std::string("unknown escape \\") + e + " in quoted value",
                       std::string("引号内的转义 \\") + e + " 无法识别");
          return false;
        }
        i += 2;
        continue;
      }
      if (c == q) {
        if (q == '\'' && i + 1 < v.size() && v[i + 1] == '\'') {  // '' inside '…'
          out += '\'';
          i += 2;
          continue;
        }
        closed = true;
        ++i;
        break;
      }
      out += c;
      ++i;
    }
    if (!closed) {
      issues.error(line, key, "quoted value has no closing quote", "引号没有闭合");
      return false;
    }
    const std::string_view rest = trim(v.substr(i));
    if (!rest.empty() && rest.front() != '#') {
      issues.error(line, key, "text after the closing quote", "闭合引号之后还有多余文字");
      return false;
    }
    return true;
  }
  if (v == "|" || v == ">" || v == "|-" || v == ">-" || v.front() == '[' || v.front() == '{') {
    issues.error(line, key, "multi-line, list and nested values are not supported",
                 "不支持多行、列表或嵌套形式的取值");
    return false;
  }
  // YAML comment rule: '#' starts a comment only at the start or after whitespace.
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '#' && (i == 0 || is_space(v[i - 1]))) {
      v = v.substr(0, i);
      break;
    }
  }
  out = std::string(trim(v));
  return true;
}

}  // namespace

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    pos = nl + 1;
  }
  return lines;
}

std::string_view trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && is_space(s.front()))
      s.remove_prefix(1);
    else if (s.substr(0, 3) == kIdeographicSpace)
      s.remove_prefix(3);
    else if (s.substr(0, 2) == kNoBreakSpace)
      s.remove_prefix(2);
    else
      break;
  }
  for (;;) {
    if (!s.empty() && is_space(s.back()))
      s.remove_suffix(1);
    else if (s.size() >= 3 && s.substr(s.size() - 3) == kIdeographicSpace)
      s.remove_suffix(3);
    else if (s.size() >= 2 && s.substr(s.size() - 2) == kNoBreakSpace)
      s.remove_suffix(2);
    else
      break;
  }
  return s;
}

std::optional<FrontMatter> parse_front_matter(std::string_view text, Issues& issues) {
  if (text.substr(0, 3) == kBom) text.remove_prefix(3);
  const std::vector<std::string_view> lines = split_lines(text);
  if (lines.empty() || !is_delimiter(lines[0], "---")) {
    issues.error(1, "", "the file must start with a --- line opening the front matter",
                 "文件第一行应为 ---，其后是标题、发布单位等头部字段");
    return std::nullopt;
  }
  FrontMatter fm;
  size_t i = 1;
  bool closed = false;
  for (; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i) + 1;
    const std::string_view line = lines[i];
    if (is_delimiter(line, "---") || is_delimiter(line, "...")) {
      closed = true;
      ++i;
      break;
    }
    const std::string_view t = trim(line);
    if (t.empty() || t.front() == '#') continue;
    if (is_space(line.front()) || line.substr(0, 3) == kIdeographicSpace) {
      issues.error(line_no, "", "indented line: nested or multi-line values are not supported",
                   "行首有缩进：不支持嵌套或多行取值");
      continue;
    }
    if (t.front() == '-') {
      issues.error(line_no, "", "lists are not supported in the front matter",
                   "头部字段不支持列表写法");
      continue;
    }
    size_t colon = t.find(':');
    size_t colon_len = 1;
    const size_t wide = t.find(kFullWidthColon);
    if (wide != std::string_view::npos && (colon == std::string_view::npos || wide < colon)) {
      colon = wide;
      colon_len = kFullWidthColon.size();
    }
    if (colon == std::string_view::npos) {
      issues.error(line_no, "", "expected `key: value`", "应为“字段: 取值”的形式");
      continue;
    }
    const std::string key(trim(t.substr(0, colon)));
    if (key.empty()) {
      issues.error(line_no, "", "empty key before the colon", "冒号前缺少字段名");
      continue;
    }
    std::string value;
    if (!parse_value(t.substr(colon + colon_len), line_no, key, value, issues)) continue;
    fm.entries.push_back(FrontMatterEntry{key, std::move(value), line_no});
  }
  if (!closed) {
    issues.error(static_cast<int>(lines.size()), "", "the front matter is not closed by a --- line",
                 "头部字段没有以 --- 行结束");
    return std::nullopt;
  }
  if (issues.has_errors()) return std::nullopt;
  fm.body_first_line = static_cast<int>(i) + 1;
  for (size_t k = i; k < lines.size(); ++k) {
    fm.body.append(lines[k]);
    fm.body.push_back('\n');
  }
  return fm;
}

// ---------------------------------------------------------------------------------------------
// Time values
// ---------------------------------------------------------------------------------------------
namespace {

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  bool eat(std::string_view lit) {
    if (s_.substr(i_, lit.size()) != lit) return false;
    i_ += lit.size();
    return true;
  }
  // Reads min..max ASCII digits.
  std::optional<int> digits(size_t min, size_t max) {
    size_t n = 0;
    int v = 0;
    while (i_ + n < s_.size() && n < max && s_[i_ + n] >= '0' && s_[i_ + n] <= '9') {
      v = v * 10 + (s_[i_ + n] - '0');
      ++n;
    }
    if (n < min) return std::nullopt;
    i_ += n;
    return v;
  }
  void skip_spaces() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

std::optional<TimeValue> parse_time_value(std::string_view s) {
  s = trim(s);
  Cursor c(s);
  const auto year = c.digits(4, 4);
  if (!year) return std::nullopt;
  bool chinese = false;
  std::string_view sep;
  for (std::string_view cand : {"-", "/", "."}) {
    if (c.eat(cand)) {
      sep = cand;
      break;
    }
  }
  if (sep.empty()) {
    if (!c.eat("年")) return std::nullopt;
    chinese = true;
  }
  const auto month = c.digits(1, 2);
  if (!month) return std::nullopt;
  if (chinese ? !c.eat("月") : !c.eat(sep)) return std::nullopt;
  const auto day = c.digits(1, 2);
  if (!day) return std::nullopt;
  if (chinese && !c.eat("日")) return std::nullopt;
  if (!is_valid_date(*year, *month, *day)) return std::nullopt;
  const int64_t days = days_from_civil(CivilDate{*year, *month, *day});

  TimeValue tv;
  c.skip_spaces();
  if (c.done()) {
    tv.date_only = true;
    tv.unix_seconds = china_midnight(days);
    return tv;
  }
  c.eat("T");
  c.skip_spaces();
  const auto hour = c.digits(1, 2);
  if (!hour) return std::nullopt;
  int minute = 0, second = 0;
  if (c.eat(":") || c.eat("：")) {
    const auto m = c.digits(2, 2);
    if (!m) return std::nullopt;
    minute = *m;
    if (c.eat(":") || c.eat("：")) {
      const auto sec = c.digits(2, 2);
      if (!sec) return std::nullopt;
      second = *sec;
    }
  } else if (c.eat("时") || c.eat("点")) {
    const auto save = c;
    if (const auto m = c.digits(1, 2)) {
      if (!c.eat("分")) return std::nullopt;
      minute = *m;
    } else {
      c = save;
    }
  } else {
    return std::nullopt;
  }
  c.skip_spaces();
  if (!c.done() && !c.eat("+08:00") && !c.eat("+0800")) return std::nullopt;
  if (!c.done()) return std::nullopt;
  const bool end_of_day = *hour == 24 && minute == 0 && second == 0;
  if ((*hour > 23 && !end_of_day) || minute > 59 || second > 59) return std::nullopt;
  tv.unix_seconds = china_midnight(days) + int64_t{*hour} * 3600 + int64_t{minute} * 60 + second;
  return tv;
}

}  // namespace gongkai::notice
