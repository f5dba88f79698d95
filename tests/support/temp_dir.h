// temp_dir.h — a fresh directory under the system temp dir for one test, removed (with all it
// holds) when the object goes. Shared by every test suite that writes files.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace gongkai::testsupport {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "gongkai-test") {
    std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string file(const std::string& rel) const { return path_ + "/" + rel; }
  std::string operator/(const std::string& rel) const { return file(rel); }

  // Writes `content` to rel (creating directories); returns the full path.
  std::string write(const std::string& rel, const std::string& content) const {
    const std::string p = file(rel);
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

 private:
  std::string path_;
};

}  // namespace gongkai::testsupport
