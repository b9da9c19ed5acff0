#include "ledger/sqlite.h"

#include <sqlite3.h>

#include <fmt/format.h>

namespace gt {

namespace {
// Connections are never shared between threads, so SQLite's own mutexes and
// memory statistics are pure cost; configure that once, before first use.
struct SqliteSetup {
  SqliteSetup() {
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_initialize();
  }
};
}  // namespace

Result<Database> Database::Open(const std::string& path) {
  static SqliteSetup setup;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Fail(ErrorKind::kIo, fmt::format("cannot open index {}: {}", path, message),
                "run `bd doctor --rebuild` to recreate it from the log");
  }
  // Many bd processes share one index; wait for a writer rather than fail.
  sqlite3_busy_timeout(db, 60000);
  // Each bd process is short-lived: keep the WAL file between processes and
  // leave checkpoints to the automatic ones, instead of checkpointing,
  // syncing and deleting the WAL at every exit.
  sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  int persist = 1;
  sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
  return Database(db);
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = other.db_;
    other.db_ = nullptr;
  }
  return *this;
}

Database::~Database() {
  sqlite3_close(db_);
}

Error Database::LastError(std::string_view context) const {
  int code = sqlite3_errcode(db_);
  ErrorKind kind =
      (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) ? ErrorKind::kCorruption : ErrorKind::kIo;
  return Error{kind, fmt::format("{}: {}", context, sqlite3_errmsg(db_)),
               code == SQLITE_FULL ? "free some disk space and retry"
                                   : "run `bd doctor --rebuild` if this persists"};
}

Status Database::Exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    sqlite3_free(message);
    return tl::unexpected(LastError("index error"));
  }
  return {};
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), int(sql.size()), &stmt, nullptr) != SQLITE_OK)
    return tl::unexpected(LastError(fmt::format("cannot prepare `{}`", sql.substr(0, 60))));
  return Statement(stmt, db_);
}

int64_t Database::Changes() const {
  return sqlite3_changes(db_);
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), int(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}
Statement& Statement::BindOptional(int index, std::string_view text) {
  return text.empty() ? BindNull(index) : Bind(index, text);
}

bool Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) {
    int code = rc & 0xff;
    ErrorKind kind =
        (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) ? ErrorKind::kCorruption : ErrorKind::kIo;
    status_ = tl::unexpected(Error{kind, fmt::format("index error: {}", sqlite3_errmsg(db_)),
                                   "run `bd doctor --rebuild` if this persists"});
  }
  return false;
}

Status Statement::Run() {
  while (Step()) {
  }
  Status result = status_;
  Reset();
  return result;
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  status_ = {};
}

std::string Statement::Text(int column) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? std::string(p, sqlite3_column_bytes(stmt_, column)) : std::string();
}
int64_t Statement::Int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}
bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int Statement::ColumnCount() const {
  return sqlite3_column_count(stmt_);
}

}  // namespace gt
