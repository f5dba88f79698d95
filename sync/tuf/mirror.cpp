// mirror.cpp — consistent-snapshot target names and the directory mirror; see mirror.h.
#include "tuf/mirror.h"

#include <fcntl.h>

#include <cerrno>
#include <cstring>

namespace gongkai::tuf {

std::string consistent_target_path(const std::string& path, const std::string& sha256) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return sha256 + "." + path;
  return path.substr(0, slash + 1) + sha256 + "." + path.substr(slash + 1);
}

Result<std::unique_ptr<DirMirror>> DirMirror::open(const std::string& root) {
  Fd fd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) {
    // Only "nothing there" is not_found; a stick whose device died answers EIO and must be
    // reported as an I/O error (both are exit 4 in gongkai-sync).
    const bool absent = errno == ENOENT || errno == ENOTDIR;
    return Error{absent ? "mirror.not_found" : "mirror.io",
                 "cannot open repository directory " + root + ": " + std::strerror(errno) +
                     " / 无法打开仓库目录"};
  }
  return std::unique_ptr<DirMirror>(new DirMirror(root, std::move(fd)));
}

Result<std::string> DirMirror::read_metadata(const std::string& name, size_t max_bytes) {
  // Names come from us ("N.root.json", "<v>.<role>.json" with a validated role name), but a
  // mirror does not rely on its caller: the safe open refuses '/' tricks anyway.
  if (name.find('/') != std::string::npos) {
    return Error{"mirror.unsafe_path", "bad metadata name " + name + " / 元数据文件名不安全"};
  }
  auto fd = open_regular_nofollow(dir_.get(), "metadata/" + name);
  if (!fd) return fd.error();
  auto bytes = read_fd_capped(fd->get(), max_bytes);
  if (!bytes) return Error{bytes.error().code, "metadata/" + name + ": " + bytes.error().message};
  return bytes;
}

Result<std::string> DirMirror::read_target(const std::string& path, const TargetFile& info) {
  std::string rel = "targets/" + consistent_target_path(path, info.sha256);
  auto fd = open_regular_nofollow(dir_.get(), rel);
  if (!fd) return fd.error();
  // Read at most the signed length (issue #5: a huge file on a stick costs us nothing more).
  auto bytes = read_fd_capped(fd->get(), static_cast<size_t>(info.length));
  if (!bytes) return Error{bytes.error().code, rel + ": " + bytes.error().message};
  return bytes;
}

}  // namespace gongkai::tuf
