// commands.cpp — gongkai-sync once / import / status over SyncEngine; usage and exit codes in
// commands.h. Messages are English / 中文 (STYLE); the USB banner is Chinese only (staff-facing).
#include "apply/commands.h"

#include <cstdio>
#include <map>

#include "apply/engine.h"
#include "gongkai/content.h"

namespace gongkai::apply {

namespace {

struct Opts {
  std::map<std::string, std::string> named;
  std::vector<std::string> positional;
};

bool parse(const std::vector<std::string>& args, Opts& o) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) == 0) {
      if (i + 1 >= args.size()) return false;
      o.named[a.substr(2)] = args[++i];
    } else {
      o.positional.push_back(a);
    }
  }
  return true;
}

std::string opt(const Opts& o, const char* k) {
  auto it = o.named.find(k);
  return it == o.named.end() ? std::string() : it->second;
}

int fail(const Error& e) {
  std::fprintf(stderr, "gongkai-sync: %s: %s\n", e.code.c_str(), e.message.c_str());
  return exit_code_for(e);
}

Result<std::unique_ptr<SyncEngine>> engine_from(const Opts& o) {
  SyncConfig cfg;
  cfg.data_dir = opt(o, "data");
  cfg.region = opt(o, "region");
  if (std::string root = opt(o, "root"); !root.empty()) {
    auto bytes = tuf::read_file_capped(root, tuf::kMaxRootBytes);
    if (!bytes) return bytes.error();
    cfg.bootstrap_root = std::move(*bytes);
  }
  return SyncEngine::open(std::move(cfg));
}

void print_cycle(const CycleResult& r) {
  switch (r.outcome) {
    case CycleResult::Outcome::Applied:
      std::printf(
          "applied generation %lld (%d object(s) downloaded, %lld bytes; %d reused; "
          "items +%d −%d, notices +%d −%d) / 已更新到内容版本 %lld\n",
          static_cast<long long>(r.generation), r.objects_downloaded,
          static_cast<long long>(r.bytes_downloaded), r.objects_reused, r.changes.items_added,
          r.changes.items_removed, r.changes.notices_added, r.changes.notices_removed,
          static_cast<long long>(r.generation));
      break;
    case CycleResult::Outcome::UpToDate:
      std::printf("up to date at generation %lld / 已是最新（内容版本 %lld）\n",
                  static_cast<long long>(r.generation), static_cast<long long>(r.generation));
      break;
    case CycleResult::Outcome::Skipped:
      std::printf("skipped: not newer than generation %lld / 未更新：不比本机内容新\n",
                  static_cast<long long>(r.generation));
      break;
  }
}

}  // namespace

int exit_code_for(const Error& e) {
  const std::string& c = e.code;
  auto starts = [&](const char* p) { return c.rfind(p, 0) == 0; };
  if (starts("apply.config") || starts("usage")) return 1;
  if (c == "mirror.not_found" || c == "mirror.io" || starts("usb.") || starts("fetch.")) return 4;
  // json.*: the source's metadata does not even parse (a truncated timestamp.json on a stick):
  // refused like any other bad file from the source, not a local failure.
  if (starts("tuf.") || starts("feed.") || starts("mirror.") || starts("json.")) return 2;
  return 3;
}

int sync_cmd_once(const std::vector<std::string>& args) { return sync_cmd_once(args, {}); }

int sync_cmd_once(const std::vector<std::string>& args, const RemoteMirrorFactory& remote,
                  const std::function<void(tuf::Mirror&)>& after_failure) {
  Opts o;
  if (!parse(args, o) || o.positional.size() != 1 || opt(o, "data").empty() ||
      opt(o, "region").empty()) {
    std::fprintf(stderr,
                 "usage: gongkai-sync once --data DIR --region CODE [--root 1.root.json] "
                 "SOURCE (a directory, file://…, or a URL when HTTP is built in) / 立即同步一次\n");
    return 1;
  }
  std::string src = o.positional[0];
  std::unique_ptr<tuf::Mirror> mirror;
  if (src.rfind("file://", 0) == 0) src = src.substr(7);
  if (src.find("://") != std::string::npos) {
    if (!remote) {
      return fail(Error{"apply.config",
                        "only directories and file:// sources here; HTTP comes "
                        "from the fetch module / 此处仅支持目录或 file:// 来源"});
    }
    auto m = remote(src);
    if (!m) return fail(m.error());
    mirror = std::move(*m);
  } else {
    auto m = tuf::DirMirror::open(src);
    if (!m) return fail(m.error());
    mirror = std::move(*m);
  }
  auto e = engine_from(o);
  if (!e) return fail(e.error());
  auto r = (*e)->run_cycle(*mirror);
  if (!r) {
    if (after_failure) after_failure(*mirror);
    return fail(r.error());
  }
  print_cycle(*r);
  return 0;
}

int sync_cmd_import(const std::vector<std::string>& args) {
  Opts o;
  if (!parse(args, o) || o.positional.size() != 1 || opt(o, "data").empty() ||
      opt(o, "region").empty()) {
    std::fprintf(stderr,
                 "usage: gongkai-sync import --data DIR --region CODE [--root 1.root.json] "
                 "STICK / 从U盘导入\n");
    return 1;
  }
  auto e = engine_from(o);
  if (!e) return fail(e.error());
  UsbResult r = (*e)->import_usb(o.positional[0]);
  std::printf("%s\n", r.banner.c_str());
  if (!r.report_file.empty()) std::printf("report / 报告: %s\n", r.report_file.c_str());
  if (r.error) return fail(*r.error);
  print_cycle(r.cycle);
  return 0;
}

namespace {
// "2026-11-24 02:55:41 (北京时间)": staff read China time, not Unix seconds.
std::string china_time_text(int64_t t) { return format_china_time(t, "%Y-%m-%d %H:%M:%S (北京时间)"); }

std::string mib(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}
}  // namespace

int sync_cmd_status(const std::vector<std::string>& args) {
  Opts o;
  if (!parse(args, o) || !o.positional.empty() || opt(o, "data").empty()) {
    std::fprintf(stderr, "usage: gongkai-sync status --data DIR / 查看同步状态\n");
    return 1;
  }
  auto s = peek_status(opt(o, "data"), real_clock());
  if (!s) return fail(s.error());
  auto num = [](const std::optional<int64_t>& v) {
    return v ? std::to_string(*v) : std::string("none / 无");
  };
  auto when = [](const std::optional<int64_t>& v) {
    return v ? china_time_text(*v) : std::string("never / 从未");
  };
  std::printf("generation / 内容版本: %s%s\n", num(s->generation).c_str(),
              s->generation ? "" : " (bundled demo content / 使用内置演示内容)");
  std::printf("previous generation / 上一版本: %s\n", num(s->previous_generation).c_str());
  std::printf("last sync / 上次同步: %s\n", when(s->last_sync).c_str());
  std::printf("last signed issue time / 最近签发时间: %s\n", when(s->last_issued).c_str());
  std::printf("trusted time / 可信时间: %s (floor / 下限 %s)\n",
              china_time_text(s->trusted_now).c_str(), china_time_text(s->time_floor).c_str());
  std::printf("stale / 内容过期: %s\n",
              s->stale ? "yes / 是（超过48小时未收到新签发）" : "no / 否");
  std::printf("last error / 最近错误: %s\n", s->last_error.empty() ? "-" : s->last_error.c_str());
  std::printf("last USB import / 最近U盘导入: %s\n",
              s->last_usb.empty() ? "-" : s->last_usb.c_str());
  std::printf("storage / 存储: %s used, %s free / 已用 %s，可用 %s\n",
              mib(s->storage_bytes).c_str(), mib(s->free_bytes).c_str(),
              mib(s->storage_bytes).c_str(), mib(s->free_bytes).c_str());
  return s->stale ? 5 : 0;
}

}  // namespace gongkai::apply
