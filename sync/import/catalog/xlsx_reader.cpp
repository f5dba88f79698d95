// xlsx_reader.cpp — XLSX (ECMA-376 SpreadsheetML) → Table, with libzip and expat (see table.h).
//
// Parts read, following the package relationships rather than assuming names (ECMA-376 Part 2
// §9.3, Part 1 §18.2/18.3/18.4):
//   _rels/.rels                 → the officeDocument part (usually xl/workbook.xml)
//   xl/workbook.xml             → <sheets><sheet name state r:id/>: order, names, visibility
//   xl/_rels/workbook.xml.rels  → r:id → worksheet part; the sharedStrings part
//   xl/sharedStrings.xml        → <si> strings: plain <t>, or rich-text runs <r><t>; phonetic
//                                  runs <rPh> are not cell text and are skipped
//   xl/worksheets/sheetN.xml    → <row r><c r t><v>|<is><t>…; <mergeCells><mergeCell ref/>
// Cell types (§18.18.11): s = shared string index, inlineStr, str (formula text), b, e, n (the
// default) and d; a number keeps the text Excel wrote ("4", "0.5"). Cells without r= follow the
// previous cell; rows without r= follow the previous row. XML is streamed through expat in 64 KiB
// chunks, with a cap on each part's uncompressed size against zip bombs (kMaxXmlEntryBytes).
#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "import/catalog/table.h"
#include "import/catalog/text.h"

namespace gongkai::catalog {

bool parse_cell_ref(std::string_view ref, int& column, int& row) {
  size_t i = 0;
  int col = 0;
  while (i < ref.size() && ref[i] == '$') ++i;
  const size_t letters_begin = i;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
    col = col * 26 + ((ref[i] | 0x20) - 'a' + 1);
    if (col > 16384) return false;  // XFD is the last column of a sheet
    ++i;
  }
  if (i == letters_begin) return false;
  if (i < ref.size() && ref[i] == '$') ++i;
  const size_t digits_begin = i;
  long r = 0;
  while (i < ref.size() && ref[i] >= '0' && ref[i] <= '9') {
    r = r * 10 + (ref[i] - '0');
    if (r > 1048576) return false;
    ++i;
  }
  if (i == digits_begin || i != ref.size() || r < 1) return false;
  column = col - 1;
  row = static_cast<int>(r);
  return true;
}

namespace {

// --- RAII for the C handles -------------------------------------------------------------------
struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }  // read-only: nothing to write back
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
struct ParserFree {
  void operator()(XML_Parser p) const { XML_ParserFree(p); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;
using ZipFilePtr = std::unique_ptr<zip_file_t, ZipFileCloser>;
using ParserPtr = std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserFree>;

using Attrs = std::map<std::string, std::string>;  // local attribute name → value

// The callbacks a part reader implements. Element and attribute names arrive without their
// namespace prefix ("x:c" → "c", "r:id" → "id"): producers differ in prefixes, not in meaning.
struct XmlSink {
  std::function<void(const std::string&, const Attrs&)> start;
  std::function<void(const std::string&)> end;
  std::function<void(std::string_view)> text;
};

std::string local_name(const char* n) {
  const char* colon = std::strrchr(n, ':');
  return colon ? colon + 1 : n;
}

void XMLCALL on_start(void* ud, const XML_Char* name, const XML_Char** atts) {
  auto* sink = static_cast<XmlSink*>(ud);
  if (!sink->start) return;
  Attrs a;
  for (int i = 0; atts[i] && atts[i + 1]; i += 2) a[local_name(atts[i])] = atts[i + 1];
  sink->start(local_name(name), a);
}
void XMLCALL on_end(void* ud, const XML_Char* name) {
  auto* sink = static_cast<XmlSink*>(ud);
  if (sink->end) sink->end(local_name(name));
}
void XMLCALL on_text(void* ud, const XML_Char* s, int len) {
  auto* sink = static_cast<XmlSink*>(ud);
  if (sink->text) sink->text(std::string_view(s, static_cast<size_t>(len)));
}

Error xlsx_error(const std::string& path, const std::string& en, const std::string& zh) {
  return Error{"import.xlsx", path + ": " + en + " / " + zh};
}

bool has_entry(zip_t* z, const std::string& name) {
  return zip_name_locate(z, name.c_str(), 0) >= 0;
}

// Streams one ZIP entry through expat into the sink.
Status parse_entry(zip_t* z, const std::string& path, const std::string& name, XmlSink& sink) {
  const zip_int64_t index = zip_name_locate(z, name.c_str(), 0);
  if (index < 0) {
    return xlsx_error(path, "missing part " + name, "缺少组成部分 " + name);
  }
  ZipFilePtr f(zip_fopen_index(z, static_cast<zip_uint64_t>(index), 0));
  if (!f) return xlsx_error(path, "cannot open part " + name, "无法打开组成部分 " + name);
  ParserPtr parser(XML_ParserCreate("UTF-8"));
  if (!parser) return Error{"import.xlsx", "out of memory / 内存不足"};
  XML_SetUserData(parser.get(), &sink);
  XML_SetElementHandler(parser.get(), on_start, on_end);
  XML_SetCharacterDataHandler(parser.get(), on_text);
  constexpr size_t kChunkBytes = 64 * 1024;  // expat is fed the part in pieces of this size
  std::vector<char> buf(kChunkBytes);
  size_t total = 0;
  for (;;) {
    const zip_int64_t n = zip_fread(f.get(), buf.data(), buf.size());
    if (n < 0) {
      return xlsx_error(path, "part " + name + " is corrupt (" + zip_file_strerror(f.get()) + ")",
                        "组成部分 " + name + " 已损坏");
    }
    total += static_cast<size_t>(n);
    if (total > kMaxXmlEntryBytes) {
      return xlsx_error(path, "part " + name + " is larger than 512 MiB uncompressed",
                        "组成部分 " + name + " 解压后超过 512 MiB");
    }
    const bool last = n == 0;
    if (XML_Parse(parser.get(), buf.data(), static_cast<int>(n), last) == XML_STATUS_ERROR) {
      const std::string where = std::to_string(XML_GetCurrentLineNumber(parser.get()));
      return xlsx_error(path,
                        "XML error in " + name + " line " + where + ": " +
                            XML_ErrorString(XML_GetErrorCode(parser.get())),
                        "组成部分 " + name + " 第 " + where + " 行 XML 格式错误");
    }
    if (last) break;
  }
  return ok_status();
}

// Resolves a relationship target against the directory of the part that owns the .rels file.
std::string resolve_target(const std::string& base_dir, const std::string& target) {
  std::string joined = target.starts_with("/") ? target.substr(1) : base_dir + target;
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t slash = joined.find('/', start);
    if (slash == std::string::npos) slash = joined.size();
    std::string seg = joined.substr(start, slash - start);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string dir_of(const std::string& part) {
  const size_t slash = part.rfind('/');
  return slash == std::string::npos ? "" : part.substr(0, slash + 1);
}

std::string rels_of(const std::string& part) {
  return dir_of(part) + "_rels/" + part.substr(dir_of(part).size()) + ".rels";
}

struct Relationship {
  std::string type, target;
};

Result<std::map<std::string, Relationship>> read_rels(zip_t* z, const std::string& path,
                                                      const std::string& owner_part) {
  std::map<std::string, Relationship> rels;
  const std::string rels_part = owner_part.empty() ? "_rels/.rels" : rels_of(owner_part);
  XmlSink sink;
  sink.start = [&](const std::string& name, const Attrs& a) {
    if (name != "Relationship") return;
    auto id = a.find("Id"), type = a.find("Type"), target = a.find("Target");
    if (id == a.end() || target == a.end()) return;
    auto mode = a.find("TargetMode");
    if (mode != a.end() && mode->second == "External") return;
    rels[id->second] = {type == a.end() ? "" : type->second,
                        resolve_target(dir_of(owner_part), target->second)};
  };
  if (Status s = parse_entry(z, path, rels_part, sink); !s) return s.error();
  return rels;
}

struct SheetEntry {
  std::string name, rel_id;
  bool hidden = false;
};

// Shared strings: the text of each <si>, from its <t> elements outside <rPh> (phonetic guide).
Result<std::vector<std::string>> read_shared_strings(zip_t* z, const std::string& path,
                                                     const std::string& part) {
  std::vector<std::string> strings;
  std::string cur;
  int in_t = 0, in_rph = 0;
  XmlSink sink;
  sink.start = [&](const std::string& n, const Attrs&) {
    if (n == "si") cur.clear();
    if (n == "t") ++in_t;
    if (n == "rPh") ++in_rph;
  };
  sink.end = [&](const std::string& n) {
    if (n == "t") --in_t;
    if (n == "rPh") --in_rph;
    if (n == "si") strings.push_back(std::move(cur)), cur.clear();
  };
  sink.text = [&](std::string_view s) {
    if (in_t > 0 && in_rph == 0) cur.append(s);
  };
  if (Status s = parse_entry(z, path, part, sink); !s) return s.error();
  return strings;
}

// Cells of a worksheet keyed by row, plus the merged ranges.
struct SheetData {
  std::map<int, std::vector<Cell>> rows;
  std::vector<std::string> merges;
  int dropped_cells = 0;
  int bad_refs = 0;
};

// Excel writes "_x000D_" (ECMA-376 §22.9.2.19 ST_Xstring escapes) for characters XML cannot
// carry; decode them so a cell shows its real text.
std::string unescape_xstring(const std::string& s) {
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s.compare(i, 2, "_x") == 0 && i + 7 <= s.size() && s[i + 6] == '_') {
      bool hex = true;
      char32_t c = 0;
      for (size_t k = i + 2; k < i + 6; ++k) {
        const char h = s[k];
        int v = h >= '0' && h <= '9'   ? h - '0'
                : h >= 'A' && h <= 'F' ? h - 'A' + 10
                : h >= 'a' && h <= 'f' ? h - 'a' + 10
                                       : -1;
        if (v < 0) hex = false;
        c = c * 16 + static_cast<char32_t>(v < 0 ? 0 : v);
      }
      if (hex && !(c >= 0xD800 && c <= 0xDFFF)) {
        i += 7;
        // CR: a line break unless an LF follows (CRLF → LF). Other C0 controls but TAB and LF
        // are invisible junk in a catalog cell and are dropped. _x005F_ is a literal '_', so
        // "_x005F_x000D_" stays the text "_x000D_" (the rest is not re-scanned as an escape).
        if (c == 0x0D) {
          if (i >= s.size() || s[i] != '\n') out.push_back('\n');
        } else if (c >= 0x20 || c == U'\t' || c == U'\n') {
          append_utf8(out, c);
        }
        continue;
      }
    }
    out.push_back(s[i++]);
  }
  return out;
}

Result<SheetData> read_sheet(zip_t* z, const std::string& path, const std::string& part,
                             const std::vector<std::string>& sst) {
  SheetData data;
  int row = 0, col = -1;
  std::string type, value, inline_text;
  int in_v = 0, in_is_t = 0, in_is = 0, in_rph = 0;
  bool in_cell = false;
  XmlSink sink;
  sink.start = [&](const std::string& n, const Attrs& a) {
    if (n == "row") {
      auto r = a.find("r");
      const int previous = row;
      row = r != a.end() && !r->second.empty() ? std::atoi(r->second.c_str()) : previous + 1;
      if (row < 1 || row > 1048576) row = previous + 1;
      col = -1;
    } else if (n == "c") {
      in_cell = true;
      type.clear(), value.clear(), inline_text.clear();
      auto t = a.find("t");
      if (t != a.end()) type = t->second;
      auto r = a.find("r");
      int c = 0, rr = 0;
      if (r != a.end() && parse_cell_ref(r->second, c, rr)) {
        col = c;
        if (rr != row) row = rr;
      } else {
        if (r != a.end()) ++data.bad_refs;
        ++col;
      }
    } else if (n == "v" && in_cell) {
      ++in_v;
    } else if (n == "is" && in_cell) {
      ++in_is;
    } else if (n == "t" && in_is > 0) {
      ++in_is_t;
    } else if (n == "rPh") {
      ++in_rph;
    } else if (n == "mergeCell") {
      auto ref = a.find("ref");
      if (ref != a.end()) data.merges.push_back(ref->second);
    }
  };
  sink.end = [&](const std::string& n) {
    if (n == "v") {
      in_v = std::max(0, in_v - 1);
    } else if (n == "is") {
      in_is = std::max(0, in_is - 1);
    } else if (n == "t") {
      in_is_t = std::max(0, in_is_t - 1);
    } else if (n == "rPh") {
      in_rph = std::max(0, in_rph - 1);
    } else if (n == "c" && in_cell) {
      in_cell = false;
      std::string text;
      if (type == "s") {
        char* endp = nullptr;
        const long idx = std::strtol(value.c_str(), &endp, 10);
        if (endp != value.c_str() && idx >= 0 && static_cast<size_t>(idx) < sst.size()) {
          text = sst[static_cast<size_t>(idx)];
        } else {
          ++data.bad_refs;
        }
      } else if (type == "inlineStr") {
        text = inline_text;
      } else if (type == "b") {
        text = value == "1" ? "TRUE" : "FALSE";
      } else {
        text = value;
      }
      if (text.empty() || row < 1) return;
      if (col >= kMaxColumns) {
        ++data.dropped_cells;
        return;
      }
      auto& cells = data.rows[row];
      if (static_cast<int>(cells.size()) <= col) cells.resize(static_cast<size_t>(col) + 1);
      cells[static_cast<size_t>(col)].text = unescape_xstring(text);
    }
  };
  sink.text = [&](std::string_view s) {
    if (in_v > 0) value.append(s);
    if (in_is_t > 0 && in_rph == 0) inline_text.append(s);
  };
  if (Status s = parse_entry(z, path, part, sink); !s) return s.error();
  return data;
}

// Applies <mergeCell ref="A2:A5">: the top-left value goes into every spanned cell (table.h
// invariant 2). Ranges are clamped to the rows and columns that hold data, so a sheet-wide merge
// cannot blow up the grid.
void apply_merges(SheetData& data, Table& t) {
  if (data.rows.empty()) return;
  const int max_row = data.rows.rbegin()->first;
  int bad = 0;
  for (const std::string& ref : data.merges) {
    const size_t colon = ref.find(':');
    int c1, r1, c2, r2;
    if (colon == std::string::npos || !parse_cell_ref(ref.substr(0, colon), c1, r1) ||
        !parse_cell_ref(ref.substr(colon + 1), c2, r2)) {
      ++bad;
      continue;
    }
    if (c2 < c1) std::swap(c1, c2);
    if (r2 < r1) std::swap(r1, r2);
    c2 = std::min(c2, kMaxColumns - 1);
    r2 = std::min(r2, max_row);
    auto top = data.rows.find(r1);
    if (top == data.rows.end() || static_cast<int>(top->second.size()) <= c1) continue;
    const std::string value = top->second[static_cast<size_t>(c1)].text;
    if (value.empty()) continue;
    for (int r = r1; r <= r2; ++r) {
      auto& cells = data.rows[r];
      if (static_cast<int>(cells.size()) <= c2) cells.resize(static_cast<size_t>(c2) + 1);
      for (int c = c1; c <= c2; ++c) {
        if (r == r1 && c == c1) continue;
        Cell& cell = cells[static_cast<size_t>(c)];
        // A spanned cell normally holds nothing; if a producer left text there, Excel hides it
        // and shows the merged value, and so do we.
        cell.text = value;
        cell.merged_copy = true;
      }
    }
  }
  if (bad > 0) {
    t.notes.push_back({0, std::to_string(bad) + " malformed merged ranges were ignored",
                       std::to_string(bad) + " 个格式错误的合并单元格区域被忽略"});
  }
}

}  // namespace

Result<Table> read_xlsx_file(const std::string& path, const std::string& sheet_name) {
  int zerr = 0;
  ZipPtr z(zip_open(path.c_str(), ZIP_RDONLY, &zerr));
  if (!z) {
    zip_error_t e;
    zip_error_init_with_code(&e, zerr);
    std::string why = zip_error_strerror(&e);
    zip_error_fini(&e);
    return xlsx_error(path, "not a readable XLSX (ZIP) file: " + why,
                      "不是可读取的 XLSX（ZIP）文件");
  }
  // 1. Package relationships → workbook part.
  std::string workbook = "xl/workbook.xml";
  if (has_entry(z.get(), "_rels/.rels")) {
    auto rels = read_rels(z.get(), path, "");
    if (!rels) return rels.error();
    for (const auto& [id, rel] : *rels) {
      if (rel.type.ends_with("/officeDocument")) workbook = rel.target;
    }
  }
  // 2. Sheets in workbook order.
  std::vector<SheetEntry> sheets;
  {
    XmlSink sink;
    sink.start = [&](const std::string& n, const Attrs& a) {
      if (n != "sheet") return;
      SheetEntry e;
      if (auto it = a.find("name"); it != a.end()) e.name = it->second;
      if (auto it = a.find("id"); it != a.end()) e.rel_id = it->second;
      if (auto it = a.find("state"); it != a.end()) e.hidden = it->second != "visible";
      sheets.push_back(std::move(e));
    };
    if (Status s = parse_entry(z.get(), path, workbook, sink); !s) return s.error();
  }
  // 3. Workbook relationships → sheet parts and shared strings.
  auto wb_rels = read_rels(z.get(), path, workbook);
  if (!wb_rels) return wb_rels.error();
  std::string sst_part;
  for (const auto& [id, rel] : *wb_rels) {
    if (rel.type.ends_with("/sharedStrings")) sst_part = rel.target;
  }
  if (sst_part.empty() && has_entry(z.get(), dir_of(workbook) + "sharedStrings.xml")) {
    sst_part = dir_of(workbook) + "sharedStrings.xml";
  }
  // 4. Choose the sheet.
  const SheetEntry* chosen = nullptr;
  std::string names;
  for (const SheetEntry& e : sheets) {
    names += (names.empty() ? "" : ", ") + e.name;
    if (!sheet_name.empty() ? trim(e.name) == trim(sheet_name) : !e.hidden) {
      chosen = &e;
      break;
    }
  }
  if (!sheet_name.empty() && !chosen) {
    names.clear();
    for (const SheetEntry& e : sheets) names += (names.empty() ? "" : ", ") + e.name;
    return xlsx_error(path, "no sheet named " + sheet_name + " (sheets: " + names + ")",
                      "没有名为 " + sheet_name + " 的工作表（现有：" + names + "）");
  }
  if (!chosen && !sheets.empty()) chosen = &sheets.front();
  if (!chosen) return xlsx_error(path, "the workbook has no sheets", "工作簿中没有工作表");
  auto rel = wb_rels->find(chosen->rel_id);
  if (rel == wb_rels->end()) {
    return xlsx_error(path, "sheet " + chosen->name + " has no part",
                      "工作表 " + chosen->name + " 找不到对应的组成部分");
  }
  // 5. Strings, then the sheet itself.
  std::vector<std::string> sst;
  if (!sst_part.empty()) {
    auto s = read_shared_strings(z.get(), path, sst_part);
    if (!s) return s.error();
    sst = std::move(*s);
  }
  auto data = read_sheet(z.get(), path, rel->second.target, sst);
  if (!data) return data.error();
  Table t;
  t.sheet = chosen->name;
  for (const SheetEntry& e : sheets) t.sheets.push_back(e.name);
  apply_merges(*data, t);
  for (auto& [r, cells] : data->rows) {
    TableRow row{r, std::move(cells)};
    if (!row.blank()) t.rows.push_back(std::move(row));
  }
  if (data->dropped_cells > 0) {
    t.notes.push_back({0,
                       std::to_string(data->dropped_cells) + " cells beyond column " +
                           std::to_string(kMaxColumns) + " were ignored",
                       std::to_string(data->dropped_cells) + " 个超过第 " +
                           std::to_string(kMaxColumns) + " 列的单元格被忽略"});
  }
  if (data->bad_refs > 0) {
    t.notes.push_back(
        {0, std::to_string(data->bad_refs) + " cells had a malformed reference or string index",
         std::to_string(data->bad_refs) + " 个单元格的引用或字符串编号有误"});
  }
  return t;
}

Result<Table> read_table_file(const std::string& path, const std::string& sheet_name) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Error{"import.open", "cannot open " + path + " / 无法打开文件 " + path};
  unsigned char magic[8] = {};
  const size_t n = std::fread(magic, 1, sizeof magic, f);
  std::fclose(f);
  if (n >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
    return read_xlsx_file(path, sheet_name);
  }
  if (n >= 8 && magic[0] == 0xD0 && magic[1] == 0xCF && magic[2] == 0x11 && magic[3] == 0xE0) {
    return Error{"import.xls",
                 path +
                     ": Excel 97-2003 (.xls/.et) files are not supported; save as XLSX or CSV"
                     " / 不支持 Excel 97-2003（.xls/.et）格式，请另存为 XLSX 或 CSV"};
  }
  const std::string key = match_key(path);
  if (key.ends_with(".xlsx") || key.ends_with(".XLSX")) {
    return xlsx_error(path, "not a ZIP archive", "不是 ZIP 压缩格式，文件可能已损坏");
  }
  return read_csv_file(path);
}

}  // namespace gongkai::catalog
