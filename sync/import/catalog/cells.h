// cells.h — parsers for the cells of a 政务公开事项标准目录 row (catalog-format.md, issue #2).
//
// Input: one cell's UTF-8 text as written (after 同上 resolution). Output: the parsed values of
// the content model (content.h). Each parser is total: odd text gives an "unparsed"/empty value,
// never an exception, and the caller always keeps the original text beside the parsed value.
// Matching uses match keys (text.h): full-width/half-width punctuation and the traditional forms
// of the vocabulary are recognised, but nothing returned is normalized except names that the
// model defines as a closed set (standard channel names, level names).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gongkai/content.h"

namespace gongkai::catalog {

// --- √ columns (公开对象 / 公开方式 / 公开层级)
// ---------------------------------------------------
enum class Mark { Empty, Yes, No, Unrecognized };
// Yes: √ ✓ ✔ ☑ ✅ v V Y 是 ● ■ (any run of them); No: × ✗ ✘ ☐ □ 否 无 N - — / ○.
Mark parse_mark(std::string_view cell);

// "同上" (= the cell above in the same column), also written with spaces or a trailing 。.
bool is_same_as_above(std::string_view cell);

// --- 公开渠道和载体
// -------------------------------------------------------------------------------- The 13 channels
// of data/channels.txt in checklist order.
const std::vector<std::string>& standard_channels();

struct ChannelChoice {
  std::vector<std::string> chosen;  // standard names in checklist order, then local additions
  std::vector<std::string> local;   // the local additions among chosen, as written
  bool had_markers = false;         // ■/□ (or OCR t/口) checklist rather than a plain list
};
// Parses a ■/□ checklist in one cell ("■政府网站 □政府公报 ■两微一端 …"), its OCR forms (t for ■,
// 口 for □), or a plain list ("政府网站、两微一端"). Standard channels are recognised through
// full-width/half-width differences and a few common spellings; other chosen entries are local
// channels (12345政务服务热线 …) and are kept, never rejected. "其他：X" yields X as local.
ChannelChoice parse_channels(std::string_view cell);

// --- 公开依据 ----------------------------------------------------------------------------------
// Splits a 依据 cell into citations: each 《…》 title with what follows it up to the next
// separator (文号 such as 国办发〔2019〕54号, 第X条, dates stay in the citation); untitled pieces
// ("各地相关政策法规文件") are citations too. 【法律】/【规章】… tags apply to the citations after
// them until the next tag.
std::vector<Citation> parse_citations(std::string_view cell);

// --- 公开时限 ----------------------------------------------------------------------------------
// 信息形成或者变更之日起20个工作日内 → WithinDays 20 working; 10个工作日内，公示7个工作日 → also
// publicity_days 7; 实时公开 → RealTime; 及时公开 → Timely; 每季度/每月/按年… → Periodic; 长期 →
// LongTerm. Chinese numerals (二十个工作日) and traditional forms (個工作日) are read too.
TimeLimitRule parse_time_limit(std::string_view cell);

// --- 公开层级 ----------------------------------------------------------------------------------
// "县级", "乡、村级" → {乡级, 村级}; 镇/街道 → 乡级, 区/县(市、区) → 县级, 社区/居 → 村级.
// Result in the order 省级, 市级, 县级, 乡级, 村级, without duplicates.
std::vector<std::string> parse_levels(std::string_view text);

// --- single-column variants of 公开对象 / 公开方式 -----------------------------------------------
Audience parse_audience_text(std::string_view text);
DisclosureMode parse_mode_text(std::string_view text);

// --- 公开要求 (依据 and 时限 merged in one column) -----------------------------------------------
struct Requirement {
  std::string basis;       // the citation pieces, in order
  std::string time_limit;  // the time-limit pieces, in order
};
Requirement split_requirement(std::string_view cell);

}  // namespace gongkai::catalog
