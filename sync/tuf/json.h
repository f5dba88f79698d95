// json.h — bounded JSON parsing and OLPC canonical JSON, the byte form TUF signs (TUF spec §4.2).
//
// Input → output: untrusted bytes → nlohmann::json (parse_bounded), and json → canonical bytes
// (encode_canonical). Parsing refuses input over a byte cap *before* the parser sees it, and
// nesting deeper than a depth cap after a cheap pre-scan, so hostile metadata can cost at most
// the cap in memory and no recursion. The canonical encoder is the one securesystemslib's
// encode_canonical and tuf-js's canonicalize implement:
//   - objects: keys sorted, no whitespace, "key":value joined by ','
//   - strings: '"' + s with only '\' and '"' escaped (as \\ and \") + '"'; every other byte,
//     control characters and UTF-8 included, is written raw
//   - integers in decimal; true, false, null; floats are refused (not representable)
// Invariant: keys are sorted by UTF-8 byte order (= code point order, python's order). tuf-js
// sorts by UTF-16 code units, which differs only for keys mixing astral characters with
// U+E000–U+FFFF, so every key we sign is ASCII (metadata names and target paths) — checked by
// the writers in metadata.cpp, see docs/format.md §2.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "gongkai/result.h"

namespace gongkai::tuf {

using Json = nlohmann::json;

inline constexpr int kMaxJsonDepth = 32;  // our metadata nests 6 deep; 32 leaves slack

// Parses at most max_bytes of UTF-8 JSON; refuses larger input, invalid UTF-8, trailing bytes,
// and nesting deeper than kMaxJsonDepth. Error codes: "json.too_large", "json.too_deep",
// "json.syntax".
Result<Json> parse_bounded(std::string_view bytes, size_t max_bytes);

// The two refusals parse_bounded makes before it parses, in its order: "json.too_large", then
// "json.too_deep" from the bracket pre-scan. Exposed so that a streaming (SAX) reader refuses
// exactly what parse_bounded refuses, with the same codes (feed/records.h for_each_shard_item).
Status check_bounds(std::string_view bytes, size_t max_bytes);

// The canonical form of a value (see the file comment). Error "json.not_canonical" for floats.
Result<std::string> encode_canonical(const Json& value);

}  // namespace gongkai::tuf
