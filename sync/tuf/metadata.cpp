// metadata.cpp — TUF metadata parse/serialize, signing and threshold checks; see metadata.h.
#include "tuf/metadata.h"

#include <fnmatch.h>
#include <sodium.h>

#include <algorithm>
#include <ctime>
#include <set>

namespace gongkai::tuf {

// ---------------------------------------------------------------------------------------------
// Time, names, paths
// ---------------------------------------------------------------------------------------------
std::string format_time(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<int64_t> parse_time(const std::string& s) {
  // Exactly YYYY-MM-DDTHH:MM:SSZ (TUF spec §4.2 "expires"); anything else is refused.
  if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
      s[16] != ':' || s[19] != 'Z') {
    return std::nullopt;
  }
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = std::stoi(s.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(s.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(s.substr(8, 2));
  tm.tm_hour = std::stoi(s.substr(11, 2));
  tm.tm_min = std::stoi(s.substr(14, 2));
  tm.tm_sec = std::stoi(s.substr(17, 2));
  if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60) {
    return std::nullopt;
  }
  return static_cast<int64_t>(timegm(&tm));
}

bool valid_role_name(const std::string& n) {
  if (n.empty() || n.size() > 128) return false;
  for (size_t i = 0; i < n.size(); ++i) {
    char c = n[i];
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
  }
  return true;
}

bool valid_target_path(const std::string& p) {
  if (p.empty() || p.size() > 512 || p.front() == '/' || p.back() == '/') return false;
  for (char c : p) {
    if (c < 0x21 || c > 0x7e || c == '\\') return false;
  }
  size_t pos = 0;
  while (pos <= p.size()) {
    size_t next = p.find('/', pos);
    if (next == std::string::npos) next = p.size();
    std::string seg = p.substr(pos, next - pos);
    if (seg.empty() || seg == "." || seg == "..") return false;
    pos = next + 1;
  }
  return true;
}

namespace {

std::vector<std::string> split_slash(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t next = s.find('/', pos);
    if (next == std::string::npos) next = s.size();
    out.push_back(s.substr(pos, next - pos));
    pos = next + 1;
  }
  return out;
}

}  // namespace

bool DelegatedRole::covers(const std::string& path) const {
  if (!hash_prefixes.empty()) {
    uint8_t d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(path.data()), path.size());
    std::string h = to_hex(d, sizeof d);
    return std::any_of(hash_prefixes.begin(), hash_prefixes.end(),
                       [&](const std::string& p) { return h.compare(0, p.size(), p) == 0; });
  }
  // TUF spec §4.5 "paths": a pattern matches when it has as many '/'-segments as the path and
  // each segment matches as a shell glob (tuf-js isTargetInPathPattern, python-tuf
  // _is_target_in_pathpattern).
  auto t = split_slash(path);
  for (const auto& pattern : paths) {
    auto p = split_slash(pattern);
    if (p.size() != t.size()) continue;
    bool all = true;
    for (size_t i = 0; i < p.size() && all; ++i) all = fnmatch(p[i].c_str(), t[i].c_str(), 0) == 0;
    if (all) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Field readers: every error names the field, so an operator can find it.
// ---------------------------------------------------------------------------------------------
namespace {

Error malformed(const std::string& what) {
  return Error{"tuf.malformed", "malformed metadata: " + what + " / 元数据格式错误"};
}

bool get_int(const Json& o, const char* k, int64_t& out) {
  if (!o.contains(k)) return false;
  const Json& v = o[k];
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) return false;
    out = static_cast<int64_t>(v.get<uint64_t>());
    return true;
  }
  if (!v.is_number_integer()) return false;
  out = v.get<int64_t>();
  return true;
}

bool get_str(const Json& o, const char* k, std::string& out) {
  if (!o.contains(k) || !o[k].is_string()) return false;
  out = o[k].get<std::string>();
  return true;
}

bool get_str_list(const Json& o, const char* k, std::vector<std::string>& out) {
  if (!o.contains(k) || !o[k].is_array()) return false;
  out.clear();
  for (const auto& e : o[k]) {
    if (!e.is_string()) return false;
    out.push_back(e.get<std::string>());
  }
  return true;
}

Status read_common(const Json& s, const char* type, Common& c) {
  std::string t, spec, expires;
  if (!s.is_object()) return malformed("signed is not an object");
  if (!get_str(s, "_type", t) || t != type) {
    return Error{"tuf.wrong_type",
                 std::string("expected _type ") + type + ", got '" + t + "' / 元数据类型不符"};
  }
  if (!get_str(s, "spec_version", spec) || spec.substr(0, 2) != "1.") {
    return malformed("spec_version must be 1.x");
  }
  if (!get_int(s, "version", c.version) || c.version < 1) return malformed("version");
  auto e = get_str(s, "expires", expires) ? parse_time(expires) : std::nullopt;
  if (!e) return malformed("expires");
  c.expires = *e;
  std::string issued;
  if (get_str(s, kIssuedField, issued)) {
    auto i = parse_time(issued);
    if (!i) return malformed(kIssuedField);
    c.issued = *i;
  }
  return ok_status();
}

Json write_common(const Common& c, const char* type) {
  Json s{{"_type", type},
         {"spec_version", kSpecVersion},
         {"version", c.version},
         {"expires", format_time(c.expires)}};
  if (c.issued) s[kIssuedField] = format_time(*c.issued);
  return s;
}

Result<RoleKeys> read_role_keys(const Json& o, const std::string& what) {
  RoleKeys r;
  int64_t th = 0;
  if (!o.is_object() || !get_str_list(o, "keyids", r.keyids) || !get_int(o, "threshold", th) ||
      th < 1 || th > 1000) {
    return malformed(what + ": keyids/threshold");
  }
  r.threshold = static_cast<int>(th);
  return r;
}

Json write_role_keys(const RoleKeys& r) {
  return Json{{"keyids", r.keyids}, {"threshold", r.threshold}};
}

Result<std::map<std::string, Key>> read_keys(const Json& o) {
  std::map<std::string, Key> keys;
  if (!o.is_object()) return malformed("keys");
  for (const auto& [id, kj] : o.items()) {
    auto k = Key::from_json(kj);
    if (!k) return malformed("key " + id);
    // The key ID is what signatures name; we index by the listed ID (python-tuf and tuf-js do
    // not require it to equal sha256 of the key), but a Key remembers its computed ID.
    keys.emplace(id, std::move(*k));
  }
  return keys;
}

Json write_keys(const std::map<std::string, Key>& keys) {
  Json o = Json::object();
  for (const auto& [id, k] : keys) o[id] = k.to_json();
  return o;
}

Result<MetaFile> read_meta_file(const Json& o, const std::string& what) {
  MetaFile m;
  if (!o.is_object() || !get_int(o, "version", m.version) || m.version < 1) {
    return malformed(what + ": version");
  }
  if (o.contains("length")) {
    int64_t len = 0;
    if (!get_int(o, "length", len) || len < 0) return malformed(what + ": length");
    m.length = len;
  }
  if (o.contains("hashes")) {
    if (!o["hashes"].is_object()) return malformed(what + ": hashes");
    if (o["hashes"].contains("sha256")) {
      if (!get_str(o["hashes"], "sha256", m.sha256) || m.sha256.size() != 64) {
        return malformed(what + ": hashes.sha256");
      }
    }
  }
  return m;
}

Json write_meta_file(const MetaFile& m) {
  Json o{{"version", m.version}};
  if (m.length) o["length"] = *m.length;
  if (!m.sha256.empty()) o["hashes"] = Json{{"sha256", m.sha256}};
  return o;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------------
Json Root::to_json() const {
  Json s = write_common(*this, "root");
  s["consistent_snapshot"] = consistent_snapshot;
  s["keys"] = write_keys(keys);
  Json r = Json::object();
  for (const auto& [name, rk] : roles) r[name] = write_role_keys(rk);
  s["roles"] = r;
  s[kSchemesField] = schemes;
  return s;
}

Result<Root> Root::from_json(const Json& s) {
  Root r;
  if (auto st = read_common(s, "root", r); !st) return st.error();
  if (!s.contains("consistent_snapshot") || !s["consistent_snapshot"].is_boolean()) {
    return malformed("consistent_snapshot");
  }
  r.consistent_snapshot = s["consistent_snapshot"].get<bool>();
  auto keys = read_keys(s.value("keys", Json()));
  if (!keys) return keys.error();
  r.keys = std::move(*keys);
  if (!s.contains("roles") || !s["roles"].is_object()) return malformed("roles");
  for (const char* name : {"root", "targets", "snapshot", "timestamp"}) {
    if (!s["roles"].contains(name)) return malformed(std::string("roles.") + name);
    auto rk = read_role_keys(s["roles"][name], std::string("roles.") + name);
    if (!rk) return rk.error();
    r.roles[name] = *rk;
  }
  if (s.contains(kSchemesField)) {
    if (!get_str_list(s, kSchemesField, r.schemes)) return malformed(kSchemesField);
  } else {
    r.schemes = {kEd25519};  // a root from another tool: the only scheme we implement
  }
  return r;
}

Json Timestamp::to_json() const {
  Json s = write_common(*this, "timestamp");
  s["meta"] = Json{{"snapshot.json", write_meta_file(snapshot)}};
  return s;
}

Result<Timestamp> Timestamp::from_json(const Json& s) {
  Timestamp t;
  if (auto st = read_common(s, "timestamp", t); !st) return st.error();
  if (!s.contains("meta") || !s["meta"].is_object() || !s["meta"].contains("snapshot.json")) {
    return malformed("meta.snapshot.json");
  }
  auto m = read_meta_file(s["meta"]["snapshot.json"], "meta.snapshot.json");
  if (!m) return m.error();
  t.snapshot = *m;
  return t;
}

Json Snapshot::to_json() const {
  Json s = write_common(*this, "snapshot");
  Json m = Json::object();
  for (const auto& [name, f] : meta) m[name] = write_meta_file(f);
  s["meta"] = m;
  return s;
}

Result<Snapshot> Snapshot::from_json(const Json& s) {
  Snapshot sn;
  if (auto st = read_common(s, "snapshot", sn); !st) return st.error();
  if (!s.contains("meta") || !s["meta"].is_object()) return malformed("meta");
  for (const auto& [name, f] : s["meta"].items()) {
    if (name.size() < 6 || name.compare(name.size() - 5, 5, ".json") != 0 ||
        !valid_role_name(name.substr(0, name.size() - 5))) {
      return malformed("meta entry '" + name + "'");
    }
    auto m = read_meta_file(f, "meta." + name);
    if (!m) return m.error();
    sn.meta[name] = *m;
  }
  return sn;
}

Json Targets::to_json() const {
  Json s = write_common(*this, "targets");
  Json t = Json::object();
  for (const auto& [path, f] : targets) {
    Json e{{"length", f.length}, {"hashes", {{"sha256", f.sha256}}}};
    if (!f.custom.is_null()) e["custom"] = f.custom;
    t[path] = e;
  }
  s["targets"] = t;
  if (delegations) {
    Json roles = Json::array();
    for (const auto& d : delegations->roles) {
      Json r = write_role_keys(d.keys);
      r["name"] = d.name;
      r["terminating"] = d.terminating;
      if (!d.hash_prefixes.empty())
        r["path_hash_prefixes"] = d.hash_prefixes;
      else
        r["paths"] = d.paths;
      roles.push_back(r);
    }
    s["delegations"] = Json{{"keys", write_keys(delegations->keys)}, {"roles", roles}};
  }
  return s;
}

Result<Targets> Targets::from_json(const Json& s) {
  Targets t;
  if (auto st = read_common(s, "targets", t); !st) return st.error();
  if (!s.contains("targets") || !s["targets"].is_object()) return malformed("targets");
  for (const auto& [path, e] : s["targets"].items()) {
    if (!valid_target_path(path)) return malformed("target path '" + path + "'");
    TargetFile f;
    if (!e.is_object() || !get_int(e, "length", f.length) || f.length < 0 ||
        !e.contains("hashes") || !e["hashes"].is_object() ||
        !get_str(e["hashes"], "sha256", f.sha256) || f.sha256.size() != 64) {
      return malformed("target '" + path + "' needs length and hashes.sha256");
    }
    if (e.contains("custom")) f.custom = e["custom"];
    t.targets[path] = std::move(f);
  }
  if (s.contains("delegations")) {
    const Json& d = s["delegations"];
    if (!d.is_object() || !d.contains("roles") || !d["roles"].is_array()) {
      return malformed("delegations");
    }
    Delegations dl;
    auto keys = read_keys(d.value("keys", Json::object()));
    if (!keys) return keys.error();
    dl.keys = std::move(*keys);
    std::set<std::string> seen;
    for (const auto& rj : d["roles"]) {
      DelegatedRole r;
      auto rk = read_role_keys(rj, "delegated role");
      if (!rk) return rk.error();
      r.keys = *rk;
      if (!get_str(rj, "name", r.name) || !valid_role_name(r.name) || !seen.insert(r.name).second) {
        return malformed("delegated role name");
      }
      for (const char* top : {"root", "targets", "snapshot", "timestamp"}) {
        if (r.name == top) return malformed("delegated role named like a top-level role");
      }
      if (!rj.contains("terminating") || !rj["terminating"].is_boolean()) {
        return malformed("delegated role " + r.name + ": terminating");
      }
      r.terminating = rj["terminating"].get<bool>();
      bool has_paths = rj.contains("paths"), has_prefixes = rj.contains("path_hash_prefixes");
      if (has_paths == has_prefixes) {
        return malformed("delegated role " + r.name + ": exactly one of paths/path_hash_prefixes");
      }
      if (has_paths && !get_str_list(rj, "paths", r.paths)) return malformed("paths");
      if (has_prefixes &&
          (!get_str_list(rj, "path_hash_prefixes", r.hash_prefixes) || r.hash_prefixes.empty())) {
        return malformed("path_hash_prefixes");
      }
      dl.roles.push_back(std::move(r));
    }
    t.delegations = std::move(dl);
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Envelopes and signatures
// ---------------------------------------------------------------------------------------------
std::string Envelope::type() const {
  if (signed_part.is_object() && signed_part.contains("_type") &&
      signed_part["_type"].is_string()) {
    return signed_part["_type"].get<std::string>();
  }
  return "";
}

Result<Envelope> parse_envelope(std::string_view bytes, size_t max_bytes) {
  auto j = parse_bounded(bytes, max_bytes);
  if (!j) return j.error();
  if (!j->is_object() || !j->contains("signed") || !(*j)["signed"].is_object() ||
      !j->contains("signatures") || !(*j)["signatures"].is_array()) {
    return malformed("envelope needs signed and signatures");
  }
  Envelope env;
  env.signed_part = std::move((*j)["signed"]);
  auto canon = encode_canonical(env.signed_part);
  if (!canon) return canon.error();
  env.canonical = std::move(*canon);
  for (const auto& s : (*j)["signatures"]) {
    Signature sig;
    if (!s.is_object() || !get_str(s, "keyid", sig.keyid) || !get_str(s, "sig", sig.sig)) {
      return malformed("signature entry");
    }
    env.signatures.push_back(std::move(sig));
  }
  return env;
}

Status verify_threshold(const Envelope& env, const std::map<std::string, Key>& keys,
                        const RoleKeys& role, const std::vector<std::string>& allowed_schemes,
                        const std::string& what) {
  std::set<std::string> counted;  // invariant 1: a key ID counts once, however often it signs
  for (const auto& sig : env.signatures) {
    if (counted.count(sig.keyid)) continue;
    if (std::find(role.keyids.begin(), role.keyids.end(), sig.keyid) == role.keyids.end()) continue;
    auto k = keys.find(sig.keyid);
    if (k == keys.end()) continue;
    if (std::find(allowed_schemes.begin(), allowed_schemes.end(), k->second.scheme) ==
        allowed_schemes.end()) {
      continue;  // DESIGN §5: schemes only from the allow-list pinned in root
    }
    // Fail closed: a key of a scheme root allows but this build cannot verify yet (SM2 may be
    // pinned one day, DESIGN §5) never counts towards the threshold.
    if (k->second.scheme != kEd25519) continue;
    if (verify_ed25519(k->second, env.canonical, sig.sig)) counted.insert(sig.keyid);
  }
  if (static_cast<int>(counted.size()) >= role.threshold) return ok_status();
  return Error{"tuf.threshold", what + ": " + std::to_string(counted.size()) +
                                    " valid signature(s), " + std::to_string(role.threshold) +
                                    " required / 有效签名数不足，已拒绝"};
}

Result<std::string> sign_metadata(const Json& signed_part,
                                  const std::vector<const PrivateKey*>& keys) {
  auto canon = encode_canonical(signed_part);
  if (!canon) return canon.error();
  Json sigs = Json::array();
  for (const PrivateKey* k : keys) {
    sigs.push_back(Json{{"keyid", k->public_key().keyid}, {"sig", k->sign_hex(*canon)}});
  }
  auto whole = encode_canonical(Json{{"signed", signed_part}, {"signatures", sigs}});
  if (!whole) return whole.error();
  return *whole + "\n";
}

}  // namespace gongkai::tuf
