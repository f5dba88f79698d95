// updater.cpp — the TUF client workflow; the state machine, invariants and spec sections are in
// updater.h. Each update_* function is one transition and reads: fetch (capped) → check
// length/hash from the parent → verify signatures → interpret → version/rollback/expiry checks
// → persist → advance.
#include "tuf/updater.h"

#include <sodium.h>
#include <unistd.h>

#include <set>

#include "tuf/fsutil.h"

namespace gongkai::tuf {

const char* state_name(Updater::State s) {
  switch (s) {
    case Updater::State::RootTrusted:
      return "RootTrusted";
    case Updater::State::RootFresh:
      return "RootFresh";
    case Updater::State::TimestampFresh:
      return "TimestampFresh";
    case Updater::State::SnapshotFresh:
      return "SnapshotFresh";
    case Updater::State::TargetsFresh:
      return "TargetsFresh";
    case Updater::State::Failed:
      return "Failed";
  }
  return "?";
}

namespace {

Error rollback(const std::string& what) {
  return Error{"tuf.rollback", what + " / 检测到回滚攻击，已拒绝"};
}

std::string sha256_of(const std::string& bytes) {
  uint8_t d[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return to_hex(d, sizeof d);
}

// TUF spec §5.5.2/§5.6.2: the bytes must match the length and hash the parent signed.
Status check_meta_bytes(const std::string& bytes, const MetaFile& m, const std::string& name) {
  if (m.length && static_cast<int64_t>(bytes.size()) != *m.length) {
    return Error{"tuf.length_mismatch",
                 name + ": length " + std::to_string(bytes.size()) + " differs from the signed " +
                     std::to_string(*m.length) + " / 文件长度与签名记录不符"};
  }
  if (!m.sha256.empty() && sha256_of(bytes) != m.sha256) {
    return Error{"tuf.hash_mismatch",
                 name + ": sha256 differs from the signed hash / 文件哈希与签名记录不符"};
  }
  return ok_status();
}

bool same_role_keys(const Root& a, const Root& b, const std::string& role) {
  const RoleKeys& x = a.roles.at(role);
  const RoleKeys& y = b.roles.at(role);
  std::set<std::string> xs(x.keyids.begin(), x.keyids.end()), ys(y.keyids.begin(), y.keyids.end());
  return x.threshold == y.threshold && xs == ys;
}

// Loads and verifies one previously trusted top-level file against the trusted root.
template <typename T>
std::optional<T> load_trusted(const std::string& dir, const std::string& file, const Root& root,
                              const std::string& role, size_t cap, std::string* bytes_out) {
  auto bytes = read_file_capped(dir + "/" + file, cap);
  if (!bytes) return std::nullopt;
  auto env = parse_envelope(*bytes, cap);
  if (!env) return std::nullopt;
  if (!verify_threshold(*env, root.keys, root.roles.at(role), root.schemes, file))
    return std::nullopt;
  auto v = T::from_json(env->signed_part);
  if (!v) return std::nullopt;
  if (bytes_out) *bytes_out = *bytes;
  return std::move(*v);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// open: the trusted starting point
// ---------------------------------------------------------------------------------------------
Result<std::unique_ptr<Updater>> Updater::open(const std::string& bootstrap_root,
                                               const std::string& trust_dir, int64_t now) {
  std::unique_ptr<Updater> u(new Updater());
  u->trust_dir_ = trust_dir;
  u->now_ = now;
  std::string root_bytes = bootstrap_root;
  bool from_dir = false;
  if (!trust_dir.empty()) {
    if (auto s = make_dirs(trust_dir); !s) return s.error();
    auto stored = read_file_capped(trust_dir + "/root.json", kMaxRootBytes);
    if (stored) {
      root_bytes = *stored;
      from_dir = true;
    } else if (stored.error().code != "mirror.not_found") {
      return stored.error();
    }
  }
  auto env = parse_envelope(root_bytes, kMaxRootBytes);
  if (!env) return Error{env.error().code, "trusted root: " + env.error().message};
  auto root = Root::from_json(env->signed_part);
  if (!root) return Error{root.error().code, "trusted root: " + root.error().message};
  // TUF spec §5.2: the trusted root is trusted by being shipped; we still check it is signed by
  // its own threshold, which catches a damaged or wrong file before it is relied on.
  if (auto s =
          verify_threshold(*env, root->keys, root->roles.at("root"), root->schemes, "trusted root");
      !s) {
    return s.error();
  }
  u->root_ = std::move(*root);
  u->report_.root_version = u->root_.version;
  if (trust_dir.empty()) return u;
  if (!from_dir) {
    if (auto s = write_file_atomic(trust_dir + "/root.json", root_bytes); !s) return s.error();
  }
  u->timestamp_ = load_trusted<Timestamp>(trust_dir, "timestamp.json", u->root_, "timestamp",
                                          kMaxTimestampBytes, &u->timestamp_bytes_);
  u->snapshot_ = load_trusted<Snapshot>(trust_dir, "snapshot.json", u->root_, "snapshot",
                                        kMaxSnapshotBytes, nullptr);
  u->targets_ = load_trusted<Targets>(trust_dir, "targets.json", u->root_, "targets",
                                      kMaxTargetsBytes, nullptr);
  if (u->snapshot_) {
    // Delegated roles are re-verified against their delegator's keys when reused (fetch_role).
    for (const auto& [file, meta] : u->snapshot_->meta) {
      if (file == "targets.json") continue;
      auto bytes = read_file_capped(trust_dir + "/" + file, kMaxTargetsBytes);
      if (!bytes) continue;
      auto env2 = parse_envelope(*bytes, kMaxTargetsBytes);
      if (!env2) continue;
      auto t = Targets::from_json(env2->signed_part);
      if (t) u->trusted_delegated_.emplace(file.substr(0, file.size() - 5), std::move(*t));
      u->trusted_envelopes_.emplace(file.substr(0, file.size() - 5), std::move(*env2));
    }
  }
  return u;
}

int64_t Updater::trusted_version(const std::string& role) const {
  if (role == "root") return root_.version;
  if (role == "timestamp") return timestamp_ ? timestamp_->version : 0;
  if (role == "snapshot") return snapshot_ ? snapshot_->version : 0;
  if (role == "targets") return targets_ ? targets_->version : 0;
  if (auto it = delegated_.find(role); it != delegated_.end()) return it->second.version;
  if (auto it = trusted_delegated_.find(role); it != trusted_delegated_.end()) {
    return it->second.version;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------
Status Updater::fail(Error e) {
  state_ = State::Failed;
  if (!error_) error_ = std::move(e);
  return *error_;
}

Status Updater::check_entry(State expected, const char* fn) {
  if (state_ == State::Failed) return *error_;
  if (state_ != expected) {
    // A programming error (calls out of order), not hostile input; still fail closed.
    return fail(Error{"tuf.sequence", std::string(fn) + " called in state " + state_name(state_) +
                                          " / 调用顺序错误"});
  }
  return ok_status();
}

Status Updater::check_expiry(const Common& c, const std::string& what) const {
  if (c.expires <= now_) {
    return Error{"tuf.expired", what + " expired at " + format_time(c.expires) +
                                    " / 元数据已过期（可能是冻结攻击），已拒绝"};
  }
  return ok_status();
}

Status Updater::persist(const std::string& file, const std::string& bytes) {
  if (trust_dir_.empty()) return ok_status();
  return write_file_atomic(trust_dir_ + "/" + file, bytes);
}

void Updater::drop_trusted(const std::string& file) {
  if (!trust_dir_.empty()) {
    std::string p = trust_dir_ + "/" + file;
    ::unlink(p.c_str());
    (void)fsync_dir(trust_dir_);
  }
}

// ---------------------------------------------------------------------------------------------
// §5.3 root
// ---------------------------------------------------------------------------------------------
Status Updater::update_root(Mirror& m) {
  if (auto s = check_entry(State::RootTrusted, "update_root"); !s) return s;
  for (int i = 0; i < kMaxRootRotations; ++i) {
    const int64_t next = root_.version + 1;
    const std::string name = std::to_string(next) + ".root.json";
    auto bytes = m.read_metadata(name, kMaxRootBytes);
    if (!bytes) {
      if (bytes.error().code == "mirror.not_found") break;  // §5.3.3: no newer root
      return fail(bytes.error());
    }
    auto env = parse_envelope(*bytes, kMaxRootBytes);
    if (!env) return fail(Error{env.error().code, name + ": " + env.error().message});
    // §5.3.4: signed by a threshold of the trusted root's root keys …
    if (auto s = verify_threshold(*env, root_.keys, root_.roles.at("root"), root_.schemes,
                                  name + " (old root keys)");
        !s) {
      return fail(s.error());
    }
    auto fresh = Root::from_json(env->signed_part);
    if (!fresh) return fail(Error{fresh.error().code, name + ": " + fresh.error().message});
    // … and by a threshold of its own root keys.
    if (auto s = verify_threshold(*env, fresh->keys, fresh->roles.at("root"), fresh->schemes,
                                  name + " (new root keys)");
        !s) {
      return fail(s.error());
    }
    // §5.3.5: exactly one version up — a skipped version cannot be trusted.
    if (fresh->version != next) {
      return fail(Error{"tuf.bad_version", name + " claims version " +
                                               std::to_string(fresh->version) +
                                               " / 根元数据版本号不连续，已拒绝"});
    }
    if (auto s = persist("root.json", *bytes); !s) return fail(s.error());
    // §5.3.11: rotated timestamp or snapshot keys → forget both (fast-forward recovery).
    if (!same_role_keys(root_, *fresh, "timestamp") || !same_role_keys(root_, *fresh, "snapshot")) {
      timestamp_.reset();
      snapshot_.reset();
      timestamp_bytes_.clear();
      drop_trusted("timestamp.json");
      drop_trusted("snapshot.json");
    }
    // Rotated targets keys: the trusted targets copy must be fetched and verified again.
    if (!same_role_keys(root_, *fresh, "targets")) {
      targets_.reset();
      drop_trusted("targets.json");
    }
    root_ = std::move(*fresh);
    report_.roles_fetched.push_back(name);
  }
  report_.root_version = root_.version;
  // §5.3.10: an expired final root means a freeze (or a very stale mirror): stop here.
  if (auto s = check_expiry(root_, "root v" + std::to_string(root_.version)); !s) {
    return fail(s.error());
  }
  state_ = State::RootFresh;
  return ok_status();
}

// ---------------------------------------------------------------------------------------------
// §5.4 timestamp
// ---------------------------------------------------------------------------------------------
Status Updater::update_timestamp(Mirror& m) {
  if (auto s = check_entry(State::RootFresh, "update_timestamp"); !s) return s;
  auto bytes = m.read_metadata("timestamp.json", kMaxTimestampBytes);
  if (!bytes) return fail(bytes.error());
  auto env = parse_envelope(*bytes, kMaxTimestampBytes);
  if (!env) return fail(Error{env.error().code, "timestamp.json: " + env.error().message});
  if (auto s = verify_threshold(*env, root_.keys, root_.roles.at("timestamp"), root_.schemes,
                                "timestamp.json");
      !s) {
    return fail(s.error());
  }
  auto ts = Timestamp::from_json(env->signed_part);
  if (!ts) return fail(Error{ts.error().code, "timestamp.json: " + ts.error().message});
  bool unchanged = false;
  if (timestamp_) {
    // §5.4.3.1 / §5.4.3.2: never older than trusted, nor naming an older snapshot.
    if (ts->version < timestamp_->version) {
      return fail(rollback("timestamp version " + std::to_string(ts->version) +
                           " is older than trusted " + std::to_string(timestamp_->version)));
    }
    if (ts->version == timestamp_->version) {
      unchanged = true;  // keep the trusted copy; the caller sees no new issued time (freeze)
    } else if (ts->snapshot.version < timestamp_->snapshot.version) {
      return fail(rollback("timestamp names snapshot " + std::to_string(ts->snapshot.version) +
                           ", older than trusted " + std::to_string(timestamp_->snapshot.version)));
    }
  }
  if (!unchanged) {
    if (ts->snapshot.length && *ts->snapshot.length > static_cast<int64_t>(kMaxSnapshotBytes)) {
      return fail(Error{"tuf.too_large", "snapshot length over its cap / 快照文件过大"});
    }
    if (auto s = check_expiry(*ts, "timestamp v" + std::to_string(ts->version)); !s) {
      return fail(s.error());
    }
    if (auto s = persist("timestamp.json", *bytes); !s) return fail(s.error());
    timestamp_ = std::move(*ts);
    timestamp_bytes_ = std::move(*bytes);
    report_.roles_fetched.push_back("timestamp.json");
  } else if (auto s =
                 check_expiry(*timestamp_, "timestamp v" + std::to_string(timestamp_->version));
             !s) {
    return fail(s.error());  // §5.4.4 applies to the copy we keep as well
  }
  report_.timestamp_unchanged = unchanged;
  report_.timestamp_version = timestamp_->version;
  report_.timestamp_expires = timestamp_->expires;
  report_.issued = timestamp_->issued;
  state_ = State::TimestampFresh;
  return ok_status();
}

// ---------------------------------------------------------------------------------------------
// §5.5 snapshot
// ---------------------------------------------------------------------------------------------
Status Updater::update_snapshot(Mirror& m) {
  if (auto s = check_entry(State::TimestampFresh, "update_snapshot"); !s) return s;
  const MetaFile& want = timestamp_->snapshot;
  if (snapshot_ && snapshot_->version > want.version) {
    return fail(rollback("timestamp names snapshot " + std::to_string(want.version) +
                         ", older than trusted " + std::to_string(snapshot_->version)));
  }
  if (!snapshot_ || snapshot_->version != want.version) {
    const std::string name = std::to_string(want.version) + ".snapshot.json";
    size_t cap = want.length ? static_cast<size_t>(*want.length) : kMaxSnapshotBytes;
    auto bytes = m.read_metadata(name, cap);
    if (!bytes) return fail(bytes.error());
    if (auto s = check_meta_bytes(*bytes, want, name); !s) return fail(s.error());
    auto env = parse_envelope(*bytes, cap);
    if (!env) return fail(Error{env.error().code, name + ": " + env.error().message});
    if (auto s =
            verify_threshold(*env, root_.keys, root_.roles.at("snapshot"), root_.schemes, name);
        !s) {
      return fail(s.error());
    }
    auto sn = Snapshot::from_json(env->signed_part);
    if (!sn) return fail(Error{sn.error().code, name + ": " + sn.error().message});
    if (sn->version != want.version) {  // §5.5.5
      return fail(Error{"tuf.bad_version", name + " has version " + std::to_string(sn->version) +
                                               " / 快照版本与时间戳记录不符"});
    }
    if (snapshot_) {
      // §5.5.4: no role the trusted snapshot listed may vanish or go back (mix-and-match).
      for (const auto& [file, old] : snapshot_->meta) {
        auto it = sn->meta.find(file);
        if (it == sn->meta.end()) {
          return fail(rollback(file + " was listed by the trusted snapshot and has vanished"));
        }
        if (it->second.version < old.version) {
          return fail(rollback(file + " version " + std::to_string(it->second.version) +
                               " is older than trusted " + std::to_string(old.version)));
        }
      }
    }
    if (auto s = check_expiry(*sn, name); !s) return fail(s.error());
    if (auto s = persist("snapshot.json", *bytes); !s) return fail(s.error());
    snapshot_ = std::move(*sn);
    report_.roles_fetched.push_back(name);
  } else if (auto s = check_expiry(*snapshot_, "snapshot v" + std::to_string(snapshot_->version));
             !s) {
    return fail(s.error());
  }
  report_.snapshot_version = snapshot_->version;
  state_ = State::SnapshotFresh;
  return ok_status();
}

// ---------------------------------------------------------------------------------------------
// §5.6 targets and delegated roles
// ---------------------------------------------------------------------------------------------
Result<Targets> Updater::fetch_role(Mirror& m, const std::string& role,
                                    const std::map<std::string, Key>& keys, const RoleKeys& rk) {
  const std::string file = role + ".json";
  auto it = snapshot_->meta.find(file);
  if (it == snapshot_->meta.end()) {
    return Error{"tuf.missing_role", file + " is not listed by the snapshot / 快照未列出该角色"};
  }
  const MetaFile& want = it->second;
  // Unchanged since the last cycle: reuse the trusted copy after re-checking its signatures
  // against the keys that delegate to it now (keys may have rotated).
  if (role == "targets" && targets_ && targets_->version == want.version) {
    if (auto s = check_expiry(*targets_, file); !s) return s.error();
    return *targets_;
  }
  if (auto t = trusted_delegated_.find(role);
      role != "targets" && t != trusted_delegated_.end() && t->second.version == want.version &&
      verify_threshold(trusted_envelopes_.at(role), keys, rk, root_.schemes, file)) {
    if (auto s = check_expiry(t->second, file); !s) return s.error();
    return t->second;
  }
  const std::string name = std::to_string(want.version) + "." + file;
  size_t cap = want.length ? static_cast<size_t>(*want.length) : kMaxTargetsBytes;
  auto bytes = m.read_metadata(name, cap);
  if (!bytes) return bytes.error();
  if (auto s = check_meta_bytes(*bytes, want, name); !s) return s.error();
  auto env = parse_envelope(*bytes, cap);
  if (!env) return Error{env.error().code, name + ": " + env.error().message};
  if (auto s = verify_threshold(*env, keys, rk, root_.schemes, name); !s) return s.error();
  auto t = Targets::from_json(env->signed_part);
  if (!t) return Error{t.error().code, name + ": " + t.error().message};
  if (t->version != want.version) {  // §5.6.4: the version the snapshot named, no other
    return rollback(name + " has version " + std::to_string(t->version) + ", the snapshot names " +
                    std::to_string(want.version));
  }
  if (auto s = check_expiry(*t, name); !s) return s.error();
  // Persisted by update_targets once every role's paths are checked (invariant 4): a role that
  // signs outside its delegation is not trusted, so it must not reach the trust directory.
  pending_.emplace_back(file, std::move(*bytes));
  report_.roles_fetched.push_back(name);
  return t;
}

Status Updater::update_targets(Mirror& m) {
  if (auto s = check_entry(State::SnapshotFresh, "update_targets"); !s) return s;
  auto top = fetch_role(m, "targets", root_.keys, root_.roles.at("targets"));
  if (!top) return fail(top.error());
  targets_ = std::move(*top);
  delegated_.clear();
  role_order_.clear();
  // Preorder walk over delegations (§5.6.7), fetching every delegated role the snapshot lists.
  // A delegation to a role the snapshot does not list publishes nothing in this repository
  // (another county's feed); a role listed twice is visited once.
  std::vector<const Targets*> stack{&*targets_};
  std::set<std::string> visited;
  while (!stack.empty()) {
    const Targets* t = stack.back();
    stack.pop_back();
    if (!t->delegations) continue;
    // Push in reverse so that the first delegation is visited first.
    std::vector<const DelegatedRole*> todo;
    for (const auto& d : t->delegations->roles) {
      if (!snapshot_->meta.count(d.name + ".json") || visited.count(d.name)) continue;
      visited.insert(d.name);
      if (static_cast<int>(visited.size()) > kMaxDelegatedRoles) {
        return fail(Error{"tuf.too_many_roles", "too many delegated roles / 委托角色过多"});
      }
      auto child = fetch_role(m, d.name, t->delegations->keys, d.keys);
      if (!child) return fail(child.error());
      delegated_[d.name] = std::move(*child);
      role_order_.push_back(d.name);
      todo.push_back(&d);
    }
    for (auto it = todo.rbegin(); it != todo.rend(); ++it)
      stack.push_back(&delegated_[(*it)->name]);
  }
  if (auto s = resolve_all(); !s) return fail(s.error());
  for (const auto& [file, bytes] : pending_) {
    if (auto s = persist(file, bytes); !s) return fail(s.error());
  }
  pending_.clear();
  state_ = State::TargetsFresh;
  return ok_status();
}

// TUF spec §5.6.7 lookup of one path: preorder depth-first over delegations, first role that
// lists it wins, a terminating delegation that covers the path ends the search.
std::optional<ResolvedTarget> Updater::lookup(const std::string& path) const {
  struct Item {
    const Targets* t;
    std::string name;
  };
  std::vector<Item> stack{{&*targets_, "targets"}};
  std::set<std::string> seen;
  while (!stack.empty()) {
    Item cur = stack.back();
    stack.pop_back();
    if (auto it = cur.t->targets.find(path); it != cur.t->targets.end()) {
      return ResolvedTarget{cur.name, it->second};
    }
    if (!cur.t->delegations) continue;
    std::vector<Item> children;
    bool stop = false;
    for (const auto& d : cur.t->delegations->roles) {
      if (!d.covers(path)) continue;
      auto child = delegated_.find(d.name);
      if (child != delegated_.end() && seen.insert(d.name).second) {
        children.push_back({&child->second, d.name});
      }
      if (d.terminating) {
        stop = true;
        break;
      }
    }
    if (stop) stack.clear();  // §5.6.7.2.2: nothing after a terminating match is consulted
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back(*it);
  }
  return std::nullopt;
}

Status Updater::resolve_all() {
  resolved_.clear();
  auto check_role = [&](const std::string& name, const Targets& t) -> Status {
    for (const auto& [path, info] : t.targets) {
      auto r = lookup(path);
      if (!r || r->role != name) {
        return Error{"tuf.path_not_delegated",
                     "role " + name + " lists " + path + ", which it is not trusted to sign" +
                         " / 角色 " + name + " 签署了未授权的路径 " + path + "，已拒绝"};
      }
      if (info.length > kMaxTargetBytes) {
        return Error{"tuf.too_large", path + " is larger than the target cap / 目标文件过大"};
      }
      resolved_[path] = *r;
    }
    return ok_status();
  };
  if (auto s = check_role("targets", *targets_); !s) return s;
  for (const auto& name : role_order_) {
    if (auto s = check_role(name, delegated_.at(name)); !s) return s;
  }
  return ok_status();
}

Status Updater::refresh(Mirror& m) {
  if (auto s = update_root(m); !s) return s;
  if (auto s = update_timestamp(m); !s) return s;
  if (auto s = update_snapshot(m); !s) return s;
  return update_targets(m);
}

// ---------------------------------------------------------------------------------------------
// §5.7 targets
// ---------------------------------------------------------------------------------------------
Result<std::string> Updater::read_target(Mirror& m, const std::string& path) {
  if (auto s = check_entry(State::TargetsFresh, "read_target"); !s) return s.error();
  auto it = resolved_.find(path);
  if (it == resolved_.end()) {
    return Error{"tuf.unknown_target", path + " is not a signed target / 不是已签名的目标文件"};
  }
  const TargetFile& info = it->second.info;
  auto bytes = m.read_target(path, info);
  if (!bytes) {
    if (bytes.error().code == "mirror.too_large") {
      return fail(Error{"tuf.length_mismatch", path + ": longer than its signed length " +
                                                   std::to_string(info.length) +
                                                   " / 文件长度与签名记录不符"})
          .error();
    }
    return fail(bytes.error()).error();
  }
  if (static_cast<int64_t>(bytes->size()) != info.length) {
    return fail(Error{"tuf.length_mismatch",
                      path + ": " + std::to_string(bytes->size()) + " bytes, signed length " +
                          std::to_string(info.length) + " / 文件长度与签名记录不符"})
        .error();
  }
  if (sha256_of(*bytes) != info.sha256) {
    return fail(Error{"tuf.hash_mismatch",
                      path + ": sha256 differs from the signed hash / 文件内容被篡改，已拒绝"})
        .error();
  }
  return bytes;
}

}  // namespace gongkai::tuf
