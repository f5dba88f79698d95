// usb.cpp — USB import (issue #5, DESIGN §5 "USB = another untrusted mirror"): find
// gongkai-update/<code>/ for the kiosk's region or an ancestor on a mounted stick, run the same
// cycle as over HTTP through a DirMirror (O_NOFOLLOW at every component, regular files only,
// reads bounded by the signed length — mirror.h), and write the result back to the stick.
//
// Input → output: a mount point → a UsbResult (banner in Chinese, report file on the stick).
// Invariants:
//  1. The stick is read only through DirMirror; what is applied is the internal copy in
//     objects/ (generation.h), so a stick answering differently on a second read changes nothing.
//  2. A stick pulled out mid-import fails the cycle before the flip: the kiosk stays on its
//     previous generation (engine.h invariant 2).
//  3. The report is written with O_NOFOLLOW at every component and O_EXCL, so a symlink planted
//     as gongkai-update/report cannot redirect our write into the kiosk's own files.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>

#include "apply/engine.h"
#include "gongkai/content.h"

namespace gongkai::apply {

namespace fs = std::filesystem;

namespace {

bool is_real_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(fs::symlink_status(p, ec));
}

// The Chinese half of an "English / 中文" message.
std::string zh_of(const std::string& message) {
  auto p = message.rfind(" / ");
  return p == std::string::npos ? message : message.substr(p + 3);
}

std::string format_time(int64_t t) { return format_china_time(t, "%Y%m%d-%H%M%S"); }  // 北京时间

// Invariant 3. Returns the file name written, or "" when the stick refused it.
std::string write_report(const std::string& stick_update_dir, const std::string& name,
                         const std::string& text) {
  tuf::Fd dir(::open(stick_update_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid()) return "";
  ::mkdirat(dir.get(), "report", 0755);
  tuf::Fd rep(::openat(dir.get(), "report", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!rep.valid()) return "";
  tuf::Fd f(::openat(rep.get(), name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                     0644));
  if (!f.valid()) return "";
  size_t off = 0;
  while (off < text.size()) {
    ssize_t n = ::write(f.get(), text.data() + off, text.size() - off);
    if (n <= 0) return "";
    off += static_cast<size_t>(n);
  }
  ::fsync(f.get());  // staff pull the stick as soon as the banner shows
  return stick_update_dir + "/report/" + name;
}

}  // namespace

std::string usb_banner(const Result<CycleResult>& r) {
  if (!r) return "U盘更新未执行：" + zh_of(r.error().message) + "。本机继续显示原有内容。";
  const CycleResult& c = *r;
  if (c.outcome != CycleResult::Outcome::Applied) {
    return "U盘中的内容不比本机新，未作更改（本机内容版本 " + std::to_string(c.generation) + "）。";
  }
  const ContentChanges& d = c.changes;
  return "U盘更新完成：公开事项新增 " + std::to_string(d.items_added) + " 项、删除 " +
         std::to_string(d.items_removed) + " 项，公告新增 " + std::to_string(d.notices_added) +
         " 条、删除 " + std::to_string(d.notices_removed) + " 条（内容版本 " +
         std::to_string(c.generation) + "）。";
}

std::vector<std::string> SyncEngine::find_usb() const {
  std::vector<std::string> out;
  std::error_code ec;
  auto consider = [&](const fs::path& p) {
    if (is_real_dir(p / "gongkai-update")) out.push_back(p.string());
  };
  for (const auto& root : cfg_.usb_roots) {
    // /media/<label> (udisks without user dirs) and /run/media/<user>/<label>.
    for (const auto& e : fs::directory_iterator(root, ec)) {
      if (!is_real_dir(e.path())) continue;
      consider(e.path());
      std::error_code ec2;
      for (const auto& f : fs::directory_iterator(e.path(), ec2)) {
        if (is_real_dir(f.path())) consider(f.path());
      }
    }
  }
  return out;
}

UsbResult SyncEngine::import_usb(const std::string& path) {
  UsbResult out;
  std::string update_dir;                                  // where report/ lives
  for (const auto& code : region_ancestry(cfg_.region)) {  // nearest region first
    fs::path t = fs::path(path) / "gongkai-update" / code;
    if (is_real_dir(t)) {
      out.tree = t.string();
      update_dir = (fs::path(path) / "gongkai-update").string();
      break;
    }
  }
  if (out.tree.empty() && is_real_dir(fs::path(path) / "metadata")) {
    out.tree = path;  // pointed at the tree itself
    update_dir = fs::path(path).parent_path().string();
  }
  Result<CycleResult> r =
      Error{"usb.not_found", "no gongkai-update/<region> for region " + cfg_.region + " on " +
                                 path + " / U盘中没有本机所属区划的更新包"};
  if (!out.tree.empty()) {
    auto m = tuf::DirMirror::open(out.tree);
    if (!m) {
      r = m.error();
    } else {
      r = cycle(**m, true);
    }
  }
  out.banner = usb_banner(r);
  if (r) {
    out.cycle = *r;
  } else {
    out.error = r.error();
  }
  (void)state_.set_usb_result(out.banner);
  if (!update_dir.empty()) {
    std::string text =
        "gongkai kiosk import report / 终端导入报告\n"
        "region / 区划: " +
        cfg_.region +
        "\n"
        "time / 时间 (trusted, UTC+8): " +
        format_time(clock_.now()) +
        "\n"
        "result / 结果: " +
        out.banner + "\n";
    if (out.error) text += "error / 错误: " + out.error->code + ": " + out.error->message + "\n";
    if (r) {
      text += "generation / 内容版本: " + std::to_string(r->generation) + "\n" +
              "objects copied / 复制文件: " + std::to_string(r->objects_downloaded) + " (" +
              std::to_string(r->bytes_downloaded) + " bytes)\n";
    }
    out.report_file = write_report(
        update_dir,
        cfg_.region + "-" + format_time(clock_.now()) + "-" + std::to_string(::getpid()) + ".txt",
        text);
  }
  return out;
}

}  // namespace gongkai::apply
