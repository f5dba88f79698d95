// cmd_regions.cpp — `add-regions` (register the 区划 a feed addresses) and `summary` (what a store
// holds, and which notices are in which state at a given China time).
//
// REGIONS.tsv: one region per line, code<TAB>name; '#' starts a comment line. The parent and level
// come from the code itself (region_parent_of / region_level_of), so a file cannot contradict them.
#include <cstdio>
#include <ctime>
#include <fstream>
#include <optional>
#include <string>

#include "gongkai/store.h"
#include "publish/commands.h"

namespace gongkai::publish {

namespace {

// Returns the value following `flag` in args, or "" (and erases both from args).
std::string take_option(Args& args, const std::string& flag) {
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == flag) {
      std::string v = args[i + 1];
      args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
      return v;
    }
  }
  return {};
}

// "YYYY-MM-DD[ HH:MM[:SS]]" in China time (UTC+8) → Unix seconds.
std::optional<int64_t> parse_china_time(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  int n = std::sscanf(s.c_str(), "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &sec);
  if (n < 3 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  return static_cast<int64_t>(timegm(&tm)) - kChinaUtcOffsetSeconds;
}

std::string china_date(int64_t t) { return format_china_time(t, "%Y-%m-%d %H:%M"); }

}  // namespace

int cmd_add_regions(const Args& in) {
  Args args = in;
  std::string db_path = take_option(args, "--db");
  if (args.size() != 1 || db_path.empty()) {
    std::fputs("usage / 用法: gongkai-publish add-regions REGIONS.tsv --db OUT.db\n", stderr);
    return 1;
  }
  std::ifstream file(args[0]);
  if (!file) {
    std::fprintf(stderr, "cannot read %s / 无法读取文件\n", args[0].c_str());
    return 1;
  }
  auto store = Store::open(db_path, Store::Mode::ReadWrite);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  Store::Transaction txn(**store);
  int added = 0, rejected = 0, line_no = 0;
  for (std::string line; std::getline(file, line);) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    Region r;
    r.code = line.substr(0, tab);
    r.name = tab == std::string::npos ? "" : line.substr(tab + 1);
    if (auto s = (*store)->put_region(r); !s) {
      std::fprintf(stderr, "rejected / 拒绝: %s:%d: %s\n", args[0].c_str(), line_no,
                   s.error().message.c_str());
      ++rejected;
      continue;
    }
    ++added;
  }
  if (auto s = txn.commit(); !s) {
    std::fprintf(stderr, "%s\n", s.error().message.c_str());
    return 1;
  }
  std::printf("regions added %d, rejected %d / 登记区划 %d 个，拒绝 %d 个\n", added, rejected,
              added, rejected);
  return rejected ? 2 : 0;
}

int cmd_summary(const Args& in) {
  Args args = in;
  std::string db_path = take_option(args, "--db");
  std::string region = take_option(args, "--region");
  std::string at = take_option(args, "--at");
  if (!args.empty() || db_path.empty()) {
    std::fputs("usage / 用法: gongkai-publish summary --db DB [--region CODE] [--at TIME]\n",
               stderr);
    return 1;
  }
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  if (!at.empty()) {
    auto t = parse_china_time(at);
    if (!t) {
      std::fprintf(stderr, "bad --at time '%s' (YYYY-MM-DD HH:MM) / 时间格式错误\n", at.c_str());
      return 1;
    }
    now = *t;
  }
  auto store = Store::open(db_path, Store::Mode::ReadOnly);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  auto counts = (*store)->counts();
  auto regions = (*store)->regions();
  if (!counts || !regions) {
    std::fprintf(stderr, "%s\n", (!counts ? counts.error() : regions.error()).message.c_str());
    return 1;
  }
  std::printf("store / 数据库: %s (schema v%d)\n", db_path.c_str(), (*store)->schema_version());
  std::printf("regions %d, domains %d, catalog items %d, notices %d, attachments %d\n",
              counts->regions, counts->domains, counts->items, counts->notices,
              counts->attachments);
  std::printf("区划 %d 个，领域 %d 个，目录事项 %d 项，公告公示 %d 条，附件 %d 个\n",
              counts->regions, counts->domains, counts->items, counts->notices,
              counts->attachments);
  std::printf("as of / 时间: %s (China time / 北京时间)\n", china_date(now).c_str());
  for (const auto& r : *regions) {
    if (!region.empty() && r.code != region) continue;
    Scope scope{r.code, ""};
    auto domains = (*store)->domains(scope);
    if (!domains) {
      std::fprintf(stderr, "%s\n", domains.error().message.c_str());
      return 1;
    }
    int items = 0, nonempty = 0;
    for (const auto& d : *domains) {
      items += d.item_count;
      nonempty += d.item_count > 0;
    }
    std::printf("\n%s %s: %d items in %d domains / 可见事项 %d 项，涉及 %d 个领域\n",
                r.code.c_str(), r.name.c_str(), items, nonempty, items, nonempty);
    for (NoticeState st : {NoticeState::InPublicity, NoticeState::Upcoming, NoticeState::LongTerm,
                           NoticeState::Archived}) {
      auto list = (*store)->notices(NoticeQuery{scope, now, st, ""});
      if (!list) {
        std::fprintf(stderr, "%s\n", list.error().message.c_str());
        return 1;
      }
      std::printf("  %s: %zu\n", notice_state_name_zh(st), list->size());
      if (st != NoticeState::InPublicity) continue;
      for (const auto& n : *list) {
        const char* mark = n.priority == NoticePriority::Urgent   ? " [紧急]"
                           : n.priority == NoticePriority::Pinned ? " [置顶]"
                                                                  : "";
        std::printf("    - [%s]%s %s（至 %s）\n", n.category.c_str(), mark, n.title.c_str(),
                    n.end_at ? china_date(*n.end_at).c_str() : "长期");
      }
    }
  }
  return 0;
}

}  // namespace gongkai::publish
