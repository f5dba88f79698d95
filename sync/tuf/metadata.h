// metadata.h — the TUF 1.0 metadata model (spec §4) for root, timestamp, snapshot and targets
// (with delegations), its JSON form, signing and threshold verification.
//
// Input → output: a signed envelope {"signed":{…},"signatures":[{"keyid","sig"}…]} (bytes) →
// Envelope (the "signed" value, its canonical bytes, the signatures) → after verify_threshold()
// succeeds, a typed Root/Timestamp/Snapshot/Targets via from_json(). Callers must verify before
// they interpret (TUF spec §5: "verify before parsing"): parse_envelope() looks at nothing but
// the envelope's shape.
//
// Our two extensions are extra fields inside "signed", which TUF readers (python-tuf, tuf-js)
// keep as unrecognized fields and otherwise ignore (docs/format.md §3):
//   root      "x-gongkai-signature-schemes": ["ed25519"]  the pinned signature-scheme allow-list;
//             a key whose scheme is not in it never counts toward any threshold (DESIGN §5).
//   any role  "x-gongkai-issued": "2026-11-23T10:00:00Z"    when it was signed, for staleness.
//
// Invariants:
//  1. A signature counts once per key ID, only for a key ID the role lists, only with a key of
//     keytype ed25519 whose scheme is in the trusted root's allow-list (TUF spec §5.3.4 note on
//     duplicate key IDs).
//  2. Every string used as a JSON key in metadata we write is printable ASCII (json.h).
//  3. Target paths are relative, '/'-separated, ASCII, with no empty, '.' or '..' component;
//     role names match [A-Za-z0-9][A-Za-z0-9._-]* (they become file names).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gongkai/result.h"
#include "tuf/json.h"
#include "tuf/keys.h"

namespace gongkai::tuf {

inline constexpr const char* kSpecVersion = "1.0.31";
inline constexpr const char* kSchemesField = "x-gongkai-signature-schemes";
inline constexpr const char* kIssuedField = "x-gongkai-issued";

// --- time: TUF's "expires" form, always UTC with a Z ---------------------------------------
std::string format_time(int64_t unix_seconds);            // 2026-11-30T10:00:00Z
std::optional<int64_t> parse_time(const std::string& s);  // strict: exactly that form

bool valid_role_name(const std::string& name);
bool valid_target_path(const std::string& path);

// --- pieces ------------------------------------------------------------------------------------
struct RoleKeys {
  std::vector<std::string> keyids;
  int threshold = 1;
};

struct MetaFile {  // snapshot/timestamp "meta" entry
  int64_t version = 0;
  std::optional<int64_t> length;  // a byte cap for the download when present
  std::string sha256;             // lowercase hex; empty when absent
  bool operator==(const MetaFile&) const = default;
};

struct TargetFile {
  int64_t length = 0;
  std::string sha256;  // lowercase hex
  Json custom;         // null when absent; ours: {"gongkai":{…}} (docs/format.md)
  bool operator==(const TargetFile& o) const {
    return length == o.length && sha256 == o.sha256 && custom == o.custom;
  }
};

struct DelegatedRole {
  std::string name;
  RoleKeys keys;
  std::vector<std::string> paths;          // exactly one of paths / hash_prefixes is used
  std::vector<std::string> hash_prefixes;  // path_hash_prefixes (hex prefixes of sha256(path))
  bool terminating = false;
  // TUF spec §4.5: does this delegation cover target `path`? Patterns match segment by segment
  // ('*' never crosses '/'), as tuf-js and python-tuf do.
  bool covers(const std::string& path) const;
};

struct Delegations {
  std::map<std::string, Key> keys;
  std::vector<DelegatedRole> roles;  // in priority order
};

struct Common {
  int64_t version = 0;
  int64_t expires = 0;
  std::optional<int64_t> issued;  // x-gongkai-issued
};

struct Root : Common {
  bool consistent_snapshot = true;
  std::map<std::string, Key> keys;
  std::map<std::string, RoleKeys> roles;  // root, targets, snapshot, timestamp
  std::vector<std::string> schemes;       // pinned allow-list; ["ed25519"] when absent
  Json to_json() const;
  static Result<Root> from_json(const Json& signed_part);
};

struct Timestamp : Common {
  MetaFile snapshot;  // meta["snapshot.json"]
  Json to_json() const;
  static Result<Timestamp> from_json(const Json& signed_part);
};

struct Snapshot : Common {
  std::map<std::string, MetaFile> meta;  // "targets.json", "<role>.json"
  Json to_json() const;
  static Result<Snapshot> from_json(const Json& signed_part);
};

struct Targets : Common {
  std::map<std::string, TargetFile> targets;
  std::optional<Delegations> delegations;
  Json to_json() const;
  static Result<Targets> from_json(const Json& signed_part);
};

// --- envelopes -------------------------------------------------------------------------------
struct Signature {
  std::string keyid;
  std::string sig;  // hex
};

struct Envelope {
  Json signed_part;
  std::string canonical;  // encode_canonical(signed_part): the signed bytes
  std::vector<Signature> signatures;
  std::string type() const;  // signed._type or ""
};

// Parses the outer shape only (size cap first). Error codes "tuf.malformed" or json.*.
Result<Envelope> parse_envelope(std::string_view bytes, size_t max_bytes);

// TUF spec §5.3.4 / §5.4.2 …: at least `role.threshold` distinct listed key IDs with a valid
// signature. Error "tuf.threshold" with the count reached.
Status verify_threshold(const Envelope& env, const std::map<std::string, Key>& keys,
                        const RoleKeys& role, const std::vector<std::string>& allowed_schemes,
                        const std::string& what);

// Signs `signed_part` with each key; returns the file bytes (canonical JSON of the envelope,
// newline-terminated). Error when the value has no canonical form.
Result<std::string> sign_metadata(const Json& signed_part,
                                  const std::vector<const PrivateKey*>& keys);

}  // namespace gongkai::tuf
