// generation.h — from verified target files to a new content generation file (issue #5 "Apply").
//
// ObjectCache: DATA/objects/<sha256>, the exact bytes of each target file as verified, named by
// their signed sha256. Writes go to objects/.part-<sha256> → write → rename, without fsync: the
// cache is never trusted, every read re-checks length and sha256 against the signed entry, and a
// file that fails (torn by a power cut, or a bit flip on the kiosk's flash) is deleted and counts
// as missing, to be fetched again. Bytes verified during this cycle (read back or just written)
// are also held in memory, up to kHoldBytes, so the build does not read and hash them again. What must survive a power cut is the generation file, which
// is fsynced (build_generation). 558 object fsyncs cost 0.2–2 s of a 20k-item first apply.
//
// build_generation: objects → staging/gen-<v>.db through the Store write API (store.h, Mode::Build)
// in one transaction, then journal_mode=DELETE (one self-contained file the UI opens read-only),
// PRAGMA integrity_check, fsync(file), rename into generations/, fsync(generations/) and
// fsync(staging/). Record order follows the store's foreign keys: regions (parents first) →
// domains → catalog shards → attachments (their MIME type from the notices that cite them) →
// notices. Each item and notice records the target it came from (Store::set_origin) and the
// file lists its targets (Store::set_feed_targets).
// Incremental: given the previous generation (base_file), the new file starts as a copy of it;
// rows from targets that vanished or changed are deleted by origin, and only new or changed
// targets are decoded and applied. The result equals a full build of the same targets (tested).
// When the base lists no targets (built before schema v4), regions or domains changed, or the
// patch fails for any reason other than a disk error, the generation is built in full instead.
//
// Invariants:
//  1. Bytes read from objects/<sha> are used only when their sha256 is <sha> and their length the
//     signed length (checked on every read).
//  2. A name generations/gen-<v>.db appears only after the file passed integrity_check and was
//     fsynced; a crash before leaves only staging/ debris, which recovery deletes.
//  3. Nothing here touches the state DB: activating a generation is the caller's flip.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
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
  Status put(const std::string& sha, std::string_view bytes);
  Status remove_partials();
  // Deletes every object not in keep; returns how many.
  Result<int> collect(const std::set<std::string>& keep);
  Result<uint64_t> bytes_used() const;

 private:
  static constexpr size_t kHoldBytes = 64u << 20;
  void remember(const std::string& sha, std::string_view bytes) const;
  std::string dir_;
  FaultHook fault_;
  mutable std::map<std::string, std::string> held_;  // sha256 → verified bytes, this cycle
  mutable size_t held_bytes_ = 0;
};

struct BuildSummary {
  int regions = 0, domains = 0, items = 0, notices = 0, attachments = 0;  // in the generation
  bool incremental = false;  // patched from base_file rather than built in full
  int targets_applied = 0;   // targets decoded into it (all of them for a full build)
  int targets_removed = 0;   // incremental: base targets whose rows were deleted
};

// Writes staging_dir/<file> and renames it to gen_dir/<file> (invariant 2). base_file: the
// active generation to patch, or "" to build in full.
Result<BuildSummary> build_generation(const ObjectCache& objects,
                                      const std::vector<TargetRef>& targets,
                                      const std::string& base_file, const std::string& staging_dir,
                                      const std::string& gen_dir, const std::string& file,
                                      const std::string& source, int64_t created_at,
                                      const FaultHook& fault);

// PRAGMA user_version of a store file (0 for a file that is not one).
Result<int> store_schema_of(const std::string& path);

// After a software update the UI reads only the current store schema: rewrites the generation
// file `from` (an older schema) as gen_dir/<file> in the current one, with the same steps and
// guarantees as build_generation (copy → migrate → seal → fsync → rename; invariant 2).
Status upgrade_generation(const std::string& from, const std::string& staging_dir,
                          const std::string& gen_dir, const std::string& file,
                          const FaultHook& fault);

// fsync of a regular file by path.
Status fsync_file(const std::string& path);

}  // namespace gongkai::apply
