// commands.cpp — gongkai-publish keygen | root init | root rotate | delegate (county or
// province, DESIGN §5) | emit-feed | make-usb (issue #5). Argument parsing and messages only;
// the work is in tuf/ and emit.cpp.
// Exit codes: 0 success, 1 usage or I/O error, 2 refused (a check failed, e.g. thresholds).
#include "publish/commands.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "feed/emit.h"
#include "gongkai/content.h"
#include "tuf/fsutil.h"
#include "tuf/metadata.h"

namespace gongkai::publish {

namespace {

namespace fs = std::filesystem;

// --name VALUE options (repeatable) and positionals.
struct Opts {
  std::map<std::string, std::vector<std::string>> named;
  std::vector<std::string> positional;
  std::string one(const std::string& k, const std::string& def = "") const {
    auto it = named.find(k);
    return it == named.end() || it->second.empty() ? def : it->second.back();
  }
  std::vector<std::string> all(const std::string& k) const {
    auto it = named.find(k);
    return it == named.end() ? std::vector<std::string>{} : it->second;
  }
};

bool parse(const Args& args, Opts& o) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].rfind("--", 0) == 0) {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "%s needs a value / 缺少参数值\n", args[i].c_str());
        return false;
      }
      o.named[args[i].substr(2)].push_back(args[i + 1]);
      ++i;
    } else {
      o.positional.push_back(args[i]);
    }
  }
  return true;
}

int fail(const Error& e, int code = 1) {
  std::fprintf(stderr, "error: %s\n", e.message.c_str());
  return code;
}

int64_t now_from(const Opts& o) {
  std::string s = o.one("now");
  if (s.empty()) return static_cast<int64_t>(std::time(nullptr));
  if (auto t = tuf::parse_time(s)) return *t;
  return std::atoll(s.c_str());
}

int64_t days(const Opts& o, int64_t def) {
  return std::atoll(o.one("expires-days", std::to_string(def)).c_str()) * 86400;
}

Result<tuf::Key> pub_or(const Opts& o, const std::string& opt, const std::string& def) {
  return tuf::load_public_key(o.one(opt, def));
}

Result<std::vector<tuf::PrivateKey>> load_private(const std::vector<std::string>& paths) {
  std::vector<tuf::PrivateKey> keys;
  for (const auto& p : paths) {
    auto k = tuf::PrivateKey::load(
        p.size() > 4 && p.compare(p.size() - 4, 4, ".key") == 0 ? p : p + ".key");
    if (!k) return k.error();
    keys.push_back(std::move(*k));
  }
  return keys;
}

// The newest KEYS/root/N.root.json as (N, Root).
Result<std::pair<int64_t, tuf::Root>> latest_root(const std::string& keys_dir) {
  std::optional<tuf::Root> last;
  int64_t v = 0;
  for (;; ++v) {
    auto bytes =
        tuf::read_file_capped(keys_dir + "/root/" + std::to_string(v + 1) + ".root.json", 1 << 20);
    if (!bytes) break;
    auto env = tuf::parse_envelope(*bytes, 1 << 20);
    if (!env) return env.error();
    auto r = tuf::Root::from_json(env->signed_part);
    if (!r) return r.error();
    last = std::move(*r);
  }
  if (!last) return Error{"publish.no_root", "no " + keys_dir + "/root/1.root.json / 缺少根元数据"};
  return std::make_pair(v, std::move(*last));
}

void set_role(tuf::Root& r, const std::string& role, const std::vector<tuf::Key>& keys,
              int threshold) {
  tuf::RoleKeys rk;
  for (const auto& k : keys) {
    r.keys[k.keyid] = k;
    rk.keyids.push_back(k.keyid);
  }
  rk.threshold = threshold;
  r.roles[role] = rk;
}

// Drops keys no role refers to any more (after a rotation).
void prune_keys(tuf::Root& r) {
  std::map<std::string, tuf::Key> used;
  for (const auto& [role, rk] : r.roles) {
    for (const auto& id : rk.keyids) {
      if (r.keys.count(id)) used[id] = r.keys[id];
    }
  }
  r.keys = used;
}

int write_root(const std::string& keys_dir, const tuf::Root& r,
               const std::vector<tuf::PrivateKey>& signers,
               const std::optional<tuf::Root>& previous) {
  std::vector<const tuf::PrivateKey*> ptrs;
  for (const auto& k : signers) {
    if (std::none_of(ptrs.begin(), ptrs.end(), [&](const tuf::PrivateKey* p) {
          return p->public_key().keyid == k.public_key().keyid;
        })) {
      ptrs.push_back(&k);
    }
  }
  auto bytes = tuf::sign_metadata(r.to_json(), ptrs);
  if (!bytes) return fail(bytes.error());
  // Check the result the way every kiosk will (TUF spec §5.3.4) before anyone can publish it.
  auto env = tuf::parse_envelope(*bytes, 1 << 20);
  if (!env) return fail(env.error());
  if (previous) {
    if (auto s = tuf::verify_threshold(*env, previous->keys, previous->roles.at("root"),
                                       previous->schemes, "new root (old root threshold)");
        !s) {
      return fail(s.error(), 2);
    }
  }
  if (auto s = tuf::verify_threshold(*env, r.keys, r.roles.at("root"), r.schemes,
                                     "new root (its own threshold)");
      !s) {
    return fail(s.error(), 2);
  }
  std::string path = keys_dir + "/root/" + std::to_string(r.version) + ".root.json";
  if (fs::exists(path)) return fail(Error{"", path + " exists / 文件已存在"});
  if (auto s = tuf::make_dirs(keys_dir + "/root"); !s) return fail(s.error());
  if (auto s = tuf::write_file_atomic(path, *bytes); !s) return fail(s.error());
  std::printf("wrote %s (version %lld, %zu signature(s)) / 已写入根元数据\n", path.c_str(),
              static_cast<long long>(r.version), ptrs.size());
  return 0;
}

int root_init(const Opts& o) {
  std::string dir = o.one("keys");
  auto root_keys = load_private(o.all("root-key"));
  if (dir.empty() || o.all("root-key").empty()) {
    std::fprintf(stderr,
                 "usage: gongkai-publish root init --keys DIR --root-key K [--root-key K …]\n"
                 "  [--threshold N] [--targets-key P] [--snapshot-key P] [--timestamp-key P]\n"
                 "  [--expires-days 365] [--now TIME]\n");
    return 1;
  }
  if (!root_keys) return fail(root_keys.error());
  tuf::Root r;
  r.version = 1;
  int64_t now = now_from(o);
  r.expires = now + days(o, 365);
  r.issued = now;
  r.schemes = {tuf::kEd25519};
  std::vector<tuf::Key> rk;
  for (const auto& k : *root_keys) rk.push_back(k.public_key());
  int threshold = std::atoi(o.one("threshold", "1").c_str());
  if (threshold < 1 || threshold > static_cast<int>(rk.size())) {
    return fail(Error{"", "threshold must be 1..number of root keys / 阈值无效"});
  }
  set_role(r, "root", rk, threshold);
  for (const char* role : {"targets", "snapshot", "timestamp"}) {
    auto k = pub_or(o, std::string(role) + "-key", dir + "/" + role);
    if (!k) return fail(k.error());
    set_role(r, role, {*k}, 1);
  }
  return write_root(dir, r, *root_keys, std::nullopt);
}

int root_rotate(const Opts& o) {
  std::string dir = o.one("keys");
  if (dir.empty() || o.all("old-key").empty()) {
    std::fprintf(stderr,
                 "usage: gongkai-publish root rotate --keys DIR --old-key K [--old-key K …]\n"
                 "  [--new-root-key K …] [--threshold N] [--targets-key P] [--snapshot-key P]\n"
                 "  [--timestamp-key P] [--expires-days 365] [--now TIME]\n");
    return 1;
  }
  auto latest = latest_root(dir);
  if (!latest) return fail(latest.error());
  auto old_keys = load_private(o.all("old-key"));
  if (!old_keys) return fail(old_keys.error());
  auto new_keys = load_private(o.all("new-root-key"));
  if (!new_keys) return fail(new_keys.error());
  const tuf::Root previous = latest->second;
  tuf::Root r = previous;
  r.version = previous.version + 1;
  int64_t now = now_from(o);
  r.expires = now + days(o, 365);
  r.issued = now;
  if (!new_keys->empty()) {
    std::vector<tuf::Key> rk;
    for (const auto& k : *new_keys) rk.push_back(k.public_key());
    int threshold = std::atoi(o.one("threshold", "1").c_str());
    if (threshold < 1 || threshold > static_cast<int>(rk.size())) {
      return fail(Error{"", "threshold must be 1..number of root keys / 阈值无效"});
    }
    set_role(r, "root", rk, threshold);
  }
  for (const char* role : {"targets", "snapshot", "timestamp"}) {
    std::string opt = std::string(role) + "-key";
    if (o.one(opt).empty()) continue;
    auto k = tuf::load_public_key(o.one(opt));
    if (!k) return fail(k.error());
    set_role(r, role, {*k}, 1);
  }
  prune_keys(r);
  std::vector<tuf::PrivateKey> signers = std::move(*old_keys);
  for (auto& k : *new_keys) signers.push_back(std::move(k));
  return write_root(dir, r, signers, previous);
}

}  // namespace

int cmd_keygen(const Args& args) {
  Opts o;
  if (!parse(args, o) || o.one("out").empty()) {
    std::fprintf(stderr,
                 "usage: gongkai-publish keygen --out DIR/NAME\n"
                 "  writes NAME.key (private, mode 0600) and NAME.pub / 生成 Ed25519 密钥对\n");
    return 1;
  }
  std::string out = o.one("out");
  if (auto dir = fs::path(out).parent_path(); !dir.empty()) {
    if (auto s = tuf::make_dirs(dir.string()); !s) return fail(s.error());
  }
  auto key = tuf::PrivateKey::generate();
  if (auto s = key.save(out); !s) return fail(s.error());
  // The key ID is public; the private key is never printed.
  std::printf("%s.key (private, 0600) and %s.pub written; key id %s / 密钥已生成\n", out.c_str(),
              out.c_str(), key.public_key().keyid.c_str());
  return 0;
}

int cmd_root(const Args& args) {
  Opts o;
  if (args.empty() || !parse(Args(args.begin() + 1, args.end()), o)) {
    std::fprintf(stderr, "usage: gongkai-publish root init|rotate --keys DIR …\n");
    return 1;
  }
  if (args[0] == "init") return root_init(o);
  if (args[0] == "rotate") return root_rotate(o);
  std::fprintf(stderr, "unknown: root %s / 未知子命令\n", args[0].c_str());
  return 1;
}

int cmd_delegate(const Args& args) {
  Opts o;
  if (!parse(args, o) || o.one("keys").empty() || o.one("key").empty() ||
      o.one("county").empty() == o.one("province").empty()) {
    std::fprintf(stderr,
                 "usage: gongkai-publish delegate --keys DIR (--county CODE | --province CODE)\n"
                 "  --key ROLE.pub [--targets-key DIR/targets.key] [--expires-days 365]\n"
                 "  [--now TIME]\n"
                 "  --county: the key signs county/CODE/* only (terminating) / 委托县级发布密钥\n"
                 "  --province: the key signs province/CODE/* and its cities' city/…/* only\n"
                 "  (terminating) / 委托省级发布密钥（省本级及所辖市级内容）\n");
    return 1;
  }
  const bool is_county = !o.one("county").empty();
  std::string dir = o.one("keys"), code = is_county ? o.one("county") : o.one("province");
  const auto want = is_county ? gongkai::RegionLevel::County : gongkai::RegionLevel::Province;
  if (gongkai::region_level_of(code) != want) {
    return fail(Error{
        "", is_county
                ? code + " is not a county code (6 digits + 000000) / 不是县级区划代码"
                : code + " is not a province code (2 digits + 0000000000) / 不是省级区划代码"});
  }
  auto latest = latest_root(dir);
  if (!latest) return fail(latest.error());
  auto targets_key = tuf::PrivateKey::load(o.one("targets-key", dir + "/targets.key"));
  if (!targets_key) return fail(targets_key.error());
  const auto& troles = latest->second.roles.at("targets").keyids;
  if (std::find(troles.begin(), troles.end(), targets_key->public_key().keyid) == troles.end()) {
    return fail(Error{"", "the targets key is not the one root names / targets 密钥与根元数据不符"},
                2);
  }
  auto role_key = tuf::load_public_key(o.one("key"));
  if (!role_key) return fail(role_key.error());

  tuf::Targets t;
  t.delegations = tuf::Delegations{};
  if (auto prev = tuf::read_file_capped(dir + "/targets.json", 16 << 20)) {
    auto env = tuf::parse_envelope(*prev, 16 << 20);
    if (!env) return fail(env.error());
    auto pt = tuf::Targets::from_json(env->signed_part);
    if (!pt) return fail(pt.error());
    t = *pt;
    if (!t.delegations) t.delegations = tuf::Delegations{};
  }
  const std::string role = is_county ? feed::county_role(code) : feed::province_role(code);
  auto& roles = t.delegations->roles;
  roles.erase(std::remove_if(roles.begin(), roles.end(),
                             [&](const tuf::DelegatedRole& d) { return d.name == role; }),
              roles.end());
  tuf::DelegatedRole d;
  d.name = role;
  d.keys.keyids = {role_key->keyid};
  d.paths =
      is_county ? std::vector<std::string>{"county/" + code + "/*"} : feed::province_paths(code);
  // DESIGN §5: terminating, so a county key cannot sign for another county, nor a province key
  // for a county or another province (their paths never overlap, and the search stops here).
  d.terminating = true;
  roles.push_back(d);
  // Keep only keys some delegation still uses.
  std::map<std::string, tuf::Key> keys;
  for (const auto& r : roles) {
    for (const auto& id : r.keys.keyids) {
      if (t.delegations->keys.count(id)) keys[id] = t.delegations->keys[id];
    }
  }
  keys[role_key->keyid] = *role_key;
  t.delegations->keys = keys;
  t.version += 1;
  int64_t now = now_from(o);
  t.expires = now + days(o, 365);
  t.issued = now;
  auto bytes = tuf::sign_metadata(t.to_json(), {&*targets_key});
  if (!bytes) return fail(bytes.error());
  if (auto s = tuf::write_file_atomic(dir + "/targets.json", *bytes); !s) return fail(s.error());
  std::string paths;
  for (const auto& p : d.paths) paths += (paths.empty() ? "" : " ") + p;
  std::printf("%s/targets.json version %lld: %s may sign %s / 已委托\n", dir.c_str(),
              static_cast<long long>(t.version), role.c_str(), paths.c_str());
  return 0;
}

int cmd_emit_feed(const Args& args) {
  Opts o;
  if (!parse(args, o) || o.one("db").empty() || o.one("keys").empty() || o.one("out").empty()) {
    std::fprintf(stderr,
                 "usage: gongkai-publish emit-feed --db CONTENT.db --keys DIR --out FEEDDIR\n"
                 "  [--region CODE] [--now TIME] / 生成签名更新源\n");
    return 1;
  }
  feed::EmitOptions e{o.one("db"), o.one("keys"), o.one("out"), o.one("region"), now_from(o)};
  auto r = feed::emit_feed(e);
  if (!r) return fail(r.error());
  for (const auto& w : r->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  if (!r->province.empty()) {
    std::printf("province %s content signed by %s / 省、市级内容已签发\n", r->province.c_str(),
                feed::province_role(r->province).c_str());
  }
  std::printf(
      "feed %s: region %s, timestamp v%lld, snapshot v%lld, %d targets (%d new), "
      "%d role file(s) signed, %d superseded file(s) removed / 更新源已生成\n",
      e.out_dir.c_str(), r->region.c_str(), static_cast<long long>(r->timestamp_version),
      static_cast<long long>(r->snapshot_version), r->targets_total, r->targets_written,
      r->roles_written, r->files_removed);
  return 0;
}

int cmd_make_usb(const Args& args) {
  Opts o;
  if (!parse(args, o) || o.one("feed").empty() || o.one("out").empty()) {
    std::fprintf(stderr,
                 "usage: gongkai-publish make-usb --feed FEEDDIR --out DIR / 制作U盘更新包\n");
    return 1;
  }
  auto r = feed::make_usb(o.one("feed"), o.one("out"));
  if (!r) return fail(r.error());
  std::printf("%s/gongkai-update/%s written; report/ created / U盘更新目录已写入\n",
              o.one("out").c_str(), r->c_str());
  return 0;
}

}  // namespace gongkai::publish
