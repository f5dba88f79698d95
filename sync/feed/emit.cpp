// emit.cpp — emit-feed and make-usb; the layout, order and invariants are in emit.h.
#include "feed/emit.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "feed/records.h"
#include "gongkai/store.h"
#include "tuf/fsutil.h"
#include "tuf/metadata.h"
#include "tuf/mirror.h"
#include "tuf/updater.h"

namespace gongkai::feed {

namespace fs = std::filesystem;
using tuf::Json;

std::string county_role(const std::string& code) { return "county-" + code; }
std::string province_role(const std::string& code) { return "province-" + code; }
std::string role_bin(const std::string& role, int bin) {
  static const char* hex = "0123456789abcdef";
  return role + "-bin-" + std::string(1, hex[bin]);
}
std::string bin_role(const std::string& code, int bin) { return role_bin(county_role(code), bin); }
std::string province_of(const std::string& code) { return code.substr(0, 2) + "0000000000"; }
std::vector<std::string> province_paths(const std::string& province) {
  // '?' matches one character within a segment (fnmatch in python-tuf, minimatch in tuf-js,
  // DelegatedRole::covers here), so the city pattern admits exactly the 4-digit city codes
  // 34xx00000000 of this province, never a county code (34xxyy000000) under city/.
  return {"province/" + province + "/*", "city/" + province.substr(0, 2) + "??00000000/*"};
}
bool region_fits_target(const std::string& path, const std::string& region) {
  const auto a = path.find('/');
  const auto b = a == std::string::npos ? a : path.find('/', a + 1);
  if (b == std::string::npos) return false;
  const std::string level = path.substr(0, a), code = path.substr(a + 1, b - a - 1);
  if (region == code) return true;
  if (level != "county") return false;
  const auto anc = region_ancestry(region);
  return std::find(anc.begin(), anc.end(), code) != anc.end();
}

namespace {

constexpr size_t kMaxMetaRead = 16 * 1024 * 1024;

Error emit_error(const std::string& msg) { return Error{"feed.emit", msg}; }

struct Signed {  // a metadata file we read back: bytes, envelope
  std::string bytes;
  tuf::Envelope env;
};

Result<Signed> read_signed(const std::string& path) {
  auto bytes = tuf::read_file_capped(path, kMaxMetaRead);
  if (!bytes) return bytes.error();
  auto env = tuf::parse_envelope(*bytes, kMaxMetaRead);
  if (!env) return Error{env.error().code, path + ": " + env.error().message};
  return Signed{std::move(*bytes), std::move(*env)};
}

// Highest version of each role present as metadata/<v>.<role>.json (invariant 1).
std::map<std::string, int64_t> versions_on_disk(const std::string& meta_dir) {
  std::map<std::string, int64_t> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(meta_dir, ec)) {
    std::string n = e.path().filename().string();
    auto dot = n.find('.');
    if (dot == std::string::npos || n.size() < 6 || n.compare(n.size() - 5, 5, ".json") != 0)
      continue;
    std::string v = n.substr(0, dot);
    if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos || v.size() > 15)
      continue;
    std::string role = n.substr(dot + 1, n.size() - dot - 6);
    out[role] = std::max(out[role], static_cast<int64_t>(std::stoll(v)));
  }
  return out;
}

struct ContentTarget {
  std::string path;   // county/<code>/<name>
  std::string bytes;  // the file (compressed payload or raw attachment); empty if reused
  tuf::TargetFile info;
};

Json custom_of(const std::string& kind, const std::string& raw) {
  return Json{{"gongkai",
               {{"kind", kind},
                {"raw_length", raw.size()},
                {"raw_sha256", sha256_hex(raw.data(), raw.size())}}}};
}

// Builds one compressed content target, reusing the previous entry when the payload is the same.
Result<ContentTarget> make_target(const std::string& path, const std::string& kind, Json payload,
                                  const std::string& region,
                                  const std::map<std::string, tuf::TargetFile>& previous) {
  payload["format"] = kFormat;
  payload["kind"] = kind;
  payload["region"] = region;
  auto raw = encode_record(payload);
  if (!raw) return raw.error();
  Json custom = custom_of(kind, *raw);
  if (auto it = previous.find(path); it != previous.end() && it->second.custom == custom) {
    return ContentTarget{path, "", it->second};  // invariant 2: same payload, same file
  }
  auto z = zstd_compress(*raw);
  if (!z) return z.error();
  tuf::TargetFile info{static_cast<int64_t>(z->size()), sha256_hex(z->data(), z->size()), custom};
  return ContentTarget{path, std::move(*z), info};
}

// One directory of content targets: `base` (county/<code>/, province/<code>/, city/<code>/)
// holds regions.zst, optionally domains.zst, the catalog shards, notices and attachments of
// the items and notices whose publishing region is one of `publishers`.
struct Section {
  std::string base;
  std::string code;                     // the payload's "region" (the directory's code)
  std::vector<std::string> publishers;  // regions whose own content goes here
  Json regions = Json::array();         // regions.zst: names for the whole path
  bool with_domains = false;
};

struct Collected {
  std::vector<ContentTarget> targets;
  int records = 0;  // items + notices (what tells "there is content here")
};

Status collect_section(const Store& store, const Section& sec,
                       const std::vector<DomainSummary>& domains,
                       const std::map<std::string, tuf::TargetFile>& previous, int64_t now,
                       Collected& out) {
  auto add = [&](const std::string& name, const std::string& kind, Json payload) -> Status {
    auto t = make_target(sec.base + name, kind, std::move(payload), sec.code, previous);
    if (!t) return t.error();
    out.targets.push_back(std::move(*t));
    return ok_status();
  };
  if (auto s = add("regions.zst", "regions", Json{{"regions", sec.regions}}); !s) return s;
  if (sec.with_domains) {
    Json domain_list = Json::array();
    for (const auto& d : domains) domain_list.push_back(domain_to_json(d.domain));
    if (auto s = add("domains.zst", "domains", Json{{"domains", domain_list}}); !s) return s;
  }
  // Catalog: every item whose publishing region is one of ours, in bins by uid.
  std::map<std::string, std::map<std::string, Json>> bins;  // bin → uid → item
  for (const auto& code : sec.publishers) {
    for (const auto& d : domains) {
      auto groups = store.items_of_domain(d.domain.code, Scope{code, ""});
      if (!groups) return groups.error();
      for (const auto& g : *groups) {
        for (const auto& s : g.items) {
          if (s.region != code) continue;  // an ancestor's item: emitted with its own region
          auto item = store.item(s.id);
          if (!item) return item.error();
          if (!*item) continue;
          bins[catalog_bin_of((*item)->uid)][(*item)->uid] = item_to_json(**item);
          ++out.records;
        }
      }
    }
  }
  for (auto& [bin, items] : bins) {
    Json list = Json::array();
    for (auto& [uid, j] : items) list.push_back(std::move(j));
    if (auto s =
            add("catalog-" + bin + ".zst", "catalog-shard", Json{{"bin", bin}, {"items", list}});
        !s) {
      return s;
    }
  }
  // Notices (one target each, named by a hash of the id: ids may be Chinese) and attachments.
  std::set<std::string> attachments;
  for (const auto& code : sec.publishers) {
    auto list = store.notices(NoticeQuery{Scope{code, ""}, now, std::nullopt, ""});
    if (!list) return list.error();
    for (const auto& s : *list) {
      if (s.region != code) continue;
      auto n = store.notice(s.id);
      if (!n) return n.error();
      if (!*n) continue;
      ++out.records;
      for (const auto& a : (*n)->attachments) attachments.insert(a.sha256);
      std::string h = sha256_hex(s.id.data(), s.id.size()).substr(0, 16);
      if (auto st = add("notice-" + h + ".zst", "notice", Json{{"notice", notice_to_json(**n)}});
          !st) {
        return st;
      }
    }
  }
  for (const auto& sha : attachments) {
    std::string path = sec.base + "attachment-" + sha;
    auto bytes = store.attachment_bytes(sha);
    if (!bytes) return bytes.error();
    if (!*bytes) return emit_error("attachment " + sha + " missing from the store / 附件缺失");
    std::string raw((*bytes)->begin(), (*bytes)->end());
    // Raw bytes, already compressed images; the custom field still says what it is.
    Json custom{{"gongkai", {{"kind", "attachment"}}}};
    tuf::TargetFile info{static_cast<int64_t>(raw.size()), sha, custom};
    if (auto it = previous.find(path); it != previous.end() && it->second == info) raw.clear();
    out.targets.push_back(ContentTarget{path, std::move(raw), info});
  }
  return ok_status();
}

// Everything of the county's subtree in the store, as content targets (the county role).
Result<Collected> collect_county(const Store& store, const std::vector<Region>& regions,
                                 const std::vector<DomainSummary>& domains,
                                 const std::string& county,
                                 const std::map<std::string, tuf::TargetFile>& previous,
                                 int64_t now) {
  Section sec{"county/" + county + "/", county, {}, Json::array(), true};
  const auto county_ancestry = region_ancestry(county);
  for (const auto& r : regions) {
    auto anc = region_ancestry(r.code);
    bool below = std::find(anc.begin(), anc.end(), county) != anc.end();
    bool above =
        std::find(county_ancestry.begin(), county_ancestry.end(), r.code) != county_ancestry.end();
    if (below) sec.publishers.push_back(r.code);
    if (below || above) sec.regions.push_back(region_to_json(r));  // names for the whole path
  }
  if (sec.publishers.empty()) {
    return emit_error("region " + county + " is not in the store / 内容库中没有该行政区划");
  }
  Collected out;
  if (auto s = collect_section(store, sec, domains, previous, now, out); !s) return s.error();
  return out;
}

// The content above the county on its path (DESIGN §5, the province role): the province's own
// under province/<p>/ (with regions and domains, so a city- or province-level kiosk has them),
// and each city-level ancestor's (a 市, or a 省直辖 grouping code such as 419000000000) under
// city/<c>/ with the regions from the province down to that city.
Result<Collected> collect_above(const Store& store, const std::vector<Region>& regions,
                                const std::vector<DomainSummary>& domains,
                                const std::string& county,
                                const std::map<std::string, tuf::TargetFile>& previous,
                                int64_t now) {
  std::map<std::string, const Region*> by_code;
  for (const auto& r : regions) by_code[r.code] = &r;
  const std::string province = province_of(county);
  Section prov{"province/" + province + "/", province, {province}, Json::array(), true};
  if (by_code.count(province)) prov.regions.push_back(region_to_json(*by_code[province]));
  Collected out;
  if (auto s = collect_section(store, prov, domains, previous, now, out); !s) return s.error();
  for (const auto& code : region_ancestry(county)) {
    if (region_level_of(code) != RegionLevel::City || !by_code.count(code)) continue;
    Section city{"city/" + code + "/", code, {code}, Json::array(), false};
    for (const auto& a : region_ancestry(code)) {
      if (by_code.count(a)) city.regions.push_back(region_to_json(*by_code[a]));
    }
    Collected c;
    if (auto s = collect_section(store, city, domains, previous, now, c); !s) return s.error();
    if (c.records == 0) continue;  // a city directory only when the city has content
    out.records += c.records;
    for (auto& t : c.targets) out.targets.push_back(std::move(t));
  }
  return out;
}

// Signs role metadata when it differs from the previous version (or is near expiry).
struct RoleOut {
  int64_t version = 0;
  std::string bytes;  // empty = previous file reused
};

Result<RoleOut> sign_role(tuf::Targets t, const std::optional<tuf::Targets>& prev, int64_t floor,
                          const tuf::PrivateKey& key, int64_t now) {
  if (prev && prev->expires - now > kRenewBefore) {
    tuf::Targets a = t, b = *prev;
    a.version = b.version;
    a.expires = b.expires;
    a.issued = b.issued;
    if (a.to_json() == b.to_json()) return RoleOut{prev->version, ""};
  }
  t.version = floor + 1;
  t.expires = now + kRoleLifetime;
  t.issued = now;
  auto bytes = tuf::sign_metadata(t.to_json(), {&key});
  if (!bytes) return bytes.error();
  return RoleOut{t.version, std::move(*bytes)};
}

// The newest file of a role, when it is validly signed by `key`: a file signed by a key since
// replaced (`delegate` with a new county key) cannot be reused and is signed again.
std::optional<tuf::Targets> load_role(const std::string& meta_dir, const std::string& role,
                                      const std::map<std::string, int64_t>& on_disk,
                                      const tuf::Key* key) {
  auto it = on_disk.find(role);
  if (it == on_disk.end()) return std::nullopt;
  auto s = read_signed(meta_dir + "/" + std::to_string(it->second) + "." + role + ".json");
  if (!s) return std::nullopt;
  if (key && !tuf::verify_threshold(s->env, {{key->keyid, *key}}, tuf::RoleKeys{{key->keyid}, 1},
                                    {key->scheme}, role)) {
    return std::nullopt;
  }
  auto t = tuf::Targets::from_json(s->env.signed_part);
  if (!t) return std::nullopt;
  return *t;
}

// A delegated role's private key KEYS/<role>.key, which must be the key the delegation names.
Result<tuf::PrivateKey> load_role_key(const std::string& keys_dir, const tuf::DelegatedRole& d) {
  auto key = tuf::PrivateKey::load(keys_dir + "/" + d.name + ".key");
  if (!key) return key.error();
  if (std::find(d.keys.keyids.begin(), d.keys.keyids.end(), key->public_key().keyid) ==
      d.keys.keyids.end()) {
    return emit_error(d.name + ".key is not the delegated key (re-run `delegate`?) / " + d.name +
                      ".key 与委托的密钥不符");
  }
  return key;
}

// One delegated role this emit signs: its key and its content targets (put in its bins).
struct RolePlan {
  std::string role;  // county-<code> | province-<code>
  const tuf::PrivateKey* key;
  std::vector<ContentTarget> content;
};

// Files before the timestamp are written without an fsync each; one sync_filesystem() flushes
// them all before timestamp.json is renamed into place (emit.h: publish order).
Status write_if_missing(const std::string& path, const std::string& bytes) {
  if (fs::exists(path)) return ok_status();
  if (auto s = tuf::make_dirs(fs::path(path).parent_path().string()); !s) return s;
  return tuf::write_file_atomic(path, bytes, 0644, /*durable=*/false);
}

// Garbage collection (invariant 3): files not referenced now are recorded with the time they
// were first seen unreferenced and deleted 14 days later.
Result<int> collect_garbage(const std::string& out, const std::set<std::string>& referenced,
                            int64_t now) {
  const std::string ledger = out + "/.gongkai-superseded.tsv";
  std::map<std::string, int64_t> since;
  if (auto old = tuf::read_file_capped(ledger, 64 * 1024 * 1024)) {
    size_t pos = 0;
    while (pos < old->size()) {
      size_t nl = old->find('\n', pos);
      if (nl == std::string::npos) nl = old->size();
      std::string line = old->substr(pos, nl - pos);
      auto tab = line.find('\t');
      if (tab != std::string::npos)
        since[line.substr(tab + 1)] = std::atoll(line.substr(0, tab).c_str());
      pos = nl + 1;
    }
  }
  std::map<std::string, int64_t> next;
  int removed = 0;
  std::error_code ec;
  for (const char* top : {"metadata", "targets"}) {
    for (auto it = fs::recursive_directory_iterator(out + "/" + top, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (!it->is_regular_file()) continue;
      std::string rel = fs::relative(it->path(), out).string();
      if (referenced.count(rel)) continue;
      int64_t t = since.count(rel) ? since[rel] : now;
      if (now - t >= kKeepSuperseded) {
        fs::remove(it->path(), ec);
        ++removed;
      } else {
        next[rel] = t;
      }
    }
  }
  std::string text;
  for (const auto& [rel, t] : next) text += std::to_string(t) + "\t" + rel + "\n";
  if (auto s = tuf::write_file_atomic(ledger, text); !s) return s.error();
  return removed;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// emit-feed
// ---------------------------------------------------------------------------------------------
Result<EmitSummary> emit_feed(const EmitOptions& opt) {
  const std::string meta_dir = opt.out_dir + "/metadata";
  const std::string targets_dir = opt.out_dir + "/targets";
  EmitSummary sum;

  // 0. One run at a time per repository: the county's and the province's runs may share it.
  if (auto s = tuf::make_dirs(opt.out_dir); !s) return s.error();
  tuf::Fd lock(::open((opt.out_dir + "/.gongkai-emit.lock").c_str(),
                      O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644));
  if (!lock.valid() || ::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
    return emit_error(
        "another emit-feed is writing " + opt.out_dir + " (or it cannot be " +
        "locked); run again when it is done / 另一个 emit-feed 正在写入该更新源，请稍后重试");
  }

  // 1. Root history and the signed top-level targets from KEYS.
  std::vector<Signed> roots;
  for (int v = 1;; ++v) {
    auto r = read_signed(opt.keys_dir + "/root/" + std::to_string(v) + ".root.json");
    if (!r) {
      if (r.error().code == "mirror.not_found") break;
      return r.error();
    }
    roots.push_back(std::move(*r));
  }
  if (roots.empty()) {
    return emit_error("no " + opt.keys_dir + "/root/1.root.json: run `gongkai-publish root init` " +
                      "first / 缺少根元数据，请先执行 root init");
  }
  auto root = tuf::Root::from_json(roots.back().env.signed_part);
  if (!root) return root.error();
  auto top_signed = read_signed(opt.keys_dir + "/targets.json");
  if (!top_signed) {
    return emit_error("no " + opt.keys_dir + "/targets.json: run `gongkai-publish delegate` " +
                      "first / 缺少顶层 targets，请先执行 delegate");
  }
  if (auto s = tuf::verify_threshold(top_signed->env, root->keys, root->roles["targets"],
                                     root->schemes, "targets.json");
      !s) {
    return s.error();
  }
  auto top = tuf::Targets::from_json(top_signed->env.signed_part);
  if (!top) return top.error();
  if (!top->delegations) return emit_error("targets.json delegates nothing / 未委托任何县级角色");

  // 2. The county and its keys.
  std::string county = opt.region;
  const tuf::DelegatedRole* del = nullptr;
  for (const auto& d : top->delegations->roles) {
    if (d.name.rfind("county-", 0) != 0) continue;
    if (county.empty() || d.name == county_role(county)) {
      if (del)
        return emit_error("several counties delegated: pass --region / 请用 --region 指定县");
      del = &d;
    }
  }
  if (!del) return emit_error("no delegation for county " + county + " / 该县未获委托");
  county = del->name.substr(7);
  sum.region = county;
  // Each publisher signs its own part of the county's repository (DESIGN §5): the county key
  // its county's content, the province key the province's and city's. A run with only one of
  // them keeps the other's part as it was published (step 7 carries roles over).
  std::optional<tuf::PrivateKey> county_key;
  if (fs::exists(opt.keys_dir + "/" + del->name + ".key")) {
    auto k = load_role_key(opt.keys_dir, *del);
    if (!k) return k.error();
    county_key.emplace(std::move(*k));
  }
  auto snapshot_key = tuf::PrivateKey::load(opt.keys_dir + "/snapshot.key");
  if (!snapshot_key) return snapshot_key.error();
  auto timestamp_key = tuf::PrivateKey::load(opt.keys_dir + "/timestamp.key");
  if (!timestamp_key) return timestamp_key.error();

  // The province above the county (DESIGN §5): its role signs province/ and city/ content when
  // it is delegated and its key is in KEYS; otherwise that content waits (a warning, not an
  // error: the county's own content must still go out).
  const std::string province = province_of(county);
  const tuf::DelegatedRole* pdel = nullptr;
  for (const auto& d : top->delegations->roles) {
    if (d.name == province_role(province)) pdel = &d;
  }
  std::optional<tuf::PrivateKey> province_key;
  std::string missing_en, missing_zh;  // why the province role is not signed this time
  if (!pdel) {
    missing_en = "province " + province + " is not delegated in targets.json (run " +
                 "`gongkai-publish delegate --province " + province + "`)";
    missing_zh = "省级角色未委托（请执行 delegate --province " + province + "）";
  } else if (!fs::exists(opt.keys_dir + "/" + pdel->name + ".key")) {
    missing_en = "no " + opt.keys_dir + "/" + pdel->name + ".key (the province signs its own " +
                 "and its cities' content)";
    missing_zh = "缺少省级签名密钥 " + pdel->name + ".key";
  } else {
    auto k = load_role_key(opt.keys_dir, *pdel);
    if (!k) return k.error();
    province_key.emplace(std::move(*k));
  }
  if (!county_key && !province_key) {
    return emit_error("no " + opt.keys_dir + "/" + del->name + ".key (nor a province key): " +
                      "nothing to sign / 缺少县级（及省级）签名密钥，无法签发");
  }

  // 3. Previous state.
  if (auto s = tuf::make_dirs(meta_dir); !s) return s.error();
  if (auto s = tuf::make_dirs(targets_dir); !s) return s.error();
  auto on_disk = versions_on_disk(meta_dir);
  std::optional<tuf::Timestamp> prev_ts;
  if (auto t = read_signed(meta_dir + "/timestamp.json")) {
    auto ts = tuf::Timestamp::from_json(t->env.signed_part);
    if (!ts) return ts.error();
    prev_ts = *ts;
  } else if (t.error().code != "mirror.not_found") {
    return t.error();
  } else if (on_disk.count("snapshot")) {
    return emit_error(meta_dir + " has snapshots but no timestamp.json; refusing to restart " +
                      "versions / 仓库缺少 timestamp.json，拒绝重置版本号");
  }
  std::optional<tuf::Snapshot> prev_snap;
  if (prev_ts) {
    auto s =
        read_signed(meta_dir + "/" + std::to_string(prev_ts->snapshot.version) + ".snapshot.json");
    if (!s) return s.error();
    auto sn = tuf::Snapshot::from_json(s->env.signed_part);
    if (!sn) return sn.error();
    prev_snap = *sn;
  }
  std::vector<RolePlan> plans;
  if (county_key) plans.push_back({del->name, &*county_key, {}});
  if (province_key) plans.push_back({pdel->name, &*province_key, {}});
  std::map<std::string, std::optional<tuf::Targets>> prev_roles;
  std::map<std::string, tuf::TargetFile> prev_targets;
  for (const auto& plan : plans) {
    const tuf::Key& pub = plan.key->public_key();
    for (int b = 0; b < kTufBins; ++b) {
      const std::string bin = role_bin(plan.role, b);
      // Target entries are reusable whoever signed the bin (they are our own output, matched
      // by payload hash); the bin itself only when the current key signed it.
      if (auto any = load_role(meta_dir, bin, on_disk, nullptr)) {
        // Only entries whose file is still there may be reused (invariant 2).
        for (const auto& [path, info] : any->targets) {
          if (fs::exists(targets_dir + "/" + tuf::consistent_target_path(path, info.sha256))) {
            prev_targets.emplace(path, info);
          }
        }
      }
      prev_roles[bin] = load_role(meta_dir, bin, on_disk, &pub);
    }
    prev_roles[plan.role] = load_role(meta_dir, plan.role, on_disk, &pub);
  }

  // 4. Content → targets.
  auto store = Store::open(opt.db, Store::Mode::ReadOnly);
  if (!store) return store.error();
  auto regions = (*store)->regions();
  if (!regions) return regions.error();
  auto domains = (*store)->domains(Scope{county, ""});
  if (!domains) return domains.error();
  if (county_key) {
    auto content = collect_county(**store, *regions, *domains, county, prev_targets, opt.now);
    if (!content) return content.error();
    plans.front().content = std::move(content->targets);
  } else {
    bool listed = prev_snap && prev_snap->meta.count(del->name + ".json");
    sum.warnings.push_back("county " + county + " content not signed: no " + opt.keys_dir + "/" +
                           del->name + ".key" +
                           (listed ? "; the county content signed earlier stays in the feed" : "") +
                           " / 本次未签发县级内容：缺少县级签名密钥 " + del->name + ".key" +
                           (listed ? "；更新源保留此前签发的县级内容" : ""));
  }
  auto above = collect_above(**store, *regions, *domains, county, prev_targets, opt.now);
  if (!above) return above.error();
  if (province_key) {
    plans.back().content = std::move(above->targets);
    sum.province = province;
  } else {
    // Said whenever it matters: content waits, or content signed earlier stays published.
    bool listed = prev_snap && prev_snap->meta.count(province_role(province) + ".json");
    if (above->records > 0 || listed) {
      const std::string n = std::to_string(above->records);
      sum.warnings.push_back(
          n + " province/city record(s) of " + province + " not signed: " + missing_en +
          (listed ? "; the province content signed earlier stays in the feed" : "") +
          " / 省、市级内容 " + n + " 条本次未签发：" + missing_zh +
          (listed ? "；更新源保留此前签发的省级内容" : ""));
    }
  }

  // 5. Root copies first, then target files.
  for (size_t i = 0; i < roots.size(); ++i) {
    std::string p = meta_dir + "/" + std::to_string(i + 1) + ".root.json";
    if (auto have = tuf::read_file_capped(p, kMaxMetaRead); have && *have != roots[i].bytes) {
      return emit_error(p + " differs from the keys directory's root / 根元数据与密钥目录不一致");
    }
    if (auto s = write_if_missing(p, roots[i].bytes); !s) return s.error();
  }
  std::set<std::string> referenced;
  for (size_t i = 0; i < roots.size(); ++i) {
    referenced.insert("metadata/" + std::to_string(i + 1) + ".root.json");
  }
  std::vector<std::vector<tuf::Targets>> bins(plans.size(), std::vector<tuf::Targets>(kTufBins));
  for (size_t p = 0; p < plans.size(); ++p) {
    for (auto& t : plans[p].content) {
      std::string rel = "targets/" + tuf::consistent_target_path(t.path, t.info.sha256);
      referenced.insert(rel);
      if (!fs::exists(opt.out_dir + "/" + rel)) {  // a reused entry's file exists (step 3)
        if (auto s = write_if_missing(opt.out_dir + "/" + rel, t.bytes); !s) return s.error();
        ++sum.targets_written;
      }
      // TUF hashed bins: the first hex digit of sha256(target path) (path_hash_prefixes).
      std::string h = sha256_hex(t.path.data(), t.path.size());
      int b = std::stoi(h.substr(0, 1), nullptr, 16) % kTufBins;
      bins[p][static_cast<size_t>(b)].targets[t.path] = t.info;
      ++sum.targets_total;
    }
  }

  // 6. Bin roles and the county role, then the province's, then top-level targets.
  std::map<std::string, tuf::MetaFile> meta;
  auto emit_role = [&](const std::string& name, tuf::Targets t,
                       const tuf::PrivateKey& key) -> Status {
    auto out = sign_role(std::move(t), prev_roles[name], on_disk.count(name) ? on_disk[name] : 0,
                         key, opt.now);
    if (!out) return out.error();
    std::string file = std::to_string(out->version) + "." + name + ".json";
    std::string path = meta_dir + "/" + file;
    std::string bytes = out->bytes;
    if (bytes.empty()) {
      auto have = tuf::read_file_capped(path, kMaxMetaRead);
      if (!have) return have.error();
      bytes = *have;
    } else {
      if (auto s = tuf::write_file_atomic(path, bytes, 0644, /*durable=*/false); !s) return s;
      ++sum.roles_written;
    }
    referenced.insert("metadata/" + file);
    meta[name + ".json"] = tuf::MetaFile{out->version, static_cast<int64_t>(bytes.size()),
                                         sha256_hex(bytes.data(), bytes.size())};
    return ok_status();
  };
  for (size_t p = 0; p < plans.size(); ++p) {
    const tuf::PrivateKey& key = *plans[p].key;
    tuf::Targets role_t;
    role_t.delegations = tuf::Delegations{};
    role_t.delegations->keys[key.public_key().keyid] = key.public_key();
    for (int b = 0; b < kTufBins; ++b) {
      const std::string bin = role_bin(plans[p].role, b);
      if (auto s = emit_role(bin, bins[p][static_cast<size_t>(b)], key); !s) return s.error();
      tuf::DelegatedRole d;
      d.name = bin;
      d.keys.keyids = {key.public_key().keyid};
      d.keys.threshold = 1;
      d.hash_prefixes = {std::string(1, "0123456789abcdef"[b])};
      d.terminating = true;  // a path's bin is the only place it may be listed
      role_t.delegations->roles.push_back(d);
    }
    if (auto s = emit_role(plans[p].role, role_t, key); !s) return s.error();
  }
  if (prev_snap && prev_snap->meta.count("targets.json") &&
      prev_snap->meta["targets.json"].version > top->version) {
    return emit_error("keys directory's targets.json is older than the published one / " +
                      std::string("顶层 targets 版本低于已发布版本"));
  }
  {
    std::string file = std::to_string(top->version) + ".targets.json";
    if (auto have = tuf::read_file_capped(meta_dir + "/" + file, kMaxMetaRead);
        have && *have != top_signed->bytes) {
      return emit_error(file + " was published with other content; re-run `delegate` so the " +
                        "version goes up / 已发布的同版本 targets 内容不同，请重新执行 delegate");
    }
    if (auto s = write_if_missing(meta_dir + "/" + file, top_signed->bytes); !s) return s.error();
    referenced.insert("metadata/" + file);
    meta["targets.json"] =
        tuf::MetaFile{top->version, static_cast<int64_t>(top_signed->bytes.size()),
                      sha256_hex(top_signed->bytes.data(), top_signed->bytes.size())};
  }

  // 7. Snapshot: new only when some role changed (or it nears expiry). Roles the previous
  // snapshot listed stay listed, so no client sees a file vanish (TUF spec §5.5.4).
  // A carried-over role (the province's, when its key is absent this time) still lists its
  // target files, so they are referenced too (invariant 3).
  if (prev_snap) {
    for (const auto& [file, m] : prev_snap->meta) {
      if (meta.count(file)) continue;
      meta[file] = m;
      const std::string name = std::to_string(m.version) + "." + file;
      referenced.insert("metadata/" + name);
      auto r = read_signed(meta_dir + "/" + name);
      if (!r) return r.error();
      auto t = tuf::Targets::from_json(r->env.signed_part);
      if (!t) return Error{t.error().code, name + ": " + t.error().message};
      for (const auto& [path, info] : t->targets) {
        referenced.insert("targets/" + tuf::consistent_target_path(path, info.sha256));
      }
    }
  }
  tuf::Snapshot snap;
  std::string snap_bytes;
  if (prev_snap && prev_snap->meta == meta && prev_snap->expires - opt.now > kRenewBefore) {
    snap = *prev_snap;
    auto b = tuf::read_file_capped(meta_dir + "/" + std::to_string(snap.version) + ".snapshot.json",
                                   kMaxMetaRead);
    if (!b) return b.error();
    snap_bytes = *b;
  } else {
    int64_t floor = std::max(prev_snap ? prev_snap->version : 0,
                             on_disk.count("snapshot") ? on_disk["snapshot"] : 0);
    snap.version = floor + 1;
    snap.expires = opt.now + kSnapshotLifetime;
    snap.issued = opt.now;
    snap.meta = meta;
    auto b = tuf::sign_metadata(snap.to_json(), {&*snapshot_key});
    if (!b) return b.error();
    snap_bytes = *b;
    if (auto s = tuf::write_file_atomic(
            meta_dir + "/" + std::to_string(snap.version) + ".snapshot.json", snap_bytes, 0644,
            /*durable=*/false);
        !s) {
      return s.error();
    }
  }
  referenced.insert("metadata/" + std::to_string(snap.version) + ".snapshot.json");

  // 8. Timestamp, last, atomically (DESIGN §5 publish order). Always a new version: it carries
  // the new expiry and issued time even when nothing else changed.
  tuf::Timestamp ts;
  ts.version = (prev_ts ? prev_ts->version : 0) + 1;
  ts.expires = opt.now + kTimestampLifetime;
  ts.issued = opt.now;
  ts.snapshot = tuf::MetaFile{snap.version, static_cast<int64_t>(snap_bytes.size()),
                              sha256_hex(snap_bytes.data(), snap_bytes.size())};
  auto ts_bytes = tuf::sign_metadata(ts.to_json(), {&*timestamp_key});
  if (!ts_bytes) return ts_bytes.error();
  if (auto s = tuf::sync_filesystem(opt.out_dir); !s) return s.error();
  if (auto s = tuf::write_file_atomic(meta_dir + "/timestamp.json", *ts_bytes); !s)
    return s.error();
  referenced.insert("metadata/timestamp.json");
  sum.timestamp_version = ts.version;
  sum.snapshot_version = snap.version;

  // 9. Superseded files.
  auto removed = collect_garbage(opt.out_dir, referenced, opt.now);
  if (!removed) return removed.error();
  sum.files_removed = *removed;
  return sum;
}

// ---------------------------------------------------------------------------------------------
// make-usb
// ---------------------------------------------------------------------------------------------
Result<std::string> make_usb(const std::string& feed_dir, const std::string& out_dir) {
  const std::string meta_dir = feed_dir + "/metadata";
  auto ts_s = read_signed(meta_dir + "/timestamp.json");
  if (!ts_s) return ts_s.error();
  auto ts = tuf::Timestamp::from_json(ts_s->env.signed_part);
  if (!ts) return ts.error();
  std::string snap_file = std::to_string(ts->snapshot.version) + ".snapshot.json";
  auto sn_s = read_signed(meta_dir + "/" + snap_file);
  if (!sn_s) return sn_s.error();
  auto sn = tuf::Snapshot::from_json(sn_s->env.signed_part);
  if (!sn) return sn.error();
  std::string region;
  std::vector<std::string> meta_files{snap_file};
  std::vector<std::string> target_files;
  for (const auto& [file, m] : sn->meta) {
    std::string role = file.substr(0, file.size() - 5);
    if (role.rfind("county-", 0) == 0 && role.size() == 19) {
      if (!region.empty()) return emit_error("feed holds several counties / 仓库含多个县");
      region = role.substr(7);
    }
    std::string name = std::to_string(m.version) + "." + file;
    meta_files.push_back(name);
    auto r = read_signed(meta_dir + "/" + name);
    if (!r) return r.error();
    auto t = tuf::Targets::from_json(r->env.signed_part);
    if (!t) return t.error();
    for (const auto& [path, info] : t->targets) {
      target_files.push_back(tuf::consistent_target_path(path, info.sha256));
    }
  }
  if (region.empty()) return emit_error("no county role in the feed / 仓库中没有县级角色");
  for (int v = 1; fs::exists(meta_dir + "/" + std::to_string(v) + ".root.json"); ++v) {
    meta_files.insert(meta_files.begin(), std::to_string(v) + ".root.json");
  }
  const std::string base = out_dir + "/gongkai-update/" + region;
  auto copy = [&](const std::string& from, const std::string& to, bool durable) -> Status {
    auto bytes = tuf::read_file_capped(from, static_cast<size_t>(tuf::kMaxTargetBytes));
    if (!bytes) return bytes.error();
    if (auto s = tuf::make_dirs(fs::path(to).parent_path().string()); !s) return s;
    return tuf::write_file_atomic(to, *bytes, 0644, durable);
  };
  // Same order as emit: targets, role files, snapshot, timestamp last.
  for (const auto& t : target_files) {
    if (auto s = copy(feed_dir + "/targets/" + t, base + "/targets/" + t, false); !s) {
      return s.error();
    }
  }
  for (const auto& m : meta_files) {
    if (auto s = copy(meta_dir + "/" + m, base + "/metadata/" + m, false); !s) return s.error();
  }
  // One flush for everything above, then the timestamp: a stick pulled out early holds no
  // timestamp naming files that are not there.
  if (auto s = tuf::sync_filesystem(base); !s) return s.error();
  if (auto s = copy(meta_dir + "/timestamp.json", base + "/metadata/timestamp.json", true); !s) {
    return s.error();
  }
  if (auto s = tuf::make_dirs(out_dir + "/gongkai-update/report"); !s) return s.error();
  return region;
}

}  // namespace gongkai::feed
