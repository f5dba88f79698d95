// notice_parse.cpp — one notice file → ParsedNotice (notice_import.h), without touching a store.
//
// Pipeline: validate UTF-8 → front matter → fields (aliases, values) → required fields → times →
// Markdown body → images → legal minimum period → masking → demo shift. Every stage appends to
// the same Issues so that one run shows the publisher every problem of a file at once.
#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "gongkai/privacy.h"
#include "import/notice/front_matter.h"
#include "import/notice/legal_period.h"
#include "import/notice/markdown_check.h"
#include "import/notice/notice_import.h"

namespace gongkai::notice {

namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------------------------------------
// Field names: canonical English keys and their Chinese aliases (docs/notice-format.md).
// ---------------------------------------------------------------------------------------------
enum class Field {
  Id,
  Title,
  Issuer,
  DocNumber,
  Category,
  Kind,
  Url,
  Region,
  Channel,
  Priority,
  Pinned,
  Urgent,
  Published,
  Start,
  End,
  LongTerm
};

struct FieldName {
  std::string_view name;
  Field field;
};

constexpr std::array<FieldName, 41> kFieldNames = {{
    {"id", Field::Id},
    {"编号", Field::Id},
    {"title", Field::Title},
    {"标题", Field::Title},
    {"issuer", Field::Issuer},
    {"发布单位", Field::Issuer},
    {"发布机关", Field::Issuer},
    {"doc_number", Field::DocNumber},
    {"文号", Field::DocNumber},
    {"category", Field::Category},
    {"类别", Field::Category},
    {"分类", Field::Category},
    {"kind", Field::Kind},
    {"类型", Field::Kind},
    {"公示类型", Field::Kind},
    {"url", Field::Url},
    {"网址", Field::Url},
    {"链接", Field::Url},
    {"region", Field::Region},
    {"区划", Field::Region},
    {"区划代码", Field::Region},
    {"channel", Field::Channel},
    {"渠道", Field::Channel},
    {"priority", Field::Priority},
    {"优先级", Field::Priority},
    {"置顶", Field::Pinned},
    {"紧急", Field::Urgent},
    {"published", Field::Published},
    {"发布时间", Field::Published},
    {"发布日期", Field::Published},
    {"start", Field::Start},
    {"公示开始", Field::Start},
    {"公示开始时间", Field::Start},
    {"end", Field::End},
    {"公示结束", Field::End},
    {"公示结束时间", Field::End},
    {"long_term", Field::LongTerm},
    {"long-term", Field::LongTerm},
    {"长期公布", Field::LongTerm},
    {"长期", Field::LongTerm},
    {"pinned", Field::Pinned},
}};

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::optional<Field> field_of(std::string_view key) {
  const std::string k = ascii_lower(key);
  for (const auto& f : kFieldNames) {
    if (f.name == k) return f.field;
  }
  return std::nullopt;
}

// The canonical English key of a field, for messages ("title（标题）").
const char* field_label(Field f) {
  switch (f) {
    case Field::Id:
      return "id（编号）";
    case Field::Title:
      return "title（标题）";
    case Field::Issuer:
      return "issuer（发布单位）";
    case Field::DocNumber:
      return "doc_number（文号）";
    case Field::Category:
      return "category（类别）";
    case Field::Kind:
      return "kind（类型）";
    case Field::Url:
      return "url（网址）";
    case Field::Region:
      return "region（区划）";
    case Field::Channel:
      return "channel（渠道）";
    case Field::Priority:
      return "priority（优先级）";
    case Field::Pinned:
      return "pinned（置顶）";
    case Field::Urgent:
      return "urgent（紧急）";
    case Field::Published:
      return "published（发布时间）";
    case Field::Start:
      return "start（公示开始）";
    case Field::End:
      return "end（公示结束）";
    case Field::LongTerm:
      return "long_term（长期公布）";
  }
  return "";
}

std::optional<bool> parse_bool(std::string_view v) {
  const std::string s = ascii_lower(v);
  if (s == "true" || s == "yes" || s == "on" || s == "1" || s == "是") return true;
  if (s == "false" || s == "no" || s == "off" || s == "0" || s == "否" || s.empty()) return false;
  return std::nullopt;
}

std::optional<NoticePriority> parse_priority(std::string_view v) {
  const std::string s = ascii_lower(v);
  if (s == "normal" || s == "普通" || s == "一般") return NoticePriority::Normal;
  if (s == "pinned" || s == "置顶") return NoticePriority::Pinned;
  if (s == "urgent" || s == "紧急") return NoticePriority::Urgent;
  return std::nullopt;
}

// Channel names of Notice::channel: "" = every channel, "board", "terminal".
std::optional<std::string> parse_channel(std::string_view v) {
  const std::string s = ascii_lower(v);
  if (s.empty() || s == "all" || s == "全部" || s == "所有") return std::string();
  if (s == "board" || s == "公开栏" || s == "电子屏" || s == "公示栏") return std::string("board");
  if (s == "terminal" || s == "终端" || s == "触摸屏" || s == "查询机") {
    return std::string("terminal");
  }
  return std::nullopt;
}

// Byte offset of the first invalid UTF-8 sequence, or npos (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF).
size_t first_invalid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3, cp = c & 0x07;
    } else {
      return i;
    }
    if (i + n >= s.size()) return i;
    for (size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += n + 1;
  }
  return std::string_view::npos;
}

int line_of_offset(std::string_view s, size_t offset) {
  return 1 +
         static_cast<int>(std::count(s.begin(), s.begin() + static_cast<ptrdiff_t>(offset), '\n'));
}

bool is_region_code(std::string_view v) {
  return v.size() == 12 &&
         std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_web_url(std::string_view v) {
  const bool scheme = v.rfind("https://", 0) == 0 || v.rfind("http://", 0) == 0;
  if (!scheme || v.size() > 2000) return false;
  for (unsigned char c : v)
    if (c <= ' ' || c == 0x7F) return false;
  return v.size() > (v[4] == 's' ? 8u : 7u);
}

bool is_valid_id(std::string_view id) {
  if (id.empty()) return false;
  return std::none_of(id.begin(), id.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
  });
}

// ---------------------------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------------------------
std::optional<std::string> mime_of(const std::vector<uint8_t>& b) {
  static constexpr uint8_t kPng[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  if (b.size() >= sizeof kPng && std::equal(std::begin(kPng), std::end(kPng), b.begin())) {
    return std::string("image/png");
  }
  if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) {
    return std::string("image/jpeg");
  }
  return std::nullopt;
}

// True when `inner` is `outer` or lies below it (both canonical, absolute).
bool is_within(const fs::path& outer, const fs::path& inner) {
  auto o = outer.begin();
  auto i = inner.begin();
  for (; o != outer.end(); ++o, ++i) {
    if (i == inner.end() || *o != *i) return false;
  }
  return true;
}

// Loads one referenced image; errors go to issues with the reference's line.
std::optional<ParsedImage> load_image(const ImageRef& ref, const std::string& base_dir,
                                      Issues& issues) {
  const std::string& t = ref.target;
  auto refuse = [&](const std::string& en, const std::string& zh) {
    issues.error(ref.line, "图片", en + ": " + t, zh + "：" + t);
    return std::nullopt;
  };
  if (t.empty()) return refuse("image reference has no path", "图片引用缺少文件路径");
  if (t.find("://") != std::string::npos || t.rfind("data:", 0) == 0) {
    return refuse("remote or inline images are not supported; put the file beside the notice",
                  "不支持网络或内嵌图片，请把图片文件放在公告文件旁边");
  }
  const fs::path rel(t);
  if (rel.is_absolute() || t.front() == '/' || t.front() == '\\' ||
      (t.size() >= 2 && t[1] == ':')) {
    return refuse("absolute image paths are refused; use a path relative to the notice file",
                  "不接受绝对路径，请使用相对于公告文件的路径");
  }
  const fs::path norm = rel.lexically_normal();
  if (norm.empty() || *norm.begin() == "..") {
    return refuse("image path leaves the notice's directory", "图片路径超出了公告文件所在目录");
  }
  std::error_code ec;
  const fs::path base = fs::canonical(base_dir.empty() ? "." : base_dir, ec);
  if (ec) return refuse("cannot resolve the notice's directory", "无法解析公告文件所在目录");
  const fs::path full = fs::weakly_canonical(base / norm, ec);
  if (ec || !is_within(base, full)) {  // a symbolic link pointing outside
    return refuse("image path leaves the notice's directory", "图片路径超出了公告文件所在目录");
  }
  if (!fs::is_regular_file(full, ec)) {
    return refuse("image file not found", "找不到图片文件");
  }
  const auto size = fs::file_size(full, ec);
  if (ec) return refuse("cannot read image file", "无法读取图片文件");
  if (size > kMaxImageBytes) {
    const std::string mib = std::to_string(kMaxImageBytes / kBytesPerMiB);
    return refuse("image is larger than " + mib + " MiB", "图片大于 " + mib + " MiB");
  }
  std::ifstream in(full, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return refuse("cannot read image file", "无法读取图片文件");
  const auto mime = mime_of(bytes);
  if (!mime) {
    return refuse("image is not PNG or JPEG (checked by its first bytes)",
                  "图片不是 PNG 或 JPEG 格式（按文件头判断）");
  }
  return ParsedImage{t, ref.caption, *mime, std::move(bytes), ref.line};
}

// ---------------------------------------------------------------------------------------------
// Front-matter fields → values
// ---------------------------------------------------------------------------------------------
struct RawFields {
  std::map<Field, FrontMatterEntry> entries;
  int close_line = 0;  // the closing --- line, where a missing field "should have been"
};

RawFields collect_fields(const FrontMatter& fm, Issues& issues) {
  RawFields raw;
  raw.close_line = fm.body_first_line - 1;
  for (const auto& e : fm.entries) {
    const auto f = field_of(e.key);
    if (!f) {
      issues.warn(e.line, e.key, "unknown front-matter key `" + e.key + "` ignored",
                  "未知的头部字段“" + e.key + "”，已忽略");
      continue;
    }
    const auto [it, inserted] = raw.entries.emplace(*f, e);
    if (!inserted) {
      issues.error(e.line, e.key,
                   std::string("field ") + field_label(*f) + " is given twice (first on line " +
                       std::to_string(it->second.line) + ")",
                   std::string("字段 ") + field_label(*f) + " 重复（第 " +
                       std::to_string(it->second.line) + " 行已有）");
    }
  }
  return raw;
}

const FrontMatterEntry* find(const RawFields& raw, Field f) {
  const auto it = raw.entries.find(f);
  return it == raw.entries.end() ? nullptr : &it->second;
}

// A required text field: present and non-empty, else an error at the closing --- line.
std::string required_text(const RawFields& raw, Field f, Issues& issues) {
  const FrontMatterEntry* e = find(raw, f);
  if (e == nullptr || e->value.empty()) {
    issues.error(e ? e->line : raw.close_line, field_label(f),
                 std::string("required field ") + field_label(f) + " is missing or empty",
                 std::string("缺少必填字段 ") + field_label(f));
    return {};
  }
  return e->value;
}

std::optional<TimeValue> time_field(const RawFields& raw, Field f, Issues& issues) {
  const FrontMatterEntry* e = find(raw, f);
  if (e == nullptr || e->value.empty()) return std::nullopt;
  auto tv = parse_time_value(e->value);
  if (!tv) {
    issues.error(e->line, field_label(f),
                 "not a date or date time: `" + e->value +
                     "` (use 2026-11-20 or 2026-11-20 09:00, China time)",
                 "不是有效的日期或时间：“" + e->value +
                     "”（应写成 2026-11-20 或 2026-11-20 09:00，北京时间）");
  }
  return tv;
}

// Fills the notice's text, region, channel and priority fields.
void fill_fields(const RawFields& raw, Notice& n, Issues& issues) {
  n.title = required_text(raw, Field::Title, issues);
  n.issuer = required_text(raw, Field::Issuer, issues);
  n.category = required_text(raw, Field::Category, issues);
  n.region = required_text(raw, Field::Region, issues);
  if (const auto* e = find(raw, Field::DocNumber)) n.doc_number = e->value;
  if (const auto* e = find(raw, Field::Kind)) n.kind = e->value;
  if (const auto* e = find(raw, Field::Url)) {
    // The kiosk turns it into a QR code that citizens open on their phones: only a plain web
    // address is accepted.
    if (!is_web_url(e->value)) {
      issues.error(e->line, field_label(Field::Url),
                   "url must be an http:// or https:// address without spaces, got `" + e->value +
                       "`",
                   "网址应为以 http:// 或 https:// 开头且不含空格的网页地址，实际为“" + e->value +
                       "”");
    } else {
      n.url = e->value;
    }
  }
  if (!n.region.empty() && !is_region_code(n.region)) {
    issues.error(find(raw, Field::Region)->line, field_label(Field::Region),
                 "region must be a 12-digit 统计用区划代码, got `" + n.region + "`",
                 "区划应为 12 位统计用区划代码，实际为“" + n.region + "”");
  }
  if (const auto* e = find(raw, Field::Id)) {
    if (!is_valid_id(e->value)) {
      issues.error(e->line, field_label(Field::Id),
                   "id must be non-empty without spaces or slashes",
                   "编号不能为空，且不能含空格或斜杠");
    } else {
      n.id = e->value;
    }
  }
  if (const auto* e = find(raw, Field::Channel)) {
    if (auto ch = parse_channel(e->value)) {
      n.channel = *ch;
    } else {
      issues.error(
          e->line, field_label(Field::Channel),
          "channel must be all, board or terminal, got `" + e->value + "`",
          "渠道应为 all（全部）、board（公开栏）或 terminal（终端），实际为“" + e->value + "”");
    }
  }
  // Priority: 优先级 names it; 置顶/紧急: true raise it. The highest wins.
  NoticePriority prio = NoticePriority::Normal;
  if (const auto* e = find(raw, Field::Priority)) {
    if (auto p = parse_priority(e->value)) {
      prio = *p;
    } else {
      issues.error(
          e->line, field_label(Field::Priority),
          "priority must be normal, pinned or urgent, got `" + e->value + "`",
          "优先级应为 normal（普通）、pinned（置顶）或 urgent（紧急），实际为“" + e->value + "”");
    }
  }
  for (Field f : {Field::Pinned, Field::Urgent}) {
    if (const auto* e = find(raw, f)) {
      const auto b = parse_bool(e->value);
      if (!b) {
        issues.error(e->line, field_label(f), "expected true or false, got `" + e->value + "`",
                     "应为 true（是）或 false（否），实际为“" + e->value + "”");
      } else if (*b) {
        const auto p = f == Field::Urgent ? NoticePriority::Urgent : NoticePriority::Pinned;
        if (static_cast<int>(p) > static_cast<int>(prio)) prio = p;
      }
    }
  }
  n.priority = prio;
}

struct Period {
  bool ok = false;
  bool long_term = false;
  int end_line = 0;
};

// start/end/published/long_term → notice times (end exclusive, date-only end inclusive).
Period fill_period(const RawFields& raw, Notice& n, Issues& issues) {
  Period p;
  const size_t errors_before = issues.errors.size();
  if (const auto* e = find(raw, Field::LongTerm)) {
    const auto b = parse_bool(e->value);
    if (!b) {
      issues.error(e->line, field_label(Field::LongTerm),
                   "expected true or false, got `" + e->value + "`",
                   "应为 true（是）或 false（否），实际为“" + e->value + "”");
    } else {
      p.long_term = *b;
    }
  }
  const auto start = time_field(raw, Field::Start, issues);
  const auto end = time_field(raw, Field::End, issues);
  const auto published = time_field(raw, Field::Published, issues);
  const FrontMatterEntry* end_e = find(raw, Field::End);
  const FrontMatterEntry* start_e = find(raw, Field::Start);
  p.end_line = end_e ? end_e->line : (start_e ? start_e->line : raw.close_line);
  if (start_e == nullptr || start_e->value.empty()) {
    issues.error(raw.close_line, field_label(Field::Start),
                 std::string("required field ") + field_label(Field::Start) + " is missing",
                 std::string("缺少必填字段 ") + field_label(Field::Start));
  }
  const bool has_end = end_e != nullptr && !end_e->value.empty();
  if (p.long_term && has_end) {
    issues.warn(end_e->line, field_label(Field::End),
                "end ignored: the notice is long_term (长期公布) and has no end",
                "已忽略公示结束时间：本公告为长期公布，没有结束时间");
  } else if (!p.long_term && !has_end) {
    issues.error(raw.close_line, field_label(Field::End),
                 "required field end（公示结束） is missing (or set long_term: true)",
                 "缺少必填字段 end（公示结束）（长期公布的公告请写 long_term: true）");
  }
  if (start) n.start_at = start->unix_seconds;
  if (!p.long_term && end) {
    // A date-only end names the last day of the 公示期, inclusive: it ends at 24:00 that day.
    n.end_at = end->date_only ? end->unix_seconds + kSecondsPerDay : end->unix_seconds;
    if (start && *n.end_at <= n.start_at) {
      issues.error(end_e->line, field_label(Field::End),
                   "the 公示期 ends before it starts (end " +
                       format_date(china_day_of(*n.end_at - 1)) + " is before start " +
                       format_date(china_day_of(n.start_at)) + ")",
                   "公示结束时间早于公示开始时间");
    }
  }
  n.published_at = published ? published->unix_seconds : n.start_at;
  p.ok = issues.errors.size() == errors_before;
  return p;
}

std::string stem_of(const std::string& file) { return fs::path(file).stem().string(); }

// The calendar of the options, or the built-in one when none was given. The built-in data is
// checked by tests (legal_period_test), so failing to parse it is a build defect: an empty
// calendar (plain Monday–Friday, every year "uncovered" and warned about) is the safe fallback.
const WorkdayCalendar& calendar_of(const ParseOptions& options) {
  if (options.calendar != nullptr) return *options.calendar;
  static const WorkdayCalendar builtin = [] {
    auto c = WorkdayCalendar::builtin();
    return c.ok() ? std::move(c).value() : WorkdayCalendar();
  }();
  return builtin;
}

}  // namespace

std::optional<ParsedNotice> parse_notice_text(std::string_view text, const std::string& file,
                                              const std::string& base_dir,
                                              const ParseOptions& options, Issues& issues) {
  if (const size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    issues.error(line_of_offset(text, bad), "",
                 "not valid UTF-8 (save the notice as UTF-8, not GBK/GB18030)",
                 "不是有效的 UTF-8 编码（请将公告另存为 UTF-8，而不是 GBK/GB18030）");
    return std::nullopt;
  }
  const auto fm = parse_front_matter(text, issues);
  if (!fm) return std::nullopt;

  ParsedNotice out;
  Notice& n = out.notice;
  n.id = stem_of(file);
  n.source_file = file;
  const RawFields raw = collect_fields(*fm, issues);
  fill_fields(raw, n, issues);
  if (const auto* e = find(raw, Field::Region)) out.region_line = e->line;
  const Period period = fill_period(raw, n, issues);

  // Body: strip the blank lines that separate it from the front matter and end it.
  std::string_view body = fm->body;
  int first_line = fm->body_first_line;
  while (!body.empty() && body.find('\n') != std::string_view::npos &&
         trim(body.substr(0, body.find('\n'))).empty()) {
    body.remove_prefix(body.find('\n') + 1);
    ++first_line;
  }
  while (!body.empty() && (body.back() == '\n' || body.back() == ' ' || body.back() == '\t')) {
    body.remove_suffix(1);
  }
  if (body.empty()) {
    issues.warn(fm->body_first_line, "正文", "the notice has no body text", "公告没有正文");
  }
  const BodyCheck check = check_markdown_body(body, first_line, issues);
  for (const ImageRef& ref : check.images) {
    const bool seen = std::any_of(out.images.begin(), out.images.end(),
                                  [&](const ParsedImage& im) { return im.name == ref.target; });
    if (seen) continue;
    if (auto img = load_image(ref, base_dir, issues)) out.images.push_back(std::move(*img));
  }

  // Legal minimum period: by kind, else recognised from the title.
  const LegalMinimum* rule = nullptr;
  if (!n.kind.empty()) {
    rule = legal_minimum_for_kind(n.kind);
    if (rule) {
      n.kind = std::string(rule->kind);  // canonical name for the store
    } else {
      issues.warn(find(raw, Field::Kind)->line, field_label(Field::Kind),
                  "no legal minimum period is known for kind " + n.kind + "; period not checked",
                  "类型“" + n.kind + "”没有已知的法定最短公示期，未检查公示期长度");
    }
  } else if ((rule = legal_minimum_from_title(n.title)) != nullptr) {
    n.kind = std::string(rule->kind);
    issues.warn(raw.close_line, field_label(Field::Kind),
                "kind " + n.kind + " recognised from the title; its legal minimum period applies",
                "根据标题识别为“" + n.kind + "”，按其法定最短公示期检查");
  }
  if (rule && period.ok) {
    check_legal_period(*rule, n.start_at, n.end_at, body, calendar_of(options), period.end_line,
                       first_line, issues);
  }
  if (issues.has_errors()) return std::nullopt;

  // Masking (DESIGN §4 privacy): title and body; staff are told how many numbers were hidden.
  const MaskResult title = mask_personal_numbers(n.title);
  const MaskResult masked_body = mask_personal_numbers(body);
  n.title = title.text;
  n.body = masked_body.text;
  out.masked_id_cards = title.id_cards + masked_body.id_cards;
  out.masked_mobiles = title.mobiles + masked_body.mobiles;
  if (out.masked_id_cards + out.masked_mobiles > 0) {
    issues.warn(0, "",
                "masked " + std::to_string(out.masked_id_cards) + " ID-card and " +
                    std::to_string(out.masked_mobiles) + " mobile number(s) in title and body",
                "已遮蔽标题和正文中的身份证号 " + std::to_string(out.masked_id_cards) +
                    " 个、手机号 " + std::to_string(out.masked_mobiles) + " 个");
  }

  // Demo/training shift, after the legal check (which is on the dates as written).
  const int64_t shift = int64_t{options.shift_days} * kSecondsPerDay;
  n.published_at += shift;
  n.start_at += shift;
  if (n.end_at) *n.end_at += shift;
  return out;
}

std::optional<ParsedNotice> parse_notice_file(const std::string& path, const ParseOptions& options,
                                              Issues& issues) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    issues.error(0, "", "not a readable file", "不是可读取的文件");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (!in) {
    issues.error(0, "", "cannot read the file", "无法读取文件");
    return std::nullopt;
  }
  const std::string dir = fs::path(path).parent_path().string();
  return parse_notice_text(ss.str(), path, dir.empty() ? "." : dir, options, issues);
}

std::vector<std::string> expand_notice_paths(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const auto& a : args) {
    std::error_code ec;
    if (!fs::is_directory(a, ec)) {
      out.push_back(a);
      continue;
    }
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(a, ec)) {
      const auto name = entry.path().filename().string();
      // README.md describes a directory of notices; it is documentation, not a notice.
      if (ascii_lower(name) == "readme.md") continue;
      if (entry.path().extension() == ".md" && name.front() != '.' && entry.is_regular_file(ec)) {
        files.push_back(entry.path().string());
      }
    }
    std::sort(files.begin(), files.end());
    out.insert(out.end(), files.begin(), files.end());
  }
  return out;
}

}  // namespace gongkai::notice
