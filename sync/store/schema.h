// schema.h — the store's SQLite schema and its migrations (internal to sync/store).
//
// The schema version is PRAGMA user_version. Migration i takes a file from version i-1 to i, in one
// transaction; a crash mid-migration leaves the file at version i-1 (SQLite's atomic commit).
#pragma once

#include "gongkai/result.h"
#include "sqlite.h"

namespace gongkai::schema {

Result<int> version(const sqlite::Db& db);
// Migrates up to `target` (≤ kStoreSchemaVersion). Refuses files newer than this build knows.
Status migrate(const sqlite::Db& db, int target);

}  // namespace gongkai::schema
