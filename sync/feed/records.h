// records.h — content (store values, content.h) ↔ the feed's target files (docs/format.md §5).
//
// Every content target except attachments is a zstd frame holding one JSON document
//   {"format":"gongkai-feed/1","kind":KIND,"region":COUNTY,…payload…}
// with KIND one of regions | domains | catalog-shard | notice. Attachments are the raw bytes.
// written by encode_record: RFC 8259 JSON, object keys sorted by byte order, no whitespace,
// strings escaped minimally (", \, control characters; UTF-8 written raw). Not TUF's canonical
// JSON: that one writes control characters raw (a newline in a notice body), which no standard
// JSON parser accepts. Sorted keys make the bytes a pure function of the content, so
// re-emitting unchanged content yields the same payload hash and the previous target is reused
// (issue #5).
// The signed target entry carries custom {"gongkai":{"kind","raw_length","raw_sha256"}}; a
// reader decompresses at most raw_length bytes (and never more than kMaxPayloadBytes), so a
// decompression bomb costs nothing (issue #5 attack list).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "gongkai/content.h"
#include "gongkai/result.h"
#include "tuf/json.h"

namespace gongkai::feed {

using tuf::Json;

inline constexpr const char* kFormat = "gongkai-feed/1";
inline constexpr int kCatalogBins = 256;                      // by the first byte of the uid
inline constexpr size_t kMaxPayloadBytes = 64 * 1024 * 1024;  // decompressed, any target
inline constexpr int kZstdLevel = 9;

// The record bytes (see above). Error "feed.bad_text" when a string is not valid UTF-8.
Result<std::string> encode_record(const Json& record);

Json region_to_json(const Region& r);
Json domain_to_json(const Domain& d);
Json item_to_json(const CatalogItem& i);
Json notice_to_json(const Notice& n);
Result<Region> region_from_json(const Json& j);
Result<Domain> domain_from_json(const Json& j);
Result<CatalogItem> item_from_json(const Json& j);
Result<Notice> notice_from_json(const Json& j);

// The catalog bin ("00".."ff") of an item uid (16 hex chars of sha256, make_item_uid).
std::string catalog_bin_of(const std::string& uid);

Result<std::string> zstd_compress(std::string_view raw);
// Streams the frame(s), stopping with "feed.too_large" as soon as the output would pass cap.
Result<std::string> zstd_decompress_capped(std::string_view compressed, size_t cap);

// Decodes a content target: payload_bytes, then parse (tuf::parse_bounded, kMaxPayloadBytes),
// check format and kind (the document's kind must equal the signed one).
Result<Json> decode_payload(std::string_view target_bytes, const Json& signed_custom);

// ---------------------------------------------------------------------------------------------
// Streaming decode of catalog shards (issue #5 "Benchmark": apply a 20k-item generation < 1 s).
// A DOM of a shard (a std::map per object, an allocation per value) read again by
// item_from_json costs 2.5x building the CatalogItems straight from the parser's events, as
// these two do (bench/feed/README.md: 451 vs 182 ms of CPU for 20k items).
// ---------------------------------------------------------------------------------------------

// decode_payload's checks without the parse: the signed custom field holds {"gongkai":{…}} with
// raw_length > 0 and a 64-hex raw_sha256; decompress at most min(raw_length, kMaxPayloadBytes)
// bytes; the result has exactly raw_length bytes and that sha256. Returns the raw JSON text. Errors
// "feed.bad_record", "feed.zstd", "feed.too_large".
Result<std::string> payload_bytes(std::string_view target_bytes, const Json& signed_custom);

// Decodes the JSON text of a target whose signed kind is "catalog-shard" (payload_bytes's result)
// with nlohmann's SAX parser and calls on_item for each item, in document order.
// Equivalence (pinned by tests/feed/test_shard_decode.cpp against the DOM path): it accepts and
// rejects exactly what tuf::parse_bounded(raw, kMaxPayloadBytes) + decode_payload's format/kind
// check + an "items" array check + item_from_json on every element accept and reject, builds the
// same items, and returns the same error code — "json.too_large", "json.too_deep" (same
// pre-scan, kMaxJsonDepth), "json.syntax" (strict RFC 8259: trailing bytes, bad UTF-8, comments
// refused), else "feed.bad_record" for the first failing rule in the DOM path's order. In
// particular: a syntax error anywhere outranks a bad item; a duplicate key's last value wins (as
// in nlohmann's DOM); unknown keys and their values, however nested, are skipped; a wrong-typed
// field reads as its default ("" / 0 / false / empty list; list elements of the wrong type are
// skipped for string lists and read as an empty pair for basis/original). The shard's "bin" and
// "region" members are not checked, as in the DOM path (docs/format.md §5 (iv)).
// on_item runs only after the whole document has parsed and validated, so a bad document delivers
// no item (all or nothing, as the DOM path); an error from on_item stops the loop and is returned.
Status for_each_shard_item(std::string_view raw_json,
                           const std::function<Status(CatalogItem&&)>& on_item);

}  // namespace gongkai::feed
