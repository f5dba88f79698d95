// ui_strings.cpp — strings.toml → flat key/value table (see ui_strings.h).
#include "app/ui_strings.h"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

namespace gongkai::kiosk {
namespace {

void flatten(const toml::table& t, const std::string& prefix,
             std::map<std::string, std::string>& out) {
  for (const auto& [k, v] : t) {
    const std::string key =
        prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const toml::table* sub = v.as_table()) {
      flatten(*sub, key, out);
    } else if (const auto s = v.value_exact<std::string>()) {
      out[key] = *s;
    }
  }
}

}  // namespace

UiStrings UiStrings::parse(const std::string& toml_text, const std::string& origin) {
  UiStrings s;
  try {
    flatten(toml::parse(toml_text, origin), "", s.table_);
  } catch (const toml::parse_error& e) {
    std::ostringstream m;
    m << origin << ":" << e.source().begin.line << ": " << e.description();
    s.error_ = m.str();
  }
  return s;
}

UiStrings UiStrings::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    UiStrings s;
    s.error_ = "cannot read " + path + " / 无法读取界面文字文件";
    return s;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

const std::string& UiStrings::get(const std::string& key) const {
  if (const auto it = table_.find(key); it != table_.end()) return it->second;
  missing_.insert(key);
  return fallback_.try_emplace(key, "[" + key + "]").first->second;
}

std::string UiStrings::format(const std::string& key, const std::vector<std::string>& args) const {
  return fill_placeholders(get(key), args);
}

std::string fill_placeholders(const std::string& pattern, const std::vector<std::string>& args) {
  std::string out;
  out.reserve(pattern.size());
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      const size_t close = pattern.find('}', i);
      if (close != std::string::npos && close > i + 1 && close - i <= 3) {
        const std::string digits = pattern.substr(i + 1, close - i - 1);
        if (digits.find_first_not_of("0123456789") == std::string::npos) {
          const size_t idx = std::stoul(digits);
          if (idx < args.size()) {
            out += args[idx];
            i = close;
            continue;
          }
        }
      }
    }
    out += pattern[i];
  }
  return out;
}

}  // namespace gongkai::kiosk
