// table.h — a spreadsheet as a grid of cell texts with source row numbers (catalog importer).
//
// Input: a CSV export or an XLSX workbook. Output: Table — rows in source order, each with its
// 1-based row number as the publisher sees it in Excel/WPS (for CSV: the record number, so a cell
// with embedded newlines still counts as one row), and cells as UTF-8 text.
// Invariants:
//  1. Every non-empty source row appears, with its own number; rows are sorted by number.
//  2. A merged range's value appears in every cell it spans (XLSX <mergeCells>); the copies are
//     flagged merged_copy so the interpreter can tell "spanned" from "written again".
//     CSV has no merges: exports leave the spanned cells empty, the interpreter handles that.
//  3. Nothing is normalized: the text is what the cell holds (CRLF inside a cell becomes LF).
// Readers never throw and never abort: a file that cannot be read at all gives an Error; odd but
// readable input gives notes (warnings) beside the table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gongkai/result.h"

namespace gongkai::catalog {

struct Cell {
  std::string text;
  bool merged_copy = false;  // value copied from the top-left cell of a merged range
};

struct TableRow {
  int source_row = 0;  // 1-based
  std::vector<Cell> cells;
  bool blank() const;  // every cell empty or whitespace
};

struct TableNote {  // something the publisher should know about how the file was read
  int row = 0;      // 0 = the file as a whole
  std::string message_en, message_zh;
};

struct Table {
  std::vector<TableRow> rows;
  std::vector<TableNote> notes;
  std::string sheet;                // XLSX: the sheet read; CSV: empty
  std::vector<std::string> sheets;  // XLSX: every sheet of the workbook, in order (for messages)
  std::string encoding;             // CSV: the encoding detected; XLSX: empty
  // True for CSV: a merged cell was flattened to empty cells, so an empty cell below a value may
  // mean "spanned" (invariant 2). False for XLSX, where merges are known exactly.
  bool merges_lost = false;
};

// Upper bounds that keep a hostile or broken file from exhausting memory (limits with units).
inline constexpr int kMaxColumns = 256;  // cells past this are dropped with a note
inline constexpr size_t kMaxXmlEntryBytes = 512u * 1024 * 1024;  // one XLSX part, uncompressed
inline constexpr size_t kMaxCsvBytes = 256u * 1024 * 1024;

// CSV (RFC 4180, lenient): text is already UTF-8. The delimiter is ',' unless the first lines
// use tabs and no commas (Excel "Unicode text" and WPS tab exports).
Table parse_csv(std::string_view utf8_text);
// Reads a CSV file: decode (decode.h) then parse_csv.
Result<Table> read_csv_file(const std::string& path);

// XLSX via libzip + expat. sheet_name empty = the first visible sheet in workbook order.
Result<Table> read_xlsx_file(const std::string& path, const std::string& sheet_name);

// Picks the reader by content (ZIP signature → XLSX; OLE2 → refused as .xls) then by extension.
Result<Table> read_table_file(const std::string& path, const std::string& sheet_name);

// "AB12" → column 27 (0-based), row 12; false for a malformed reference.
bool parse_cell_ref(std::string_view ref, int& column, int& row);

}  // namespace gongkai::catalog
