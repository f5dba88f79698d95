// records.cpp — content ↔ feed records and capped zstd; see records.h and docs/format.md §5.
#include "feed/records.h"

#include <zstd.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <optional>

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

Result<std::string> payload_bytes(std::string_view target_bytes, const Json& custom) {
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
  return raw;
}

Result<Json> decode_payload(std::string_view target_bytes, const Json& custom) {
  auto raw = payload_bytes(target_bytes, custom);
  if (!raw) return raw.error();
  auto j = tuf::parse_bounded(*raw, kMaxPayloadBytes);
  if (!j) return j.error();
  // payload_bytes has checked that custom["gongkai"] is an object.
  if (!j->is_object() || str(*j, "format") != kFormat ||
      str(*j, "kind") != str(custom["gongkai"], "kind")) {
    return bad("format/kind");
  }
  return j;
}

// ---------------------------------------------------------------------------------------------
// for_each_shard_item: a SAX handler that mirrors the DOM path rule by rule.
//
// The DOM path reads a member as "the last value under that key, if of the right type, else the
// default". Here each value event assigns its field at once — right type: the value, wrong type:
// the default — which is the same thing, because a later duplicate key simply assigns again. A
// container value of the wrong type is skipped (Ctx::Skip) after its field was reset. Checks
// that the DOM path makes on a whole item (uid, region, time_limit.kind, audience/mode) run at the
// item's end_object, in item_from_json's order; checks on the whole document after the parse.
// The handler never stops the parser for a rule violation (it records the first one), so a later
// syntax error still wins, as it does when the DOM is built first.
// ---------------------------------------------------------------------------------------------
namespace {

// What the events inside the innermost open container mean.
enum class Ctx : uint8_t {
  Top,           // the document object
  Items,         // the last "items" array
  Item,          // one element of it
  TimeLimit,     // item.time_limit
  Basis,         // item.basis, an array of pairs
  BasisPair,     // one element of it
  Original,      // item.original, an array of pairs
  OriginalPair,  // one element of it
  Channels,      // item.channels, an array of strings
  Levels,        // item.levels, an array of strings
  Skip,          // a value nobody reads: its containers are only counted for the depth
};

// What the next value is assigned to: set by key(), read by the value event that follows. In
// order: the document's members, CatalogItem's strings, its other members, time_limit's members,
// and the two members of a pair (Citation text/tag, OriginalCell header/text).
// clang-format off
enum class Slot : uint8_t {
  Ignore, Format, Kind, Items,
  Uid, Region, Domain, Serial, Level1, Level2, Level3, Content, BasisText, TimeLimitText, Subject,
  ChannelsText, DurationText, Url, SourceFile,
  Basis, TimeLimit, Channels, Audience, Mode, Levels, SourceRow, Original,
  TlKind, TlDays, TlWorkingDays, TlPublicityDays, TlPeriod,
  PairFirst, PairSecond
};
// clang-format on

struct KeySlot {
  std::string_view key;
  Slot slot;
};

// Sorted by key (byte order) for binary search; the item's members as item_from_json reads them.
constexpr KeySlot kItemKeys[] = {
    {"audience", Slot::Audience},
    {"basis", Slot::Basis},
    {"basis_text", Slot::BasisText},
    {"channels", Slot::Channels},
    {"channels_text", Slot::ChannelsText},
    {"content", Slot::Content},
    {"domain", Slot::Domain},
    {"duration_text", Slot::DurationText},
    {"level1", Slot::Level1},
    {"level2", Slot::Level2},
    {"level3", Slot::Level3},
    {"levels", Slot::Levels},
    {"mode", Slot::Mode},
    {"original", Slot::Original},
    {"region", Slot::Region},
    {"serial", Slot::Serial},
    {"source_file", Slot::SourceFile},
    {"source_row", Slot::SourceRow},
    {"subject", Slot::Subject},
    {"time_limit", Slot::TimeLimit},
    {"time_limit_text", Slot::TimeLimitText},
    {"uid", Slot::Uid},
    {"url", Slot::Url},
};
constexpr bool sorted_by_key(const KeySlot* b, const KeySlot* e) {
  return std::is_sorted(b, e, [](const KeySlot& x, const KeySlot& y) { return x.key < y.key; });
}
static_assert(sorted_by_key(std::begin(kItemKeys), std::end(kItemKeys)));
constexpr KeySlot kTimeLimitKeys[] = {
    {"days", Slot::TlDays},
    {"kind", Slot::TlKind},
    {"period", Slot::TlPeriod},
    {"publicity_days", Slot::TlPublicityDays},
    {"working_days", Slot::TlWorkingDays},
};

static_assert(sorted_by_key(std::begin(kTimeLimitKeys), std::end(kTimeLimitKeys)));

template <size_t N>
Slot lookup(const KeySlot (&table)[N], std::string_view key) {
  const KeySlot* it = std::lower_bound(
      table, table + N, key, [](const KeySlot& e, std::string_view k) { return e.key < k; });
  return it != table + N && it->key == key ? it->slot : Slot::Ignore;
}

// A scalar event, reduced to what the DOM path's accessors can tell apart.
struct Scalar {
  enum Type : uint8_t { String, Integer, Boolean, Other } type = Other;
  // String: the parser's buffer. Copied, not moved, so that it keeps its capacity.
  std::string* s = nullptr;
  int64_t i = 0;   // Integer: get<int64_t>() of an integer or unsigned number
  bool b = false;  // Boolean
};

class ShardHandler {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  // --- nlohmann SAX interface (json_sax.hpp); returning false stops the parser. ---
  bool null() { return scalar({}); }
  bool boolean(bool v) { return scalar({Scalar::Boolean, nullptr, 0, v}); }
  bool number_integer(number_integer_t v) { return scalar({Scalar::Integer, nullptr, v, false}); }
  bool number_unsigned(number_unsigned_t v) {
    // Json::get<int64_t>() of an unsigned above INT64_MAX is this same conversion (wraps).
    return scalar({Scalar::Integer, nullptr, static_cast<int64_t>(v), false});
  }
  bool number_float(number_float_t, const string_t&) { return scalar({}); }
  bool string(string_t& v) { return scalar({Scalar::String, &v, 0, false}); }
  bool binary(binary_t&) { return scalar({}); }  // not produced by the JSON parser
  bool start_object(size_t) { return open(true); }
  bool start_array(size_t) { return open(false); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(string_t& k) {
    switch (stack_.back()) {
      case Ctx::Top:
        slot_ = k == "format"  ? Slot::Format
                : k == "kind"  ? Slot::Kind
                : k == "items" ? Slot::Items
                               : Slot::Ignore;
        break;
      case Ctx::Item:
        slot_ = lookup(kItemKeys, k);
        break;
      case Ctx::TimeLimit:
        slot_ = lookup(kTimeLimitKeys, k);
        break;
      case Ctx::BasisPair:
        slot_ = k == "text" ? Slot::PairFirst : k == "tag" ? Slot::PairSecond : Slot::Ignore;
        break;
      case Ctx::OriginalPair:
        slot_ = k == "header" ? Slot::PairFirst : k == "text" ? Slot::PairSecond : Slot::Ignore;
        break;
      default:  // inside Skip
        slot_ = Slot::Ignore;
        break;
    }
    return true;
  }
  bool parse_error(size_t, const std::string&, const Json::exception& e) {
    syntax_error_ = e.what();
    return false;
  }

  // --- results ---
  const std::string& syntax_error() const { return syntax_error_; }
  // The document-level verdict after a successful parse, in decode_payload → Builder::shard order.
  Status verdict() const {
    if (!root_is_object_ || format_ != kFormat || kind_ != "catalog-shard") {
      return bad("format/kind");
    }
    if (!items_is_array_) return Error{"feed.bad_record", "no items array / 缺少事项列表"};
    if (item_error_) return *item_error_;
    return ok_status();
  }
  std::vector<CatalogItem>& items() { return items_; }

 private:
  // Where a value event lands: the root, a member of the innermost object (slot_), or an element
  // of the innermost array.
  bool scalar(const Scalar& v) {
    if (stack_.empty()) {
      root_is_object_ = false;
      return true;
    }
    switch (stack_.back()) {
      case Ctx::Top:
        top_member(v);
        break;
      case Ctx::Items:  // an element that is not an object
        item_error("catalog item uid/region");
        break;
      case Ctx::Item:
        item_member(v);
        break;
      case Ctx::TimeLimit:
        time_limit_member(v);
        break;
      case Ctx::Basis:  // a non-object element: str() of it reads "", an empty pair
        cur_.basis.emplace_back();
        break;
      case Ctx::Original:
        cur_.original.emplace_back();
        break;
      case Ctx::BasisPair:
        pair_member(v, cur_.basis.back().text, cur_.basis.back().tag);
        break;
      case Ctx::OriginalPair:
        pair_member(v, cur_.original.back().header, cur_.original.back().text);
        break;
      case Ctx::Channels:
        if (v.type == Scalar::String) cur_.channels.push_back(*v.s);
        break;
      case Ctx::Levels:
        if (v.type == Scalar::String) cur_.levels.push_back(*v.s);
        break;
      case Ctx::Skip:
        break;
    }
    return true;
  }

  // A container opens: decide what its events mean. The depth rule is parse_bounded's: more than
  // kMaxJsonDepth open brackets. On a valid prefix the pre-scan counts exactly these, so stopping
  // here is the pre-scan's verdict too.
  bool open(bool object) {
    if (stack_.size() >= static_cast<size_t>(tuf::kMaxJsonDepth)) return false;
    stack_.push_back(opened(object));
    return true;
  }
  Ctx opened(bool object) {
    if (stack_.empty()) {
      root_is_object_ = object;
      return object ? Ctx::Top : Ctx::Skip;
    }
    switch (stack_.back()) {
      case Ctx::Top:
        if (slot_ == Slot::Format) format_.clear();
        if (slot_ == Slot::Kind) kind_.clear();
        if (slot_ != Slot::Items) return Ctx::Skip;
        start_items(!object);  // a later "items" replaces an earlier one, errors included
        return object ? Ctx::Skip : Ctx::Items;
      case Ctx::Items:
        if (!object) {
          item_error("catalog item uid/region");
          return Ctx::Skip;
        }
        if (item_error_) return Ctx::Skip;  // the first bad item decides; no need to build more
        start_item();
        return Ctx::Item;
      case Ctx::Item:
        return item_container(object);
      case Ctx::TimeLimit:
        time_limit_member({});
        return Ctx::Skip;
      case Ctx::Basis:
        cur_.basis.push_back({});
        return object ? Ctx::BasisPair : Ctx::Skip;
      case Ctx::Original:
        cur_.original.push_back({});
        return object ? Ctx::OriginalPair : Ctx::Skip;
      case Ctx::BasisPair:
        pair_member({}, cur_.basis.back().text, cur_.basis.back().tag);
        return Ctx::Skip;
      case Ctx::OriginalPair:
        pair_member({}, cur_.original.back().header, cur_.original.back().text);
        return Ctx::Skip;
      case Ctx::Channels:
      case Ctx::Levels:
      case Ctx::Skip:
        return Ctx::Skip;
    }
    return Ctx::Skip;
  }

  bool close() {
    if (stack_.back() == Ctx::Item) finish_item();
    stack_.pop_back();
    return true;
  }

  void top_member(const Scalar& v) {
    std::string* field = slot_ == Slot::Format ? &format_ : slot_ == Slot::Kind ? &kind_ : nullptr;
    if (field) {
      if (v.type == Scalar::String)
        *field = *v.s;
      else
        field->clear();
    } else if (slot_ == Slot::Items) {
      start_items(false);
    }
  }

  void start_items(bool is_array) {
    items_.clear();
    item_error_.reset();
    items_is_array_ = is_array;
  }

  void start_item() {
    cur_ = CatalogItem{};
    audience_ = mode_ = tl_kind_ = 0;
  }

  // The checks of item_from_json, in its order.
  void finish_item() {
    if (item_error_) return;
    if (cur_.uid.empty() || cur_.region.size() != 12) return item_error("catalog item uid/region");
    // tl_kind_ is 0 unless the last time_limit value was an object with a kind: checking it
    // always gives item_from_json's verdict, which checks only a time_limit object.
    if (tl_kind_ < 0 || tl_kind_ > static_cast<int>(TimeLimitKind::LongTerm)) {
      return item_error("time_limit.kind");
    }
    cur_.time_limit.kind = static_cast<TimeLimitKind>(tl_kind_);
    if (audience_ < 0 || audience_ > 3 || mode_ < 0 || mode_ > 3)
      return item_error("audience/mode");
    cur_.audience = static_cast<Audience>(audience_);
    cur_.mode = static_cast<DisclosureMode>(mode_);
    items_.push_back(std::move(cur_));
  }

  void item_error(const std::string& what) {
    if (!item_error_) item_error_ = bad(what);
  }

  static void set_str(std::string& field, const Scalar& v) {
    if (v.type == Scalar::String)
      field = *v.s;
    else
      field.clear();
  }
  // static_cast<int>(num(j, k)): an integer's int64 value narrowed as item_from_json does, else 0.
  static int to_int(const Scalar& v) {
    return v.type == Scalar::Integer ? static_cast<int>(v.i) : 0;
  }

  std::string* item_string(Slot s) {
    switch (s) {
      case Slot::Uid:
        return &cur_.uid;
      case Slot::Region:
        return &cur_.region;
      case Slot::Domain:
        return &cur_.domain;
      case Slot::Serial:
        return &cur_.serial;
      case Slot::Level1:
        return &cur_.level1;
      case Slot::Level2:
        return &cur_.level2;
      case Slot::Level3:
        return &cur_.level3;
      case Slot::Content:
        return &cur_.content;
      case Slot::BasisText:
        return &cur_.basis_text;
      case Slot::TimeLimitText:
        return &cur_.time_limit_text;
      case Slot::Subject:
        return &cur_.subject;
      case Slot::ChannelsText:
        return &cur_.channels_text;
      case Slot::DurationText:
        return &cur_.duration_text;
      case Slot::Url:
        return &cur_.url;
      case Slot::SourceFile:
        return &cur_.source_file;
      default:
        return nullptr;
    }
  }

  // A scalar (or, with Other, a container) as the value of an item member.
  void item_member(const Scalar& v) {
    if (std::string* field = item_string(slot_)) return set_str(*field, v);
    switch (slot_) {
      case Slot::Audience:
        audience_ = to_int(v);
        break;
      case Slot::Mode:
        mode_ = to_int(v);
        break;
      case Slot::SourceRow:
        cur_.source_row = to_int(v);
        break;
      case Slot::Basis:
        cur_.basis.clear();
        break;
      case Slot::Original:
        cur_.original.clear();
        break;
      case Slot::Channels:
        cur_.channels.clear();
        break;
      case Slot::Levels:
        cur_.levels.clear();
        break;
      case Slot::TimeLimit:  // not an object: item_from_json leaves the default rule, no check
        cur_.time_limit = TimeLimitRule{};
        tl_kind_ = 0;
        break;
      default:
        break;  // unknown member
    }
  }

  Ctx item_container(bool object) {
    item_member({});  // reset the member first: last value wins, whatever it turns out to be
    switch (slot_) {
      case Slot::Basis:
        return object ? Ctx::Skip : Ctx::Basis;
      case Slot::Original:
        return object ? Ctx::Skip : Ctx::Original;
      case Slot::Channels:
        return object ? Ctx::Skip : Ctx::Channels;
      case Slot::Levels:
        return object ? Ctx::Skip : Ctx::Levels;
      case Slot::TimeLimit:  // members absent from it read as 0 / false / ""
        return object ? Ctx::TimeLimit : Ctx::Skip;
      default:
        return Ctx::Skip;
    }
  }

  void time_limit_member(const Scalar& v) {
    TimeLimitRule& t = cur_.time_limit;
    switch (slot_) {
      case Slot::TlKind:
        tl_kind_ = to_int(v);
        break;
      case Slot::TlDays:
        t.days = to_int(v);
        break;
      case Slot::TlWorkingDays:
        t.working_days = v.type == Scalar::Boolean && v.b;
        break;
      case Slot::TlPublicityDays:
        t.publicity_days = to_int(v);
        break;
      case Slot::TlPeriod:
        set_str(t.period, v);
        break;
      default:
        break;
    }
  }

  void pair_member(const Scalar& v, std::string& first, std::string& second) {
    if (slot_ == Slot::PairFirst) set_str(first, v);
    if (slot_ == Slot::PairSecond) set_str(second, v);
  }

  std::vector<Ctx> stack_;
  Slot slot_ = Slot::Ignore;
  bool root_is_object_ = false;
  std::string format_, kind_;
  bool items_is_array_ = false;
  std::vector<CatalogItem> items_;
  std::optional<Error> item_error_;  // the first rule an element of the last "items" breaks
  CatalogItem cur_;
  int audience_ = 0, mode_ = 0, tl_kind_ = 0;
  std::string syntax_error_;
};

}  // namespace

Status for_each_shard_item(std::string_view raw,
                           const std::function<Status(CatalogItem&&)>& on_item) {
  if (raw.size() > kMaxPayloadBytes) return tuf::check_bounds(raw, kMaxPayloadBytes);
  ShardHandler h;
  if (!Json::sax_parse(raw.begin(), raw.end(), &h)) {
    // Stopped by a syntax error or by the depth limit: parse_bounded's pre-scan of the whole
    // text decides between json.too_deep and json.syntax, exactly as it does before its parse.
    if (auto s = tuf::check_bounds(raw, kMaxPayloadBytes); !s) return s;
    return Error{"json.syntax", "not valid JSON: " + h.syntax_error() + " / 不是有效的 JSON"};
  }
  // The parse succeeded, so the text nests at most kMaxJsonDepth deep (open() counted it) and
  // the pre-scan, exact on valid JSON, would agree: no second pass over the bytes.
  if (auto s = h.verdict(); !s) return s;
  for (auto& item : h.items()) {
    if (auto s = on_item(std::move(item)); !s) return s;
  }
  return ok_status();
}

}  // namespace gongkai::feed
