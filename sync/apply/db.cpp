// db.cpp — RAII SQLite for the apply step; see db.h.
#include "apply/db.h"

namespace gongkai::apply {

Db::~Db() { sqlite3_close_v2(db_); }

Db& Db::operator=(Db&& o) noexcept {
  std::swap(db_, o.db_);
  return *this;
}

Result<Db> Db::open(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);  // owns raw even on failure (sqlite3_open_v2 may allocate a handle)
  if (rc != SQLITE_OK) return db.error("open " + path);
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

Status Db::exec(const std::string& sql) const {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : "unknown";
    sqlite3_free(msg);
    return Error{"apply.db", "database: " + m + " / 数据库错误"};
  }
  return ok_status();
}

Error Db::error(const std::string& what) const {
  return Error{"apply.db",
               what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory") + " / 数据库错误"};
}

Stmt::Stmt(const Db& db, std::string_view sql) : db_(db) {
  sqlite3_prepare_v2(db.get(), sql.data(), static_cast<int>(sql.size()), &st_, nullptr);
}

Stmt& Stmt::bind(int i, std::string_view v) {
  sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::bind(int i, int64_t v) {
  sqlite3_bind_int64(st_, i, v);
  return *this;
}
Stmt& Stmt::bind_null(int i) {
  sqlite3_bind_null(st_, i);
  return *this;
}

Result<bool> Stmt::step() {
  if (!st_) return db_.error("prepare");
  int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_.error("step");
}

Status Stmt::run() {
  for (;;) {
    auto r = step();
    if (!r) return r.error();
    if (!*r) return ok_status();
  }
}

std::string Stmt::text(int col) const {
  const unsigned char* t = sqlite3_column_text(st_, col);
  return t ? std::string(reinterpret_cast<const char*>(t),
                         static_cast<size_t>(sqlite3_column_bytes(st_, col)))
           : std::string();
}

Result<std::vector<std::string>> column_text(const Db& db, const std::string& sql) {
  Stmt st(db, sql);
  std::vector<std::string> out;
  for (;;) {
    auto r = st.step();
    if (!r) return r.error();
    if (!*r) return out;
    out.push_back(st.text(0));
  }
}

Status integrity_check(const std::string& path) {
  auto db = Db::open(path, SQLITE_OPEN_READONLY);
  if (!db) return db.error();
  auto rows = column_text(*db, "PRAGMA integrity_check");
  if (!rows) return rows.error();
  if (rows->size() != 1 || (*rows)[0] != "ok") {
    return Error{"apply.corrupt", path + ": integrity_check: " +
                                      (rows->empty() ? std::string("no answer") : (*rows)[0]) +
                                      " / 内容库文件损坏"};
  }
  return ok_status();
}

}  // namespace gongkai::apply
