// catalog.h — a table read from a county spreadsheet → catalog items (issue #2, catalog-format.md).
//
// Input: a Table (table.h) and the options of the run. Output: CatalogItem values and an
// ImportReport that accounts for every row:
//   rows_read = the rows below the header that are not blank and not notes;
//   rows_read == items.size() + rejected (rejected rows each have one Rejection naming the file,
//   row, column and reason in English and Chinese);
//   title rows, repeated header rows, headings and footnotes (注：…, 填表说明) are warnings.
// Steps, in order (each a function below):
//   find_header      the header row (title rows above it are kept for the domain), a second
//                    header row when present (一级事项/二级事项, 全社会/特定群体, 主动/依申请,
//                    县级/…)
//   classify         each column's role from its joined header text ("公开对象/全社会")
//   resolve          同上 = the resolved cell above; 一级事项 (and 领域) continue down through
//   empty
//                    cells; in CSV, where merges were flattened, the other elements of a row that
//                    continues a 一级事项 are taken from the row above (reported once per column)
//   interpret        cells → CatalogItem (cells.h parsers), original cells kept verbatim
//   check            the 国办发〔2019〕54号 minimum: 名称、内容、依据、时限、主体、方式、渠道、对象
// The items' domain field holds the domain *name* here; the command maps names to store codes
// (Store::ensure_domain) and computes uids, so this step needs no store and is unit-testable.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gongkai/content.h"
#include "import/catalog/table.h"
#include "import/report.h"

namespace gongkai::catalog {

enum class ColumnRole {
  Other,        // kept in the original cells only
  Serial,       // 序号
  Domain,       // 领域 / 一级目录
  Level1,       // 一级事项
  Level2,       // 二级事项
  Level3,       // 三级事项
  Content,      // 公开内容（要素）
  Basis,        // 公开依据
  TimeLimit,    // 公开时限
  Requirement,  // 公开要求 = 依据 + 时限 in one column
  Subject,      // 公开主体
  Channels,     // 公开渠道和载体: the ■/□ checklist (or a list) in one cell
  ChannelCheck,  // 公开渠道和载体 split into one √ column per channel (sub-heading = channel)
  AudiencePublic,
  AudienceSpecific,
  AudienceText,  // 公开对象: √ columns or one text column
  ModeProactive,
  ModeOnRequest,
  ModeText,  // 公开方式
  LevelCheck,
  LevelText,  // 公开层级: √ columns or one text column
  Duration,   // 公开时长
  Url,        // 网址 / 链接
  Remark,     // 备注
};

struct Column {
  ColumnRole role = ColumnRole::Other;
  std::string header;               // both header rows joined by "/" ("公开层级/乡、村级")
  std::string group;                // the first header row's text ("公开层级")
  std::string sub;                  // the second header row's text ("乡、村级"), may be empty
  std::vector<std::string> levels;  // LevelCheck: the levels this √ column stands for
};

struct HeaderLayout {
  size_t header_index = 0;          // index into Table::rows of the (first) header row
  size_t data_index = 0;            // index of the first row below the header
  std::vector<std::string> titles;  // texts of the rows above the header
  std::vector<Column> columns;
};

// The header: the first row (within the first 30) naming at least three catalog elements.
std::optional<HeaderLayout> find_header(const Table& table);
ColumnRole classify_column(const std::string& group, const std::string& sub);

struct CatalogOptions {
  std::string file;                        // as given by the publisher; used in every report line
  std::string region;                      // publishing region code
  std::string domain;                      // --domain NAME; empty = find it
  std::vector<std::string> known_domains;  // domain names the store holds
  std::vector<std::string> region_names;   // names of the region and its ancestors
};

// The domain named by a title row ("青禾县社会救助领域基层政务公开标准目录") or a file name
// ("18-社会救助.csv"): a known domain contained in it, else the cleaned phrase before 领域 (title)
// or the cleaned stem (file). Empty when nothing usable is found.
std::string domain_from_title(const std::string& title, const CatalogOptions& opt);
std::string domain_from_file_name(const std::string& path, const CatalogOptions& opt);

struct CatalogParse {
  std::vector<CatalogItem> items;  // domain = domain name (see above); uid not set
  ImportReport report;             // imported is left 0: the caller counts what it stores
};

CatalogParse interpret_catalog(const Table& table, const CatalogOptions& opt);

}  // namespace gongkai::catalog
