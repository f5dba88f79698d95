// generation.cpp — object cache and generation build; format and invariants in generation.h.
#include "apply/generation.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include "apply/db.h"
#include "feed/emit.h"
#include "feed/records.h"
#include "gongkai/store.h"
#include "tuf/fsutil.h"

namespace gongkai::apply {

namespace fs = std::filesystem;

namespace {

Error io_error(const std::string& what, const std::string& path) {
  return Error{"apply.io", what + " " + path + ": " + std::strerror(errno) + " / 文件读写失败"};
}

Error record_error(const std::string& path, const Error& e) {
  return Error{e.code, path + ": " + e.message};
}

// DESIGN §5: a signed path speaks only for its own folder's regions (feed::region_fits_target).
Error outside(const std::string& region) {
  return Error{"feed.region_mismatch", "a record of region " + region +
                                           " is outside the folder its signer may publish" +
                                           " / 内容所属区划超出签名者的发布范围，已拒绝"};
}

std::string kind_of(const TargetRef& t) {
  const auto& c = t.info.custom;
  if (c.is_object() && c.contains("gongkai") && c["gongkai"].is_object() &&
      c["gongkai"].contains("kind") && c["gongkai"]["kind"].is_string()) {
    return c["gongkai"]["kind"].get<std::string>();
  }
  return "";
}

}  // namespace

Status io_point(const FaultHook& hook, std::string_view point) {
  if (hook && hook(point)) {
    return Error{"apply.io", "injected failure at " + std::string(point) + " / 注入的故障"};
  }
  return ok_status();
}

Status fsync_file(const std::string& path) {
  tuf::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) return io_error("cannot open", path);
  if (::fsync(fd.get()) != 0) return io_error("cannot fsync", path);
  return ok_status();
}

// ---------------------------------------------------------------------------------------------
// ObjectCache
// ---------------------------------------------------------------------------------------------
bool ObjectCache::has_file(const std::string& sha) const {
  std::error_code ec;
  return fs::is_regular_file(dir_ + "/" + sha, ec);
}

void ObjectCache::remember(const std::string& sha, std::string_view bytes) const {
  if (held_bytes_ + bytes.size() > kHoldBytes || held_.count(sha)) return;
  held_.emplace(sha, std::string(bytes));
  held_bytes_ += bytes.size();
}

Result<std::optional<std::string>> ObjectCache::get(const tuf::TargetFile& info) const {
  if (auto h = held_.find(info.sha256);
      h != held_.end() && static_cast<int64_t>(h->second.size()) == info.length) {
    return std::optional<std::string>(h->second);
  }
  const std::string path = dir_ + "/" + info.sha256;
  if (!has_file(info.sha256)) return std::optional<std::string>();
  auto bytes = tuf::read_file_capped(path, static_cast<size_t>(info.length));
  if (bytes && static_cast<int64_t>(bytes->size()) == info.length &&
      sha256_hex(bytes->data(), bytes->size()) == info.sha256) {
    remember(info.sha256, *bytes);
    return std::optional<std::string>(std::move(*bytes));
  }
  // A read that failed (EIO, ENOSPC on open…) says nothing about the object: keep it.
  if (!bytes && (bytes.error().code == "mirror.io" || bytes.error().code == "fs.io"))
    return bytes.error();
  ::unlink(path.c_str());  // damaged or wrong: forget it, the mirror will supply it again
  return std::optional<std::string>();
}

Status ObjectCache::put(const std::string& sha, std::string_view bytes) {
  const std::string part = dir_ + "/.part-" + sha, path = dir_ + "/" + sha;
  if (auto s = io_point(fault_, "object.write"); !s) return s;
  {
    tuf::Fd fd(::open(part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644));
    if (!fd.valid()) return io_error("cannot create", part);
    size_t off = 0;
    while (off < bytes.size()) {
      ssize_t n = ::write(fd.get(), bytes.data() + off, bytes.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return io_error("cannot write", part);
      off += static_cast<size_t>(n);
    }
  }
  if (auto s = io_point(fault_, "object.rename"); !s) return s;
  if (::rename(part.c_str(), path.c_str()) != 0) return io_error("cannot rename", part);
  remember(sha, bytes);
  return ok_status();
}

Status ObjectCache::remove_partials() {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    if (e.path().filename().string().rfind(".part-", 0) == 0) fs::remove(e.path(), ec);
  }
  return ok_status();
}

Result<int> ObjectCache::collect(const std::set<std::string>& keep) {
  if (auto s = io_point(fault_, "object.gc"); !s) return s.error();
  int removed = 0;
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    if (!keep.count(e.path().filename().string())) doomed.push_back(e.path());
  }
  for (const auto& p : doomed) {
    if (fs::remove(p, ec)) ++removed;
  }
  if (removed > 0) {
    if (auto s = tuf::fsync_dir(dir_); !s) return s.error();
  }
  return removed;
}

Result<uint64_t> ObjectCache::bytes_used() const {
  uint64_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    if (e.is_regular_file(ec)) n += e.file_size(ec);
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// build_generation
// ---------------------------------------------------------------------------------------------
namespace {

bool patchable_kind(const std::string& kind) {
  return kind == "catalog-shard" || kind == "notice" || kind == "attachment";
}

struct Builder {
  const ObjectCache& objects;
  Store& store;
  std::map<std::string, std::string> mime;              // attachment sha → MIME, from the notices
  std::vector<std::pair<Notice, std::string>> notices;  // with the target they came from

  // The verified bytes of a target (fetched before the build).
  Result<std::string> object(const TargetRef& t) {
    auto bytes = objects.get(t.info);
    if (!bytes) return bytes.error();
    if (!*bytes) {
      return Error{"apply.missing_object", "object " + t.info.sha256 + " of " + t.path +
                                               " vanished from the cache / 缓存对象丢失"};
    }
    return std::move(**bytes);
  }

  Result<feed::Json> payload(const TargetRef& t) {
    auto bytes = object(t);
    if (!bytes) return bytes.error();
    auto j = feed::decode_payload(*bytes, t.info.custom);
    if (!j) return record_error(t.path, j.error());
    return j;
  }

  Status regions(const std::vector<const TargetRef*>& ts) {
    std::map<std::string, Region> all;
    for (const auto* t : ts) {
      auto j = payload(*t);
      if (!j) return j.error();
      if (!(*j).contains("regions") || !(*j)["regions"].is_array()) {
        return record_error(t->path, Error{"feed.bad_record", "no regions array / 缺少区划列表"});
      }
      for (const auto& rj : (*j)["regions"]) {
        auto r = feed::region_from_json(rj);
        if (!r) return record_error(t->path, r.error());
        all[r->code] = *r;
      }
    }
    std::vector<Region> sorted;
    for (auto& [code, r] : all) sorted.push_back(r);
    // Parents before children: the store's region.parent is a foreign key (store.h inv. 2).
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Region& a, const Region& b) { return a.level < b.level; });
    for (const auto& r : sorted) {
      if (auto s = store.put_region(r); !s) return s;
    }
    return ok_status();
  }

  Status domains(const TargetRef& t) {
    auto j = payload(t);
    if (!j) return j.error();
    if (!(*j).contains("domains") || !(*j)["domains"].is_array()) {
      return record_error(t.path, Error{"feed.bad_record", "no domains array / 缺少领域列表"});
    }
    for (const auto& dj : (*j)["domains"]) {
      auto d = feed::domain_from_json(dj);
      if (!d) return record_error(t.path, d.error());
      if (auto s = store.put_domain(*d); !s) return s;
    }
    return ok_status();
  }

  // Streams the items (feed::for_each_shard_item: no JSON DOM, half the decoding time).
  Status shard(const TargetRef& t) {
    auto bytes = object(t);
    if (!bytes) return bytes.error();
    auto raw = feed::payload_bytes(*bytes, t.info.custom);
    if (!raw) return record_error(t.path, raw.error());
    store.set_origin(t.path);
    auto s = feed::for_each_shard_item(*raw, [&](CatalogItem&& it) -> Status {
      if (!feed::region_fits_target(t.path, it.region)) return outside(it.region);
      // The uid is derived from region, domain and names (make_item_uid), and the store keys
      // items by it: a uid that does not match would let one signer overwrite another's item.
      if (it.uid != make_item_uid(it)) {
        return Error{"feed.bad_record", "item uid " + it.uid +
                                            " does not match its region and names / 事项标识不符"};
      }
      return store.put_item(it);
    });
    if (!s) return record_error(t.path, s.error());
    return ok_status();
  }

  // Parses a notice; it is stored by put_notices, after the attachments it cites.
  Status notice(const TargetRef& t) {
    auto j = payload(t);
    if (!j) return j.error();
    if (!(*j).contains("notice")) {
      return record_error(t.path, Error{"feed.bad_record", "no notice / 缺少公告"});
    }
    auto n = feed::notice_from_json((*j)["notice"]);
    if (!n) return record_error(t.path, n.error());
    if (!feed::region_fits_target(t.path, n->region)) {
      return record_error(t.path, outside(n->region));
    }
    for (const auto& a : n->attachments) mime[a.sha256] = a.mime;
    notices.emplace_back(std::move(*n), t.path);
    return ok_status();
  }

  Status attachment(const TargetRef& t) {
    auto bytes = object(t);
    if (!bytes) return bytes.error();
    auto it = mime.find(t.info.sha256);
    std::vector<uint8_t> data(bytes->begin(), bytes->end());
    auto sha =
        store.put_attachment(data, it == mime.end() ? "application/octet-stream" : it->second);
    if (!sha) return sha.error();
    return ok_status();
  }

  Status put_notices() {
    for (const auto& [n, origin] : notices) {
      store.set_origin(origin);
      if (auto s = store.put_notice(n); !s) return record_error(n.source_file, s.error());
    }
    notices.clear();
    return ok_status();
  }

  // Record order follows the foreign keys: regions → domains → shards → attachments → notices.
  // `notices_for_mime` are parsed only for the MIME types of the attachments, not stored.
  Status apply(const std::vector<const TargetRef*>& ts,
               const std::vector<const TargetRef*>& notices_for_mime = {}) {
    std::map<std::string, std::vector<const TargetRef*>> by_kind;
    for (const auto* t : ts) by_kind[kind_of(*t)].push_back(t);
    for (const auto& [kind, list] : by_kind) {
      if (kind != "regions" && kind != "domains" && !patchable_kind(kind)) {
        return Error{"feed.bad_record",
                     list.front()->path + ": unknown kind \"" + kind + "\" / 未知的内容类型"};
      }
    }
    if (!by_kind["regions"].empty()) {
      if (auto s = regions(by_kind["regions"]); !s) return s;
    }
    for (const auto* t : by_kind["domains"]) {
      if (auto s = domains(*t); !s) return s;
    }
    for (const auto* t : by_kind["catalog-shard"]) {
      if (auto s = shard(*t); !s) return s;
    }
    if (!by_kind["attachment"].empty()) {
      for (const auto* t : notices_for_mime) {
        if (auto s = notice(*t); !s) return s;
      }
      notices.clear();  // only their MIME types were wanted
    }
    for (const auto* t : by_kind["notice"]) {
      if (auto s = notice(*t); !s) return s;
    }
    for (const auto* t : by_kind["attachment"]) {
      if (auto s = attachment(*t); !s) return s;
    }
    return put_notices();
  }
};

void remove_db_files(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

std::vector<FeedTarget> feed_targets_of(const std::vector<TargetRef>& targets) {
  std::vector<FeedTarget> out;
  for (const auto& t : targets) out.push_back({t.path, t.info.sha256, kind_of(t)});
  return out;
}

// Totals of the finished generation, for the summary.
Status count_into(const Store& st, BuildSummary& sum) {
  auto c = st.counts();
  if (!c) return c.error();
  sum.regions = c->regions;
  sum.domains = c->domains;
  sum.items = c->items;
  sum.notices = c->notices;
  sum.attachments = c->attachments;
  return ok_status();
}

// Every target into a new store at path, in one transaction.
Result<BuildSummary> fill(const ObjectCache& objects, const std::vector<TargetRef>& targets,
                          const std::string& path, const std::string& source, int64_t created_at) {
  auto st = Store::open(path, Store::Mode::Build);
  if (!st) return st.error();
  Builder b{objects, **st, {}, {}};
  std::vector<const TargetRef*> all;
  for (const auto& t : targets) all.push_back(&t);
  BuildSummary sum;
  sum.targets_applied = static_cast<int>(targets.size());
  Store::Transaction tx(**st);
  if (auto s = b.apply(all); !s) return s.error();
  if (auto s = (*st)->set_feed_targets(feed_targets_of(targets)); !s) return s.error();
  auto g = (*st)->add_generation(source, "", created_at);
  if (!g) return g.error();
  if (auto s = tx.commit(); !s) return s.error();
  if (auto s = count_into(**st, sum); !s) return s.error();
  return sum;
}

// The store at path is a copy of the previous generation: remove what came from targets that
// are gone or changed, apply the new and changed ones. nullopt = not patchable (the copy has no
// feed targets, e.g. built before schema v4, or regions/domains changed): build in full.
Result<std::optional<BuildSummary>> patch(const ObjectCache& objects,
                                          const std::vector<TargetRef>& targets,
                                          const std::string& path, const std::string& source,
                                          int64_t created_at) {
  auto st = Store::open(path, Store::Mode::Build);  // migrates an older copy first
  if (!st) return st.error();
  auto old = (*st)->feed_targets();
  if (!old) return old.error();
  if (old->empty()) return std::optional<BuildSummary>();
  std::map<std::string, const FeedTarget*> before;
  for (const auto& f : *old) before[f.path] = &f;
  std::map<std::string, std::string> now;  // path → sha256
  std::set<std::string> now_attachments;
  std::vector<const TargetRef*> changed, notices;
  for (const auto& t : targets) {
    now[t.path] = t.info.sha256;
    const std::string kind = kind_of(t);
    if (kind == "attachment") now_attachments.insert(t.info.sha256);
    if (kind == "notice") notices.push_back(&t);
    auto b = before.find(t.path);
    if (b != before.end() && b->second->sha256 == t.info.sha256) continue;
    if (!patchable_kind(kind)) return std::optional<BuildSummary>();
    changed.push_back(&t);
  }
  std::vector<std::string> gone_paths, gone_attachments;
  for (const auto& f : *old) {
    auto n = now.find(f.path);
    if (n != now.end() && n->second == f.sha256) continue;
    if (!patchable_kind(f.kind)) return std::optional<BuildSummary>();
    if (f.kind == "attachment") {
      if (!now_attachments.count(f.sha256)) gone_attachments.push_back(f.sha256);
    } else {
      gone_paths.push_back(f.path);
    }
  }
  BuildSummary sum;
  sum.incremental = true;
  sum.targets_applied = static_cast<int>(changed.size());
  sum.targets_removed = static_cast<int>(gone_paths.size() + gone_attachments.size());
  Builder b{objects, **st, {}, {}};
  Store::Transaction tx(**st);
  if (auto r = (*st)->remove_origins(gone_paths); !r) return r.error();
  if (auto r = (*st)->remove_attachments(gone_attachments); !r) return r.error();
  if (auto s = b.apply(changed, notices); !s) return s.error();
  if (auto s = (*st)->set_feed_targets(feed_targets_of(targets)); !s) return s.error();
  auto g = (*st)->add_generation(source, "", created_at);
  if (!g) return g.error();
  if (auto s = tx.commit(); !s) return s.error();
  if (auto s = count_into(**st, sum); !s) return s.error();
  return std::optional<BuildSummary>(sum);
}

Status copy_file(const std::string& from, const std::string& to) {
  std::error_code ec;
  if (!fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec)) {
    return Error{"apply.io", "cannot copy " + from + " to " + to + ": " + ec.message() +
                                 " / 无法复制上一版内容"};
  }
  return ok_status();
}

// The file at tmp as one self-contained file (journal folded back in, so the UI's read-only
// open needs none) that passes integrity_check.
Status seal(const std::string& tmp, const FaultHook& fault) {
  {
    auto db = Db::open(tmp, SQLITE_OPEN_READWRITE);
    if (!db) return db.error();
    if (auto s = db->exec("PRAGMA journal_mode = DELETE"); !s) return s;
  }
  if (auto s = io_point(fault, "gen.integrity"); !s) return s;
  return integrity_check(tmp);
}

// fsync(tmp), rename to dst, fsync both directories (invariant 2).
Status install(const std::string& tmp, const std::string& dst, const std::string& staging_dir,
               const std::string& gen_dir, const FaultHook& fault) {
  if (auto s = io_point(fault, "gen.fsync"); !s) return s;
  if (auto s = fsync_file(tmp); !s) return s;
  if (auto s = io_point(fault, "gen.rename"); !s) return s;
  if (::rename(tmp.c_str(), dst.c_str()) != 0) return io_error("cannot rename", tmp);
  if (auto s = io_point(fault, "gen.dirsync"); !s) return s;
  if (auto s = tuf::fsync_dir(gen_dir); !s) return s;
  return tuf::fsync_dir(staging_dir);
}

}  // namespace

Result<BuildSummary> build_generation(const ObjectCache& objects,
                                      const std::vector<TargetRef>& targets,
                                      const std::string& base_file, const std::string& staging_dir,
                                      const std::string& gen_dir, const std::string& file,
                                      const std::string& source, int64_t created_at,
                                      const FaultHook& fault) {
  const std::string tmp = staging_dir + "/" + file, dst = gen_dir + "/" + file;
  remove_db_files(tmp);
  if (auto s = io_point(fault, "gen.write"); !s) return s.error();
  std::optional<BuildSummary> sum;
  std::error_code ec;
  if (!base_file.empty() && fs::is_regular_file(base_file, ec)) {
    if (auto s = copy_file(base_file, tmp); !s) return s.error();
    // A base that cannot be patched (damaged, or records that no longer fit) is not an error:
    // a full build from the verified targets is always possible. Disk faults are errors.
    auto p = patch(objects, targets, tmp, source, created_at);
    if (!p && p.error().code == "apply.io") return p.error();
    if (p && *p) {
      auto s = seal(tmp, fault);
      if (!s && s.error().code == "apply.io") return s.error();
      if (s) sum = **p;
    }
    if (!sum) remove_db_files(tmp);
  }
  if (!sum) {
    auto full = fill(objects, targets, tmp, source, created_at);
    if (!full) return full.error();
    if (auto s = seal(tmp, fault); !s) return s.error();
    sum = *full;
  }
  if (auto s = install(tmp, dst, staging_dir, gen_dir, fault); !s) return s.error();
  return *sum;
}

Result<int> store_schema_of(const std::string& path) {
  auto db = Db::open(path, SQLITE_OPEN_READONLY);
  if (!db) return db.error();
  auto v = column_text(*db, "PRAGMA user_version");
  if (!v) return v.error();
  return v->empty() ? 0 : std::atoi(v->front().c_str());
}

Status upgrade_generation(const std::string& from, const std::string& staging_dir,
                          const std::string& gen_dir, const std::string& file,
                          const FaultHook& fault) {
  const std::string tmp = staging_dir + "/" + file;
  remove_db_files(tmp);
  if (auto s = io_point(fault, "gen.write"); !s) return s;
  if (auto s = copy_file(from, tmp); !s) return s;
  {
    auto st = Store::open(tmp, Store::Mode::ReadWrite);  // migrates, one transaction per step
    if (!st) return st.error();
  }
  if (auto s = seal(tmp, fault); !s) return s;
  return install(tmp, gen_dir + "/" + file, staging_dir, gen_dir, fault);
}

}  // namespace gongkai::apply
