// test_readers.cpp — table readers of the catalog importer: encoding detection and GB18030
// (with the GB 18030-2022 fix-ups), RFC 4180 CSV, and XLSX through libzip + expat (table.h).
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "import/catalog/decode.h"
#include "import/catalog/table.h"
#include "xlsx_fixture.h"

namespace gongkai::catalog {
namespace {

using testing::GridSheet;
using testing::write_xlsx;
using testing::XlsxSheet;

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "gk-readers-" + std::to_string(getpid()) + "-" + name;
}

std::string fixture(const std::string& name) {
  return std::string(GONGKAI_SOURCE_DIR) + "/tests/import_catalog/fixtures/" + name;
}

std::vector<std::string> texts(const TableRow& r) {
  std::vector<std::string> out;
  for (const Cell& c : r.cells) out.push_back(c.text);
  return out;
}

// --- encodings -------------------------------------------------------------------------------
TEST(Decode, ValidUtf8IsTakenAsIs) {
  auto d = decode_text("序号,公开事项");
  EXPECT_EQ(d.encoding, SourceEncoding::Utf8);
  EXPECT_EQ(d.utf8, "序号,公开事项");
}

TEST(Decode, Utf8BomIsStripped) {
  auto d = decode_text("\xEF\xBB\xBF序号");
  EXPECT_EQ(d.encoding, SourceEncoding::Utf8Bom);
  EXPECT_EQ(d.utf8, "序号");
}

TEST(Decode, InvalidUtf8IsReadAsGb18030) {
  auto d = decode_text("\xD0\xF2\xBA\xC5");  // 序号 in GBK/GB18030
  EXPECT_EQ(d.encoding, SourceEncoding::Gb18030);
  EXPECT_EQ(d.utf8, "序号");
  EXPECT_EQ(d.replaced, 0);
}

TEST(Decode, Gb18030CodesMovedOutOfThePuaIn2022AreRemapped) {
  // 0xFE59 → U+9FB4 and 0xA6D9 → U+FE10 in GB 18030-2022; ICU 72 alone gives U+E81E / U+E78D.
  auto d = decode_text("\xD0\xF2\xFE\x59\xA6\xD9");
  EXPECT_EQ(d.utf8, "序\u9FB4\uFE10");
  EXPECT_EQ(gb18030_2022_fixup(0xE864), 0x9FBBu);
  EXPECT_EQ(gb18030_2022_fixup(0xE000), 0xE000u);  // other PUA code points pass through
}

TEST(Decode, Gb18030FourByteSequencesReachSupplementaryPlanes) {
  auto d = decode_text("\x95\x32\x82\x36\xD0\xF2");  // U+20000 𠀀, 序
  EXPECT_EQ(d.utf8, "\U00020000序");
}

TEST(Decode, UndecodableBytesAreCountedNotDropped) {
  auto d = decode_text("\xD0\xF2\x81");  // a truncated two-byte sequence at the end
  EXPECT_EQ(d.encoding, SourceEncoding::Gb18030);
  EXPECT_EQ(d.replaced, 1);
  EXPECT_EQ(d.utf8, "序\uFFFD");
}

TEST(Decode, Utf16WithBom) {
  auto d = decode_text(std::string("\xFF\xFE\x8F\x5E\xF7\x53", 6));  // 序号 UTF-16LE
  EXPECT_EQ(d.encoding, SourceEncoding::Utf16);
  EXPECT_EQ(d.utf8, "序号");
}

// --- CSV -------------------------------------------------------------------------------------
TEST(Csv, QuotedFieldsWithDelimitersQuotesAndNewlines) {
  Table t = parse_csv("a,\"b,1\",\"say \"\"hi\"\"\"\r\n1,\"line1\r\nline2\",3\r\n");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(texts(t.rows[0]), (std::vector<std::string>{"a", "b,1", "say \"hi\""}));
  EXPECT_EQ(texts(t.rows[1]), (std::vector<std::string>{"1", "line1\nline2", "3"}));
  EXPECT_TRUE(t.merges_lost);
}

TEST(Csv, RowNumbersCountRecordsNotLines) {
  Table t = parse_csv("h\n\"a\nb\nc\"\n\nlast\n");
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0].source_row, 1);
  EXPECT_EQ(t.rows[1].source_row, 2);
  EXPECT_EQ(t.rows[2].source_row, 4);  // the blank record 3 is skipped but still counted
}

TEST(Csv, EmptyCellsArePreservedInPlace) {
  Table t = parse_csv(",一级事项,,\n");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(texts(t.rows[0]), (std::vector<std::string>{"", "一级事项", "", ""}));
}

TEST(Csv, TabDelimitedExport) {
  Table t = parse_csv("序号\t公开事项\n1\t最低生活保障\n");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(texts(t.rows[1]), (std::vector<std::string>{"1", "最低生活保障"}));
}

TEST(Csv, UnterminatedQuoteIsNotedAndKept) {
  Table t = parse_csv("a,\"open\nrest");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].cells[1].text, "open\nrest");
  ASSERT_EQ(t.notes.size(), 1u);
  EXPECT_EQ(t.notes[0].row, 1);
}

TEST(Csv, LastLineWithoutNewline) {
  Table t = parse_csv("a,b\nc,d");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(texts(t.rows[1]), (std::vector<std::string>{"c", "d"}));
}

TEST(Csv, Gb18030FixtureFileIsDetected) {
  auto t = read_csv_file(fixture("gb18030.csv"));
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->encoding, "GB18030");
  ASSERT_GE(t->rows.size(), 5u);
  EXPECT_EQ(t->rows[0].cells[0].text, "青禾县救灾领域基层政务公开标准目录");
  EXPECT_NE(t->rows[4].cells[3].text.find("龴𠀀"), std::string::npos);
  EXPECT_NE(t->rows[3].cells[3].text.find("\uFE10"), std::string::npos);
}

TEST(Csv, MissingFileIsAnError) {
  auto t = read_table_file(temp_path("does-not-exist.csv"), "");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, "import.open");
}

// --- XLSX ------------------------------------------------------------------------------------
TEST(CellRef, ParsesColumnsAndRows) {
  int c = 0, r = 0;
  ASSERT_TRUE(parse_cell_ref("AB12", c, r));
  EXPECT_EQ(c, 27);
  EXPECT_EQ(r, 12);
  ASSERT_TRUE(parse_cell_ref("$A$1", c, r));
  EXPECT_EQ(c, 0);
  EXPECT_EQ(r, 1);
  EXPECT_FALSE(parse_cell_ref("12", c, r));
  EXPECT_FALSE(parse_cell_ref("A0", c, r));
  EXPECT_FALSE(parse_cell_ref("A1B", c, r));
}

TEST(Xlsx, SharedStringsRichTextInlineStringsAndNumbers) {
  const std::string sst = std::string("<?xml version=\"1.0\"?><sst xmlns=\"") + testing::kMainNs +
                          "\"><si><t>最低生活保障</t></si>"
                          "<si><r><rPr><b/></rPr><t>■政府网站</t></r><r><t xml:space=\"preserve\"> "
                          "□政府公报</t></r></si>"
                          "<si><t>县民政局</t><rPh sb=\"0\" eb=\"1\"><t>xian</t></rPh></si></sst>";
  const std::string data =
      "<row r=\"1\"><c r=\"A1\"><v>4</v></c><c r=\"B1\" t=\"s\"><v>0</v></c>"
      "<c r=\"C1\" t=\"inlineStr\"><is><t>办事指南</t></is></c><c r=\"D1\" t=\"s\"><v>1</v></c>"
      "<c r=\"E1\" t=\"s\"><v>2</v></c><c r=\"F1\" t=\"str\"><f>A1&amp;\"\"</f><v>公式结果</v></c>"
      "<c r=\"G1\" t=\"b\"><v>1</v></c><c r=\"H1\"><v>0.5</v></c></row>";
  const std::string path = temp_path("strings.xlsx");
  write_xlsx(path, {{"Sheet1", testing::worksheet(data, {})}}, sst);
  auto t = read_xlsx_file(path, "");
  ASSERT_TRUE(t.ok()) << t.error().message;
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_EQ(texts(t->rows[0]),
            (std::vector<std::string>{"4", "最低生活保障", "办事指南", "■政府网站 □政府公报",
                                      "县民政局", "公式结果", "TRUE", "0.5"}));
  EXPECT_EQ(t->sheet, "Sheet1");
  EXPECT_FALSE(t->merges_lost);
}

TEST(Xlsx, MissingCellsAndRowsKeepTheirPositions) {
  const std::string data =
      "<row r=\"2\"><c r=\"C2\" t=\"inlineStr\"><is><t>C2</t></is></c></row>"
      "<row r=\"5\"><c r=\"AB5\" t=\"inlineStr\"><is><t>AB5</t></is></c></row>";
  const std::string path = temp_path("sparse.xlsx");
  write_xlsx(path, {{"表1", testing::worksheet(data, {})}}, "");
  auto t = read_xlsx_file(path, "");
  ASSERT_TRUE(t.ok()) << t.error().message;
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].source_row, 2);
  ASSERT_EQ(t->rows[0].cells.size(), 3u);
  EXPECT_EQ(t->rows[0].cells[2].text, "C2");
  EXPECT_EQ(t->rows[1].source_row, 5);
  ASSERT_EQ(t->rows[1].cells.size(), 28u);
  EXPECT_EQ(t->rows[1].cells[27].text, "AB5");
}

TEST(Xlsx, CellsWithoutReferencesFollowThePreviousCell) {
  const std::string data =
      "<row><c t=\"inlineStr\"><is><t>a</t></is></c><c t=\"inlineStr\"><is><t>b</t></is></c></row>"
      "<row><c r=\"B2\" t=\"inlineStr\"><is><t>x</t></is></c><c "
      "t=\"inlineStr\"><is><t>y</t></is></c></row>";
  const std::string path = temp_path("norefs.xlsx");
  write_xlsx(path, {{"S", testing::worksheet(data, {})}}, "");
  auto t = read_xlsx_file(path, "");
  ASSERT_TRUE(t.ok()) << t.error().message;
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(texts(t->rows[0]), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t->rows[1].source_row, 2);
  EXPECT_EQ(texts(t->rows[1]), (std::vector<std::string>{"", "x", "y"}));
}

TEST(Xlsx, MergedRangeValueFillsEverySpannedCell) {
  GridSheet g({{"序号", "公开事项", "", "公开内容"},
               {"", "一级事项", "二级事项", ""},
               {"1", "最低生活保障", "政策文件", "法规"},
               {"2", "", "办事指南", "条件"},
               {"3", "", "审核结果", "名单"}},
              {"B1:C1", "A1:A2", "D1:D2", "B3:B5"});
  const std::string path = temp_path("merged.xlsx");
  write_xlsx(path, {{"Sheet1", g.sheet_xml}}, g.shared_strings_xml);
  auto t = read_xlsx_file(path, "");
  ASSERT_TRUE(t.ok()) << t.error().message;
  ASSERT_EQ(t->rows.size(), 5u);
  EXPECT_EQ(t->rows[0].cells[2].text, "公开事项");
  EXPECT_TRUE(t->rows[0].cells[2].merged_copy);
  EXPECT_FALSE(t->rows[0].cells[1].merged_copy);
  EXPECT_EQ(t->rows[1].cells[0].text, "序号");
  EXPECT_EQ(t->rows[1].cells[3].text, "公开内容");
  EXPECT_EQ(t->rows[3].cells[1].text, "最低生活保障");
  EXPECT_EQ(t->rows[4].cells[1].text, "最低生活保障");
  EXPECT_TRUE(t->rows[4].cells[1].merged_copy);
}

TEST(Xlsx, ExcelEscapesForLineBreaksAndUnderscores) {
  const std::string data =
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>第一行_x000D_\n第二行</t></is></c>"
      "<c r=\"B1\" t=\"inlineStr\"><is><t>_x005F_x000D_</t></is></c>"
      "<c r=\"C1\" t=\"inlineStr\"><is><t>a_x0007_b</t></is></c></row>";
  const std::string path = temp_path("escapes.xlsx");
  write_xlsx(path, {{"S", testing::worksheet(data, {})}}, "");
  auto t = read_xlsx_file(path, "");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(texts(t->rows[0]), (std::vector<std::string>{"第一行\n第二行", "_x000D_", "ab"}));
}

TEST(Xlsx, SheetChosenByNameElseFirstVisible) {
  const auto sheet = [](const char* text) {
    return testing::worksheet(std::string("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>") +
                                  text + "</t></is></c></row>",
                              {});
  };
  const std::string path = temp_path("sheets.xlsx");
  write_xlsx(path,
             {{"说明", sheet("hidden"), true}, {"目录", sheet("first")}, {"附表", sheet("second")}},
             "");
  auto first = read_xlsx_file(path, "");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->sheet, "目录");
  EXPECT_EQ(first->rows[0].cells[0].text, "first");
  auto named = read_xlsx_file(path, "附表");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->rows[0].cells[0].text, "second");
  auto missing = read_xlsx_file(path, "不存在");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("目录"), std::string::npos);  // lists the sheets
}

TEST(Xlsx, NamespacePrefixedElementsAreRead) {
  const std::string x =
      std::string("<?xml version=\"1.0\"?><x:worksheet xmlns:x=\"") + testing::kMainNs +
      "\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>前缀</x:t>"
      "</x:is></x:c></x:row></x:sheetData></x:worksheet>";
  const std::string path = temp_path("prefix.xlsx");
  write_xlsx(path, {{"S", x}}, "");
  auto t = read_xlsx_file(path, "");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->rows[0].cells[0].text, "前缀");
}

TEST(Xlsx, CorruptArchivesAndXmlAreErrorsNotCrashes) {
  const std::string notzip = temp_path("broken.xlsx");
  std::ofstream(notzip) << "PK\x03\x04 this is not really a zip";
  auto a = read_table_file(notzip, "");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, "import.xlsx");

  const std::string badxml = temp_path("badxml.xlsx");
  write_xlsx(badxml, {{"S", "<worksheet><sheetData><row></sheetData>"}}, "");
  auto b = read_xlsx_file(badxml, "");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message.find("XML"), std::string::npos);
}

TEST(Xlsx, OldBinaryExcelIsRefusedWithAClearReason) {
  const std::string path = temp_path("old.xls");
  std::ofstream(path, std::ios::binary) << std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", 12);
  auto t = read_table_file(path, "");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, "import.xls");
}

}  // namespace
}  // namespace gongkai::catalog
