// markdown_check.h — validation of a notice body against the Markdown subset the kiosk renders.
//
// Input: the body text (after the front matter) and the file line number of its first line.
// Output: image references found, plus Issues: errors for constructs that would display wrongly
// in a legal notice (a malformed table loses or shifts cells), warnings for constructs that the
// kiosk shows as plain text (quotes, code, links, emphasis, HTML, deep headings, nested lists).
//
// The supported subset (docs/notice-format.md):
//   paragraphs (blank-line separated); headings `#`, `##`, `###` followed by a space;
//   lists `- item` (`* item` also) and `1. item`; pipe tables: a header row, a separator row
//   (`| --- | :-: |`), body rows with the same number of cells (`\|` is a literal pipe);
//   images `![说明](images/map.png)` alone on their line, relative to the notice file.
// This matches what the kiosk renders (kiosk/app/notice_body.h).
// The body itself is never rewritten here: the text is stored as written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "import/notice/issues.h"

namespace gongkai::notice {

struct ImageRef {
  int line = 0;         // file line of the reference
  std::string caption;  // the alt text between ![ and ]
  std::string target;   // the path between ( and ), title part removed
};

struct BodyCheck {
  std::vector<ImageRef> images;
  int tables = 0;
};

BodyCheck check_markdown_body(std::string_view body, int first_line, Issues& issues);

// Splits one table row into trimmed cells: leading/trailing pipes removed, `\|` kept as `|`.
std::vector<std::string> split_table_row(std::string_view row);

}  // namespace gongkai::notice
