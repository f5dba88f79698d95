// records.cpp — content ↔ feed records and capped zstd; see records.h and docs/format.md §5.
#include "feed/records.h"

#include <zstd.h>

#include <memory>

#include "gongkai/store.h"

namespace gongkai::feed {

namespace {

Error bad(const std::string& what) {
  return Error{"feed.bad_record", "malformed feed record: " + what + " / 内容记录格式错误"};
}

std::string str(const Json& j, const char* k) {
  return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string();
}
int64_t num(const Json& j, const char* k) {
  return j.contains(k) && j[k].is_number_integer() ? j[k].get<int64_t>() : 0;
}
// A non-boolean reads as false, like every other wrong-typed field (Json::value("…", false)
// throws type_error 302 on a number: an exception out of the library on a malformed record).
bool flag(const Json& j, const char* k) {
  return j.contains(k) && j[k].is_boolean() && j[k].get<bool>();
}
std::vector<std::string> strs(const Json& j, const char* k) {
  std::vector<std::string> out;
  if (j.contains(k) && j[k].is_array()) {
    for (const auto& e : j[k]) {
      if (e.is_string()) out.push_back(e.get<std::string>());
    }
  }
  return out;
}

}  // namespace

Result<std::string> encode_record(const Json& record) {
  try {
    // nlohmann objects iterate in key byte order; dump(-1) writes no whitespace and escapes
    // exactly ", \ and U+0000–U+001F; ensure_ascii=false keeps UTF-8 as is.
    return record.dump(-1, ' ', false, Json::error_handler_t::strict);
  } catch (const Json::exception& e) {  // invalid UTF-8; never let it cross the library
    return Error{"feed.bad_text",
                 std::string("text is not valid UTF-8: ") + e.what() + " / 文本不是有效的 UTF-8"};
  }
}

Json region_to_json(const Region& r) {
  return Json{{"code", r.code},
              {"name", r.name},
              {"parent", r.parent},
              {"level", static_cast<int>(r.level)}};
}

Result<Region> region_from_json(const Json& j) {
  if (!j.is_object() || str(j, "code").size() != 12) return bad("region code");
  int level = static_cast<int>(num(j, "level"));
  if (level < 1 || level > 5) return bad("region level");
  return Region{str(j, "code"), str(j, "name"), str(j, "parent"), static_cast<RegionLevel>(level)};
}

Json domain_to_json(const Domain& d) {
  return Json{{"code", d.code},
              {"name", d.name},
              {"lead_department", d.lead_department},
              {"sort_order", d.sort_order}};
}

Result<Domain> domain_from_json(const Json& j) {
  if (!j.is_object() || str(j, "code").empty()) return bad("domain code");
  return Domain{str(j, "code"), str(j, "name"), str(j, "lead_department"),
                static_cast<int>(num(j, "sort_order"))};
}

Json item_to_json(const CatalogItem& i) {
  Json basis = Json::array();
  for (const auto& c : i.basis) basis.push_back(Json{{"text", c.text}, {"tag", c.tag}});
  Json original = Json::array();
  for (const auto& c : i.original) original.push_back(Json{{"header", c.header}, {"text", c.text}});
  const auto& t = i.time_limit;
  // The store row id is local to one database and is not part of the record.
  return Json{{"uid", i.uid},
              {"region", i.region},
              {"domain", i.domain},
              {"serial", i.serial},
              {"level1", i.level1},
              {"level2", i.level2},
              {"level3", i.level3},
              {"content", i.content},
              {"basis", basis},
              {"basis_text", i.basis_text},
              {"time_limit",
               {{"kind", static_cast<int>(t.kind)},
                {"days", t.days},
                {"working_days", t.working_days},
                {"publicity_days", t.publicity_days},
                {"period", t.period}}},
              {"time_limit_text", i.time_limit_text},
              {"subject", i.subject},
              {"channels", i.channels},
              {"channels_text", i.channels_text},
              {"audience", static_cast<int>(i.audience)},
              {"mode", static_cast<int>(i.mode)},
              {"levels", i.levels},
              {"duration_text", i.duration_text},
              {"url", i.url},
              {"source_file", i.source_file},
              {"source_row", i.source_row},
              {"original", original}};
}

Result<CatalogItem> item_from_json(const Json& j) {
  if (!j.is_object() || str(j, "uid").empty() || str(j, "region").size() != 12) {
    return bad("catalog item uid/region");
  }
  CatalogItem i;
  i.uid = str(j, "uid");
  i.region = str(j, "region");
  i.domain = str(j, "domain");
  i.serial = str(j, "serial");
  i.level1 = str(j, "level1");
  i.level2 = str(j, "level2");
  i.level3 = str(j, "level3");
  i.content = str(j, "content");
  if (j.contains("basis") && j["basis"].is_array()) {
    for (const auto& c : j["basis"]) i.basis.push_back({str(c, "text"), str(c, "tag")});
  }
  i.basis_text = str(j, "basis_text");
  if (j.contains("time_limit") && j["time_limit"].is_object()) {
    const Json& t = j["time_limit"];
    int kind = static_cast<int>(num(t, "kind"));
    if (kind < 0 || kind > static_cast<int>(TimeLimitKind::LongTerm)) return bad("time_limit.kind");
    i.time_limit.kind = static_cast<TimeLimitKind>(kind);
    i.time_limit.days = static_cast<int>(num(t, "days"));
    i.time_limit.working_days = flag(t, "working_days");
    i.time_limit.publicity_days = static_cast<int>(num(t, "publicity_days"));
    i.time_limit.period = str(t, "period");
  }
  i.time_limit_text = str(j, "time_limit_text");
  i.subject = str(j, "subject");
  i.channels = strs(j, "channels");
  i.channels_text = str(j, "channels_text");
  int audience = static_cast<int>(num(j, "audience")), mode = static_cast<int>(num(j, "mode"));
  if (audience < 0 || audience > 3 || mode < 0 || mode > 3) return bad("audience/mode");
  i.audience = static_cast<Audience>(audience);
  i.mode = static_cast<DisclosureMode>(mode);
  i.levels = strs(j, "levels");
  i.duration_text = str(j, "duration_text");
  i.url = str(j, "url");
  i.source_file = str(j, "source_file");
  i.source_row = static_cast<int>(num(j, "source_row"));
  if (j.contains("original") && j["original"].is_array()) {
    for (const auto& c : j["original"]) i.original.push_back({str(c, "header"), str(c, "text")});
  }
  return i;
}

Json notice_to_json(const Notice& n) {
  Json att = Json::array();
  for (const auto& a : n.attachments) {
    att.push_back(
        Json{{"sha256", a.sha256}, {"name", a.name}, {"mime", a.mime}, {"caption", a.caption}});
  }
  Json j{{"id", n.id},
         {"title", n.title},
         {"issuer", n.issuer},
         {"doc_number", n.doc_number},
         {"category", n.category},
         {"kind", n.kind},
         {"region", n.region},
         {"channel", n.channel},
         {"priority", static_cast<int>(n.priority)},
         {"published_at", n.published_at},
         {"start_at", n.start_at},
         {"body", n.body},
         {"url", n.url},
         {"attachments", att},
         {"source_file", n.source_file}};
  j["end_at"] = n.end_at ? Json(*n.end_at) : Json(nullptr);  // null = 长期公布
  return j;
}

Result<Notice> notice_from_json(const Json& j) {
  if (!j.is_object() || str(j, "id").empty() || str(j, "region").size() != 12) {
    return bad("notice id/region");
  }
  Notice n;
  n.id = str(j, "id");
  n.title = str(j, "title");
  n.issuer = str(j, "issuer");
  n.doc_number = str(j, "doc_number");
  n.category = str(j, "category");
  n.kind = str(j, "kind");
  n.region = str(j, "region");
  n.channel = str(j, "channel");
  n.url = str(j, "url");  // absent in feeds written before the field existed: no QR
  int p = static_cast<int>(num(j, "priority"));
  if (p < 0 || p > 2) return bad("notice priority");
  n.priority = static_cast<NoticePriority>(p);
  n.published_at = num(j, "published_at");
  n.start_at = num(j, "start_at");
  if (j.contains("end_at") && j["end_at"].is_number_integer())
    n.end_at = j["end_at"].get<int64_t>();
  n.body = str(j, "body");
  if (j.contains("attachments") && j["attachments"].is_array()) {
    for (const auto& a : j["attachments"]) {
      if (str(a, "sha256").size() != 64) return bad("attachment sha256");
      n.attachments.push_back(
          {str(a, "sha256"), str(a, "name"), str(a, "mime"), str(a, "caption")});
    }
  }
  n.source_file = str(j, "source_file");
  return n;
}

std::string catalog_bin_of(const std::string& uid) {
  // uid is lowercase hex of sha256 (store.h make_item_uid): its first byte spreads items evenly.
  return uid.size() >= 2 ? uid.substr(0, 2) : std::string("00");
}

Result<std::string> zstd_compress(std::string_view raw) {
  std::string out(ZSTD_compressBound(raw.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), raw.data(), raw.size(), kZstdLevel);
  if (ZSTD_isError(n)) {
    return Error{"feed.zstd", std::string("zstd: ") + ZSTD_getErrorName(n) + " / 压缩失败"};
  }
  out.resize(n);
  return out;
}

Result<std::string> zstd_decompress_capped(std::string_view compressed, size_t cap) {
  std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> ctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  if (!ctx) return Error{"feed.zstd", "out of memory / 内存不足"};
  // The window size a frame may demand is capped too: a hostile header must not make us
  // allocate gigabytes before a single byte comes out.
  ZSTD_DCtx_setParameter(ctx.get(), ZSTD_d_windowLogMax, 27);
  std::string out;
  ZSTD_inBuffer in{compressed.data(), compressed.size(), 0};
  char buf[65536];
  for (;;) {
    ZSTD_outBuffer ob{buf, sizeof buf, 0};
    size_t r = ZSTD_decompressStream(ctx.get(), &ob, &in);
    if (ZSTD_isError(r)) {
      return Error{"feed.zstd",
                   std::string("corrupt zstd data: ") + ZSTD_getErrorName(r) + " / 压缩数据损坏"};
    }
    if (out.size() + ob.pos > cap) {  // checked before the bytes are kept
      return Error{"feed.too_large", "decompressed data exceeds " + std::to_string(cap) +
                                         " bytes (decompression bomb?) / 解压后超过上限，已拒绝"};
    }
    out.append(buf, ob.pos);
    if (r == 0 && in.pos == in.size) break;  // last frame complete, input consumed
    if (ob.pos == 0 && in.pos == in.size) {
      return Error{"feed.zstd", "truncated zstd frame / 压缩数据不完整"};
    }
  }
  return out;
}

Result<Json> decode_payload(std::string_view target_bytes, const Json& custom) {
  if (!custom.is_object() || !custom.contains("gongkai") || !custom["gongkai"].is_object()) {
    return bad("target has no gongkai custom field");
  }
  const Json& g = custom["gongkai"];
  int64_t raw_length = num(g, "raw_length");
  std::string raw_sha = str(g, "raw_sha256");
  if (raw_length <= 0 || raw_sha.size() != 64) return bad("raw_length/raw_sha256");
  size_t cap = std::min(static_cast<size_t>(raw_length), kMaxPayloadBytes);
  auto raw = zstd_decompress_capped(target_bytes, cap);
  if (!raw) return raw.error();
  if (static_cast<int64_t>(raw->size()) != raw_length ||
      sha256_hex(raw->data(), raw->size()) != raw_sha) {
    return bad("payload length or sha256 differs from the signed raw_length/raw_sha256");
  }
  auto j = tuf::parse_bounded(*raw, kMaxPayloadBytes);
  if (!j) return j.error();
  if (!j->is_object() || str(*j, "format") != kFormat || str(*j, "kind") != str(g, "kind")) {
    return bad("format/kind");
  }
  return j;
}

}  // namespace gongkai::feed
