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

// Decodes a content target: decompress (cap = min(signed raw_length, kMaxPayloadBytes)), check
// the raw sha256 and length from the signed custom field, parse, check format and kind.
Result<Json> decode_payload(std::string_view target_bytes, const Json& signed_custom);

}  // namespace gongkai::feed
