// text_test_util.h — shared fixtures for the text engine tests: one engine per test binary (fonts
// load once), the source manifest, and small helpers to read data files.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "text/text_engine.h"

namespace gongkai::text::testing {

inline std::string manifest_path() {
  return std::string(GONGKAI_SOURCE_DIR) + "/fonts/manifest.toml";
}
inline std::string data_path(const std::string& name) {
  return std::string(GONGKAI_SOURCE_DIR) + "/tests/text/" + name;
}

inline TextEngine& engine() {
  static std::unique_ptr<TextEngine> e = [] {
    auto r = TextEngine::create(EngineConfig{manifest_path(), 512, 8192});
    if (!r.ok()) {
      ADD_FAILURE() << r.error().message;
      std::abort();
    }
    return std::move(r.value());
  }();
  return *e;
}

inline std::string read_all(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Non-empty lines not starting with '#'.
inline std::vector<std::string> data_lines(const std::string& path) {
  std::vector<std::string> out;
  std::istringstream in(read_all(path));
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') out.push_back(line);
  return out;
}

}  // namespace gongkai::text::testing
