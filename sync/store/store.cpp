// store.cpp — the content store's read and write API over one SQLite file (see store.h).
//
// Reads never compute a notice state in SQL: rows in scope are fetched and classified with
// notice_state_at(), the single definition (invariant 3 of store.h). Scope = the region's
// ancestry (at most five codes) and, optionally, a channel. Personal numbers are masked again on
// every read of notice text (DESIGN §4 privacy), whatever the publisher did.
#include "gongkai/store.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "domains_seed.h"
#include "gongkai/privacy.h"
#include "schema.h"
#include "sqlite.h"

namespace gongkai {

using sqlite::Db;
using sqlite::Stmt;

struct Store::Impl {
  Db db;
  std::string path;
  int version = 0;
  bool writable = false;
  bool build = false;  // Mode::Build: foreign keys are checked once, at commit
  std::string origin;  // recorded by put_item/put_notice (set_origin)
  // The write path's statements, prepared once per connection: preparing the item upsert and its
  // child inserts for every item cost more than running them (bench/apply, issue #5).
  std::unordered_map<std::string_view, std::unique_ptr<Stmt>> prepared;

  // Borrows the cached statement for sql (a string literal: the cache keys on its text).
  // The lease resets it, so an error mid-step never leaves it holding a read or write lock.
  class Lease {
   public:
    explicit Lease(Stmt& st) : st_(st) {}
    ~Lease() { st_.reset(); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Stmt& operator*() const { return st_; }
    Stmt* operator->() const { return &st_; }
   private:
    Stmt& st_;
  };
  Lease stmt(std::string_view sql) {
    auto& slot = prepared[sql];
    if (!slot) slot = std::make_unique<Stmt>(db, sql);
    return Lease(*slot);
  }
};

namespace {

// "column IN (?3,?4,…)" for the scope's ancestry, with explicitly numbered parameters from
// `first` (anonymous "?" would be numbered after any "?N" before them in the text).
struct AncestryClause {
  std::vector<std::string> codes;
  std::string sql(const char* column, int first) const {
    std::string s = std::string(column) + " IN (";
    for (size_t i = 0; i < codes.size(); ++i)
      s += (i ? ",?" : "?") + std::to_string(first + static_cast<int>(i));
    return s + ")";
  }
  void bind(Stmt& st, int first) const {
    for (const auto& c : codes) st.bind(first++, c);
  }
};

Result<AncestryClause> ancestry_of(const Scope& scope) {
  AncestryClause a{region_ancestry(scope.region)};
  if (a.codes.empty()) {
    return Error{"store.bad_region", "invalid region code '" + scope.region +
                                         "' (12 digits expected) / 区划代码无效（应为12位数字）"};
  }
  return a;
}

// Items for a catalog channel (公开渠道): those listing it, and those listing none (shown on every
// channel). `param` is the SQL parameter holding the channel; '' = no filter.
std::string channel_filter(const char* param) {
  return std::string("(") + param + " = '' OR i.channels = '[]' OR EXISTS (SELECT 1 FROM " +
         "json_each(i.channels) WHERE value = " + param + "))";
}

// JSON text of a list for the store's list columns (schema v4): strings escaped as RFC 8259
// requires (", \, control characters), UTF-8 kept as is; SQLite's json_each reads it back.
void append_json_string(std::string& out, std::string_view v) {
  out += '"';
  for (unsigned char c : v) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", c);
      out += esc;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

std::string json_strings(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, v[i]);
  }
  return out + "]";
}

template <typename T, typename A, typename B>
std::string json_pairs(const std::vector<T>& v, A first, B second) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    out += i ? ",[" : "[";
    append_json_string(out, v[i].*first);
    out += ',';
    append_json_string(out, v[i].*second);
    out += ']';
  }
  return out + "]";
}

Error not_writable(const std::string& path) {
  return Error{"store.read_only", "store " + path + " was opened read-only / 数据库以只读方式打开"};
}

// Parses domains TSV text (code<TAB>name[<TAB>lead department], '#' comments) into domains.
Result<std::vector<Domain>> parse_domains_tsv(std::istream& in, const std::string& origin) {
  std::vector<Domain> out;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, '\t');) f.push_back(cell);
    if (f.size() < 2 || f[0].empty() || f[1].empty()) {
      return Error{"store.seed", origin + ":" + std::to_string(line_no) +
                                     ": expected code<TAB>name / 格式应为：编码<TAB>名称"};
    }
    out.push_back(Domain{f[0], f[1], f.size() > 2 ? f[2] : "", std::atoi(f[0].c_str())});
  }
  return out;
}


}  // namespace

// ---------------------------------------------------------------------------------------------
// open
// ---------------------------------------------------------------------------------------------
Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const std::string& path, Mode mode) {
  int flags = mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY
                                     : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    return Error{"store.open", "cannot open store " + path + ": " +
                                   (raw ? sqlite3_errmsg(raw) : "out of memory") +
                                   " / 无法打开内容数据库"};
  }
  sqlite3_busy_timeout(db.get(), 5000);
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->writable = mode != Mode::ReadOnly;
  impl->build = mode == Mode::Build;
  // Build: the caller fsyncs and checks the finished file before anything uses it, and deletes
  // it on failure, so no fsyncs or on-disk journal here; the rollback journal stays in memory
  // (journal_mode OFF would make a ROLLBACK undefined). Row-by-row foreign-key lookups cost a
  // third of a 20k-item generation build; one foreign_key_check at commit finds the same faults.
  const char* setup =
      mode == Mode::Build
          ? "PRAGMA foreign_keys = OFF; PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; "
            "PRAGMA cache_size = -65536; PRAGMA locking_mode = EXCLUSIVE"
      : mode == Mode::ReadWrite
          ? "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL"
          : "PRAGMA foreign_keys = ON";
  if (auto s = db.exec(setup); !s) return s.error();
  bool fresh = false;
  if (impl->writable) {
    auto before = schema::version(db);
    if (!before) return before.error();
    if (auto s = schema::migrate(db, kStoreSchemaVersion); !s) return s.error();
    fresh = *before == 0;
  }
  auto v = schema::version(db);
  if (!v) return v.error();
  if (*v != kStoreSchemaVersion) {
    return Error{"store.version",
                 "store " + path + " has schema v" + std::to_string(*v) + ", this program needs v" +
                     std::to_string(kStoreSchemaVersion) +
                     (*v < kStoreSchemaVersion ? " (open it read-write once to migrate)" : "") +
                     " / 数据库版本不匹配"};
  }
  impl->version = *v;
  impl->db = std::move(db);
  auto store = std::unique_ptr<Store>(new Store(std::move(impl)));
  if (fresh) {  // a new file gets the pilot domains (DESIGN §4: data, not code)
    std::istringstream seed(kPilotDomainsTsv);
    auto domains = parse_domains_tsv(seed, "assets/domains.tsv");
    if (!domains) return domains.error();
    Transaction txn(*store);
    for (const auto& d : *domains)
      if (auto s = store->put_domain(d); !s) return s.error();
    if (auto s = txn.commit(); !s) return s.error();
  }
  return store;
}

int Store::schema_version() const { return impl_->version; }
const std::string& Store::path() const { return impl_->path; }

// ---------------------------------------------------------------------------------------------
// transactions
// ---------------------------------------------------------------------------------------------
Store::Transaction::Transaction(Store& s) : store_(s) {
  if (!store_.impl_->db.exec("BEGIN IMMEDIATE")) done_ = true;  // commit() will report it
}

Store::Transaction::~Transaction() {
  if (!done_) (void)store_.impl_->db.exec("ROLLBACK");
}

Status Store::Transaction::commit() {
  if (done_) return Error{"store.txn", "transaction not active / 事务未开始"};
  if (store_.impl_->build) {
    Stmt fk(store_.impl_->db, "PRAGMA foreign_key_check");
    auto row = fk.step();
    if (!row) return row.error();
    if (*row) {
      return Error{"store.foreign_key",
                   "a " + fk.text(0) + " row refers to a missing " + fk.text(2) +
                       " (unknown region, domain or attachment) / 记录引用了不存在的区划、领域或附件"};
    }
  }
  done_ = true;
  if (auto s = store_.impl_->db.exec("COMMIT"); !s) {
    (void)store_.impl_->db.exec("ROLLBACK");
    return s;
  }
  return ok_status();
}

// ---------------------------------------------------------------------------------------------
// regions and domains
// ---------------------------------------------------------------------------------------------
namespace {
Region region_from(const Stmt& st) {
  return Region{st.text(0), st.text(1), st.text(2), static_cast<RegionLevel>(st.int32(3))};
}
}  // namespace

Result<std::vector<Region>> Store::regions() const {
  Stmt st(impl_->db, "SELECT code, name, parent, level FROM region ORDER BY code");
  std::vector<Region> out;
  for (;;) {
    auto row = st.step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(region_from(st));
  }
  return out;
}

Result<std::optional<Region>> Store::region(const std::string& code) const {
  Stmt st(impl_->db, "SELECT code, name, parent, level FROM region WHERE code = ?");
  st.bind(1, code);
  auto row = st.step();
  if (!row) return row.error();
  if (!*row) return std::optional<Region>{};
  return std::optional<Region>{region_from(st)};
}

Status Store::put_region(const Region& r) {
  if (!impl_->writable) return not_writable(impl_->path);
  auto level = region_level_of(r.code);
  if (!level) {
    return Error{"store.bad_region",
                 "invalid region code '" + r.code + "' / 区划代码无效（应为12位数字）"};
  }
  if (r.name.empty()) {
    return Error{"store.bad_region", "region " + r.code + " has no name / 区划名称为空"};
  }
  auto st = impl_->stmt(
      "INSERT INTO region(code, name, parent, level) VALUES(?,?,?,?) "
      "ON CONFLICT(code) DO UPDATE SET name = excluded.name, parent = excluded.parent, "
      "level = excluded.level");
  st->bind(1, r.code).bind(2, r.name).bind(3, region_parent_of(r.code));
  st->bind(4, static_cast<int>(*level));
  return st->run();
}

Status Store::put_domain(const Domain& d) {
  if (!impl_->writable) return not_writable(impl_->path);
  if (d.code.empty() || d.name.empty()) {
    return Error{"store.bad_domain", "domain needs a code and a name / 领域缺少编码或名称"};
  }
  auto st = impl_->stmt(
      "INSERT INTO domain(code, name, lead_department, sort_order) VALUES(?,?,?,?) "
      "ON CONFLICT(code) DO UPDATE SET name = excluded.name, "
      "lead_department = excluded.lead_department, sort_order = excluded.sort_order");
  st->bind(1, d.code).bind(2, d.name).bind(3, d.lead_department).bind(4, d.sort_order);
  return st->run();
}

Result<std::optional<Domain>> Store::domain_by_name(const std::string& name) const {
  Stmt st(impl_->db,
          "SELECT code, name, lead_department, sort_order FROM domain WHERE name = ?");
  st.bind(1, name);
  auto row = st.step();
  if (!row) return row.error();
  if (!*row) return std::optional<Domain>{};
  return std::optional<Domain>{Domain{st.text(0), st.text(1), st.text(2), st.int32(3)}};
}

Result<std::string> Store::ensure_domain(const std::string& name) {
  auto found = domain_by_name(name);
  if (!found) return found.error();
  if (*found) return (*found)->code;
  // New domains get "x-NN" codes and sort after every existing domain.
  Stmt st(impl_->db,
          "SELECT (SELECT count(*) FROM domain WHERE code LIKE 'x-%'), "
          "(SELECT coalesce(max(sort_order), 0) FROM domain)");
  auto row = st.step();
  if (!row) return row.error();
  char code[16];
  std::snprintf(code, sizeof code, "x-%02d", st.int32(0) + 1);
  Domain d{code, name, "", st.int32(1) + 1};
  if (auto s = put_domain(d); !s) return s.error();
  return d.code;
}

Status Store::seed_domains_tsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error{"store.seed", "cannot read " + path + " / 无法读取领域列表文件"};
  auto domains = parse_domains_tsv(in, path);
  if (!domains) return domains.error();
  for (const auto& d : *domains)
    if (auto s = put_domain(d); !s) return s;
  return ok_status();
}

// ---------------------------------------------------------------------------------------------
// catalog items
// ---------------------------------------------------------------------------------------------
Result<std::vector<DomainSummary>> Store::domains(const Scope& scope) const {
  auto anc = ancestry_of(scope);
  if (!anc) return anc.error();
  std::string sql =
      "SELECT d.code, d.name, d.lead_department, d.sort_order, "
      "  (SELECT count(*) FROM catalog_item i WHERE i.domain = d.code AND " +
      anc->sql("i.region", 2) +
      "   AND " + channel_filter("?1") + ")"
      " FROM domain d ORDER BY d.sort_order, d.code";
  Stmt st(impl_->db, sql);
  st.bind(1, scope.catalog_channel);
  anc->bind(st, 2);
  std::vector<DomainSummary> out;
  for (;;) {
    auto row = st.step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back({Domain{st.text(0), st.text(1), st.text(2), st.int32(3)}, st.int32(4)});
  }
  return out;
}

Result<std::vector<ItemGroup>> Store::items_of_domain(const std::string& domain_code,
                                                      const Scope& scope) const {
  auto anc = ancestry_of(scope);
  if (!anc) return anc.error();
  // County items first, then township, then village; each in source order.
  std::string sql =
      "SELECT i.id, i.level1, i.level2, i.level3, i.subject, i.region FROM catalog_item i "
      "JOIN region r ON r.code = i.region WHERE i.domain = ?1 AND " +
      anc->sql("i.region", 3) +
      " AND " + channel_filter("?2") +
      " ORDER BY r.level, i.region, i.source_file, i.source_row, i.id";
  Stmt st(impl_->db, sql);
  st.bind(1, domain_code).bind(2, scope.catalog_channel);
  anc->bind(st, 3);
  std::vector<ItemGroup> groups;
  std::unordered_map<std::string, size_t> group_of;  // 一级事项 → index in groups
  for (;;) {
    auto row = st.step();
    if (!row) return row.error();
    if (!*row) break;
    std::string level1 = st.text(1);
    auto [pos, added] = group_of.emplace(level1, groups.size());
    if (added) groups.push_back(ItemGroup{std::move(level1), {}});
    groups[pos->second].items.push_back({st.int64(0), st.text(2), st.text(3), st.text(4), st.text(5)});
  }
  return groups;
}

namespace {
// Reads the elements of one of an item's JSON list columns, in order.
template <typename F>
Status for_list(const Db& db, const char* sql, const std::string& json, F&& f) {
  Stmt st(db, sql);
  st.bind(1, json);
  for (;;) {
    auto row = st.step();
    if (!row) return row.error();
    if (!*row) return ok_status();
    f(st);
  }
}
}  // namespace

Result<std::optional<CatalogItem>> Store::item(int64_t id) const {
  Stmt st(impl_->db,
          "SELECT id, uid, region, domain, serial, level1, level2, level3, content, basis_text, "
          "time_limit_text, time_limit_kind, time_limit_days, time_limit_working, "
          "time_limit_publicity_days, time_limit_period, subject, channels_text, audience, mode, "
          "duration_text, url, source_file, source_row, basis, channels, levels, original "
          "FROM catalog_item WHERE id = ?");
  st.bind(1, id);
  auto row = st.step();
  if (!row) return row.error();
  if (!*row) return std::optional<CatalogItem>{};
  CatalogItem it;
  it.id = st.int64(0);
  it.uid = st.text(1);
  it.region = st.text(2);
  it.domain = st.text(3);
  it.serial = st.text(4);
  it.level1 = st.text(5);
  it.level2 = st.text(6);
  it.level3 = st.text(7);
  it.content = st.text(8);
  it.basis_text = st.text(9);
  it.time_limit_text = st.text(10);
  it.time_limit.kind = static_cast<TimeLimitKind>(st.int32(11));
  it.time_limit.days = st.int32(12);
  it.time_limit.working_days = st.int32(13) != 0;
  it.time_limit.publicity_days = st.int32(14);
  it.time_limit.period = st.text(15);
  it.subject = st.text(16);
  it.channels_text = st.text(17);
  it.audience = static_cast<Audience>(st.int32(18));
  it.mode = static_cast<DisclosureMode>(st.int32(19));
  it.duration_text = st.text(20);
  it.url = st.text(21);
  it.source_file = st.text(22);
  it.source_row = st.int32(23);
  const Db& db = impl_->db;
  constexpr const char* kPairs =
      "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?) "
      "ORDER BY key";
  constexpr const char* kStrings = "SELECT value FROM json_each(?) ORDER BY key";
  Status s = for_list(db, kPairs, st.text(24),
                      [&](const Stmt& c) { it.basis.push_back({c.text(0), c.text(1)}); });
  if (s) s = for_list(db, kStrings, st.text(25), [&](const Stmt& c) { it.channels.push_back(c.text(0)); });
  if (s) s = for_list(db, kStrings, st.text(26), [&](const Stmt& c) { it.levels.push_back(c.text(0)); });
  if (s) s = for_list(db, kPairs, st.text(27),
                      [&](const Stmt& c) { it.original.push_back({c.text(0), c.text(1)}); });
  if (!s) return s.error();
  return std::optional<CatalogItem>{std::move(it)};
}

Status Store::put_item(CatalogItem& it) {
  if (!impl_->writable) return not_writable(impl_->path);
  if (it.uid.empty()) it.uid = make_item_uid(it);
  if (it.level1.empty()) {
    return Error{"store.bad_item", "catalog item without 一级事项 / 事项缺少一级事项名称"};
  }
  auto st = impl_->stmt(
          "INSERT INTO catalog_item(uid, region, domain, serial, level1, level2, level3, content, "
          "basis_text, time_limit_text, time_limit_kind, time_limit_days, time_limit_working, "
          "time_limit_publicity_days, time_limit_period, subject, channels_text, audience, mode, "
          "duration_text, url, source_file, source_row, basis, channels, levels, original, "
          "origin) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
          "ON CONFLICT(uid) DO UPDATE SET region=excluded.region, domain=excluded.domain, "
          "serial=excluded.serial, level1=excluded.level1, level2=excluded.level2, "
          "level3=excluded.level3, content=excluded.content, basis_text=excluded.basis_text, "
          "time_limit_text=excluded.time_limit_text, time_limit_kind=excluded.time_limit_kind, "
          "time_limit_days=excluded.time_limit_days, "
          "time_limit_working=excluded.time_limit_working, "
          "time_limit_publicity_days=excluded.time_limit_publicity_days, "
          "time_limit_period=excluded.time_limit_period, subject=excluded.subject, "
          "channels_text=excluded.channels_text, audience=excluded.audience, mode=excluded.mode, "
          "duration_text=excluded.duration_text, url=excluded.url, "
          "source_file=excluded.source_file, source_row=excluded.source_row, "
          "basis=excluded.basis, channels=excluded.channels, levels=excluded.levels, "
          "original=excluded.original, origin=excluded.origin RETURNING id");
  st->bind(1, it.uid).bind(2, it.region).bind(3, it.domain).bind(4, it.serial).bind(5, it.level1);
  st->bind(6, it.level2).bind(7, it.level3).bind(8, it.content).bind(9, it.basis_text);
  st->bind(10, it.time_limit_text).bind(11, static_cast<int>(it.time_limit.kind));
  st->bind(12, it.time_limit.days).bind(13, it.time_limit.working_days ? 1 : 0);
  st->bind(14, it.time_limit.publicity_days).bind(15, it.time_limit.period);
  st->bind(16, it.subject).bind(17, it.channels_text).bind(18, static_cast<int>(it.audience));
  st->bind(19, static_cast<int>(it.mode)).bind(20, it.duration_text).bind(21, it.url);
  st->bind(22, it.source_file).bind(23, it.source_row);
  st->bind(24, json_pairs(it.basis, &Citation::text, &Citation::tag));
  st->bind(25, json_strings(it.channels)).bind(26, json_strings(it.levels));
  st->bind(27, json_pairs(it.original, &OriginalCell::header, &OriginalCell::text));
  st->bind(28, impl_->origin);
  auto row = st->step();
  if (!row) {
    return Error{"store.bad_item", "cannot store item '" + it.level1 + " / " + it.level2 +
                                       "' (unknown region or domain?): " + row.error().message};
  }
  it.id = st->int64(0);
  return st->run();  // finish the RETURNING statement
}

Result<int> Store::remove_items_of_source(const std::string& region,
                                          const std::string& source_file,
                                          const std::set<std::string>& keep_uids) {
  if (!impl_->writable) return not_writable(impl_->path);
  Stmt sel(impl_->db, "SELECT id, uid FROM catalog_item WHERE region = ? AND source_file = ?");
  sel.bind(1, region).bind(2, source_file);
  std::vector<int64_t> doomed;
  for (;;) {
    auto row = sel.step();
    if (!row) return row.error();
    if (!*row) break;
    if (!keep_uids.count(sel.text(1))) doomed.push_back(sel.int64(0));
  }
  Stmt del(impl_->db, "DELETE FROM catalog_item WHERE id = ?");
  for (int64_t id : doomed) {
    del.bind(1, id);
    if (auto s = del.run(); !s) return s.error();
    del.reset();
  }
  return static_cast<int>(doomed.size());
}

// ---------------------------------------------------------------------------------------------
// notices
// ---------------------------------------------------------------------------------------------
namespace {
constexpr const char* kNoticeColumns =
    "id, title, issuer, doc_number, category, kind, region, channel, priority, published_at, "
    "start_at, end_at, body, source_file, url";

Notice notice_from(const Stmt& st) {
  Notice n;
  n.id = st.text(0);
  n.title = mask_personal_numbers(st.text(1)).text;
  n.issuer = st.text(2);
  n.doc_number = st.text(3);
  n.category = st.text(4);
  n.kind = st.text(5);
  n.region = st.text(6);
  n.channel = st.text(7);
  n.priority = static_cast<NoticePriority>(st.int32(8));
  n.published_at = st.int64(9);
  n.start_at = st.int64(10);
  n.end_at = st.opt_int64(11);
  n.body = mask_personal_numbers(st.text(12)).text;
  n.source_file = st.text(13);
  n.url = st.text(14);
  return n;
}

// Signage order (issue #4): urgent, then pinned, then newest. Archived lists sort by newest end.
bool notice_before(const NoticeSummary& a, const NoticeSummary& b) {
  if (a.priority != b.priority) return a.priority > b.priority;
  if (a.state == NoticeState::Archived && b.state == NoticeState::Archived && a.end_at != b.end_at)
    return a.end_at.value_or(0) > b.end_at.value_or(0);
  if (a.start_at != b.start_at) return a.start_at > b.start_at;
  return a.id < b.id;
}
}  // namespace

Result<std::vector<NoticeSummary>> Store::notices(const NoticeQuery& q) const {
  auto anc = ancestry_of(q.scope);
  if (!anc) return anc.error();
  std::string sql = std::string("SELECT ") + kNoticeColumns + " FROM notice WHERE " +
                    anc->sql("region", 3) +
                    " AND (?1 = '' OR channel IN ('', 'all', ?1)) AND (?2 = '' OR category = ?2)";
  Stmt st(impl_->db, sql);
  st.bind(1, q.scope.channel).bind(2, q.category);
  anc->bind(st, 3);
  std::vector<NoticeSummary> out;
  for (;;) {
    auto row = st.step();
    if (!row) return row.error();
    if (!*row) break;
    Notice n = notice_from(st);
    NoticeState state = notice_state_at(n, q.trusted_now);
    if (q.state && *q.state != state) continue;
    out.push_back({n.id, n.title, n.issuer, n.category, n.region, n.priority, state,
                   n.published_at, n.start_at, n.end_at});
  }
  std::sort(out.begin(), out.end(), notice_before);
  return out;
}

Result<std::optional<Notice>> Store::notice(const std::string& id) const {
  Stmt st(impl_->db, std::string("SELECT ") + kNoticeColumns + " FROM notice WHERE id = ?");
  st.bind(1, id);
  auto row = st.step();
  if (!row) return row.error();
  if (!*row) return std::optional<Notice>{};
  Notice n = notice_from(st);
  Stmt at(impl_->db,
          "SELECT sha256, name, mime, caption FROM notice_attachment WHERE notice_id = ? "
          "ORDER BY seq");
  at.bind(1, id);
  for (;;) {
    auto r = at.step();
    if (!r) return r.error();
    if (!*r) break;
    n.attachments.push_back({at.text(0), at.text(1), at.text(2), at.text(3)});
  }
  return std::optional<Notice>{std::move(n)};
}

Result<std::vector<std::string>> Store::notice_categories() const {
  // The four board categories first in their customary order (村民委员会组织法 art. 30 practice),
  // then any local ones alphabetically.
  Stmt st(impl_->db,
          "SELECT DISTINCT category FROM notice ORDER BY "
          "CASE category WHEN '党务' THEN 0 WHEN '政务' THEN 1 WHEN '事务' THEN 2 "
          "WHEN '财务' THEN 3 ELSE 4 END, category");
  std::vector<std::string> out;
  for (;;) {
    auto row = st.step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(st.text(0));
  }
  return out;
}

Status Store::put_notice(const Notice& n) {
  if (!impl_->writable) return not_writable(impl_->path);
  if (n.id.empty() || n.title.empty() || n.category.empty()) {
    return Error{"store.bad_notice", "notice needs id, title and category / 公告缺少编号、标题或类别"};
  }
  if (n.end_at && *n.end_at <= n.start_at) {
    return Error{"store.bad_notice", "notice " + n.id + ": 公示期 ends before it starts / 公示期结束早于开始"};
  }
  if (!impl_->origin.empty()) {
    // Two feed targets (e.g. a county's and the province's) with one notice id: replacing the
    // first by the second would let one signer overwrite another's notice.
    auto prev = impl_->stmt("SELECT origin FROM notice WHERE id = ?");
    prev->bind(1, n.id);
    auto row = prev->step();
    if (!row) return row.error();
    if (*row && prev->text(0) != impl_->origin) {
      return Error{"store.duplicate_notice", "notice id " + n.id + " comes from both " +
                                                 prev->text(0) + " and " + impl_->origin +
                                                 " / 两个发布来源使用了同一公告编号"};
    }
  }
  // Attachment rows explicitly: ON DELETE CASCADE does not run with foreign keys off (Build).
  for (const char* sql : {"DELETE FROM notice_attachment WHERE notice_id = ?",
                          "DELETE FROM notice WHERE id = ?"}) {
    auto del = impl_->stmt(sql);
    del->bind(1, n.id);
    if (auto s = del->run(); !s) return s;
  }
  static const std::string insert = std::string("INSERT INTO notice(") + kNoticeColumns +
                                    ", origin) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  auto st = impl_->stmt(insert);
  st->bind(1, n.id).bind(2, n.title).bind(3, n.issuer).bind(4, n.doc_number).bind(5, n.category);
  st->bind(6, n.kind).bind(7, n.region).bind(8, n.channel == "all" ? "" : n.channel);
  st->bind(9, static_cast<int>(n.priority)).bind(10, n.published_at).bind(11, n.start_at);
  st->bind(12, n.end_at).bind(13, n.body).bind(14, n.source_file).bind(15, n.url);
  st->bind(16, impl_->origin);
  if (auto s = st->run(); !s) {
    return Error{"store.bad_notice", "cannot store notice " + n.id +
                                         " (unknown region?): " + s.error().message};
  }
  auto ins = impl_->stmt("INSERT INTO notice_attachment VALUES(?,?,?,?,?,?)");
  for (size_t i = 0; i < n.attachments.size(); ++i) {
    const auto& a = n.attachments[i];
    ins->bind(1, n.id).bind(2, static_cast<int64_t>(i)).bind(3, a.sha256).bind(4, a.name);
    ins->bind(5, a.mime).bind(6, a.caption);
    if (auto s = ins->run(); !s) {
      return Error{"store.bad_notice", "notice " + n.id + ": attachment " + a.name +
                                           " not stored / 附件未入库: " + s.error().message};
    }
  }
  return ok_status();
}

// ---------------------------------------------------------------------------------------------
// attachments, generations, counts
// ---------------------------------------------------------------------------------------------
Result<std::string> Store::put_attachment(const std::vector<uint8_t>& bytes,
                                          const std::string& mime) {
  if (!impl_->writable) return not_writable(impl_->path);
  std::string hash = sha256_hex(bytes.data(), bytes.size());
  Stmt st(impl_->db,
          "INSERT INTO attachment(sha256, mime, size, data) VALUES(?,?,?,?) "
          "ON CONFLICT(sha256) DO NOTHING");
  st.bind(1, hash).bind(2, mime).bind(3, static_cast<int64_t>(bytes.size()));
  st.bind_blob(4, bytes.data(), bytes.size());
  if (auto s = st.run(); !s) return s.error();
  return hash;
}

Result<std::optional<std::vector<uint8_t>>> Store::attachment_bytes(
    const std::string& sha256) const {
  Stmt st(impl_->db, "SELECT data FROM attachment WHERE sha256 = ?");
  st.bind(1, sha256);
  auto row = st.step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::vector<uint8_t>>{};
  return std::optional<std::vector<uint8_t>>{st.blob(0)};
}

Result<int64_t> Store::add_generation(const std::string& source, const std::string& note,
                                      int64_t created_at) {
  if (!impl_->writable) return not_writable(impl_->path);
  Stmt st(impl_->db, "INSERT INTO generation(created_at, source, note) VALUES(?,?,?)");
  st.bind(1, created_at).bind(2, source).bind(3, note);
  if (auto s = st.run(); !s) return s.error();
  return static_cast<int64_t>(sqlite3_last_insert_rowid(impl_->db.get()));
}

Result<std::optional<Generation>> Store::latest_generation() const {
  Stmt st(impl_->db,
          "SELECT id, created_at, source, note FROM generation ORDER BY id DESC LIMIT 1");
  auto row = st.step();
  if (!row) return row.error();
  if (!*row) return std::optional<Generation>{};
  return std::optional<Generation>{Generation{st.int64(0), st.int64(1), st.text(2), st.text(3)}};
}

Result<StoreCounts> Store::counts() const {
  Stmt st(impl_->db,
          "SELECT (SELECT count(*) FROM region), (SELECT count(*) FROM domain), "
          "(SELECT count(*) FROM catalog_item), (SELECT count(*) FROM notice), "
          "(SELECT count(*) FROM attachment)");
  auto row = st.step();
  if (!row) return row.error();
  return StoreCounts{st.int32(0), st.int32(1), st.int32(2), st.int32(3), st.int32(4)};
}

// ---------------------------------------------------------------------------------------------
// sync generations: origins and feed targets
// ---------------------------------------------------------------------------------------------
void Store::set_origin(const std::string& target_path) { impl_->origin = target_path; }

namespace {
// Runs a DELETE whose only parameter is a JSON array of keys (`IN (SELECT value FROM
// json_each(?1))`): one statement, one table scan, however many keys.
Result<int> delete_keys(const Db& db, const char* sql, const std::vector<std::string>& keys) {
  if (keys.empty()) return 0;
  Stmt st(db, sql);
  st.bind(1, json_strings(keys));
  if (auto s = st.run(); !s) return s.error();
  return sqlite3_changes(db.get());
}
}  // namespace

Result<int> Store::remove_origins(const std::vector<std::string>& target_paths) {
  if (!impl_->writable) return not_writable(impl_->path);
  auto items = delete_keys(impl_->db,
                           "DELETE FROM catalog_item WHERE origin IN (SELECT value FROM json_each(?1))",
                           target_paths);
  if (!items) return items.error();
  // notice_attachment rows go with their notice (ON DELETE CASCADE, or explicitly when foreign
  // keys are off in Mode::Build).
  if (auto s = delete_keys(impl_->db,
                           "DELETE FROM notice_attachment WHERE notice_id IN (SELECT id FROM notice "
                           "WHERE origin IN (SELECT value FROM json_each(?1)))",
                           target_paths);
      !s) {
    return s.error();
  }
  auto notices = delete_keys(impl_->db,
                             "DELETE FROM notice WHERE origin IN (SELECT value FROM json_each(?1))",
                             target_paths);
  if (!notices) return notices.error();
  return *items + *notices;
}

Result<int> Store::remove_attachments(const std::vector<std::string>& sha256s) {
  if (!impl_->writable) return not_writable(impl_->path);
  return delete_keys(impl_->db,
                     "DELETE FROM attachment WHERE sha256 IN (SELECT value FROM json_each(?1))",
                     sha256s);
}

Result<std::vector<FeedTarget>> Store::feed_targets() const {
  Stmt st(impl_->db, "SELECT path, sha256, kind FROM feed_target ORDER BY path");
  std::vector<FeedTarget> out;
  for (;;) {
    auto row = st.step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back({st.text(0), st.text(1), st.text(2)});
  }
  return out;
}

Status Store::set_feed_targets(const std::vector<FeedTarget>& targets) {
  if (!impl_->writable) return not_writable(impl_->path);
  if (auto s = impl_->db.exec("DELETE FROM feed_target"); !s) return s;
  auto ins = impl_->stmt("INSERT INTO feed_target(path, sha256, kind) VALUES(?,?,?)");
  for (const auto& t : targets) {
    ins->bind(1, t.path).bind(2, t.sha256).bind(3, t.kind);
    if (auto s = ins->run(); !s) return s;
  }
  return ok_status();
}

}  // namespace gongkai
