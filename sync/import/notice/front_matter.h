// front_matter.h — the `---` header block of a notice file: a small YAML subset, and time values.
//
// Input: the whole notice file as UTF-8 text. Output: ordered key/value entries with their line
// numbers, and the body text that follows the closing `---` with its first line number.
//
// The subset (docs/notice-format.md):
//   - the file starts with a line `---` (a UTF-8 BOM before it is ignored) and the block ends at
//     the next line `---` (or `...`);
//   - each line is `key: value`; the colon may be full-width (：) because Chinese input methods
//     type it; blank lines and lines starting with # are comments;
//   - a bare value ends at ` #` (YAML comment rule: # starts a comment only after whitespace, so
//     a title such as 第#3号 is kept); "double" quotes take \" \\ \n \t escapes, 'single' quotes
//     take '' for a quote;
//   - indented lines, block scalars (| >), lists and flow collections are refused with the line:
//     a notice is a flat record and guessing at a nested value could publish the wrong date.
// Invariant: every entry carries the 1-based line it came from, for rejection messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "import/notice/issues.h"

namespace gongkai::notice {

struct FrontMatterEntry {
  std::string key;    // as written (ASCII keys are not case-folded here)
  std::string value;  // unquoted, comment stripped, trimmed
  int line = 0;
};

struct FrontMatter {
  std::vector<FrontMatterEntry> entries;
  std::string body;         // text after the closing ---, line endings normalized to \n
  int body_first_line = 0;  // 1-based line number of the first body line
};

// Returns nullopt (with errors in `issues`) when the block is missing or malformed.
std::optional<FrontMatter> parse_front_matter(std::string_view text, Issues& issues);

// A time value of the front matter, in China time (UTC+8):
//   2026-11-20 | 2026/11/20 | 2026.11.20 | 2026年11月20日     (date; 1- or 2-digit month/day)
//   … followed by ` 09:00`, `T09:00`, ` 09:00:30`, ` 9时`, ` 9时30分` (date time; the separator
//   may be omitted after 日), optionally ending in `+08:00`; `24:00` means the next day 00:00
//   (notices say 截止11月26日24时).
struct TimeValue {
  int64_t unix_seconds = 0;  // UTC
  bool date_only = false;    // no time of day was written
};
std::optional<TimeValue> parse_time_value(std::string_view s);

// Whitespace trimming that also removes U+3000 (ideographic space) and U+00A0 at either end.
std::string_view trim(std::string_view s);

// Splits text into lines without their terminators (\n or \r\n); the views point into text.
std::vector<std::string_view> split_lines(std::string_view text);

}  // namespace gongkai::notice
