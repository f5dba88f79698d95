// sqlite.h — minimal RAII over the SQLite C API for the store (internal to sync/store).
//
// Db owns a sqlite3*; Stmt owns a prepared statement and binds/reads by 1-based / 0-based index as
// SQLite does. Errors are returned as gongkai::Error carrying sqlite3_errmsg, never thrown.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gongkai/result.h"

namespace gongkai::sqlite {

class Db {
 public:
  Db() = default;
  explicit Db(sqlite3* db) : db_(db) {}
  ~Db() { sqlite3_close_v2(db_); }
  Db(Db&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Db& operator=(Db&& o) noexcept { std::swap(db_, o.db_); return *this; }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  sqlite3* get() const { return db_; }
  // Runs one or more statements without results.
  Status exec(const char* sql) const;
  Error error(const std::string& what) const;

 private:
  sqlite3* db_ = nullptr;
};

class Stmt {
 public:
  Stmt(const Db& db, std::string_view sql);
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool prepared() const { return stmt_ != nullptr; }
  const std::string& prepare_error() const { return error_; }

  Stmt& bind(int i, std::string_view v);
  Stmt& bind(int i, int64_t v);
  Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Stmt& bind(int i, std::optional<int64_t> v);
  Stmt& bind_blob(int i, const void* data, size_t len);

  // SQLITE_ROW → true, SQLITE_DONE → false, anything else → error.
  Result<bool> step();
  // Runs to completion (for writes).
  Status run();
  void reset() { sqlite3_reset(stmt_); sqlite3_clear_bindings(stmt_); }

  std::string text(int col) const;
  int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  int int32(int col) const { return sqlite3_column_int(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<int64_t> opt_int64(int col) const;
  std::vector<uint8_t> blob(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string error_;
};

}  // namespace gongkai::sqlite
