// json.cpp — bounded parsing and canonical encoding; see json.h for the rules and why.
#include "tuf/json.h"

#include <algorithm>
#include <cstdint>

namespace gongkai::tuf {

namespace {

// Maximum bracket nesting outside strings. A linear scan, so the parser never sees input whose
// depth could exhaust a stack (nlohmann's parser is iterative, but the caps are ours to own).
int max_depth(std::string_view s) {
  int depth = 0, worst = 0;
  bool in_string = false, escaped = false;
  for (char c : s) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[')
      worst = std::max(worst, ++depth);
    else if (c == '}' || c == ']')
      --depth;
  }
  return worst;
}

void put_string(const std::string& s, std::string& out) {
  out.push_back('"');
  for (char c : s) {
    if (c == '\\' || c == '"') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

bool encode(const Json& v, std::string& out) {
  switch (v.type()) {
    case Json::value_t::null:
      out += "null";
      return true;
    case Json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      return true;
    case Json::value_t::number_integer:
      out += std::to_string(v.get<int64_t>());
      return true;
    case Json::value_t::number_unsigned:
      out += std::to_string(v.get<uint64_t>());
      return true;
    case Json::value_t::string:
      put_string(v.get_ref<const std::string&>(), out);
      return true;
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v) {
        if (!first) out.push_back(',');
        first = false;
        if (!encode(e, out)) return false;
      }
      out.push_back(']');
      return true;
    }
    case Json::value_t::object: {
      // nlohmann::json stores objects in a std::map<std::string, …>: iteration is byte order.
      out.push_back('{');
      bool first = true;
      for (const auto& [k, e] : v.items()) {
        if (!first) out.push_back(',');
        first = false;
        put_string(k, out);
        out.push_back(':');
        if (!encode(e, out)) return false;
      }
      out.push_back('}');
      return true;
    }
    case Json::value_t::number_float:
    case Json::value_t::binary:
    case Json::value_t::discarded:
      return false;
  }
  return false;
}

}  // namespace

Status check_bounds(std::string_view bytes, size_t max_bytes) {
  if (bytes.size() > max_bytes) {
    return Error{"json.too_large", "metadata larger than its cap of " + std::to_string(max_bytes) +
                                       " bytes / 元数据超过大小上限"};
  }
  if (max_depth(bytes) > kMaxJsonDepth) {
    return Error{"json.too_deep", "JSON nested too deeply / JSON 嵌套过深"};
  }
  return ok_status();
}

Result<Json> parse_bounded(std::string_view bytes, size_t max_bytes) {
  if (auto s = check_bounds(bytes, max_bytes); !s) return s.error();
  Json v = Json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (v.is_discarded()) return Error{"json.syntax", "not valid JSON / 不是有效的 JSON"};
  return v;
}

Result<std::string> encode_canonical(const Json& value) {
  std::string out;
  if (!encode(value, out)) {
    return Error{"json.not_canonical",
                 "value has no canonical JSON form (float or binary) / 含有无法规范化的数值"};
  }
  return out;
}

}  // namespace gongkai::tuf
