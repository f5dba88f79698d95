// generation.h — from verified target files to a new content generation file (issue #5 "Apply").
//
// ObjectCache: DATA/objects/<sha256>, the exact bytes of each target file as verified, named by
// their signed sha256. Writes go to objects/.part-<sha256> → write → fsync → rename; the
// directory is fsynced once per cycle (sync_dir) before anything refers to the objects. Every
// read re-checks length and sha256 against the signed entry; a file that fails is deleted and
// counts as missing (a bit flip on the kiosk's flash is repaired by the next download).
//
// build_generation: objects → staging/gen-<v>.db through the Store write API (store.h) in one
// transaction, then journal_mode=DELETE (one self-contained file the UI opens read-only), PRAGMA
// integrity_check, fsync(file), rename into generations/, fsync(generations/) and fsync(staging/).
// Record order follows the store's foreign keys: regions (parents first) → domains → catalog
// shards → attachments (their MIME type from the notices that cite them) → notices.
//
// Invariants:
//  1. A name objects/<sha> holds bytes whose sha256 is <sha> or is absent (rename after fsync).
//  2. A name generations/gen-<v>.db appears only after the file passed integrity_check and was
//     fsynced; a crash before leaves only staging/ debris, which recovery deletes.
//  3. Nothing here touches the state DB: activating a generation is the caller's flip.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "gongkai/result.h"
#include "tuf/metadata.h"

namespace gongkai::apply {

// Fault injection (STYLE habit 6): called at each I/O point with its name; true = fail there.
using FaultHook = std::function<bool(std::string_view point)>;
Status io_point(const FaultHook& hook, std::string_view point);

struct TargetRef {
  std::string path;  // county/<code>/<name>
  tuf::TargetFile info;
};

class ObjectCache {
 public:
  ObjectCache(std::string dir, FaultHook fault) : dir_(std::move(dir)), fault_(std::move(fault)) {}
  const std::string& dir() const { return dir_; }
  bool has_file(const std::string& sha) const;
  // The verified bytes, or nullopt when absent or damaged (a damaged file is removed).
  Result<std::optional<std::string>> get(const tuf::TargetFile& info) const;
  Status put(const std::string& sha, std::string_view bytes);  // invariant 1
  Status sync_dir();
  Status remove_partials();
  // Deletes every object not in keep; returns how many.
  Result<int> collect(const std::set<std::string>& keep);
  Result<uint64_t> bytes_used() const;

 private:
  std::string dir_;
  FaultHook fault_;
};

struct BuildSummary {
  int regions = 0, domains = 0, items = 0, notices = 0, attachments = 0;
};

// Writes staging_dir/<file> and renames it to gen_dir/<file> (invariant 2).
Result<BuildSummary> build_generation(const ObjectCache& objects,
                                      const std::vector<TargetRef>& targets,
                                      const std::string& staging_dir, const std::string& gen_dir,
                                      const std::string& file, const std::string& source,
                                      int64_t created_at, const FaultHook& fault);

// fsync of a regular file by path.
Status fsync_file(const std::string& path);

}  // namespace gongkai::apply
