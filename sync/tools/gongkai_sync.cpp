// gongkai_sync.cpp — gongkai-sync: the kiosk's sync code as a one-shot command for staff, scripts
// and tests (DESIGN §2, issue #5).
//
//   gongkai-sync verify DIR [--trust ROOT.json] [--region CODE] [--now TIME]
//   gongkai-sync once   --data DIR --region CODE [--root 1.root.json] [--ca-file F] [--proxy URL]
//                       SOURCE       (a directory, file://…, http://… or https://…)
//   gongkai-sync import --data DIR --region CODE [--root 1.root.json] STICK
//   gongkai-sync status --data DIR
//
// once/import/status are sync/apply/commands.h (exit codes there and in docs/apply.md); this file
// adds only the HTTP mirror (sync/fetch) for URL sources, so the apply library needs no libcurl.
//
// verify checks a repository (DIR/metadata, DIR/targets) or a USB tree (DIR/gongkai-update/
// <region>/…) exactly as a kiosk would — TUF client workflow (tuf/updater.h), then every target's
// length and sha256, then every record decodes — in memory, changing no kiosk state.
// Without --trust the repository's own 1.root.json is the trust root: that checks consistency,
// not authenticity, and says so.
//
// Exit codes: 0 verified; 1 usage or I/O error (e.g. unreadable trust root); 2 refused (a
// verification failed: the message says what and why); 3 no repository found at DIR.
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "apply/commands.h"
#include "feed/records.h"
#include "fetch/http_mirror.h"
#include "tuf/fsutil.h"
#include "tuf/updater.h"

namespace {

namespace fs = std::filesystem;
using namespace gongkai;

constexpr int64_t kStaleAfterSeconds = 48 * 3600;  // issue #5: staff see "stale" after 48 h

void usage(std::FILE* out) {
  std::fputs(
      "gongkai-sync — 政务公开终端同步工具 / sync tool for gongkai kiosks\n"
      "\n"
      "usage / 用法:\n"
      "  gongkai-sync verify DIR [--trust ROOT.json] [--region CODE] [--now TIME]\n"
      "      check a feed directory or USB stick without changing the kiosk\n"
      "      检查更新源目录或U盘（不改动终端状态）\n"
      "      exit codes / 退出码: 0 verified / 校验通过, 1 usage or I/O error / 用法或读写错误,\n"
      "      2 refused / 校验失败已拒绝, 3 no repository found / 未找到更新源\n"
      "  gongkai-sync once --data DIR --region CODE [--root 1.root.json] [--ca-file F]\n"
      "      [--proxy URL] SOURCE   (directory, file://, http:// or https://)\n"
      "      one update cycle now / 立即同步一次\n"
      "  gongkai-sync import --data DIR --region CODE [--root 1.root.json] STICK\n"
      "      import a USB stick / 从U盘导入\n"
      "  gongkai-sync status --data DIR\n"
      "      generation, last sync, trusted time, staleness / 查看同步状态\n"
      "      exit codes / 退出码 (once, import, status): 0 ok, 1 usage, 2 refused / 校验失败,\n"
      "      3 local failure / 本机故障, 4 source unavailable / 更新源不可用, 5 stale / 内容过期\n",
      out);
}

struct Counts {
  int targets = 0, items = 0, notices = 0, attachments = 0, regions = 0, domains = 0;
  int64_t bytes = 0;
};

// Decodes one verified content target (records.h), counting what it holds.
Status check_record(const std::string& path, const std::string& bytes, const tuf::TargetFile& info,
                    Counts& c) {
  std::string kind;
  if (info.custom.is_object() && info.custom.contains("gongkai") &&
      info.custom["gongkai"].is_object()) {
    const auto& g = info.custom["gongkai"];
    // json::value() throws on a wrong type; a signed but malformed field is just "no kind".
    if (g.contains("kind") && g["kind"].is_string()) kind = g["kind"].get<std::string>();
  }
  if (kind == "attachment") {
    ++c.attachments;
    return ok_status();
  }
  auto j = feed::decode_payload(bytes, info.custom);
  if (!j) return Error{j.error().code, path + ": " + j.error().message};
  auto each = [&](const char* key, auto decode, int& counter) -> Status {
    if (!j->contains(key) || !(*j)[key].is_array()) {
      return Error{"feed.bad_record", path + ": no " + key + " / 记录缺少字段"};
    }
    for (const auto& e : (*j)[key]) {
      auto r = decode(e);
      if (!r) return Error{r.error().code, path + ": " + r.error().message};
      ++counter;
    }
    return ok_status();
  };
  if (kind == "catalog-shard") return each("items", feed::item_from_json, c.items);
  if (kind == "regions") return each("regions", feed::region_from_json, c.regions);
  if (kind == "domains") return each("domains", feed::domain_from_json, c.domains);
  if (kind == "notice") {
    auto n = feed::notice_from_json(j->value("notice", tuf::Json()));
    if (!n) return Error{n.error().code, path + ": " + n.error().message};
    ++c.notices;
    return ok_status();
  }
  return Error{"feed.bad_record", path + ": unknown kind '" + kind + "' / 未知记录类型"};
}

int verify_repo(const std::string& repo, const std::string& trust_path, int64_t now) {
  std::printf("repository / 更新源: %s\n", repo.c_str());
  std::string trust_file = trust_path;
  if (trust_file.empty()) {
    trust_file = repo + "/metadata/1.root.json";
    std::printf(
        "  warning: no --trust given; trusting the repository's own 1.root.json checks\n"
        "  consistency, not authenticity / 警告：未指定信任根，仅检查一致性，不能证明来源\n");
  }
  auto root_bytes = tuf::read_file_capped(trust_file, tuf::kMaxRootBytes);
  if (!root_bytes) {
    std::fprintf(stderr, "error: trust root %s: %s\n", trust_file.c_str(),
                 root_bytes.error().message.c_str());
    return 1;
  }
  auto mirror = tuf::DirMirror::open(repo);
  if (!mirror) {
    std::fprintf(stderr, "error: %s\n", mirror.error().message.c_str());
    return 1;
  }
  auto up = tuf::Updater::open(*root_bytes, "", now);
  if (!up) {
    std::fprintf(stderr, "REFUSED / 已拒绝: %s\n", up.error().message.c_str());
    return 2;
  }
  if (auto s = (*up)->refresh(**mirror); !s) {
    std::fprintf(stderr, "REFUSED / 已拒绝 [%s]: %s\n", s.error().code.c_str(),
                 s.error().message.c_str());
    return 2;
  }
  Counts c;
  for (const auto& [path, t] : (*up)->targets()) {
    auto bytes = (*up)->read_target(**mirror, path);
    if (!bytes) {
      std::fprintf(stderr, "REFUSED / 已拒绝 [%s]: %s\n", bytes.error().code.c_str(),
                   bytes.error().message.c_str());
      return 2;
    }
    if (auto s = check_record(path, *bytes, t.info, c); !s) {
      std::fprintf(stderr, "REFUSED / 已拒绝 [%s]: %s\n", s.error().code.c_str(),
                   s.error().message.c_str());
      return 2;
    }
    ++c.targets;
    c.bytes += t.info.length;
  }
  const auto& r = (*up)->report();
  std::printf("  root v%lld, timestamp v%lld (expires %s), snapshot v%lld\n",
              static_cast<long long>(r.root_version), static_cast<long long>(r.timestamp_version),
              tuf::format_time(r.timestamp_expires).c_str(),
              static_cast<long long>(r.snapshot_version));
  if (r.issued) {
    bool stale = now - *r.issued > kStaleAfterSeconds;
    std::printf("  signed at / 签发时间 %s%s\n", tuf::format_time(*r.issued).c_str(),
                stale ? "  STALE: older than 48 h / 已过时（超过48小时）" : "");
  }
  std::printf(
      "  %d targets, %lld bytes: %d catalog items, %d notices, %d attachments, %d regions, "
      "%d domains\n",
      c.targets, static_cast<long long>(c.bytes), c.items, c.notices, c.attachments, c.regions,
      c.domains);
  std::printf("  OK: verified / 校验通过\n");
  return 0;
}

bool is_region_code(const std::string& s) {
  return s.size() == 12 && s.find_first_not_of("0123456789") == std::string::npos;
}

int cmd_verify(const std::vector<std::string>& args) {
  std::string dir, trust, region, now_s;
  for (size_t i = 0; i < args.size(); ++i) {
    auto value = [&](std::string& out) {
      if (i + 1 < args.size()) out = args[++i];
    };
    if (args[i] == "--trust")
      value(trust);
    else if (args[i] == "--region")
      value(region);
    else if (args[i] == "--now")
      value(now_s);
    else if (dir.empty())
      dir = args[i];
    else {
      usage(stderr);
      return 1;
    }
  }
  if (dir.empty()) {
    usage(stderr);
    return 1;
  }
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  if (!now_s.empty()) {
    auto t = tuf::parse_time(now_s);
    now = t ? *t : std::atoll(now_s.c_str());
  }
  std::error_code ec;
  std::vector<std::string> repos;
  if (fs::is_directory(dir + "/metadata", ec)) {
    repos.push_back(dir);
  } else {
    std::string base =
        fs::is_directory(dir + "/gongkai-update", ec) ? dir + "/gongkai-update" : dir;
    for (const auto& e : fs::directory_iterator(base, ec)) {
      std::string name = e.path().filename().string();
      // symlink_status: a region directory that is a symlink on a stick is not followed.
      if (!is_region_code(name) || !fs::is_directory(e.symlink_status())) continue;
      if (!region.empty() && name != region) continue;
      repos.push_back(base + "/" + name);
    }
  }
  if (repos.empty()) {
    std::fprintf(stderr,
                 "error: no repository in %s (expected metadata/ or gongkai-update/<区划代码>/)"
                 " / 未找到更新源\n",
                 dir.c_str());
    return 3;
  }
  int worst = 0;
  for (const auto& r : repos) worst = std::max(worst, verify_repo(r, trust, now));
  return worst;
}

// Value of --NAME in args ("" if absent), removing it so the apply parser does not see it.
std::string take_flag(std::vector<std::string>& args, const std::string& name) {
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--" + name) {
      std::string v = args[i + 1];
      args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
      return v;
    }
  }
  return {};
}

std::string flag_value(const std::vector<std::string>& args, const std::string& name) {
  for (size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "--" + name) return args[i + 1];
  return {};
}

// once: URL sources go through an HttpMirror whose resume files and validators live in
// DATA/http, so an interrupted download resumes on the next run (docs/fetch.md).
int cmd_once(std::vector<std::string> args) {
  fetch::HttpConfig http;
  http.ca_file = take_flag(args, "ca-file");
  http.proxy = take_flag(args, "proxy");
  const std::string data = flag_value(args, "data");
  auto remote = [&](const std::string& url) -> Result<std::unique_ptr<tuf::Mirror>> {
    fetch::HttpConfig c = http;
    c.base_url = url;
    if (!data.empty()) c.state_dir = data + "/http";
    return fetch::make_http_mirror(c);
  };
  return apply::sync_cmd_once(args, remote,
                              [](tuf::Mirror& m) { fetch::forget_http_validators(m); });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "help") {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 1 : 0;
  }
  std::string cmd = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (cmd == "verify") return cmd_verify(args);
  if (cmd == "once") return cmd_once(args);
  if (cmd == "import") return apply::sync_cmd_import(args);
  if (cmd == "status") return apply::sync_cmd_status(args);
  std::fprintf(stderr, "unknown command '%s' / 未知命令\n\n", cmd.c_str());
  usage(stderr);
  return 1;
}
