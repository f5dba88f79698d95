// fsutil.h — the few file operations trust and feed code needs, each with its safety property.
//
//  - read_file_capped: reads a whole file refusing more than a cap (never allocates past it).
//  - write_file_atomic: tmp file in the same directory → write → fsync → rename → fsync(dir), so
//    after a crash the name holds the old bytes or the new ones, never a torn mix (the same
//    recipe as SQLite's journal commit). Mode 0644 unless given.
//  - open_regular_nofollow: opens a path below a directory fd one component at a time with
//    O_NOFOLLOW, refusing symlinks at every level, '..', empty components and non-regular files
//    (FIFOs are opened O_NONBLOCK so they cannot hang us before fstat rejects them).
#pragma once

#include <string>
#include <string_view>

#include "gongkai/result.h"

namespace gongkai::tuf {

class Fd {  // RAII for a POSIX file descriptor
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd();
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

Result<std::string> read_file_capped(const std::string& path, size_t max_bytes);
// durable=false skips both fsyncs (the rename is still atomic): for writing many files that one
// sync_filesystem() then flushes together before the file that publishes them.
Status write_file_atomic(const std::string& path, std::string_view bytes, unsigned mode = 0644,
                         bool durable = true);
// syncfs(2) on the filesystem holding dir: every write before it is on disk after it.
Status sync_filesystem(const std::string& dir);
Status fsync_dir(const std::string& dir);
Status make_dirs(const std::string& path);  // mkdir -p, 0755

// Error codes: "mirror.not_found" (ENOENT anywhere on the path), "mirror.unsafe_path",
// "mirror.not_regular" (symlink, FIFO, device, directory), "mirror.io".
Result<Fd> open_regular_nofollow(int dirfd, std::string_view rel_path);

// Reads at most max_bytes from fd; "mirror.too_large" when the file holds more.
Result<std::string> read_fd_capped(int fd, size_t max_bytes);

}  // namespace gongkai::tuf
