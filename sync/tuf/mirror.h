// mirror.h — where verification reads untrusted bytes from: a directory, a USB stick, HTTP.
//
// A Mirror answers two questions and nothing else, so every transport is interchangeable and the
// verifier (updater.h) never learns which one it talks to (DESIGN §5 "USB = another untrusted
// mirror"):
//   read_metadata(name, cap)   "timestamp.json", "3.root.json", "7.snapshot.json", "4.<role>.json"
//                              → its bytes, refusing more than cap ("mirror.too_large") and
//                              answering "mirror.not_found" when absent (ends the root walk)
//   read_target(path, info)    the consistent-snapshot file of target `path` (TUF spec §5.7.3:
//                              dir/<sha256>.basename), reading at most info.length bytes
// A Mirror is never trusted: the verifier checks lengths, hashes and signatures of whatever it
// returns. Implementations must still bound what they read (a stick can hold a 2 TB file) and
// should return one consistent copy (the verifier only ever uses the copy it was handed).
//
// DirMirror serves a repository directory laid out as the web server does:
//   ROOT/metadata/<name>          ROOT/targets/<dir>/<sha256>.<basename>
// Every open is O_NOFOLLOW at each path component, regular files only (fsutil.h), so symlinks,
// FIFOs and devices planted on a stick are refused, never followed or blocked on.
#pragma once

#include <memory>
#include <string>

#include "gongkai/result.h"
#include "tuf/fsutil.h"
#include "tuf/metadata.h"

namespace gongkai::tuf {

class Mirror {
 public:
  virtual ~Mirror() = default;
  virtual std::string describe() const = 0;  // for messages: "directory /media/…", "https://…"
  virtual Result<std::string> read_metadata(const std::string& name, size_t max_bytes) = 0;
  virtual Result<std::string> read_target(const std::string& path, const TargetFile& info) = 0;
};

// "county/340123000000/catalog-3f.zst" + sha → "county/340123000000/<sha>.catalog-3f.zst".
std::string consistent_target_path(const std::string& path, const std::string& sha256);

class DirMirror final : public Mirror {
 public:
  // Opens ROOT. ROOT itself may be a symlink (the operator or mount point names it); nothing
  // below it is followed. "mirror.not_found" when ROOT does not exist, "mirror.io" when it
  // cannot be opened (a dead stick answers EIO).
  static Result<std::unique_ptr<DirMirror>> open(const std::string& root);
  std::string describe() const override { return "directory " + root_; }
  Result<std::string> read_metadata(const std::string& name, size_t max_bytes) override;
  Result<std::string> read_target(const std::string& path, const TargetFile& info) override;

 private:
  DirMirror(std::string root, Fd fd) : root_(std::move(root)), dir_(std::move(fd)) {}
  std::string root_;
  Fd dir_;
};

}  // namespace gongkai::tuf
