// cmd_check_text.cpp — `gongkai-publish check-text [--manifest FILE] [-v] FILE...` (issue #3).
//
// Input: UTF-8 text files (notices, catalog exports). Output on stdout, one line per character no
// font of the kiosk's chain can render (the same test the kiosk's layout uses,
// kiosk/text/coverage.h):
//   notice.md:12:7: U+2B820 𫠠 no font can display this character /
//   没有字体能显示此字符
// then a summary line. Exit codes (commands.h): 0 every character covered; 1 usage or I/O error
// (unreadable file, no fonts); 2 some character is not covered or some bytes are not UTF-8.
// -v also lists the manifest's fonts and the families fontconfig could not find.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "publish/commands.h"
#include "text/coverage.h"
#include "text/fonts.h"
#include "text/utf8.h"

namespace gongkai::publish {

namespace {

bool read_file(const std::string& path, std::string* out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  std::ostringstream ss;
  ss << f.rdbuf();
  *out = ss.str();
  return !f.bad();
}

void list_fonts(const text::FontRegistry& fonts) {
  for (uint16_t id = 0; id < fonts.count(); ++id) {
    const auto& fi = fonts.info(id);
    std::printf("font %u: %s — %s (index %d)\n", id, fi.family.c_str(), fi.path.c_str(), fi.index);
  }
  for (const auto& m : fonts.missing())
    std::printf("missing font in chain %s: %s / 未安装\n", m.chain.c_str(), m.pattern.c_str());
}

}  // namespace

int cmd_check_text(const Args& args) {
  std::string manifest = text::default_manifest_path();
  bool verbose = false;
  std::vector<std::string> files;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--manifest" && i + 1 < args.size())
      manifest = args[++i];
    else if (args[i] == "-v" || args[i] == "--verbose")
      verbose = true;
    else
      files.push_back(args[i]);
  }
  if (files.empty()) {
    std::fputs(
        "usage: gongkai-publish check-text [--manifest FILE] [-v] FILE...\n"
        "用法：gongkai-publish check-text [--manifest 清单] [-v] 文件...\n",
        stderr);
    return 1;
  }
  auto checker = text::CoverageChecker::open(manifest);
  if (!checker.ok()) {
    std::fprintf(stderr, "check-text: %s\n", checker.error().message.c_str());
    return 1;
  }
  if (verbose) list_fonts((*checker)->fonts());
  size_t bad = 0;
  bool io_error = false;
  for (const auto& path : files) {
    std::string data;
    if (!read_file(path, &data)) {
      std::fprintf(stderr, "%s: cannot read / 无法读取\n", path.c_str());
      io_error = true;
      continue;
    }
    for (const auto& u : (*checker)->check(data)) {
      ++bad;
      if (u.invalid_utf8)
        std::printf("%s:%u:%u: invalid UTF-8 / 不是有效的 UTF-8 编码\n", path.c_str(), u.line,
                    u.column);
      else
        std::printf(
            "%s:%u:%u: U+%04X %s — no font can display this character / 没有字体能显示此字符\n",
            path.c_str(), u.line, u.column, static_cast<unsigned>(u.code_point),
            data.substr(u.byte_offset, text::utf8_length(u.code_point)).c_str());
    }
  }
  std::printf(
      "checked %zu file(s): %zu character(s) cannot be displayed / 检查 %zu 个文件，%zu "
      "个字符无法显示\n",
      files.size(), bad, files.size(), bad);
  if (io_error) return 1;
  return bad == 0 ? 0 : 2;
}

}  // namespace gongkai::publish
