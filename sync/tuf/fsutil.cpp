// fsutil.cpp — see fsutil.h.
#include "tuf/fsutil.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace gongkai::tuf {

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

Fd& Fd::operator=(Fd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.fd_;
    o.fd_ = -1;
  }
  return *this;
}

namespace {

Error io_error(const std::string& what, const std::string& path) {
  return Error{"fs.io", what + " " + path + ": " + std::strerror(errno) + " / 文件读写失败"};
}

std::string dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

Result<std::string> read_fd_capped(int fd, size_t max_bytes) {
  std::string out;
  char buf[65536];
  for (;;) {
    // Ask for at most one byte past the cap: enough to know the file is too large.
    size_t want = std::min(sizeof buf, max_bytes + 1 - out.size());
    ssize_t n = ::read(fd, buf, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error{"mirror.io",
                   std::string("read failed: ") + std::strerror(errno) + " / 读取失败"};
    }
    if (n == 0) return out;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_bytes) {
      return Error{"mirror.too_large", "file exceeds its cap of " + std::to_string(max_bytes) +
                                           " bytes / 文件超过大小上限"};
    }
  }
}

Result<std::string> read_file_capped(const std::string& path, size_t max_bytes) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  if (!fd.valid()) {
    if (errno == ENOENT) return Error{"mirror.not_found", "no such file " + path + " / 文件不存在"};
    return io_error("cannot open", path);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return Error{"mirror.not_regular", path + " is not a regular file / 不是普通文件"};
  }
  auto r = read_fd_capped(fd.get(), max_bytes);
  if (!r) return Error{r.error().code, path + ": " + r.error().message};
  return r;
}

Status fsync_dir(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid() || ::fsync(fd.get()) != 0) return io_error("cannot fsync directory", dir);
  return ok_status();
}

Status sync_filesystem(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid() || ::syncfs(fd.get()) != 0) return io_error("cannot sync filesystem of", dir);
  return ok_status();
}

Status write_file_atomic(const std::string& path, std::string_view bytes, unsigned mode,
                         bool durable) {
  std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  {
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode));
    if (!fd.valid()) return io_error("cannot create", tmp);
    ::fchmod(fd.get(), mode);  // the umask must not widen nor narrow what we asked for
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        auto e = io_error("cannot write", tmp);
        ::unlink(tmp.c_str());
        return e;
      }
      done += static_cast<size_t>(n);
    }
    if (durable && ::fsync(fd.get()) != 0) {
      auto e = io_error("cannot fsync", tmp);
      ::unlink(tmp.c_str());
      return e;
    }
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    auto e = io_error("cannot rename to", path);
    ::unlink(tmp.c_str());
    return e;
  }
  return durable ? fsync_dir(dir_of(path)) : ok_status();
}

Status make_dirs(const std::string& path) {
  std::string cur;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string::npos) next = path.size();
    cur = path.substr(0, next);
    if (!cur.empty() && ::mkdir(cur.c_str(), 0755) != 0 && errno != EEXIST) {
      return io_error("cannot create directory", cur);
    }
    pos = next + 1;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Error{"fs.io", path + " is not a directory / 不是目录"};
  }
  return ok_status();
}

Result<Fd> open_regular_nofollow(int dirfd, std::string_view rel_path) {
  std::vector<std::string> parts;
  size_t pos = 0;
  while (pos <= rel_path.size()) {
    size_t next = rel_path.find('/', pos);
    if (next == std::string_view::npos) next = rel_path.size();
    parts.emplace_back(rel_path.substr(pos, next - pos));
    pos = next + 1;
  }
  for (const auto& p : parts) {
    if (p.empty() || p == "." || p == "..") {
      return Error{"mirror.unsafe_path",
                   "unsafe path '" + std::string(rel_path) + "' / 路径不安全"};
    }
  }
  Fd cur;  // invalid = dirfd itself
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    int base = cur.valid() ? cur.get() : dirfd;
    Fd next(::openat(base, parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!next.valid()) {
      if (errno == ENOENT) {
        return Error{"mirror.not_found", "not found: " + std::string(rel_path) + " / 文件不存在"};
      }
      return Error{"mirror.not_regular", "'" + parts[i] + "' in " + std::string(rel_path) +
                                             " is not a plain directory / 不是普通目录"};
    }
    cur = std::move(next);
  }
  int base = cur.valid() ? cur.get() : dirfd;
  Fd fd(::openat(base, parts.back().c_str(),
                 O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (!fd.valid()) {
    if (errno == ENOENT) {
      return Error{"mirror.not_found", "not found: " + std::string(rel_path) + " / 文件不存在"};
    }
    if (errno == ELOOP) {
      return Error{"mirror.not_regular",
                   std::string(rel_path) + " is a symbolic link / 是符号链接，已拒绝"};
    }
    return Error{"mirror.io", "cannot open " + std::string(rel_path) + ": " + std::strerror(errno) +
                                  " / 无法打开"};
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return Error{"mirror.not_regular",
                 std::string(rel_path) + " is not a regular file / 不是普通文件，已拒绝"};
  }
  // Reads must block normally from here on (O_NONBLOCK only protected the open of a FIFO).
  int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags >= 0) ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

}  // namespace gongkai::tuf
