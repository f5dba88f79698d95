// demo_notices.h — the demo notices (assets/demo/notices/*.md) as paragraphs, for the draw tests
// and the atlas benchmark: every notice's title and body lines, with the Markdown subset's markers
// (headings, list dashes, table separator rows, front matter) removed. Not the importer: only what
// is needed to put the notices' real characters on screen.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace gongkai::text::testing {

struct DemoParagraph {
  std::string text;
  bool heading = false;  // the title or a # / ## / ### line
};

inline std::vector<DemoParagraph> read_demo_notice(const std::filesystem::path& path) {
  std::ifstream f(path);
  std::vector<DemoParagraph> out;
  std::string line;
  int fences = 0;
  while (std::getline(f, line)) {
    if (line == "---" && fences < 2) {
      ++fences;
      continue;
    }
    if (fences < 2) {
      if (line.rfind("title: ", 0) == 0) out.push_back({line.substr(7), true});
      continue;
    }
    if (line.empty() || line.rfind("|---", 0) == 0 || line.rfind("| ---", 0) == 0) continue;
    bool heading = false;
    while (!line.empty() && line[0] == '#') {
      line.erase(0, 1);
      heading = true;
    }
    if (line.rfind("- ", 0) == 0) line.erase(0, 2);
    line.erase(0, std::min(line.size(), line.find_first_not_of(' ')));
    if (!line.empty()) out.push_back({line, heading});
  }
  return out;
}

// Every demo notice in file-name order; empty when the directory is missing.
inline std::vector<std::vector<DemoParagraph>> read_demo_notices(const std::string& source_dir) {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path dir = std::filesystem::path(source_dir) / "assets/demo/notices";
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".md" && e.path().filename() != "README.md") {
      files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<std::vector<DemoParagraph>> out;
  for (const auto& p : files) out.push_back(read_demo_notice(p));
  return out;
}

}  // namespace gongkai::text::testing
