// db.h — the little SQLite the apply step needs of its own (the store's wrapper is internal to
// sync/store): an owning connection, one-shot statements, and the checks a generation file must
// pass before it may become active.
//
// Input → output: a path and flags → an open connection; SQL → Status / first column values.
// Invariant: every sqlite3* and sqlite3_stmt* is owned by exactly one RAII object; errors come
// back as gongkai::Error ("apply.db"), never as exceptions.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gongkai/result.h"

namespace gongkai::apply {

class Db {
 public:
  Db() = default;
  ~Db();
  Db(Db&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Db& operator=(Db&& o) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  static Result<Db> open(const std::string& path, int flags);
  sqlite3* get() const { return db_; }
  bool valid() const { return db_ != nullptr; }
  Status exec(const std::string& sql) const;
  Error error(const std::string& what) const;

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

class Stmt {
 public:
  Stmt(const Db& db, std::string_view sql);
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return st_ != nullptr; }
  Stmt& bind(int i, std::string_view v);
  Stmt& bind(int i, int64_t v);
  Stmt& bind_null(int i);
  Result<bool> step();  // true = a row
  Status run();         // to completion
  int64_t i64(int col) const { return sqlite3_column_int64(st_, col); }
  bool is_null(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
  std::string text(int col) const;
  void reset() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }

 private:
  const Db& db_;
  sqlite3_stmt* st_ = nullptr;
};

// All values of the first column of a query (text).
Result<std::vector<std::string>> column_text(const Db& db, const std::string& sql);

// PRAGMA integrity_check on the file opened read-only: ok_status() when it answers exactly "ok".
Status integrity_check(const std::string& path);

}  // namespace gongkai::apply
