// xlsx_fixture.h — writes real OOXML workbooks for the importer tests (libzip), so that XLSX
// fixtures are built from readable text in the test itself rather than committed as binaries.
//
// write_xlsx() produces [Content_Types].xml, _rels/.rels, xl/workbook.xml with its relationships,
// one xl/worksheets/sheetN.xml per sheet and (when given) xl/sharedStrings.xml — the parts Excel
// and WPS write. GridSheet turns a grid of texts into a sheet that stores every text cell as a
// shared string (t="s"), every integer as a number, and lists <mergeCells>, as Excel does.
#pragma once

#include <zip.h>

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace gongkai::catalog::testing {

inline std::string xml_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

struct XlsxSheet {
  std::string name;
  std::string xml;  // the whole worksheet part
  bool hidden = false;
};

inline void write_zip(const std::string& path, const std::map<std::string, std::string>& parts) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) throw std::runtime_error("zip_open failed");
  for (const auto& [name, data] : parts) {
    // libzip reads the buffer at zip_close(); the map outlives it.
    zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
    if (!src || zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8) < 0) {
      zip_source_free(src);
      zip_discard(z);
      throw std::runtime_error("zip_file_add failed");
    }
  }
  if (zip_close(z) != 0) {
    zip_discard(z);
    throw std::runtime_error("zip_close failed");
  }
}

constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelNs =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

inline void write_xlsx(const std::string& path, const std::vector<XlsxSheet>& sheets,
                       const std::string& shared_strings_xml) {
  std::map<std::string, std::string> parts;
  std::string types =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" "
      "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/xl/workbook.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/"
      ">";
  std::string wb =
      std::string(
          "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"") +
      kMainNs + "\" xmlns:r=\"" + kRelNs + "\"><sheets>";
  std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (size_t i = 0; i < sheets.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    types += "<Override PartName=\"/xl/worksheets/sheet" + n +
             ".xml\" "
             "ContentType=\"application/"
             "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
    wb += "<sheet name=\"" + xml_escape(sheets[i].name) + "\" sheetId=\"" + n + "\"" +
          (sheets[i].hidden ? " state=\"hidden\"" : "") + " r:id=\"rId" + n + "\"/>";
    rels +=
        "<Relationship Id=\"rId" + n +
        "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
        "Target=\"worksheets/sheet" +
        n + ".xml\"/>";
    parts["xl/worksheets/sheet" + n + ".xml"] = sheets[i].xml;
  }
  if (!shared_strings_xml.empty()) {
    types +=
        "<Override PartName=\"/xl/sharedStrings.xml\" "
        "ContentType=\"application/"
        "vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>";
    rels +=
        "<Relationship Id=\"rIdS\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "sharedStrings\" Target=\"sharedStrings.xml\"/>";
    parts["xl/sharedStrings.xml"] = shared_strings_xml;
  }
  types += "</Types>";
  wb += "</sheets></workbook>";
  rels += "</Relationships>";
  parts["[Content_Types].xml"] = types;
  parts["xl/workbook.xml"] = wb;
  parts["xl/_rels/workbook.xml.rels"] = rels;
  parts["_rels/.rels"] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
      "Target=\"xl/workbook.xml\"/>"
      "</Relationships>";
  write_zip(path, parts);
}

inline std::string worksheet(const std::string& sheet_data,
                             const std::vector<std::string>& merges) {
  std::string x =
      std::string(
          "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"") +
      kMainNs + "\" xmlns:r=\"" + kRelNs + "\"><sheetData>" + sheet_data + "</sheetData>";
  if (!merges.empty()) {
    x += "<mergeCells count=\"" + std::to_string(merges.size()) + "\">";
    for (const auto& m : merges) x += "<mergeCell ref=\"" + m + "\"/>";
    x += "</mergeCells>";
  }
  return x + "</worksheet>";
}

inline std::string column_name(size_t c) {
  std::string s;
  for (size_t n = c + 1; n > 0; n = (n - 1) / 26)
    s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
  return s;
}

// A grid of texts (row i is sheet row i+1; "" = no cell) as a worksheet + sharedStrings pair.
struct GridSheet {
  std::string sheet_xml, shared_strings_xml;

  GridSheet(const std::vector<std::vector<std::string>>& grid,
            const std::vector<std::string>& merges) {
    std::vector<std::string> strings;
    std::map<std::string, size_t> index;
    std::string data;
    for (size_t r = 0; r < grid.size(); ++r) {
      std::string row;
      for (size_t c = 0; c < grid[r].size(); ++c) {
        const std::string& t = grid[r][c];
        if (t.empty()) continue;
        const std::string ref = column_name(c) + std::to_string(r + 1);
        if (t.find_first_not_of("0123456789") == std::string::npos && t.size() < 9 && t[0] != '0') {
          row += "<c r=\"" + ref + "\"><v>" + t + "</v></c>";
          continue;
        }
        auto [it, fresh] = index.emplace(t, strings.size());
        if (fresh) strings.push_back(t);
        row += "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(it->second) + "</v></c>";
      }
      if (!row.empty()) data += "<row r=\"" + std::to_string(r + 1) + "\">" + row + "</row>";
    }
    sheet_xml = worksheet(data, merges);
    shared_strings_xml =
        std::string(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"") +
        kMainNs + "\" count=\"" + std::to_string(strings.size()) + "\" uniqueCount=\"" +
        std::to_string(strings.size()) + "\">";
    for (const auto& s : strings)
      shared_strings_xml += "<si><t xml:space=\"preserve\">" + xml_escape(s) + "</t></si>";
    shared_strings_xml += "</sst>";
  }
};

}  // namespace gongkai::catalog::testing
