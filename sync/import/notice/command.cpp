// command.cpp — `gongkai-publish add-notice FILE... --db OUT.db [--allow-partial]
//                [--shift-days N] [--calendar FILE]` (issue #2; docs/notice-format.md).
//
// Input: notice files or directories of *.md notice files. Output: the notices written to the
// store in one transaction, the ImportReport on stdout, exit code 0 (all imported, or
// --allow-partial), 1 (usage, I/O or store error: nothing written), 2 (notices rejected).
#include <charconv>
#include <cstdio>

#include "gongkai/store.h"
#include "import/notice/notice_import.h"
#include "publish/commands.h"

namespace gongkai::publish {

namespace {

constexpr const char* kUsage =
    "usage: gongkai-publish add-notice FILE|DIR... --db OUT.db [--allow-partial]\n"
    "                                  [--shift-days N] [--calendar cn-workdays.tsv]\n"
    "  FILE: a notice file (front matter + Markdown); DIR: every *.md in it, sorted by name\n"
    "  --allow-partial   exit 0 even when some notices were rejected\n"
    "  --shift-days N    demo/training only: move published/start/end by N days\n"
    "  --calendar FILE   working-day calendar to use instead of the built-in one\n"
    "用法：gongkai-publish add-notice 公告文件或目录... --db 输出.db [--allow-partial]\n"
    "      [--shift-days 天数（仅用于演示/培训）] [--calendar 工作日历.tsv]\n";

struct Options {
  std::vector<std::string> inputs;
  std::string db;
  std::string calendar;
  bool allow_partial = false;
  int shift_days = 0;
};

bool parse_int(const std::string& s, int& out) {
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (first != last && *first == '+') ++first;
  const auto [ptr, ec] = std::from_chars(first, last, out);
  return ec == std::errc() && ptr == last && first != last;
}

// Returns false (after printing why) on a usage error.
bool parse_args(const Args& args, Options& o) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* name) -> const std::string* {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "%s needs a value / %s 缺少取值\n", name, name);
        return nullptr;
      }
      return &args[++i];
    };
    if (a == "--db") {
      const auto* v = value("--db");
      if (!v) return false;
      o.db = *v;
    } else if (a == "--calendar") {
      const auto* v = value("--calendar");
      if (!v) return false;
      o.calendar = *v;
    } else if (a == "--shift-days") {
      const auto* v = value("--shift-days");
      if (!v) return false;
      if (!parse_int(*v, o.shift_days)) {
        std::fprintf(stderr, "--shift-days needs an integer, got %s / --shift-days 应为整数\n",
                     v->c_str());
        return false;
      }
    } else if (a == "--allow-partial") {
      o.allow_partial = true;
    } else if (a == "-h" || a == "--help") {
      return false;
    } else if (a.size() > 1 && a.front() == '-') {
      std::fprintf(stderr, "unknown option %s / 未知选项 %s\n", a.c_str(), a.c_str());
      return false;
    } else {
      o.inputs.push_back(a);
    }
  }
  if (o.inputs.empty() || o.db.empty()) {
    std::fprintf(stderr, "need at least one FILE and --db / 需要至少一个公告文件和 --db\n");
    return false;
  }
  return true;
}

}  // namespace

int cmd_add_notice(const Args& args) {
  Options o;
  if (!parse_args(args, o)) {
    std::fputs(kUsage, stderr);
    return 1;
  }
  auto calendar = o.calendar.empty() ? notice::WorkdayCalendar::builtin()
                                     : notice::WorkdayCalendar::load_file(o.calendar);
  if (!calendar.ok()) {
    std::fprintf(stderr, "%s\n", calendar.error().message.c_str());
    return 1;
  }
  const std::vector<std::string> files = notice::expand_notice_paths(o.inputs);
  if (files.empty()) {
    std::fprintf(stderr, "no *.md notice files found / 没有找到 *.md 公告文件\n");
    return 1;
  }
  auto store = Store::open(o.db, Store::Mode::ReadWrite);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  if (o.shift_days != 0) {
    std::fprintf(stderr,
                 "note: dates shifted by %d days (demo/training option) / "
                 "注意：日期整体平移 %d 天（仅用于演示/培训）\n",
                 o.shift_days, o.shift_days);
  }
  notice::ParseOptions po;
  po.calendar = &calendar.value();
  po.shift_days = o.shift_days;
  auto report = notice::import_notice_files(**store, files, po);
  if (!report.ok()) {
    std::fprintf(stderr, "%s\nnothing was written / 未写入任何公告\n",
                 report.error().message.c_str());
    return 1;
  }
  report->print(stdout);
  return import_exit_code(*report, o.allow_partial);
}

}  // namespace gongkai::publish
