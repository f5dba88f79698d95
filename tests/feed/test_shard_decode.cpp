// test_shard_decode.cpp — the streaming catalog-shard decoder (feed::payload_bytes +
// feed::for_each_shard_item, SAX) against the DOM path the kiosk used before it
// (feed::decode_payload + the "items" array check of apply/generation.cpp + feed::item_from_json).
//
// Input: catalog-shard documents — written by the real emit path (item_to_json, encode_record,
// zstd_compress, the signed custom field as emit.cpp builds it), hand-written with escapes and
// odd layouts, and a hostile corpus (every member with every wrong type, duplicates, truncation
// at every byte, random mutations, nesting around kMaxJsonDepth, huge numbers). Each is wrapped
// into a target and decoded both ways. Output compared: the error code (and, except for
// json.syntax, whose SAX message adds the parser's position, the message), and the items, in
// order, as item_to_json of each. Invariants pinned: same verdict for every document; a rejected
// document delivers no item through for_each_shard_item; emitted items come back unchanged.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "feed/records.h"
#include "gongkai/store.h"

namespace gongkai::feed {
namespace {

constexpr const char* kRegion = "341799101201";

struct Outcome {
  std::string code;                // "" = accepted
  std::string message;             // compared unless code is json.syntax
  std::vector<std::string> items;  // item_to_json(item).dump(), in delivery order
};

std::string show(const Outcome& o) {
  std::string s = o.code.empty() ? "accepted" : o.code + " (" + o.message + ")";
  return s + ", " + std::to_string(o.items.size()) + " items";
}

// The signed custom field emit.cpp writes for a catalog shard (custom_of).
Json signed_custom(const std::string& raw) {
  return Json{{"gongkai",
               {{"kind", "catalog-shard"},
                {"raw_length", raw.size()},
                {"raw_sha256", sha256_hex(raw.data(), raw.size())}}}};
}

std::string target_of(const std::string& raw) {
  auto z = zstd_compress(raw);
  EXPECT_TRUE(z.ok());
  return z.ok() ? *z : std::string();
}

// The DOM path as generation.cpp's Builder::payload + Builder::shard run it.
Outcome dom_path(const std::string& target, const Json& custom) {
  auto j = decode_payload(target, custom);
  if (!j) return {j.error().code, j.error().message, {}};
  if (!(*j).contains("items") || !(*j)["items"].is_array()) {
    return {"feed.bad_record", "no items array / 缺少事项列表", {}};
  }
  Outcome o;
  for (const auto& ij : (*j)["items"]) {
    auto it = item_from_json(ij);
    if (!it) return {it.error().code, it.error().message, {}};
    o.items.push_back(item_to_json(*it).dump());
  }
  return o;
}

// The streaming path. Items delivered before an error stay in the outcome, so that equality with
// the DOM outcome also pins "a rejected document delivers nothing".
Outcome sax_path(const std::string& target, const Json& custom) {
  auto raw = payload_bytes(target, custom);
  if (!raw) return {raw.error().code, raw.error().message, {}};
  Outcome o;
  auto s = for_each_shard_item(*raw, [&](CatalogItem&& i) {
    o.items.push_back(item_to_json(i).dump());
    return ok_status();
  });
  if (!s) {
    o.code = s.error().code;
    o.message = s.error().message;
  }
  return o;
}

// Decodes `raw` both ways and requires the same outcome; returns it.
Outcome same_both_ways(const std::string& raw) {
  const std::string target = target_of(raw);
  const Json custom = signed_custom(raw);
  Outcome d = dom_path(target, custom), s = sax_path(target, custom);
  const std::string shown = raw.size() > 300 ? raw.substr(0, 300) + "…" : raw;
  EXPECT_EQ(d.code, s.code) << shown << "\n  DOM: " << show(d) << "\n  SAX: " << show(s);
  if (d.code != "json.syntax") {
    EXPECT_EQ(d.message, s.message) << shown;
  }
  EXPECT_EQ(d.items, s.items) << shown;
  return d;
}

std::string shard_text(const std::string& items_json) {
  return R"({"bin":"5a","format":"gongkai-feed/1","items":)" + items_json +
         R"(,"kind":"catalog-shard","region":"341799000000"})";
}

// An item with every field set, text with quotes, backslashes, control characters, CJK,
// astral-plane characters (surrogate pairs when \u-escaped) and enum values varying with n.
CatalogItem full_item(int n) {
  CatalogItem i;
  i.region = kRegion;
  i.domain = n % 2 ? "07" : "x-本地";
  i.serial = "0505";
  i.level1 = "批准服务信息";
  i.level2 = "二级\"引号\"\\反斜杠\n换行\t制表\x01控制 " + std::to_string(n);
  i.level3 = n % 3 ? "😀 emoji 𠀀 扩展B" : "";
  i.content = "项目名称、申报单位、受理时间";
  i.basis = {{"《中华人民共和国政府信息公开条例》（国务院令第711号）", "行政法规"},
             {"《社会救助暂行办法》", ""}};
  i.basis_text = "《中华人民共和国政府信息公开条例》、《社会救助暂行办法》";
  i.time_limit = {static_cast<TimeLimitKind>(n % 6), 20 + n, n % 2 == 0, 7, "季度"};
  i.time_limit_text = "信息形成或者变更之日起20个工作日内";
  i.subject = "县民政局";
  i.channels = {"政府网站", "社区/企事业单位/村公示栏(电子屏)"};
  i.channels_text = "■政府网站 ■公示栏";
  i.audience = static_cast<Audience>(n % 4);
  i.mode = static_cast<DisclosureMode>((n / 4) % 4);
  i.levels = {"县级", "乡级", "村级"};
  i.duration_text = "长期";
  i.url = "https://www.example.gov.cn/xxgk/" + std::to_string(n) + ".html?a=1&b=\"2\"";
  i.source_file = "青禾县目录.xlsx";
  i.source_row = 1000000 + n;
  i.original = {{"一级事项", "批准服务信息"}, {"公开时限/备注", "20个工作日\r\n内"}};
  i.uid = make_item_uid(i);
  return i;
}

// A shard as emit.cpp's make_target writes it: the members, then format/kind/region, encoded.
std::string emitted_shard(const std::vector<CatalogItem>& items) {
  Json list = Json::array();
  for (const auto& i : items) list.push_back(item_to_json(i));
  Json payload{{"bin", "5a"}, {"items", list}};
  payload["format"] = kFormat;
  payload["kind"] = "catalog-shard";
  payload["region"] = "341799000000";
  auto raw = encode_record(payload);
  EXPECT_TRUE(raw.ok());
  return raw.ok() ? *raw : std::string();
}

// One valid item's JSON text, for the hostile corpus to edit.
std::string base_item_text() { return item_to_json(full_item(1)).dump(); }

// Values of every JSON type and the number edge cases the DOM accessors distinguish.
const std::vector<std::string> kOddValues = {
    "1",
    "-1",
    "0",
    "-0",
    "1.5",
    "1e2",
    "-1.0E-2",
    "\"s\"",
    "\"\"",
    "true",
    "false",
    "null",
    "[]",
    "[1,\"a\",{},[],null]",
    "{}",
    "{\"text\":\"x\",\"kind\":2,\"header\":\"h\",\"tag\":\"t\"}",
    "7",
    "5",
    "6",
    "3",
    "4",
    "2147483648",
    "4294967297",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775808",
    "-9223372036854775809",
    "\"341799101201\"",
    "\"\\u4e2d\\ud83d\\ude00\""};

// Inserts `"key":value,` right after the first occurrence of `anchor` (an opening brace or
// bracket of the member to edit).
std::string insert_after(const std::string& text, const std::string& anchor, const std::string& s) {
  auto at = text.find(anchor);
  EXPECT_NE(at, std::string::npos) << anchor;
  std::string out = text;
  out.insert(at + anchor.size(), s);
  return out;
}

const std::vector<std::string> kItemKeys = {
    "uid",           "region",   "domain",        "serial",     "level1",     "level2",
    "level3",        "content",  "basis",         "basis_text", "time_limit", "time_limit_text",
    "subject",       "channels", "channels_text", "audience",   "mode",       "levels",
    "duration_text", "url",      "source_file",   "source_row", "original",   "no_such_member"};

// ---------------------------------------------------------------------------------------------
// Valid documents
// ---------------------------------------------------------------------------------------------

TEST(ShardDecode, emitted_items_come_back_unchanged_both_ways) {
  std::vector<CatalogItem> items;
  for (int n = 0; n < 48; ++n) items.push_back(full_item(n));
  CatalogItem bare;  // every optional field empty, every list empty
  bare.uid = "00aa";
  bare.region = kRegion;
  items.push_back(bare);
  const Outcome o = same_both_ways(emitted_shard(items));
  ASSERT_EQ(o.code, "");
  ASSERT_EQ(o.items.size(), items.size());
  for (size_t k = 0; k < items.size(); ++k) EXPECT_EQ(o.items[k], item_to_json(items[k]).dump());
}

TEST(ShardDecode, empty_items_array_is_accepted_with_no_item) {
  const Outcome o = same_both_ways(shard_text("[]"));
  EXPECT_EQ(o.code, "");
  EXPECT_TRUE(o.items.empty());
}

TEST(ShardDecode, escapes_surrogate_pairs_whitespace_and_any_key_order_decode_alike) {
  // Members in reverse order, whitespace everywhere, every JSON escape, \u of BMP and astral.
  const std::string item =
      " { \"url\" : \"a\\/b\" , \"original\" : [ { \"text\" : \"\\b\\f\\n\\r\\t\" , "
      "\"header\" : \"\\u4e2d\\u6587\" } ] , \"level1\" : \"\\ud83d\\ude00\\ud840\\udc00 "
      "\\\"q\\\" \\\\\" , \"time_limit\" : { \"working_days\" : true , \"kind\" : 1 , "
      "\"days\" : 20 } , \"region\" : \"\\u0033\\u0034\\u0031799101201\" , \"uid\" : \"u\" "
      "} ";
  const std::string raw = "\n{ \"kind\" : \"catalog-shard\" , \"items\" : [" + item + "] ,\r\n" +
                          "\"format\" : \"gongkai-feed/1\" }\t";
  const Outcome o = same_both_ways(raw);
  ASSERT_EQ(o.code, "");
  ASSERT_EQ(o.items.size(), 1u);
  Json j = Json::parse(o.items[0]);
  EXPECT_EQ(j["level1"], "😀𠀀 \"q\" \\");
  EXPECT_EQ(j["region"], "341799101201");
  EXPECT_EQ(j["original"][0]["header"], "中文");
  EXPECT_EQ(j["original"][0]["text"], "\b\f\n\r\t");
  EXPECT_EQ(j["url"], "a/b");
  EXPECT_EQ(j["time_limit"]["days"], 20);
  EXPECT_EQ(j["time_limit"]["working_days"], true);
}

// ---------------------------------------------------------------------------------------------
// Document-level rules: format, kind, items
// ---------------------------------------------------------------------------------------------

TEST(ShardDecode, document_members_with_wrong_values_are_judged_alike) {
  const std::string item = base_item_text();
  std::vector<std::string> docs = {
      "{}",
      "[]",
      "5",
      "\"catalog-shard\"",
      "null",
      R"({"format":"gongkai-feed/1","kind":"catalog-shard"})",  // no items
      R"({"format":"gongkai-feed/1","items":[]})",              // no kind
      R"({"kind":"catalog-shard","items":[]})",                 // no format
      R"({"format":"gongkai-feed/2","kind":"catalog-shard","items":[]})",
      R"({"format":"gongkai-feed/1","kind":"notice","items":[]})",
      R"({"format":"gongkai-feed/1","kind":"catalog-shard","items":[],"kind":"regions"})",
      R"({"format":"gongkai-feed/1","kind":"regions","items":[],"kind":"catalog-shard"})",
      R"({"format":1,"kind":"catalog-shard","items":[],"format":"gongkai-feed/1"})",
      R"({"format":"gongkai-feed/1","kind":"catalog-shard","items":[],"format":{}})",
      // items replaced by a later duplicate: only the last one counts, errors included
      R"({"format":"gongkai-feed/1","kind":"catalog-shard","items":[1],"items":[]})",
      R"({"format":"gongkai-feed/1","kind":"catalog-shard","items":[],"items":{}})",
      "{\"format\":\"gongkai-feed/1\",\"kind\":\"catalog-shard\",\"items\":[" + item +
          "],\"items\":[" + item + "," + item + "]}",
      "{\"format\":\"gongkai-feed/1\",\"kind\":\"catalog-shard\",\"items\":[" + item +
          "],\"items\":null}",
      // a wrong kind outranks bad items: the DOM path checks the document first
      "{\"format\":\"gongkai-feed/1\",\"kind\":\"notice\",\"items\":[1,{}]}",
      // unknown members with nested values are skipped
      "{\"x\":{\"items\":[1]},\"format\":\"gongkai-feed/1\",\"y\":[[{\"kind\":1}]],"
      "\"kind\":\"catalog-shard\",\"items\":[" +
          item + "],\"z\":null}",
  };
  for (const std::string& v : kOddValues) {
    docs.push_back(R"({"format":"gongkai-feed/1","kind":"catalog-shard","items":)" + v + "}");
    docs.push_back(R"({"format":)" + v + R"(,"kind":"catalog-shard","items":[]})");
    docs.push_back(R"({"format":"gongkai-feed/1","kind":)" + v + R"(,"items":[]})");
    docs.push_back(shard_text("[" + item + "," + v + "]"));  // a non-item among items
  }
  int accepted = 0;
  for (const auto& d : docs) accepted += same_both_ways(d).code.empty();
  EXPECT_GT(accepted, 3);  // the corpus has both verdicts
}

// ---------------------------------------------------------------------------------------------
// Item-level rules: every member with every kind of value, first, last and duplicated
// ---------------------------------------------------------------------------------------------

TEST(ShardDecode, every_item_member_with_every_value_type_is_read_alike) {
  const std::string item = base_item_text();
  int accepted = 0, rejected = 0;
  for (const std::string& key : kItemKeys) {
    for (const std::string& v : kOddValues) {
      const std::string member = "\"" + key + "\":" + v;
      for (const std::string& it : {
               "{" + member + "," + item.substr(1),                   // first (a duplicate)
               item.substr(0, item.size() - 1) + "," + member + "}",  // last: it wins
           }) {
        const Outcome o = same_both_ways(shard_text("[" + it + "]"));
        (o.code.empty() ? accepted : rejected)++;
      }
    }
  }
  // The valid value first is overridden, last counts: both verdicts occur.
  EXPECT_GT(accepted, 100);
  EXPECT_GT(rejected, 50);
}

TEST(ShardDecode, every_time_limit_member_with_every_value_type_is_read_alike) {
  const std::string item = base_item_text();
  for (const char* key : {"kind", "days", "working_days", "publicity_days", "period", "other"}) {
    for (const std::string& v : kOddValues) {
      const std::string member = "\"" + std::string(key) + "\":" + v;
      same_both_ways(shard_text("[" + insert_after(item, "\"time_limit\":{", member + ",") + "]"));
      // last in time_limit: before its closing brace (members are sorted, "working_days" last)
      auto at = item.find("\"time_limit\":{");
      auto close = item.find('}', at);
      std::string last = item;
      last.insert(close, "," + member);
      same_both_ways(shard_text("[" + last + "]"));
    }
  }
}

TEST(ShardDecode, list_elements_of_every_value_type_are_read_alike) {
  const std::string item = base_item_text();
  for (const std::string& v : kOddValues) {
    for (const char* anchor : {"\"basis\":[", "\"original\":[", "\"channels\":[", "\"levels\":["}) {
      same_both_ways(shard_text("[" + insert_after(item, anchor, v + ",") + "]"));
    }
    for (const char* anchor : {"\"basis\":[{", "\"original\":[{"}) {
      for (const char* key : {"text", "tag", "header", "x"}) {
        const std::string m = "\"" + std::string(key) + "\":" + v + ",";
        same_both_ways(shard_text("[" + insert_after(item, anchor, m) + "]"));
      }
    }
  }
}

TEST(ShardDecode, duplicate_members_last_value_wins_alike) {
  const std::string item = base_item_text();
  const std::vector<std::string> items = {
      // a bad time_limit replaced by a good one, and the reverse
      "{\"time_limit\":{\"kind\":99}," + item.substr(1),
      item.substr(0, item.size() - 1) + ",\"time_limit\":{\"kind\":99}}",
      item.substr(0, item.size() - 1) + ",\"time_limit\":{\"days\":3}}",  // kind back to 0
      item.substr(0, item.size() - 1) + ",\"time_limit\":\"x\"}",         // default rule
      // lists replaced by shorter lists and by non-lists
      item.substr(0, item.size() - 1) + ",\"basis\":[{\"tag\":\"t\"}],\"channels\":[\"c\"]}",
      item.substr(0, item.size() - 1) + ",\"original\":{},\"levels\":\"县级\"}",
      // uid emptied by a duplicate, then restored by another
      item.substr(0, item.size() - 1) + ",\"uid\":\"\"}",
      item.substr(0, item.size() - 1) + ",\"uid\":\"\",\"uid\":\"ff01\"}",
      // duplicate members inside a pair and inside time_limit
      "{\"basis\":[{\"text\":\"a\",\"text\":1,\"tag\":\"b\",\"tag\":\"c\"}]," + item.substr(1),
      "{\"time_limit\":{\"kind\":1,\"kind\":9,\"kind\":2},\"uid\":\"u\",\"region\":\"" +
          std::string(kRegion) + "\"}",
  };
  for (const auto& it : items) same_both_ways(shard_text("[" + it + "]"));
}

TEST(ShardDecode, first_bad_item_decides_and_nothing_is_delivered) {
  const std::string good = base_item_text();
  const std::string bad_mode = good.substr(0, good.size() - 1) + ",\"mode\":4}";
  const std::string bad_kind = good.substr(0, good.size() - 1) + ",\"time_limit\":{\"kind\":6}}";
  const Outcome o = same_both_ways(shard_text("[" + good + "," + bad_mode + "," + bad_kind + "]"));
  EXPECT_EQ(o.code, "feed.bad_record");
  EXPECT_NE(o.message.find("audience/mode"), std::string::npos) << o.message;
  EXPECT_TRUE(o.items.empty());
}

// ---------------------------------------------------------------------------------------------
// Syntax, depth and size
// ---------------------------------------------------------------------------------------------

TEST(ShardDecode, every_truncation_of_a_shard_is_rejected_alike) {
  const std::string raw = emitted_shard({full_item(1), full_item(2)});
  for (size_t n = 1; n < raw.size(); ++n) {
    EXPECT_EQ(same_both_ways(raw.substr(0, n)).code, "json.syntax") << n;
  }
}

TEST(ShardDecode, syntax_errors_anywhere_outrank_bad_items) {
  const std::string item = base_item_text();
  const std::string bad = R"({"uid":"","region":"1"})";
  const std::vector<std::string> docs = {
      shard_text("[" + bad + "]") + "x",                     // trailing garbage
      shard_text("[" + bad + "]") + "{}",                    // a second document
      shard_text("[" + bad + "]") + " \n\t ",                // trailing whitespace: fine
      shard_text("[" + bad + "," + item + ",]"),             // trailing comma
      shard_text("[" + bad + "," + item + "]") + "/* c */",  // comments are not JSON
      shard_text("[" + bad + ",{\"uid\":\"a\\x\"}]"),        // invalid escape
      shard_text("[" + bad + ",{\"uid\":\"\\ud800\"}]"),     // lone surrogate
      shard_text("[" + bad + ",{\"uid\":\"\xff\xfe\"}]"),    // invalid UTF-8
      shard_text("[" + bad + ",{\"uid\":\"\xe4\xb8\"}]"),    // truncated UTF-8
      shard_text("[" + bad + ",{\"uid\":\"a\nb\"}]"),        // raw control character
      shard_text("[" + bad + ",{\"source_row\":1e400}]"),    // number overflow
      shard_text("[" + bad + ",{\"source_row\":01}]"),       // leading zero
      shard_text("[" + bad + ",{\"source_row\":NaN}]"),
      shard_text("[" + bad + ",{'uid':'a'}]"),
      shard_text("[" + bad + ",{\"uid\" \"a\"}]"),
      std::string("\xef\xbb\xbf") + shard_text("[]"),  // a byte-order mark (nlohmann skips it)
      shard_text("[]") + std::string(1, '\0'),
  };
  for (const auto& d : docs) same_both_ways(d);
  EXPECT_EQ(same_both_ways(docs[0]).code, "json.syntax");
}

// Nests `inner` in `depth` arrays.
std::string nest(int depth, const std::string& inner) {
  return std::string(static_cast<size_t>(depth), '[') + inner +
         std::string(static_cast<size_t>(depth), ']');
}

TEST(ShardDecode, nesting_around_the_depth_limit_is_judged_alike) {
  const std::string item = base_item_text();
  const int limit = tuf::kMaxJsonDepth;
  // Depth of an unknown member's value inside an item: document 1 + items 1 + item 1 = 3.
  for (int extra = limit - 5; extra <= limit + 3; ++extra) {
    const std::string deep = nest(extra - 3, "1");
    const std::string it = "{\"x\":" + deep + "," + item.substr(1);
    const Outcome o = same_both_ways(shard_text("[" + it + "]"));
    EXPECT_EQ(o.code, extra <= limit ? "" : "json.too_deep") << extra;
    // The same depth in the document's own unknown member, and in a list element.
    same_both_ways(R"({"x":)" + nest(extra - 2, "{}") + R"(,"format":"gongkai-feed/1",)" +
                   R"("kind":"catalog-shard","items":[]})");
    same_both_ways(
        shard_text("[" + insert_after(item, "\"basis\":[", nest(extra - 4, "") + ",") + "]"));
  }
  // Brackets inside strings do not count; the pre-scan's verdict holds even when a syntax
  // error comes first, or the brackets never close, or sit after the end of the document.
  same_both_ways(
      shard_text("[" + insert_after(item, "{", "\"x\":\"" + nest(60, "") + "\",") + "]"));
  same_both_ways(
      shard_text("[" + insert_after(item, "{", "\"x\":\"\\\"" + nest(60, "") + "\",") + "]"));
  same_both_ways("{\"format\":} " + nest(limit + 1, ""));
  same_both_ways(shard_text("[]") + nest(limit + 1, ""));
  same_both_ways(shard_text("[" + nest(limit, "")));
  same_both_ways("]]]]]]" + nest(limit - 2, ""));
  same_both_ways(nest(100000, ""));
}

TEST(ShardDecode, input_over_the_payload_cap_is_refused_before_parsing_like_parse_bounded) {
  std::string raw = shard_text("[]");
  raw.resize(kMaxPayloadBytes + 1, ' ');
  auto dom = tuf::parse_bounded(raw, kMaxPayloadBytes);
  ASSERT_FALSE(dom.ok());
  bool called = false;
  auto s = for_each_shard_item(raw, [&](CatalogItem&&) {
    called = true;
    return ok_status();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "json.too_large");
  EXPECT_EQ(s.error().code, dom.error().code);
  EXPECT_FALSE(called);
  // At the cap exactly it parses (trailing whitespace is allowed).
  raw.resize(kMaxPayloadBytes);
  EXPECT_TRUE(for_each_shard_item(raw, [](CatalogItem&&) { return ok_status(); }).ok());
}

TEST(ShardDecode, empty_text_is_a_syntax_error_like_parse_bounded) {
  auto s = for_each_shard_item("", [](CatalogItem&&) { return ok_status(); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, tuf::parse_bounded("", kMaxPayloadBytes).error().code);
}

// splitmix64: a fixed sequence, so a failure reproduces.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
};

TEST(ShardDecode, random_mutations_of_a_shard_are_judged_alike) {
  const std::string raw = emitted_shard({full_item(1), full_item(2), full_item(3)});
  const std::string alphabet = "{}[]\":,0123456789-.eE tfnlru\\\x01\xe4\xb8\xad";
  Rng rng{20261123};
  int accepted = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string m = raw;
    for (int k = 0, edits = 1 + static_cast<int>(rng.below(3)); k < edits; ++k) {
      const size_t at = rng.below(m.size());
      switch (rng.below(4)) {
        case 0:
          m[at] = alphabet[rng.below(alphabet.size())];
          break;
        case 1:
          m.erase(at, 1 + rng.below(8));
          break;
        case 2:
          m.insert(at, 1, alphabet[rng.below(alphabet.size())]);
          break;
        default:
          m.insert(at, m.substr(rng.below(m.size()), rng.below(40)));
          break;
      }
      if (m.empty()) m = "{";
    }
    accepted += same_both_ways(m).code.empty();
  }
  EXPECT_GT(accepted, 50);  // mutations inside strings and numbers keep some documents valid
}

// ---------------------------------------------------------------------------------------------
// The callback and the payload wrapper
// ---------------------------------------------------------------------------------------------

TEST(ShardDecode, an_error_from_on_item_stops_the_loop_and_is_returned) {
  std::vector<CatalogItem> items;
  for (int n = 0; n < 5; ++n) items.push_back(full_item(n));
  const std::string raw = emitted_shard(items);
  int calls = 0;
  auto s = for_each_shard_item(raw, [&](CatalogItem&& i) -> Status {
    EXPECT_EQ(i.uid, items[static_cast<size_t>(calls)].uid);  // document order
    if (++calls == 3) return Error{"store.full", "disk full"};
    return ok_status();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "store.full");
  EXPECT_EQ(calls, 3);
}

TEST(ShardDecode, payload_bytes_makes_decode_payloads_checks) {
  const std::string raw = shard_text("[]");
  const std::string target = target_of(raw);
  auto ok = payload_bytes(target, signed_custom(raw));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, raw);
  Json wrong_sha = signed_custom(raw);
  wrong_sha["gongkai"]["raw_sha256"] = std::string(64, '0');
  Json short_len = signed_custom(raw);
  short_len["gongkai"]["raw_length"] = raw.size() - 1;
  Json no_custom = Json::object();
  for (const auto& [custom, code] :
       std::vector<std::pair<Json, std::string>>{{wrong_sha, "feed.bad_record"},
                                                 {short_len, "feed.too_large"},
                                                 {no_custom, "feed.bad_record"}}) {
    auto p = payload_bytes(target, custom);
    auto d = decode_payload(target, custom);
    ASSERT_FALSE(p.ok());
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(p.error().code, code);
    EXPECT_EQ(p.error().code, d.error().code);
  }
  auto corrupt = payload_bytes(target.substr(0, target.size() / 2), signed_custom(raw));
  ASSERT_FALSE(corrupt.ok());
  EXPECT_EQ(corrupt.error().code, "feed.zstd");
}

TEST(ShardDecode, item_from_json_reads_a_non_boolean_working_days_as_false_without_throwing) {
  Json j = item_to_json(full_item(2));  // working_days true
  ASSERT_TRUE(j["time_limit"]["working_days"].get<bool>());
  for (const Json& v : {Json(1), Json("true"), Json(nullptr), Json::array({true})}) {
    j["time_limit"]["working_days"] = v;
    auto it = item_from_json(j);
    ASSERT_TRUE(it.ok()) << v.dump();
    EXPECT_FALSE(it->time_limit.working_days) << v.dump();
  }
}

}  // namespace
}  // namespace gongkai::feed
