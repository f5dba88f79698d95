// catalog.cpp — header detection, column roles, 同上/merge resolution, row interpretation and the
// minimum-element check (see catalog.h for the steps and the accounting invariant).
#include "import/catalog/catalog.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "import/catalog/cells.h"
#include "import/catalog/text.h"

namespace gongkai::catalog {

namespace {

constexpr size_t kMaxTitleRows = 30;  // the header is within the first 30 non-blank rows

std::string cell_text(const TableRow& row, size_t c) {
  return c < row.cells.size() ? row.cells[c].text : std::string();
}
bool cell_merged(const TableRow& row, size_t c) {
  return c < row.cells.size() && row.cells[c].merged_copy;
}

std::string column_letter(size_t c) {
  std::string s;
  size_t n = c + 1;
  while (n > 0) {
    s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
    n = (n - 1) / 26;
  }
  return s;
}

// The catalog elements a header cell names (bit set), used to find the header row.
unsigned header_elements(const std::string& key) {
  if (key.size() > 60) return 0;  // a title or a note, not a header cell
  unsigned bits = 0;
  auto has = [&](const char* w) { return contains(key, w); };
  if (has("序号")) bits |= 1u << 0;
  if (has("事项") && !has("内容")) bits |= 1u << 1;
  if (has("内容") || has("要素")) bits |= 1u << 2;
  if (has("依据") || has("公开要求")) bits |= 1u << 3;
  if (has("时限") || has("公开要求")) bits |= 1u << 4;
  if (has("主体") || has("责任单位")) bits |= 1u << 5;
  if (has("渠道") || has("载体")) bits |= 1u << 6;
  if (has("对象")) bits |= 1u << 7;
  if (has("方式")) bits |= 1u << 8;
  if (has("层级")) bits |= 1u << 9;
  return bits;
}

bool is_sub_header_word(const std::string& key) {
  for (const char* w : {"一级", "二级", "三级", "全社会", "特定群", "主动", "依申请", "县级",
                        "乡级", "村级", "镇级", "市级", "省级", "村级", "事项名称", "事项类别"}) {
    if (contains(key, w)) return true;
  }
  return false;
}

// Is `row` the second header row below `header`? Its non-empty cells sit under group headings
// (公开事项, 公开对象, 公开方式, 公开层级, or an empty/merged cell the group spans) and name a
// sub-heading; every other cell repeats the header above (a vertical merge) or is empty. A data
// row always has text under a plain heading such as 序号 or 公开内容, so it never qualifies.
bool is_sub_header(const TableRow& header, const TableRow& row) {
  if (row.source_row != header.source_row + 1) return false;
  int words = 0;
  std::string group;  // the heading spanning this column: the nearest non-empty one to the left
  for (size_t c = 0; c < row.cells.size(); ++c) {
    const std::string t = trim(row.cells[c].text);
    const std::string above = trim(cell_text(header, c));
    if (!above.empty()) group = above;
    if (t.empty() || t == above) continue;
    const std::string ak = match_key(group);
    const bool under_channels = contains(ak, "渠道") || contains(ak, "载体");
    const bool under_group = above.empty() || cell_merged(header, c) || contains(ak, "事项") ||
                             contains(ak, "对象") || contains(ak, "方式") || contains(ak, "层级") ||
                             under_channels;
    const std::string k = match_key(t);
    const size_t len = utf8_to_u32(k).size();
    // Under 公开渠道和载体 a sub-heading is a channel name (one √ column per channel).
    const bool word = under_channels ? len <= 24 : is_sub_header_word(k) && len <= 12;
    if (!under_group || !word) return false;
    ++words;
  }
  return words >= 2;
}

}  // namespace

ColumnRole classify_column(const std::string& group, const std::string& sub) {
  const std::string g = match_key(group), s = match_key(sub);
  // Sub-headings ("一级事项", "全社会", "依申请", "乡、村级"); a one-row header may use them as
  // headings of their own, so they are tried on the group text too — unless that text names the
  // whole element ("公开对象（全社会/特定群体）" is one text column, not a √ column).
  const std::string& leaf = s.empty() ? g : s;
  auto leaf_has = [&](const char* w) { return contains(leaf, w); };
  // A sub-heading is a word or two; a long heading ("公开内容（主动公开的要素）") is not one.
  const bool names_element =
      s.empty() && (leaf_has("对象") || leaf_has("方式") || leaf_has("层级") || leaf_has("渠道") ||
                    utf8_to_u32(leaf).size() > 8);
  if (!names_element) {
    if (leaf_has("一级目录")) return ColumnRole::Domain;
    if (leaf_has("一级") || leaf_has("事项类别")) return ColumnRole::Level1;
    if (leaf_has("二级") || leaf_has("事项名称")) return ColumnRole::Level2;
    if (leaf_has("三级")) return ColumnRole::Level3;
    if (leaf_has("全社会") || leaf_has("社会公众")) return ColumnRole::AudiencePublic;
    if (leaf_has("特定群") || leaf_has("特定对象")) return ColumnRole::AudienceSpecific;
    if (leaf_has("主动")) return ColumnRole::ModeProactive;
    if (leaf_has("依申请")) return ColumnRole::ModeOnRequest;
    if (leaf_has("级") && !leaf_has("层级") && !parse_levels(leaf).empty()) {
      return ColumnRole::LevelCheck;
    }
  }
  if (!s.empty() && contains(g, "层级") && contains(s, "级")) return ColumnRole::LevelCheck;
  if (!s.empty() && (contains(g, "渠道") || contains(g, "载体"))) return ColumnRole::ChannelCheck;
  const std::string& k = g.empty() ? s : g;
  auto has = [&](const char* w) { return contains(k, w); };
  if (has("序号") || k == "编号") return ColumnRole::Serial;
  if (has("领域") || has("一级目录")) return ColumnRole::Domain;
  if (has("公开要求")) return ColumnRole::Requirement;
  if (has("内容") || has("要素")) return ColumnRole::Content;
  if (has("依据")) return ColumnRole::Basis;
  if (has("时限")) return ColumnRole::TimeLimit;
  if (has("时长") || has("公开期限")) return ColumnRole::Duration;
  if (has("主体") || has("责任单位") || has("责任部门")) return ColumnRole::Subject;
  if (has("渠道") || has("载体")) return ColumnRole::Channels;
  if (has("对象")) return ColumnRole::AudienceText;
  if (has("方式")) return ColumnRole::ModeText;
  if (has("层级")) return ColumnRole::LevelText;
  if (has("网址") || has("链接") || has("URL") || has("url") || has("网页") || has("二维码")) {
    return ColumnRole::Url;
  }
  if (has("备注")) return ColumnRole::Remark;
  if (has("事项") || has("名称")) return ColumnRole::Level1;
  return ColumnRole::Other;
}

std::optional<HeaderLayout> find_header(const Table& table) {
  for (size_t i = 0; i < table.rows.size() && i < kMaxTitleRows; ++i) {
    const TableRow& row = table.rows[i];
    unsigned bits = 0;
    for (const Cell& c : row.cells) bits |= header_elements(match_key(c.text));
    if (__builtin_popcount(bits) < 3) continue;

    HeaderLayout h;
    h.header_index = i;
    h.data_index = i + 1;
    for (size_t t = 0; t < i; ++t) {
      for (const Cell& c : table.rows[t].cells) {
        if (!trim(c.text).empty()) {
          h.titles.push_back(trim(c.text));
          break;
        }
      }
    }
    const TableRow* sub = nullptr;
    if (i + 1 < table.rows.size() && is_sub_header(row, table.rows[i + 1])) {
      sub = &table.rows[i + 1];
      h.data_index = i + 2;
    }
    size_t ncols = 0;
    for (const TableRow& r : table.rows) ncols = std::max(ncols, r.cells.size());
    std::string group;  // a first-row header spans right over empty cells that have a sub-header
    int level1_seen = 0;
    for (size_t c = 0; c < ncols; ++c) {
      Column col;
      const std::string top = trim(cell_text(row, c));
      std::string s = sub ? trim(cell_text(*sub, c)) : std::string();
      if (s == top) s.clear();  // a vertical merge copied the header into the second row
      if (!top.empty()) {
        group = top;
      } else if (s.empty()) {
        group.clear();
      }
      col.group = group;
      col.sub = s;
      col.header = group.empty() ? s : s.empty() ? group : group + "/" + s;
      col.role = classify_column(group, s);
      if (col.role == ColumnRole::Level1 && level1_seen++ > 0) {
        col.role = level1_seen == 2 ? ColumnRole::Level2 : ColumnRole::Level3;
      }
      if (col.role == ColumnRole::LevelCheck) col.levels = parse_levels(s.empty() ? group : s);
      if (col.header.empty()) col.header = "第" + column_letter(c) + "列";
      h.columns.push_back(std::move(col));
    }
    return h;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Domain names from titles and file names
// ---------------------------------------------------------------------------------------------
namespace {

std::string longest_known_domain(const std::string& text, const CatalogOptions& opt) {
  const std::string key = match_key(text);
  std::string best;
  for (const std::string& d : opt.known_domains) {
    const std::string dk = match_key(d);
    if (!dk.empty() && contains(key, dk) && dk.size() > match_key(best).size()) best = d;
  }
  return best;
}

std::string strip_all(std::string s, const std::string& what) {
  if (what.empty()) return s;
  for (size_t p; (p = s.find(what)) != std::string::npos;) s.erase(p, what.size());
  return s;
}

// Removes region names, a leading "XX县"/"XX镇" (a region the store does not know), the
// catalog words, and separators; returns the phrase if 2–12 characters with a Han among them.
std::string clean_domain_phrase(std::string s, const CatalogOptions& opt) {
  for (const std::string& n : opt.region_names) s = strip_all(s, n);
  for (const char* w : {"基层政务公开标准目录", "政务公开事项标准目录", "政务公开标准目录",
                        "标准目录", "事项目录", "目录", "基层政务公开", "政务公开", "领域"}) {
    s = strip_all(s, w);
  }
  std::u32string u = utf8_to_u32(s);
  std::u32string clean;
  for (char32_t c : u) {
    if (is_han(c) || (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z')) clean.push_back(c);
  }
  auto strip_prefix_through = [&](std::u32string_view ends) {
    for (size_t i = 2; i < clean.size() && i <= 6; ++i) {  // a place name is ≥ 2 characters
      if (ends.find(clean[i]) != std::u32string_view::npos && clean.size() - i - 1 >= 2) {
        clean.erase(0, i + 1);
        return;
      }
    }
  };
  strip_prefix_through(U"县区市旗");
  strip_prefix_through(U"镇乡");
  if (clean.size() < 2 || clean.size() > 12) return {};
  if (std::none_of(clean.begin(), clean.end(), is_han)) return {};
  return u32_to_utf8(clean);
}

}  // namespace

std::string domain_from_title(const std::string& title, const CatalogOptions& opt) {
  if (std::string d = longest_known_domain(title, opt); !d.empty()) return d;
  const size_t p = title.find("领域");
  if (p == std::string::npos) return {};
  return clean_domain_phrase(title.substr(0, p), opt);
}

std::string domain_from_file_name(const std::string& path, const CatalogOptions& opt) {
  std::string stem =
      path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  if (const size_t dot = stem.rfind('.'); dot != std::string::npos && dot > 0) stem.resize(dot);
  if (std::string d = longest_known_domain(stem, opt); !d.empty()) return d;
  return clean_domain_phrase(stem, opt);
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------
namespace {

bool is_note_marker(const std::string& key) {
  for (const char* w : {"注", "备注", "说明", "填表", "制表", "附注", "审核", "联系人", "联系电话",
                        "*", "※", "单位:", "日期"}) {
    if (key.starts_with(w)) return true;
  }
  return false;
}

// A row that is not an item: a footnote or heading, told apart from a broken item row by its
// shape. One distinct text that starts like a note (注：, 填表说明 …), spans several cells
// (merged), is long, or sits outside the element columns; or every non-empty cell starts like a
// note.
bool is_note_row(const TableRow& row, const std::vector<Column>& cols) {
  std::set<std::string> texts;
  size_t cells = 0, first = 0;
  bool all_notes = true;
  for (size_t c = 0; c < row.cells.size(); ++c) {
    const std::string t = trim(row.cells[c].text);
    if (t.empty()) continue;
    if (cells++ == 0) first = c;
    texts.insert(t);
    all_notes = all_notes && is_note_marker(match_key(t));
  }
  if (cells == 0) return false;
  if (all_notes) return true;
  if (texts.size() != 1) return false;
  const std::string key = match_key(*texts.begin());
  const ColumnRole role = first < cols.size() ? cols[first].role : ColumnRole::Other;
  const bool outside = role == ColumnRole::Serial || role == ColumnRole::Other ||
                       role == ColumnRole::Remark || role == ColumnRole::Domain;
  return cells >= 3 || utf8_to_u32(*texts.begin()).size() > 60 || outside;
}

bool is_repeated_header(const TableRow& row, const TableRow& header) {
  int same = 0;
  for (size_t c = 0; c < row.cells.size() && c < header.cells.size(); ++c) {
    const std::string& h = header.cells[c].text;
    // Cheap length test first: header cells are short, content cells long.
    if (h.empty() || row.cells[c].text.size() > h.size() + 16) continue;
    const std::string t = trim(row.cells[c].text);
    if (!t.empty() && t == trim(h)) ++same;
  }
  return same >= 2;  // real rows share at most a 同上-resolved cell or two with a header
}

struct Problem {
  std::string column, en, zh;
};

bool is_group_role(ColumnRole r, int group) {
  switch (group) {
    case 0:
      return r == ColumnRole::AudiencePublic || r == ColumnRole::AudienceSpecific;
    case 1:
      return r == ColumnRole::ModeProactive || r == ColumnRole::ModeOnRequest;
    default:
      return r == ColumnRole::LevelCheck;
  }
}

// Columns whose empty cells, in CSV, continue the value above within a continued 一级事项.
bool continues_in_csv(ColumnRole r) {
  switch (r) {
    case ColumnRole::Basis:
    case ColumnRole::TimeLimit:
    case ColumnRole::Requirement:
    case ColumnRole::Subject:
    case ColumnRole::Channels:
    case ColumnRole::AudienceText:
    case ColumnRole::ModeText:
    case ColumnRole::LevelText:
    case ColumnRole::Duration:
      return true;
    default:
      return false;
  }
}

// What a row says beyond the CatalogItem fields, gathered while its cells are read.
struct RowFacts {
  std::string domain_cell;          // the resolved 领域 cell
  bool requirement_column = false;  // 依据 and 时限 came from one 公开要求 cell
  Audience audience = Audience::Unknown;
  DisclosureMode mode = DisclosureMode::Unknown;
  std::vector<std::string> levels;  // in column order, possibly repeated
  std::string checked_channels;     // ChannelCheck columns marked √, as a plain list
};

class RowInterpreter {
 public:
  RowInterpreter(const Table& t, const HeaderLayout& h, const CatalogOptions& o, CatalogParse& out)
      : table_(t), h_(h), opt_(o), out_(out), above_(h.columns.size()) {}

  // forced: --domain, overrides a 领域 column; fallback: for rows whose 领域 cell is empty.
  void set_domains(std::string forced, std::string fallback) {
    forced_domain_ = std::move(forced);
    file_domain_ = std::move(fallback);
  }
  void run();

 private:
  bool has_role(ColumnRole r) const {
    return std::any_of(h_.columns.begin(), h_.columns.end(),
                       [&](const Column& c) { return c.role == r; });
  }
  std::string group_header(int group) const;
  std::string group_of(ColumnRole r) const {
    for (const Column& c : h_.columns) {
      if (c.role == r) return c.group.empty() ? c.header : c.group;
    }
    return {};
  }
  void warn(int row, const std::string& column, const std::string& en, const std::string& zh) {
    out_.report.warn({opt_.file, row, column, en, zh});
  }
  void warn_missing_columns();
  void interpret_row(const TableRow& row);
  std::vector<std::string> resolve(const TableRow& row, std::vector<Problem>& problems);
  bool continue_names(std::vector<std::string>& v) const;
  void continue_flattened_merges(const TableRow& row, std::vector<std::string>& v);
  CatalogItem build_item(const TableRow& row, const std::vector<std::string>& v, RowFacts& f);
  void read_cell(const TableRow& row, size_t c, const std::string& t, CatalogItem& it, RowFacts& f);
  std::string column_of(std::initializer_list<ColumnRole> roles) const;
  void check_minimum(const CatalogItem& it, const RowFacts& f,
                     std::vector<Problem>& problems) const;
  void assign_domain(CatalogItem& it, const RowFacts& f, std::vector<Problem>& problems) const;
  void check_duplicate(const CatalogItem& it, std::vector<Problem>& problems);
  void reject(int row, const std::vector<Problem>& problems);
  void finish();

  const Table& table_;
  const HeaderLayout& h_;
  const CatalogOptions& opt_;
  CatalogParse& out_;
  std::vector<std::string> above_;  // resolved values of the previous item row, per column
  bool have_above_ = false;
  std::string forced_domain_, file_domain_;
  std::map<std::tuple<std::string, std::string, std::string, std::string>, int> seen_;
  std::map<size_t, std::vector<int>> continued_cells_;  // CSV continuation, per column
};

std::string RowInterpreter::group_header(int group) const {
  for (const Column& c : h_.columns) {
    if (is_group_role(c.role, group)) return c.group.empty() ? c.header : c.group;
  }
  return group == 0 ? "公开对象" : group == 1 ? "公开方式" : "公开层级";
}

void RowInterpreter::warn_missing_columns() {
  struct Need {
    std::vector<ColumnRole> roles;
    const char *zh, *en;
  };
  const std::vector<Need> needs = {
      {{ColumnRole::Level1, ColumnRole::Level2}, "事项名称", "item name"},
      {{ColumnRole::Content}, "公开内容", "content"},
      {{ColumnRole::Basis, ColumnRole::Requirement}, "公开依据", "basis"},
      {{ColumnRole::TimeLimit, ColumnRole::Requirement}, "公开时限", "time limit"},
      {{ColumnRole::Subject}, "公开主体", "subject"},
      {{ColumnRole::ModeProactive, ColumnRole::ModeOnRequest, ColumnRole::ModeText},
       "公开方式",
       "disclosure mode"},
      {{ColumnRole::Channels, ColumnRole::ChannelCheck}, "公开渠道和载体", "channels"},
      {{ColumnRole::AudiencePublic, ColumnRole::AudienceSpecific, ColumnRole::AudienceText},
       "公开对象",
       "audience"},
  };
  for (const Need& n : needs) {
    if (std::none_of(n.roles.begin(), n.roles.end(), [&](ColumnRole r) { return has_role(r); })) {
      warn(0, n.zh,
           std::string("the file has no ") + n.zh + " (" + n.en +
               ") column, a minimum element of 国办发〔2019〕54号; rows imported without it",
           std::string("文件没有“") + n.zh +
               "”列（国办发〔2019〕54号规定的基本要素），各行在缺少该要素的情况下导入");
    }
  }
}

void RowInterpreter::run() {
  warn_missing_columns();
  const TableRow& header = table_.rows[h_.header_index];
  for (size_t i = h_.data_index; i < table_.rows.size(); ++i) {
    const TableRow& row = table_.rows[i];
    if (row.blank()) continue;  // stray blank rows: not items, nothing to report
    const TableRow& sub = table_.rows[h_.data_index - 1];  // == header for a one-row header
    if (is_repeated_header(row, header) || is_repeated_header(row, sub)) {
      warn(row.source_row, "", "a repeated header row, not an item", "重复的表头行，不是事项");
      continue;
    }
    if (is_note_row(row, h_.columns)) {
      std::string text;
      for (const Cell& c : row.cells) {
        if (!trim(c.text).empty()) {
          text = trim(c.text);
          break;
        }
      }
      std::u32string u = utf8_to_u32(text);
      if (u.size() > 40) text = u32_to_utf8(u.substr(0, 40)) + "…";
      warn(row.source_row, "", "a note or heading row, not an item: " + text,
           "注释或标题行，不是事项：" + text);
      continue;
    }
    ++out_.report.rows_read;
    interpret_row(row);
  }
  finish();
}

void RowInterpreter::finish() {
  for (const auto& [c, rows] : continued_cells_) {
    std::string list;
    for (size_t k = 0; k < rows.size() && k < 12; ++k)
      list += (k ? ", " : "") + std::to_string(rows[k]);
    if (rows.size() > 12) list += ", …";
    warn(0, h_.columns[c].header,
         "empty cells read as part of the merged cell above (rows " + list + ")",
         "空单元格按上方合并单元格的内容读取（第 " + list + " 行）");
  }
}

// interpret_row: resolve → build → check → store or reject. Each step is one method below.
void RowInterpreter::interpret_row(const TableRow& row) {
  std::vector<Problem> problems;
  const std::vector<std::string> v = resolve(row, problems);
  RowFacts facts;
  CatalogItem it = build_item(row, v, facts);
  check_minimum(it, facts, problems);
  assign_domain(it, facts, problems);
  if (problems.empty()) check_duplicate(it, problems);
  if (!problems.empty()) {
    reject(row.source_row, problems);
    return;
  }
  out_.items.push_back(std::move(it));
}

// Resolved cell values of a row: 同上, continued 一级事项/领域/二级事项, and in CSV the merged
// cells that the export flattened. Records the row as "above" for the next one.
std::vector<std::string> RowInterpreter::resolve(const TableRow& row,
                                                 std::vector<Problem>& problems) {
  const size_t n = h_.columns.size();
  std::vector<std::string> v(n);
  // 同上 = the resolved value of the cell above in the same column (a rejected row above counts:
  // 同上 refers to the sheet, not to what was imported).
  for (size_t c = 0; c < n; ++c) {
    v[c] = trim(cell_text(row, c));
    if (!is_same_as_above(v[c])) continue;
    if (have_above_ && !above_[c].empty()) {
      v[c] = above_[c];
    } else {
      v[c].clear();
      problems.push_back({h_.columns[c].header, "同上 (same as above) but there is nothing above",
                          "填写“同上”，但上方没有内容"});
    }
  }
  if (continue_names(v) && table_.merges_lost) continue_flattened_merges(row, v);
  above_ = v;
  have_above_ = true;
  return v;
}

// 一级事项 and 领域 continue down through merged/empty cells; with 三级事项, a 二级 cell spans its
// 三级 rows the same way. Returns whether this row continues the 一级事项 above.
bool RowInterpreter::continue_names(std::vector<std::string>& v) const {
  if (!have_above_) return false;
  bool l1_continued = false, has_level3 = false;
  for (size_t c = 0; c < v.size(); ++c) {
    const ColumnRole r = h_.columns[c].role;
    if (r == ColumnRole::Level3 && !v[c].empty()) has_level3 = true;
    if ((r == ColumnRole::Level1 || r == ColumnRole::Domain) && v[c].empty()) {
      v[c] = above_[c];
      if (r == ColumnRole::Level1) l1_continued = !v[c].empty();
    }
  }
  for (size_t c = 0; c < v.size() && l1_continued && has_level3; ++c) {
    if (h_.columns[c].role == ColumnRole::Level2 && v[c].empty()) v[c] = above_[c];
  }
  return l1_continued;
}

// CSV lost its merges: in a row continuing a 一级事项, an empty element cell (or an empty group
// of √ cells) is the merged cell above. Reported once per column in finish().
void RowInterpreter::continue_flattened_merges(const TableRow& row, std::vector<std::string>& v) {
  const size_t n = v.size();
  std::vector<bool> continued(n, false);
  for (size_t c = 0; c < n; ++c) {
    if (continues_in_csv(h_.columns[c].role) && v[c].empty() && !above_[c].empty()) {
      v[c] = above_[c];
      continued[c] = true;
    }
  }
  for (int g = 0; g < 3; ++g) {
    bool any_now = false, any_above = false;
    for (size_t c = 0; c < n; ++c) {
      if (!is_group_role(h_.columns[c].role, g)) continue;
      any_now = any_now || !v[c].empty();
      any_above = any_above || !above_[c].empty();
    }
    if (any_now || !any_above) continue;
    for (size_t c = 0; c < n; ++c) {
      if (is_group_role(h_.columns[c].role, g)) v[c] = above_[c], continued[c] = !v[c].empty();
    }
  }
  for (size_t c = 0; c < n; ++c) {
    if (continued[c]) continued_cells_[c].push_back(row.source_row);
  }
}

// Resolved cells → CatalogItem, with every original cell kept verbatim.
CatalogItem RowInterpreter::build_item(const TableRow& row, const std::vector<std::string>& v,
                                       RowFacts& f) {
  CatalogItem it;
  it.region = opt_.region;
  it.source_file = opt_.file;
  it.source_row = row.source_row;
  for (size_t c = 0; c < v.size(); ++c) {
    const Column& col = h_.columns[c];
    // Unnamed columns past the header are kept only when they hold something.
    if (!(col.role == ColumnRole::Other && v[c].empty() && col.header.starts_with("第"))) {
      it.original.push_back({col.header, cell_text(row, c)});
    }
    read_cell(row, c, v[c], it, f);
  }
  for (const char* l : {"省级", "市级", "县级", "乡级", "村级"}) {  // canonical order, once each
    if (std::find(f.levels.begin(), f.levels.end(), l) != f.levels.end()) it.levels.emplace_back(l);
  }
  it.audience = f.audience;
  it.mode = f.mode;
  it.time_limit = parse_time_limit(it.time_limit_text);
  it.basis = parse_citations(it.basis_text);
  if (it.channels_text.empty()) it.channels_text = f.checked_channels;
  it.channels = parse_channels(it.channels_text).chosen;
  if (it.level1.empty() && !it.level2.empty() && !has_role(ColumnRole::Level1)) {
    it.level1 = it.level2, it.level2.clear();  // a catalog with a single name column
  }
  return it;
}

// One cell into the item or the row facts: a dispatch on the column role, one case per role
// (long because the roles are many, not because any case is).
void RowInterpreter::read_cell(const TableRow& row, size_t c, const std::string& t, CatalogItem& it,
                               RowFacts& f) {
  const Column& col = h_.columns[c];
  auto mark = [&]() {
    const Mark m = parse_mark(t);
    if (m == Mark::Unrecognized) {
      warn(row.source_row, col.header, "not a check mark, read as unchecked: " + t,
           "不是勾选标记，按未勾选处理：" + t);
    }
    return m == Mark::Yes;
  };
  auto add_audience = [&](Audience a) {
    f.audience = f.audience == Audience::Unknown || f.audience == a ? a : Audience::Both;
  };
  auto add_mode = [&](DisclosureMode m) {
    f.mode = f.mode == DisclosureMode::Unknown || f.mode == m ? m : DisclosureMode::Both;
  };
  switch (col.role) {
    case ColumnRole::Serial:
      it.serial = t;
      break;
    case ColumnRole::Domain:
      f.domain_cell = t;
      break;
    case ColumnRole::Level1:
      it.level1 = t;
      break;
    case ColumnRole::Level2:  // a horizontal merge of 一级 and 二级 names one item, not "X / X"
      it.level2 = cell_merged(row, c) && t == it.level1 ? std::string() : t;
      break;
    case ColumnRole::Level3:
      it.level3 = cell_merged(row, c) && (t == it.level2 || t == it.level1) ? std::string() : t;
      break;
    case ColumnRole::Content:
      it.content = t;
      break;
    case ColumnRole::Basis:
      it.basis_text = t;
      break;
    case ColumnRole::TimeLimit:
      it.time_limit_text = t;
      break;
    case ColumnRole::Requirement: {
      f.requirement_column = true;
      const Requirement r = split_requirement(t);
      if (it.basis_text.empty()) it.basis_text = r.basis;
      if (it.time_limit_text.empty()) it.time_limit_text = r.time_limit;
      break;
    }
    case ColumnRole::Subject:
      it.subject = t;
      break;
    case ColumnRole::Channels:
      it.channels_text = t;
      break;
    case ColumnRole::ChannelCheck:  // one √ column per channel: its sub-heading names it
      if (mark()) f.checked_channels += (f.checked_channels.empty() ? "" : "、") + col.sub;
      break;
    case ColumnRole::AudiencePublic:
      if (mark()) add_audience(Audience::Public);
      break;
    case ColumnRole::AudienceSpecific:
      if (mark()) add_audience(Audience::SpecificGroup);
      break;
    case ColumnRole::AudienceText:
      f.audience = parse_audience_text(t);
      break;
    case ColumnRole::ModeProactive:
      if (mark()) add_mode(DisclosureMode::Proactive);
      break;
    case ColumnRole::ModeOnRequest:
      if (mark()) add_mode(DisclosureMode::OnRequest);
      break;
    case ColumnRole::ModeText:
      f.mode = parse_mode_text(t);
      break;
    case ColumnRole::LevelCheck:
      if (mark()) f.levels.insert(f.levels.end(), col.levels.begin(), col.levels.end());
      break;
    case ColumnRole::LevelText: {
      const auto l = parse_levels(t);
      f.levels.insert(f.levels.end(), l.begin(), l.end());
      break;
    }
    case ColumnRole::Duration:
      it.duration_text = t;
      break;
    case ColumnRole::Url:
      it.url = t;
      break;
    case ColumnRole::Remark:
    case ColumnRole::Other:
      break;
  }
}

std::string RowInterpreter::column_of(std::initializer_list<ColumnRole> roles) const {
  for (const Column& c : h_.columns) {
    if (std::find(roles.begin(), roles.end(), c.role) != roles.end()) return c.header;
  }
  return {};
}

// The 国办发〔2019〕54号 minimum: 名称、内容、依据、时限、主体、方式、渠道、对象 — for the
// elements the file has a column for (a missing column was warned about once, up front).
void RowInterpreter::check_minimum(const CatalogItem& it, const RowFacts& f,
                                   std::vector<Problem>& problems) const {
  auto need_text = [&](const std::string& value, std::initializer_list<ColumnRole> roles,
                       const char* zh_name, const char* en_name) {
    const std::string col = column_of(roles);
    if (col.empty() || !value.empty()) return;
    const bool req =
        f.requirement_column && column_of({ColumnRole::Basis, ColumnRole::TimeLimit}).empty();
    problems.push_back({col, req ? std::string("no ") + en_name + " in the cell" : "empty cell",
                        req ? std::string("单元格中没有") + zh_name : "单元格为空"});
  };
  auto has_any = [&](std::initializer_list<ColumnRole> roles) {
    return std::any_of(roles.begin(), roles.end(), [&](ColumnRole r) { return has_role(r); });
  };
  if (has_any({ColumnRole::Level1, ColumnRole::Level2}) && it.level1.empty()) {
    problems.push_back({column_of({ColumnRole::Level1, ColumnRole::Level2}),
                        "no item name (一级事项) in this row or above",
                        "本行及上方都没有事项名称（一级事项）"});
  }
  need_text(it.content, {ColumnRole::Content}, "公开内容", "content");
  need_text(it.basis_text, {ColumnRole::Basis, ColumnRole::Requirement}, "公开依据", "basis");
  need_text(it.time_limit_text, {ColumnRole::TimeLimit, ColumnRole::Requirement}, "公开时限",
            "time limit");
  need_text(it.subject, {ColumnRole::Subject}, "公开主体", "subject");
  if (has_any({ColumnRole::ModeProactive, ColumnRole::ModeOnRequest, ColumnRole::ModeText}) &&
      it.mode == DisclosureMode::Unknown) {
    problems.push_back({group_header(1),
                        "neither 主动 (proactive) nor 依申请 (on request) is marked",
                        "未勾选公开方式（主动/依申请）"});
  }
  if (has_any({ColumnRole::Channels, ColumnRole::ChannelCheck}) && it.channels.empty()) {
    problems.push_back({has_role(ColumnRole::Channels) ? column_of({ColumnRole::Channels})
                                                       : group_of(ColumnRole::ChannelCheck),
                        it.channels_text.empty() ? "empty cell" : "no channel is marked ■",
                        it.channels_text.empty() ? "单元格为空" : "没有勾选（■）任何公开渠道"});
  }
  if (has_any(
          {ColumnRole::AudiencePublic, ColumnRole::AudienceSpecific, ColumnRole::AudienceText}) &&
      it.audience == Audience::Unknown) {
    problems.push_back({group_header(0), "neither 全社会 nor 特定群体 is marked",
                        "未勾选公开对象（全社会/特定群体）"});
  }
}

// The row's domain name: --domain, else its 领域 cell (a known domain's own spelling when the
// cell names one, "X领域" read as X), else the file's domain.
void RowInterpreter::assign_domain(CatalogItem& it, const RowFacts& f,
                                   std::vector<Problem>& problems) const {
  const std::string& cell = f.domain_cell;
  it.domain = !forced_domain_.empty() ? forced_domain_ : !cell.empty() ? cell : file_domain_;
  if (forced_domain_.empty() && !cell.empty()) {
    if (std::string known = longest_known_domain(cell, opt_); !known.empty()) {
      it.domain = known;
    } else if (cell.ends_with("领域") && cell.size() > 6) {
      it.domain = cell.substr(0, cell.size() - 6);
    }
  }
  if (it.domain.empty() && problems.empty()) {
    problems.push_back({column_of({ColumnRole::Domain}), "no 领域 (domain) in this row or above",
                        "本行及上方都没有所属领域"});
  }
}

// The same 事项 (domain + 一级/二级/三级) as an earlier imported row of this file.
void RowInterpreter::check_duplicate(const CatalogItem& it, std::vector<Problem>& problems) {
  auto [pos, inserted] =
      seen_.emplace(std::make_tuple(it.domain, it.level1, it.level2, it.level3), it.source_row);
  if (inserted) return;
  const std::string name = it.level1 + (it.level2.empty() ? "" : " / " + it.level2);
  const std::string row = std::to_string(pos->second);
  problems.push_back({!it.level3.empty()   ? column_of({ColumnRole::Level3})
                      : !it.level2.empty() ? column_of({ColumnRole::Level2})
                                           : column_of({ColumnRole::Level1}),
                      "the same item as row " + row + " (" + name + ")",
                      "与第 " + row + " 行是同一事项（" + name + "）"});
}

// One Rejection per row: the first problem names the column; further ones follow, each named by
// its column:  row 10: 公开内容（要素）: empty cell; 公开时限: empty cell
void RowInterpreter::reject(int row, const std::vector<Problem>& problems) {
  Rejection r{opt_.file, row, problems.front().column, problems.front().en, problems.front().zh};
  for (size_t k = 1; k < problems.size(); ++k) {
    r.reason_en += "; " + problems[k].column + ": " + problems[k].en;
    r.reason_zh += "；" + problems[k].column + "：" + problems[k].zh;
  }
  out_.report.reject(std::move(r));
}

}  // namespace

CatalogParse interpret_catalog(const Table& table, const CatalogOptions& opt) {
  CatalogParse out;
  for (const TableNote& n : table.notes) {
    out.report.warn({opt.file, n.row, "", n.message_en, n.message_zh});
  }
  auto reject_file = [&](const std::string& en, const std::string& zh) {
    int rows = 0;
    for (const TableRow& r : table.rows) rows += r.blank() ? 0 : 1;
    // Every row of the file is refused with it; an empty file still counts as one refusal so
    // that the run fails, and rows_read == imported + rejected still holds.
    out.report.rows_read = std::max(rows, 1);
    out.report.rejections.push_back({opt.file, 0, "", en, zh});
    out.report.rejected = out.report.rows_read;
  };
  auto header = find_header(table);
  if (!header) {
    std::string other;  // a workbook with a cover sheet: say where the catalog may be
    for (const std::string& name : table.sheets) {
      if (name != table.sheet) other += (other.empty() ? "" : ", ") + name;
    }
    const std::string sheet_en =
        table.sheet.empty()
            ? ""
            : " (sheet " + table.sheet +
                  (other.empty() ? "" : "; other sheets: " + other + ", choose one with --sheet") +
                  ")";
    const std::string sheet_zh =
        table.sheet.empty()
            ? ""
            : "（工作表“" + table.sheet + "”" +
                  (other.empty() ? "" : "；其他工作表：" + other + "，可用 --sheet 指定") + "）";
    reject_file(
        "no catalog header found" + sheet_en +
            ": none of the first 30 rows names at least three of "
            "公开事项, 公开内容, 公开依据, 公开时限, 公开主体, 公开渠道和载体, 公开对象, 公开方式",
        "未找到目录表头" + sheet_zh +
            "：前 30 行中没有一行包含公开事项、公开内容、公开依据、公开时限、"
            "公开主体、公开渠道和载体、公开对象、公开方式中的至少三项");
    return out;
  }
  // The file's domain: --domain, else (per row) a 领域 column, else a title row, else the name.
  std::string file_domain;
  if (!opt.domain.empty()) {
    file_domain = longest_known_domain(opt.domain, opt);
    if (match_key(file_domain) != match_key(opt.domain)) file_domain = trim(opt.domain);
  }
  const bool domain_column =
      std::any_of(header->columns.begin(), header->columns.end(),
                  [](const Column& c) { return c.role == ColumnRole::Domain; });
  if (file_domain.empty()) {
    for (const std::string& t : header->titles) {
      if (file_domain.empty()) file_domain = domain_from_title(t, opt);
    }
  }
  if (file_domain.empty()) file_domain = domain_from_file_name(opt.file, opt);
  if (file_domain.empty() && !domain_column) {
    reject_file(
        "cannot tell the domain (领域): give --domain NAME, or add a 领域 column, a title "
        "row such as 青禾县社会救助领域基层政务公开标准目录, or name the file after the domain",
        "无法确定所属领域：请用 --domain 指定，或在表格中加“领域”列、在表头上方加"
        "“××县社会救助领域基层政务公开标准目录”这样的标题行，或以领域名称命名文件");
    return out;
  }
  RowInterpreter interp(table, *header, opt, out);
  interp.set_domains(opt.domain.empty() ? std::string() : file_domain, file_domain);
  interp.run();
  return out;
}

}  // namespace gongkai::catalog
