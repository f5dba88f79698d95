// content.h — the content model (DESIGN §4) as plain C++ values.
//
// These are what importers produce and what the store's read API returns. They carry no database
// handles. Times are Unix seconds (UTC); the calendar of a 公示期 is China Standard Time (UTC+8,
// no DST), see kChinaUtcOffsetSeconds. Text is UTF-8 exactly as written: never NFC-normalized,
// because normalization folds CJK compatibility ideographs used in personal names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gongkai {

inline constexpr int64_t kChinaUtcOffsetSeconds = 8 * 3600;

// Unix seconds → China time text with strftime `format`, e.g. "%Y-%m-%d %H:%M" → 2026-11-23 09:30.
std::string format_china_time(int64_t unix_seconds, const char* format);

// ---------------------------------------------------------------------------------------------
// Regions: 12-digit 统计用区划代码 = 省2 市2 县2 + 乡3 + 村3.
// ---------------------------------------------------------------------------------------------
enum class RegionLevel { Province = 1, City = 2, County = 3, Township = 4, Village = 5 };

struct Region {
  std::string code;    // 12 ASCII digits
  std::string name;    // e.g. 青禾县, 松溪镇, 石桥村
  std::string parent;  // code of the parent region; empty for the root of the tree we hold
  RegionLevel level = RegionLevel::County;
};

// Pure code arithmetic, independent of what the store holds. Returns nullopt for a malformed code.
std::optional<RegionLevel> region_level_of(const std::string& code);
// The parent code by zeroing the lowest non-zero segment ("340123101002" → "340123101000");
// empty for a province.
std::string region_parent_of(const std::string& code);
// The code itself followed by all its ancestors up to the province.
std::vector<std::string> region_ancestry(const std::string& code);

// ---------------------------------------------------------------------------------------------
// Domains (领域): data, not code. The 26 pilot domains are seeded; catalogs may add more.
// ---------------------------------------------------------------------------------------------
struct Domain {
  std::string code;             // "01".."26" for the pilot domains; importers assign "x-…" codes
  std::string name;             // 社会救助
  std::string lead_department;  // 民政部 民办函〔2019〕52号
  int sort_order = 0;
};

// ---------------------------------------------------------------------------------------------
// Catalog items (政务公开事项标准目录 rows).
// ---------------------------------------------------------------------------------------------
enum class Audience { Unknown = 0, Public = 1, SpecificGroup = 2, Both = 3 };   // 全社会 / 特定群体
enum class DisclosureMode { Unknown = 0, Proactive = 1, OnRequest = 2, Both = 3 };  // 主动 / 依申请

// A parsed 公开时限 where the text allows; the original text is always kept beside it.
enum class TimeLimitKind {
  Unparsed = 0,    // free text we could not classify
  WithinDays,      // "…之日起20个工作日内" → days=20, working_days=true
  RealTime,        // 实时公开
  Timely,          // 及时公开
  Periodic,        // 每季度/每月/按年 …
  LongTerm,        // 长期公开
};

struct TimeLimitRule {
  TimeLimitKind kind = TimeLimitKind::Unparsed;
  int days = 0;               // WithinDays only
  bool working_days = false;  // 工作日 vs 自然日
  int publicity_days = 0;     // "公示7个工作日" when present
  std::string period;         // Periodic: 年|季度|月 …
};

struct Citation {                 // one 公开依据
  std::string text;               // 《中华人民共和国政府信息公开条例》（国务院令第711号）
  std::string tag;                // 法律|行政法规|规章|条例|规范性文件 … when tagged 【…】; else empty
};

struct OriginalCell {             // verbatim cell text, for display exactly as the county wrote it
  std::string header;             // the column header as it appeared (both header rows joined by "/")
  std::string text;
};

struct CatalogItem {
  int64_t id = 0;             // store row id (assigned by the store)
  std::string uid;            // stable identity: hash of region, domain and 事项 names
  std::string region;         // publishing region code
  std::string domain;         // domain code
  std::string serial;         // 序号 as written (may be "0505")
  std::string level1, level2, level3;  // 一级/二级/三级事项
  std::string content;        // 公开内容（要素）
  std::vector<Citation> basis;
  std::string basis_text;     // original 依据 cell
  TimeLimitRule time_limit;
  std::string time_limit_text;
  std::string subject;        // 公开主体
  std::vector<std::string> channels;  // normalized names, standard ones first in checklist order
  std::string channels_text;
  Audience audience = Audience::Unknown;
  DisclosureMode mode = DisclosureMode::Unknown;
  std::vector<std::string> levels;    // 县级, 乡级, 村级, 市级 … (乡、村级 → 乡级 + 村级)
  std::string duration_text;  // 公开时长, optional
  std::string url;            // for the QR code, optional
  std::string source_file;    // where it came from, for error reports and staff
  int source_row = 0;         // 1-based row in the source sheet
  std::vector<OriginalCell> original;
};

// ---------------------------------------------------------------------------------------------
// Notices (公告 / 公示).
// ---------------------------------------------------------------------------------------------
enum class NoticePriority { Normal = 0, Pinned = 1, Urgent = 2 };

// The state of a notice at a trusted instant t (DESIGN §4):
//   Upcoming      t <  start
//   InPublicity   start <= t < end            (公示中; never hidden before its end)
//   Archived      end <= t                    (已归档, still searchable)
//   LongTerm      start <= t, no end          (长期公布)
enum class NoticeState { Upcoming = 0, InPublicity = 1, Archived = 2, LongTerm = 3 };

struct NoticeAttachment {
  std::string sha256;     // lowercase hex; the bytes live in the attachment table
  std::string name;       // file name as referenced in the body
  std::string mime;       // image/png, image/jpeg …
  std::string caption;
};

struct Notice {
  std::string id;          // stable id, e.g. "2026-qh-0012" (from front matter or file name)
  std::string title;
  std::string issuer;      // 发布单位
  std::string doc_number;  // 文号, e.g. 青政〔2026〕15号; optional
  std::string category;    // 党务 | 政务 | 事务 | 财务 | other local categories
  std::string kind;        // legal kind, e.g. 征地补偿安置方案公告; empty when none
  std::string region;      // target region code; shown there and in all descendants
  std::string channel;     // "" = every channel; else e.g. board | terminal
  NoticePriority priority = NoticePriority::Normal;
  int64_t published_at = 0;
  int64_t start_at = 0;                 // 公示期 start, inclusive
  std::optional<int64_t> end_at;        // 公示期 end, exclusive; nullopt = 长期公布
  std::string url;                      // the notice on the issuer's website, for the QR code
  std::string body;                     // simple Markdown, personal numbers already masked
  std::vector<NoticeAttachment> attachments;
  std::string source_file;
};

NoticeState notice_state_at(const Notice& n, int64_t trusted_now);
const char* notice_state_name_zh(NoticeState s);  // 即将公示 / 公示中 / 已归档 / 长期公布

}  // namespace gongkai
