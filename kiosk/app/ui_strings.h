// ui_strings.h — the citizen-facing Chinese strings, read from assets/ui/strings.toml (issue #4:
// "Chinese UI strings live in assets/, not in code").
//
// Input: a TOML file of dotted keys ("home.notices_strip = …"). Output: lookup by key, with
// "{0}", "{1}" … placeholders filled by format(). A missing key yields the key itself in brackets
// (visible, so it is noticed in screenshots) and is recorded in missing() for the staff page;
// nothing crashes on a bad strings file.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace gongkai::kiosk {

class UiStrings {
 public:
  // Loads the file; on failure the table is empty and error() says why.
  static UiStrings load(const std::string& path);
  static UiStrings parse(const std::string& toml_text, const std::string& origin);

  const std::string& get(const std::string& key) const;
  std::string format(const std::string& key, const std::vector<std::string>& args) const;
  const std::string& error() const { return error_; }
  const std::set<std::string>& missing() const { return missing_; }
  size_t size() const { return table_.size(); }

 private:
  std::map<std::string, std::string> table_;
  std::string error_;
  mutable std::set<std::string> missing_;
  mutable std::map<std::string, std::string> fallback_;
};

// Replaces {0}, {1} … in `pattern`; unknown indices stay as written.
std::string fill_placeholders(const std::string& pattern, const std::vector<std::string>& args);

}  // namespace gongkai::kiosk
