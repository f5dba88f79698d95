// csv_reader.cpp — RFC 4180 CSV → Table, leniently (see table.h).
//
// RFC 4180 §2: fields separated by the delimiter, records by CRLF (we also accept LF and CR);
// a field in double quotes may hold delimiters, line breaks and "" for a quote. Lenient where
// real exports are sloppy: a quote inside an unquoted field is literal; text after a closing
// quote is appended to the field; an unterminated quote runs to the end of file and is noted.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

#include "import/catalog/decode.h"
#include "import/catalog/table.h"
#include "import/catalog/text.h"

namespace gongkai::catalog {

bool TableRow::blank() const {
  for (const Cell& c : cells) {
    if (!trim(c.text).empty()) return false;
  }
  return true;
}

namespace {

char detect_delimiter(std::string_view text) {
  int commas = 0, tabs = 0, lines = 0;
  bool quoted = false;
  for (char ch : text) {
    if (ch == '"') quoted = !quoted;
    if (quoted) continue;
    if (ch == ',') ++commas;
    if (ch == '\t') ++tabs;
    if (ch == '\n' && ++lines >= 20) break;
  }
  return tabs > 0 && commas == 0 ? '\t' : ',';
}

}  // namespace

Table parse_csv(std::string_view text) {
  Table t;
  t.merges_lost = true;
  const char delim = detect_delimiter(text);
  TableRow row;
  row.source_row = 1;
  std::string field;
  bool in_quotes = false, field_was_quoted = false;
  int record = 1;
  int truncated_rows = 0;
  auto end_field = [&] {
    if (static_cast<int>(row.cells.size()) < kMaxColumns) {
      row.cells.push_back(Cell{std::move(field), false});
    } else if (!trim(field).empty()) {
      ++truncated_rows;
    }
    field.clear();
    field_was_quoted = false;
  };
  auto end_record = [&] {
    end_field();
    if (!row.blank()) t.rows.push_back(std::move(row));
    row = TableRow{};
    row.source_row = ++record;
  };
  size_t i = 0;
  while (i < text.size()) {
    const char ch = text[i];
    if (in_quotes) {
      if (ch == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          i += 2;
          continue;
        }
        in_quotes = false;
      } else if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        // CRLF inside a cell is one line break.
      } else {
        field.push_back(ch);
      }
      ++i;
      continue;
    }
    if (ch == '"' && field.empty() && !field_was_quoted) {
      in_quotes = true;
      field_was_quoted = true;
    } else if (ch == delim) {
      end_field();
    } else if (ch == '\r' || ch == '\n') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
    } else {
      field.push_back(ch);
    }
    ++i;
  }
  if (in_quotes) {
    t.notes.push_back({row.source_row,
                       "a quoted cell is not closed; the rest of the file was read into it",
                       "有一个引号未闭合的单元格，文件剩余内容都读入了该单元格"});
  }
  if (!field.empty() || !row.cells.empty()) end_record();
  if (truncated_rows > 0) {
    t.notes.push_back({0,
                       "cells beyond column " + std::to_string(kMaxColumns) + " were ignored in " +
                           std::to_string(truncated_rows) + " rows",
                       "有 " + std::to_string(truncated_rows) + " 行超过第 " +
                           std::to_string(kMaxColumns) + " 列的内容被忽略"});
  }
  return t;
}

Result<Table> read_csv_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{"import.open", "cannot open " + path + " / 无法打开文件 " + path};
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Error{"import.read", "cannot read " + path + " / 无法读取文件 " + path};
  if (bytes.size() > kMaxCsvBytes) {
    return Error{"import.too_large", path + " is larger than 256 MiB / 文件超过 256 MiB"};
  }
  DecodedText d = decode_text(bytes);
  Table t = parse_csv(d.utf8);
  t.encoding = encoding_name(d.encoding);
  if (d.replaced > 0) {
    t.notes.push_back({0,
                       std::to_string(d.replaced) + " undecodable byte sequences (read as " +
                           t.encoding + ") were replaced by U+FFFD",
                       std::to_string(d.replaced) + " 处无法解码的字节（按 " + t.encoding +
                           " 读取）已替换为 U+FFFD"});
  }
  return t;
}

}  // namespace gongkai::catalog
