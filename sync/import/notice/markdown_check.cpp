// markdown_check.cpp — the body-subset checker (markdown_check.h).
//
// Works line by line, like the block phase of CommonMark: a line is classified as blank,
// heading, list item, table line, fence, quote, rule or paragraph text; inline constructs
// (images, links, emphasis, HTML) are then looked for inside text, list items and table cells.
#include "import/notice/markdown_check.h"

#include "import/notice/front_matter.h"

namespace gongkai::notice {

namespace {


size_t leading_spaces(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && (s[n] == ' ' || s[n] == '\t')) n += 1;
  return n;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// `| --- | :--: |` (outer pipes optional): every cell is dashes with optional colons.
bool is_separator_row(std::string_view line) {
  if (line.find('-') == std::string_view::npos) return false;
  const auto cells = split_table_row(line);
  if (cells.empty()) return false;
  for (const auto& c : cells) {
    std::string_view v = c;
    if (!v.empty() && v.front() == ':') v.remove_prefix(1);
    if (!v.empty() && v.back() == ':') v.remove_suffix(1);
    if (v.empty()) return false;
    for (char ch : v) {
      if (ch != '-') return false;
    }
  }
  return true;
}

bool has_unescaped_pipe(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
      continue;
    }
    if (s[i] == '|') return true;
  }
  return false;
}

// Thematic break: 3+ of the same of - * _ and nothing else but spaces (CommonMark §4.1).
bool is_thematic_break(std::string_view t) {
  char mark = 0;
  int n = 0;
  for (char c : t) {
    if (c == ' ' || c == '\t') continue;
    if (c != '-' && c != '*' && c != '_') return false;
    if (mark != 0 && c != mark) return false;
    mark = c;
    ++n;
  }
  return n >= 3;
}

// `**x**`/`__x__` emphasis: an opener not inside a longer run of the marker and followed by a
// non-space, and a closer later. Masked numbers (139****5678) never match: their runs are 4 long.
bool has_strong_emphasis(std::string_view s, char mark) {
  const std::string pair(2, mark);
  size_t from = 0;
  while (true) {
    const size_t open = s.find(pair, from);
    if (open == std::string_view::npos) return false;
    from = open + 1;
    if (open > 0 && s[open - 1] == mark) continue;
    if (open + 2 >= s.size() || s[open + 2] == mark || s[open + 2] == ' ') continue;
    for (size_t close = s.find(pair, open + 3); close != std::string_view::npos;
         close = s.find(pair, close + 1)) {
      if (s[close - 1] == ' ' || s[close - 1] == mark) continue;
      if (close + 2 < s.size() && s[close + 2] == mark) continue;
      return true;
    }
    return false;
  }
}

// Inline constructs of one piece of text (a paragraph line, a list item or a table cell).
// `own_line` is true for a paragraph line: the kiosk (kiosk/app/notice_body.h) draws an image
// only when the reference stands alone on its line; anywhere else it would show as raw text.
void check_inline(std::string_view s, int line, BodyCheck& out, Issues& issues,
                  bool own_line = false) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') {  // backslash escape: the next character is literal
      ++i;
      continue;
    }
    const bool image = s[i] == '!' && i + 1 < s.size() && s[i + 1] == '[';
    if (image || s[i] == '[') {
      const size_t open = image ? i + 1 : i;
      const size_t close = s.find(']', open + 1);
      if (close == std::string_view::npos || close + 1 >= s.size() || s[close + 1] != '(') {
        continue;  // plain brackets, e.g. 【】 are different characters; [1] stays text
      }
      const size_t end = s.find(')', close + 2);
      if (end == std::string_view::npos) {
        issues.error(line, image ? "图片" : "链接", "unclosed ( in image or link reference",
                     "图片或链接引用的括号没有闭合");
        return;
      }
      if (image) {
        std::string_view target = trim(s.substr(close + 2, end - close - 2));
        const size_t angle_end = target.find('>');
        if (!target.empty() && target.front() == '<' && angle_end != std::string_view::npos) {
          target = target.substr(1, angle_end - 1);  // ![x](<path with spaces>)
        } else if (const size_t space = target.find(' '); space != std::string_view::npos) {
          target = target.substr(0, space);  // ![x](path "title")
        }
        out.images.push_back(ImageRef{line, std::string(trim(s.substr(open + 1, close - open - 1))),
                                      std::string(target)});
        if (!own_line || !trim(s.substr(0, i)).empty() || !trim(s.substr(end + 1)).empty()) {
          issues.warn(line, "图片",
                      "an image is displayed only when it stands alone on its own line",
                      "图片须单独成行才能在终端上显示");
        }
      } else {
        issues.warn(line, "链接", "links cannot be followed on the kiosk; shown as plain text",
                    "终端上不能打开链接，链接按普通文字显示");
      }
      i = end;
      continue;
    }
    if (s[i] == '`') {
      issues.warn(line, "代码", "inline code is shown as plain text", "行内代码按普通文字显示");
      return;
    }
    if (s[i] == '<' && i + 1 < s.size() &&
        ((s[i + 1] >= 'a' && s[i + 1] <= 'z') || (s[i + 1] >= 'A' && s[i + 1] <= 'Z') ||
         s[i + 1] == '/' || s[i + 1] == '!')) {
      issues.warn(line, "HTML", "HTML tags are not rendered; shown as plain text",
                  "不支持 HTML 标记，按普通文字显示");
      return;
    }
  }
  if (has_strong_emphasis(s, '*') || has_strong_emphasis(s, '_')) {
    issues.warn(line, "强调", "bold markers are removed; the words are shown in the normal style",
                "加粗标记会被去掉，文字按正常样式显示");
  }
  if (s.find("~~") != std::string_view::npos) {
    issues.warn(line, "删除线", "strikethrough is shown as plain text", "删除线按普通文字显示");
  }
}

// A table block starting at lines[i]; returns the index after it. Errors name the line.
size_t check_table(const std::vector<std::string_view>& lines, size_t i, int first_line,
                   BodyCheck& out, Issues& issues) {
  const int header_line = first_line + static_cast<int>(i);
  const auto header = split_table_row(lines[i]);
  size_t j = i + 1;
  if (j >= lines.size() || !is_separator_row(trim(lines[j]))) {
    issues.error(header_line, "表格",
                 "table header is not followed by a separator row such as | --- | --- |",
                 "表格表头下一行应为分隔行，例如 | --- | --- |");
    while (j < lines.size() && has_unescaped_pipe(lines[j]) && !trim(lines[j]).empty()) ++j;
    return j;
  }
  const auto sep = split_table_row(trim(lines[j]));
  if (sep.size() != header.size()) {
    issues.error(header_line + 1, "表格",
                 "separator row has " + std::to_string(sep.size()) + " cells, header has " +
                     std::to_string(header.size()),
                 "分隔行有 " + std::to_string(sep.size()) + " 列，表头有 " +
                     std::to_string(header.size()) + " 列");
  }
  for (const auto& cell : header) check_inline(cell, header_line, out, issues);
  ++j;
  int rows = 0;
  for (; j < lines.size(); ++j) {
    const std::string_view t = trim(lines[j]);
    if (t.empty() || !has_unescaped_pipe(t)) break;
    const int line = first_line + static_cast<int>(j);
    const auto cells = split_table_row(t);
    if (cells.size() != header.size()) {
      issues.error(line, "表格",
                   "table row has " + std::to_string(cells.size()) + " cells, header has " +
                       std::to_string(header.size()),
                   "表格此行有 " + std::to_string(cells.size()) + " 列，表头有 " +
                       std::to_string(header.size()) + " 列");
    }
    for (const auto& cell : cells) check_inline(cell, line, out, issues);
    ++rows;
  }
  if (rows == 0) {
    issues.warn(header_line, "表格", "table has a header but no rows", "表格只有表头，没有内容行");
  }
  ++out.tables;
  return j;
}

}  // namespace

std::vector<std::string> split_table_row(std::string_view row) {
  row = trim(row);
  if (!row.empty() && row.front() == '|') row.remove_prefix(1);
  if (!row.empty() && row.back() == '|' && !(row.size() >= 2 && row[row.size() - 2] == '\\')) {
    row.remove_suffix(1);
  }
  std::vector<std::string> cells;
  std::string cell;
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size() && row[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (row[i] == '|') {
      cells.emplace_back(trim(cell));
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  cells.emplace_back(trim(cell));
  return cells;
}

BodyCheck check_markdown_body(std::string_view body, int first_line, Issues& issues) {
  BodyCheck out;
  const auto lines = split_lines(body);
  bool in_fence = false;
  for (size_t i = 0; i < lines.size();) {
    const std::string_view raw = lines[i];
    const std::string_view t = trim(raw);
    const int line = first_line + static_cast<int>(i);
    if (t.substr(0, 3) == "```" || t.substr(0, 3) == "~~~") {
      if (!in_fence) {
        issues.warn(line, "代码块", "code blocks are shown as plain text", "代码块按普通文字显示");
      }
      in_fence = !in_fence;
      ++i;
      continue;
    }
    if (in_fence || t.empty()) {
      ++i;
      continue;
    }
    const size_t indent = leading_spaces(raw);
    // Tables: a line with a pipe followed by a separator row, or any line starting with a pipe.
    if (t.front() == '|' ||
        (has_unescaped_pipe(t) && i + 1 < lines.size() && is_separator_row(trim(lines[i + 1])))) {
      i = check_table(lines, i, first_line, out, issues);
      continue;
    }
    if (t.front() == '#') {
      size_t level = 0;
      while (level < t.size() && t[level] == '#') ++level;
      if (level < t.size() && t[level] != ' ') {
        issues.warn(line, "标题", "# without a following space is shown as text, not a heading",
                    "# 后面没有空格，按普通文字显示而不是标题");
      } else if (level > 3) {
        issues.warn(line, "标题", "heading level " + std::to_string(level) + " is shown as level 3",
                    std::to_string(level) + " 级标题按三级标题显示");
      }
      check_inline(t.substr(level), line, out, issues);
      ++i;
      continue;
    }
    if (t.front() == '>') {
      issues.warn(line, "引用", "block quotes are shown as plain text", "引用块按普通文字显示");
      check_inline(t.substr(1), line, out, issues);
      ++i;
      continue;
    }
    if (is_thematic_break(t)) {
      issues.warn(line, "分隔线", "horizontal rules are not shown", "分隔线不会显示");
      ++i;
      continue;
    }
    if ((t.front() == '=' && t.find_first_not_of('=') == std::string_view::npos)) {
      issues.warn(line, "标题", "underlined (setext) headings are not supported; use #",
                  "不支持下划线式标题，请用 # 标题");
      ++i;
      continue;
    }
    std::string_view item;
    bool is_item = false;
    if ((t.front() == '-' || t.front() == '*' || t.front() == '+') && t.size() > 1 && t[1] == ' ') {
      if (t.front() == '+') {
        issues.warn(line, "列表", "use - for list items; + is shown as text",
                    "列表请用 - 开头；+ 按普通文字显示");
      }
      item = t.substr(2);
      is_item = true;
    } else if (is_digit(t.front())) {
      size_t k = 0;
      while (k < t.size() && is_digit(t[k])) ++k;
      if (k < t.size() - 1 && (t[k] == '.' || t[k] == ')') && t[k + 1] == ' ') {
        if (t[k] == ')') {
          issues.warn(line, "列表", "use 1. for numbered items; 1) is shown as text",
                      "编号列表请写成 1. ；1) 按普通文字显示");
        }
        item = t.substr(k + 2);
        is_item = true;
      }
    }
    if (is_item) {
      if (indent >= 2) {
        issues.warn(line, "列表", "nested lists are shown flat", "嵌套列表按一级列表显示");
      }
      check_inline(item, line, out, issues);
    } else {
      check_inline(t, line, out, issues, /*own_line=*/true);
    }
    ++i;
  }
  if (in_fence) {
    issues.warn(static_cast<int>(first_line + lines.size()) - 1, "代码块",
                "code block is not closed", "代码块没有闭合");
  }
  return out;
}

}  // namespace gongkai::notice
