// test_util.h — helpers shared by the notice-import tests: a temporary directory that removes
// itself, file writing, and China-time instants written the way a person reads them.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "import/notice/calendar.h"

namespace gongkai::notice::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "gongkai-notice-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& rel) const { return (path_ / rel).string(); }

  // Writes `content` to rel (creating directories); returns the full path.
  std::string write(const std::string& rel, const std::string& content) const {
    const auto p = path_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

// Unix seconds of a China-time (UTC+8) wall-clock instant.
inline int64_t china_time(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  return china_midnight(days_from_civil(CivilDate{y, mo, d})) + h * 3600 + mi * 60 + s;
}

inline std::string fixtures_dir() {
  return std::string(GONGKAI_SOURCE_DIR) + "/tests/import_notice/fixtures";
}

}  // namespace gongkai::notice::testing
