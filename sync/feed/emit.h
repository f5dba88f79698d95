// emit.h — the publisher side of the feed (issue #5, DESIGN §5): a content store + keys → a
// static TUF repository any web server can serve, and a copy of it for a USB stick.
//
// Keys directory (KEYS, see docs/operator.md):
//   KEYS/root/N.root.json        root history, from `root init` / `root rotate`
//   KEYS/targets.json            signed top-level targets (delegations only), from `delegate`
//   KEYS/snapshot.key, KEYS/timestamp.key   online keys
//   KEYS/county-<code>.key       the county's key (signs county/<code>/ content)
//   KEYS/province-<code>.key     the province's key (signs province/ and city/ content)
//   At least one of the last two; a run signs the parts whose keys it has (below).
// Repository (FEEDDIR, docs/format.md §4), one county's feed:
//   metadata/N.root.json  metadata/timestamp.json  metadata/<v>.snapshot.json
//   metadata/<v>.targets.json  metadata/<v>.county-<code>.json
//   metadata/<v>.county-<code>-bin-<x>.json targets/county/<code>/<sha256>.<name>
//   metadata/<v>.province-<p>.json  metadata/<v>.province-<p>-bin-<x>.json
//   targets/province/<p>/<sha256>.<name>  targets/city/<c>/<sha256>.<name>
//   .gongkai-superseded.tsv   when each no-longer-referenced file was first seen unreferenced
//   .gongkai-emit.lock        flock'ed for the whole run: one emit-feed per repository at a time
// The county role carries the county's subtree (county, 乡镇, 村); the province role carries the
// content of the regions above the county on its path: the province's own and its city's (or
// 省直辖 grouping code's) — never another city's, which no kiosk of this county shows. When the
// province is not delegated or KEYS holds no province key, that content is left out with a
// warning (EmitSummary::warnings) and province roles published earlier stay listed; likewise
// a run without the county key (the province's own run over the county's repository) keeps the
// county roles published earlier. So the province key need never be on the county's machine.
//
// Emit order (a reader never sees a name before the files it references exist): root copies →
// targets → county bin roles → county role → province bin roles → province role → top-level
// targets → snapshot → timestamp.json (atomic rename, last) → garbage collection of files
// superseded ≥ 14 days.
// Invariants:
//  1. Versions only go up: each role's next version is 1 + the highest version of it found in
//     metadata/ (so even a crashed, unpublished attempt is never reused with other content).
//  2. Unchanged content keeps its target file (matched by the payload's sha256) and unchanged
//     roles keep their version; one changed item changes one catalog shard, one bin role, the
//     snapshot and the timestamp.
//  3. Files referenced by the newest timestamp are never deleted (the target files of a role
//     carried over from the previous snapshot included).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gongkai/result.h"

namespace gongkai::feed {

inline constexpr int64_t kDay = 86400;
inline constexpr int64_t kTimestampLifetime = 7 * kDay;  // DESIGN §5
inline constexpr int64_t kSnapshotLifetime = 90 * kDay;
inline constexpr int64_t kRoleLifetime = 365 * kDay;   // county role and bins
inline constexpr int64_t kRenewBefore = 30 * kDay;     // re-sign a role this close to expiry
inline constexpr int64_t kKeepSuperseded = 14 * kDay;  // issue #5
inline constexpr int kTufBins = 16;                    // delegated bin roles per county

struct EmitOptions {
  std::string db;        // content store
  std::string keys_dir;  // KEYS
  std::string out_dir;   // FEEDDIR
  std::string region;    // county code; "" = the only county delegated in KEYS/targets.json
  int64_t now = 0;       // signing time (Unix seconds)
};

struct EmitSummary {
  std::string region;
  std::string province;               // province role signed this time; "" = none
  std::vector<std::string> warnings;  // content not published, and why ("English / 中文")
  int64_t timestamp_version = 0, snapshot_version = 0;
  int targets_total = 0, targets_written = 0;
  int roles_written = 0;  // delegated role files newly signed
  int files_removed = 0;  // superseded ≥ 14 days
};

Result<EmitSummary> emit_feed(const EmitOptions& opt);

// Copies the current repository state (not superseded files) to
// OUT/gongkai-update/<region>/{metadata,targets}/… and creates OUT/gongkai-update/report/.
// Returns the region code.
Result<std::string> make_usb(const std::string& feed_dir, const std::string& out_dir);

// The role names we use (valid TUF role names without '/', DESIGN §5).
std::string county_role(const std::string& code);        // county-340123000000
std::string province_role(const std::string& code);      // province-340000000000
std::string role_bin(const std::string& role, int bin);  // <role>-bin-3
std::string bin_role(const std::string& code, int bin);  // county-340123000000-bin-3
std::string province_of(const std::string& code);        // 341799000000 → 340000000000
// The paths a province role may sign (docs/format.md §3): province/<code>/* and
// city/<2 digits>??00000000/* — its own and its cities' content, no county's, no other
// province's.
std::vector<std::string> province_paths(const std::string& province);
// Whether a record (item, notice) of publishing region `region` may be carried by target `path`
// (<level>/<code>/<name>): the folder's own region, or, in a county folder, a region below the
// county (乡镇, 村) — exactly what emit-feed puts there. The delegation checks only the path,
// so a kiosk checks this too: otherwise a county key could sign an item "of the province" (or
// one with a province item's uid, replacing it) inside its own folder.
bool region_fits_target(const std::string& path, const std::string& region);

}  // namespace gongkai::feed
