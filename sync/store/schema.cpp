// schema.cpp — on-disk format of a content store (one generation).
//
// v1  regions, domains, catalog items (+ citations, channels, levels, verbatim cells), notices,
//     attachments by sha256.
// v2  content generations (issue #2), and an index for notice windows.
// v3  notice.url: the notice on the issuer's website, for the kiosk's QR hand-off (issue #4).
// v4  an item's lists (citations, channels, levels, verbatim cells) move from four child tables
//     into JSON array columns of catalog_item: one row per item instead of ~12, which made a
//     20k-item generation build three times slower than the rest of it (issue #5). Read by
//     json_each; the channel filter is an EXISTS over json_each(channels).
//     Sync generations also record their feed targets (feed_target) and, per item and notice,
//     the target it came from (origin), so the next generation can be the previous one with
//     only the changed targets re-applied.
//
//   region(code PK 12 digits, name, parent, level 1..5)
//   domain(code PK, name UNIQUE, lead_department, sort_order)
//   catalog_item(id PK, uid UNIQUE, region→region, domain→domain, serial, level1..3, content,
//                basis_text, time_limit_* (parsed rule + text), subject, channels_text, audience,
//                mode, duration_text, url, source_file, source_row,
//                basis [[text,tag]…], channels ["…"], levels ["…"], original [[header,text]…],
//                origin = feed target path or '')
//   notice(id PK, title, issuer, doc_number, category, kind, region→region, channel, priority,
//          published_at, start_at, end_at NULL = long-term, body, source_file, url, origin)
//   attachment(sha256 PK, mime, size, data)   notice_attachment(notice_id, seq, sha256, …)
//   generation(id PK, created_at, source, note)
//   feed_target(path PK, sha256, kind)
#include "schema.h"

#include <array>
#include <string>

#include "gongkai/store.h"

namespace gongkai::schema {

namespace {

constexpr const char* kV1 = R"sql(
CREATE TABLE region(
  code   TEXT PRIMARY KEY CHECK (length(code) = 12 AND code NOT GLOB '*[^0-9]*'),
  name   TEXT NOT NULL,
  parent TEXT NOT NULL DEFAULT '',
  level  INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5));
CREATE TABLE domain(
  code            TEXT PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE,
  lead_department TEXT NOT NULL DEFAULT '',
  sort_order      INTEGER NOT NULL DEFAULT 0);
CREATE TABLE catalog_item(
  id       INTEGER PRIMARY KEY,
  uid      TEXT NOT NULL UNIQUE,
  region   TEXT NOT NULL REFERENCES region(code),
  domain   TEXT NOT NULL REFERENCES domain(code),
  serial   TEXT NOT NULL DEFAULT '',
  level1   TEXT NOT NULL,
  level2   TEXT NOT NULL DEFAULT '',
  level3   TEXT NOT NULL DEFAULT '',
  content  TEXT NOT NULL DEFAULT '',
  basis_text TEXT NOT NULL DEFAULT '',
  time_limit_text TEXT NOT NULL DEFAULT '',
  time_limit_kind INTEGER NOT NULL DEFAULT 0,
  time_limit_days INTEGER NOT NULL DEFAULT 0,
  time_limit_working INTEGER NOT NULL DEFAULT 0,
  time_limit_publicity_days INTEGER NOT NULL DEFAULT 0,
  time_limit_period TEXT NOT NULL DEFAULT '',
  subject  TEXT NOT NULL DEFAULT '',
  channels_text TEXT NOT NULL DEFAULT '',
  audience INTEGER NOT NULL DEFAULT 0,
  mode     INTEGER NOT NULL DEFAULT 0,
  duration_text TEXT NOT NULL DEFAULT '',
  url      TEXT NOT NULL DEFAULT '',
  source_file TEXT NOT NULL DEFAULT '',
  source_row  INTEGER NOT NULL DEFAULT 0);
CREATE INDEX catalog_item_by_domain ON catalog_item(domain, region);
CREATE TABLE item_citation(
  item_id INTEGER NOT NULL REFERENCES catalog_item(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL, text TEXT NOT NULL, tag TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (item_id, seq));
CREATE TABLE item_channel(
  item_id INTEGER NOT NULL REFERENCES catalog_item(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL, channel TEXT NOT NULL,
  PRIMARY KEY (item_id, seq));
CREATE INDEX item_channel_by_name ON item_channel(channel);
CREATE TABLE item_level(
  item_id INTEGER NOT NULL REFERENCES catalog_item(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL, level TEXT NOT NULL,
  PRIMARY KEY (item_id, seq));
CREATE TABLE item_cell(
  item_id INTEGER NOT NULL REFERENCES catalog_item(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL, header TEXT NOT NULL, text TEXT NOT NULL,
  PRIMARY KEY (item_id, seq));
CREATE TABLE notice(
  id          TEXT PRIMARY KEY,
  title       TEXT NOT NULL,
  issuer      TEXT NOT NULL DEFAULT '',
  doc_number  TEXT NOT NULL DEFAULT '',
  category    TEXT NOT NULL,
  kind        TEXT NOT NULL DEFAULT '',
  region      TEXT NOT NULL REFERENCES region(code),
  channel     TEXT NOT NULL DEFAULT '',
  priority    INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 2),
  published_at INTEGER NOT NULL,
  start_at    INTEGER NOT NULL,
  end_at      INTEGER CHECK (end_at IS NULL OR end_at > start_at),
  body        TEXT NOT NULL DEFAULT '',
  source_file TEXT NOT NULL DEFAULT '');
CREATE INDEX notice_by_region ON notice(region);
CREATE TABLE attachment(
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  mime   TEXT NOT NULL,
  size   INTEGER NOT NULL,
  data   BLOB NOT NULL);
CREATE TABLE notice_attachment(
  notice_id TEXT NOT NULL REFERENCES notice(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  sha256 TEXT NOT NULL REFERENCES attachment(sha256),
  name TEXT NOT NULL, mime TEXT NOT NULL, caption TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (notice_id, seq));
)sql";

constexpr const char* kV2 = R"sql(
CREATE TABLE generation(
  id         INTEGER PRIMARY KEY,
  created_at INTEGER NOT NULL,
  source     TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT '');
CREATE INDEX notice_by_window ON notice(start_at, end_at);
)sql";

constexpr const char* kV3 = R"sql(
ALTER TABLE notice ADD COLUMN url TEXT NOT NULL DEFAULT '';
)sql";

constexpr const char* kV4 = R"sql(
ALTER TABLE catalog_item ADD COLUMN basis    TEXT NOT NULL DEFAULT '[]';
ALTER TABLE catalog_item ADD COLUMN channels TEXT NOT NULL DEFAULT '[]';
ALTER TABLE catalog_item ADD COLUMN levels   TEXT NOT NULL DEFAULT '[]';
ALTER TABLE catalog_item ADD COLUMN original TEXT NOT NULL DEFAULT '[]';
UPDATE catalog_item SET
  basis = (SELECT json_group_array(json_array(text, tag)) FROM
             (SELECT text, tag FROM item_citation c WHERE c.item_id = catalog_item.id ORDER BY seq)),
  channels = (SELECT json_group_array(channel) FROM
             (SELECT channel FROM item_channel c WHERE c.item_id = catalog_item.id ORDER BY seq)),
  levels = (SELECT json_group_array(level) FROM
             (SELECT level FROM item_level c WHERE c.item_id = catalog_item.id ORDER BY seq)),
  original = (SELECT json_group_array(json_array(header, text)) FROM
             (SELECT header, text FROM item_cell c WHERE c.item_id = catalog_item.id ORDER BY seq));
DROP TABLE item_citation;
DROP TABLE item_channel;
DROP TABLE item_level;
DROP TABLE item_cell;
ALTER TABLE catalog_item ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE notice ADD COLUMN origin TEXT NOT NULL DEFAULT '';
CREATE TABLE feed_target(
  path   TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  kind   TEXT NOT NULL);
)sql";

constexpr std::array<const char*, kStoreSchemaVersion> kMigrations{kV1, kV2, kV3, kV4};

}  // namespace

Result<int> version(const sqlite::Db& db) {
  sqlite::Stmt st(db, "PRAGMA user_version");
  auto row = st.step();
  if (!row) return row.error();
  return *row ? st.int32(0) : 0;
}

Status migrate(const sqlite::Db& db, int target) {
  auto v = version(db);
  if (!v) return v.error();
  if (*v > kStoreSchemaVersion) {
    return Error{"store.too_new", "store schema version " + std::to_string(*v) +
                                      " is newer than this program supports (" +
                                      std::to_string(kStoreSchemaVersion) +
                                      ") / 数据库版本高于本程序支持的版本，请升级软件"};
  }
  for (int next = *v + 1; next <= target; ++next) {
    std::string sql = std::string("BEGIN IMMEDIATE;") + kMigrations[static_cast<size_t>(next - 1)] +
                      "PRAGMA user_version = " + std::to_string(next) + ";COMMIT;";
    if (auto s = db.exec(sql.c_str()); !s) {
      (void)db.exec("ROLLBACK");
      return Error{"store.migrate", "migration to schema v" + std::to_string(next) +
                                        " failed: " + s.error().message};
    }
  }
  return ok_status();
}

}  // namespace gongkai::schema
