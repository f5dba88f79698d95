// sqlite.cpp — see sqlite.h.
#include "sqlite.h"

namespace gongkai::sqlite {

Status Db::exec(const char* sql) const {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string text = msg ? msg : "unknown";
    sqlite3_free(msg);
    return Error{"store.sql", "SQL failed: " + text + " / 数据库操作失败"};
  }
  return ok_status();
}

Error Db::error(const std::string& what) const {
  return Error{"store.sql", what + ": " + sqlite3_errmsg(db_) + " / 数据库操作失败"};
}

Stmt::Stmt(const Db& db, std::string_view sql) : db_(db.get()) {
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
      SQLITE_OK) {
    error_ = sqlite3_errmsg(db_);
    stmt_ = nullptr;
  }
}

Stmt& Stmt::bind(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Stmt& Stmt::bind(int i, int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}

Stmt& Stmt::bind(int i, std::optional<int64_t> v) {
  if (v) {
    sqlite3_bind_int64(stmt_, i, *v);
  } else {
    sqlite3_bind_null(stmt_, i);
  }
  return *this;
}

Stmt& Stmt::bind_blob(int i, const void* data, size_t len) {
  sqlite3_bind_blob64(stmt_, i, data, len, SQLITE_TRANSIENT);
  return *this;
}

Result<bool> Stmt::step() {
  if (!stmt_) return Error{"store.sql", "SQL prepare failed: " + error_ + " / 数据库语句错误"};
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error{"store.sql", std::string("SQL step failed: ") + sqlite3_errmsg(db_) +
                                " / 数据库操作失败"};
}

Status Stmt::run() {
  for (;;) {
    auto r = step();
    if (!r) return r.error();
    if (!*r) break;
  }
  sqlite3_reset(stmt_);
  return ok_status();
}

std::string Stmt::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::optional<int64_t> Stmt::opt_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

std::vector<uint8_t> Stmt::blob(int col) const {
  const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, col));
  auto n = static_cast<size_t>(sqlite3_column_bytes(stmt_, col));
  return p ? std::vector<uint8_t>(p, p + n) : std::vector<uint8_t>{};
}

}  // namespace gongkai::sqlite
