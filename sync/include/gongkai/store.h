// store.h — the content store: one SQLite file holding one content generation (DESIGN §4, §5).
//
// Writers (gongkai-publish, the sync apply step) fill a store inside a Transaction; readers (the
// kiosk UI) use the read API below and never see SQL. Scoping rule for every read: a kiosk
// configured for region R sees content addressed to R or to any ancestor of R (a village board
// shows village + township + county). Two different "channels" can narrow it further: a notice's
// target channel (board | terminal, DESIGN §4) and a catalog item's 公开渠道和载体 (政府网站,
// 政务服务中心 … from the checklist); they are separate fields of Scope.
//
// Invariants (checked by tests/store):
//  1. The schema version (PRAGMA user_version) equals kStoreSchemaVersion after open(); older
//     files are migrated forward in one transaction per step; newer files are refused.
//  2. Every catalog item names a region and a domain present in their tables, and every notice a
//     region (SQLite foreign keys); a write that would break this is refused, not stored.
//  3. A notice's state is a pure function of (start_at, end_at, trusted time): see
//     notice_state_at() in content.h. The store never stores a state.
//  4. Attachments are addressed by the sha256 of their bytes; the same bytes are stored once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gongkai/content.h"
#include "gongkai/result.h"

namespace gongkai {

inline constexpr int kStoreSchemaVersion = 4;

struct Scope {
  std::string region;           // the kiosk's own 12-digit code
  std::string channel;          // notices: board | terminal; "" = every channel. Notices without a
                                // channel are meant for all.
  std::string catalog_channel{};  // items: a 公开渠道 name such as 政务服务中心; "" = no filter.
                                  // Items that list no channel are kept.
};

struct DomainSummary {
  Domain domain;
  int item_count = 0;  // items visible in the scope
};

struct CatalogItemSummary {
  int64_t id = 0;
  std::string level2, level3;
  std::string subject;  // 公开主体
  std::string region;   // publishing region
};

struct ItemGroup {  // items of one 一级事项, in source order
  std::string level1;
  std::vector<CatalogItemSummary> items;
};

struct NoticeSummary {
  std::string id;
  std::string title;
  std::string issuer;
  std::string category;
  std::string region;
  NoticePriority priority = NoticePriority::Normal;
  NoticeState state = NoticeState::Upcoming;
  int64_t published_at = 0;
  int64_t start_at = 0;
  std::optional<int64_t> end_at;
};

struct NoticeQuery {
  Scope scope;
  int64_t trusted_now = 0;            // the trusted time (DESIGN §5), never the raw system clock
  std::optional<NoticeState> state;   // nullopt = every state
  std::string category;               // "" = every category
};

struct Generation {
  int64_t id = 0;
  int64_t created_at = 0;
  std::string source;  // "publish", "sync <version>", "usb" …
  std::string note;
};

// A feed target a sync generation was built from (docs/format.md; sync/apply/generation.h).
struct FeedTarget {
  std::string path;    // county/<code>/<name>
  std::string sha256;  // of the target file as signed
  std::string kind;    // regions | domains | catalog-shard | notice | attachment
};

struct StoreCounts {
  int regions = 0, domains = 0, items = 0, notices = 0, attachments = 0;
};

class Store {
 public:
  // ReadWrite creates the file if missing. Build is ReadWrite for a new file written by one
  // connection, then fsynced and checked by the caller before use (a sync generation): no fsyncs,
  // exclusive lock, foreign keys checked by Transaction::commit instead of row by row.
  enum class Mode { ReadOnly, ReadWrite, Build };

  static Result<std::unique_ptr<Store>> open(const std::string& path, Mode mode);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schema_version() const;
  const std::string& path() const;

  // --- read API (UI) -------------------------------------------------------------------------
  Result<std::vector<Region>> regions() const;
  Result<std::optional<Region>> region(const std::string& code) const;
  // All domains in sort order, with the number of items visible in the scope (0 included).
  Result<std::vector<DomainSummary>> domains(const Scope& scope) const;
  // Items of a domain visible in the scope, grouped by 一级事项 in source order.
  Result<std::vector<ItemGroup>> items_of_domain(const std::string& domain_code,
                                                 const Scope& scope) const;
  Result<std::optional<CatalogItem>> item(int64_t id) const;
  // Notices in the scope; order: urgent, pinned, then newest start first (archived: newest end).
  Result<std::vector<NoticeSummary>> notices(const NoticeQuery& query) const;
  Result<std::optional<Notice>> notice(const std::string& id) const;
  Result<std::vector<std::string>> notice_categories() const;
  Result<std::optional<std::vector<uint8_t>>> attachment_bytes(const std::string& sha256) const;
  Result<StoreCounts> counts() const;
  Result<std::optional<Generation>> latest_generation() const;

  // --- write API (publish, sync apply) -------------------------------------------------------
  class Transaction {  // RAII: rolls back unless commit() succeeded
   public:
    explicit Transaction(Store& s);
    ~Transaction();
    Status commit();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
   private:
    Store& store_;
    bool done_ = false;
  };

  Status put_region(const Region& r);
  Status put_domain(const Domain& d);
  Result<std::optional<Domain>> domain_by_name(const std::string& name) const;
  // Returns the code of the domain with this name, creating it ("x-NN") when unknown.
  Result<std::string> ensure_domain(const std::string& name);
  // Inserts or replaces by uid; fills item.id. Requires item.uid to be set (see make_item_uid).
  Status put_item(CatalogItem& item);
  // Removes the items of `region` imported from the spreadsheet named `source_file` whose uid is
  // not in keep_uids (rows the county deleted); returns how many were removed.
  Result<int> remove_items_of_source(const std::string& region, const std::string& source_file,
                                     const std::set<std::string>& keep_uids);
  // Inserts or replaces by id, with its attachment list (the attachment bytes must be stored).
  Status put_notice(const Notice& n);
  // Stores bytes once; returns their lowercase hex sha256.
  Result<std::string> put_attachment(const std::vector<uint8_t>& bytes, const std::string& mime);
  Result<int64_t> add_generation(const std::string& source, const std::string& note,
                                 int64_t created_at);

  // --- sync generations (sync/apply): which feed target each row came from -----------------
  // The feed target path that the following put_item/put_notice calls record as their origin;
  // "" (the default) for content that did not come from a feed, e.g. a publisher's database.
  // With an origin set, put_notice refuses ("store.duplicate_notice") an id another origin put.
  void set_origin(const std::string& target_path);
  // Deletes the items and notices whose origin is one of these paths; returns how many.
  Result<int> remove_origins(const std::vector<std::string>& target_paths);
  // Deletes these attachments (a notice still citing one fails the commit in Mode::Build).
  Result<int> remove_attachments(const std::vector<std::string>& sha256s);
  // The feed targets this generation was built from, by path (empty outside sync generations).
  Result<std::vector<FeedTarget>> feed_targets() const;
  Status set_feed_targets(const std::vector<FeedTarget>& targets);  // replaces the list

  // Seeds the domain table from a domains.tsv (code<TAB>name<TAB>lead department, # comments).
  Status seed_domains_tsv(const std::string& path);

  struct Impl;

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Stable identity of a catalog item: 16 hex chars of sha256(region | domain | 一级 | 二级 | 三级).
std::string make_item_uid(const CatalogItem& item);
// Lowercase hex sha256 of bytes (libsodium).
std::string sha256_hex(const void* data, size_t len);

}  // namespace gongkai
