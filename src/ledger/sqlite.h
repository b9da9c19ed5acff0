// A thin RAII layer over the SQLite C API: just what the index needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace gt {

class Statement;

/// One connection. Not shared between threads.
class Database {
 public:
  static Result<Database> Open(const std::string& path);
  Database(Database&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  ~Database();

  Status Exec(std::string_view sql);
  Result<Statement> Prepare(std::string_view sql);
  int64_t Changes() const;
  sqlite3* raw() const { return db_; }
  Error LastError(std::string_view context) const;

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

/// A prepared statement. Bind with 1-based indexes; Step() until it returns false.
class Statement {
 public:
  Statement(Statement&& other) noexcept : stmt_(other.stmt_), db_(other.db_) {
    other.stmt_ = nullptr;
  }
  Statement(const Statement&) = delete;
  ~Statement();

  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, int64_t value);
  Statement& BindNull(int index);
  /// Binds NULL for an empty string, so optional columns stay NULL.
  Statement& BindOptional(int index, std::string_view text);
  /// Advances; true when a row is available, false when done. Errors are kept
  /// for Done()/status().
  bool Step();
  /// Runs to completion (for writes) and resets.
  Status Run();
  Status status() const { return status_; }
  void Reset();

  std::string Text(int column) const;
  int64_t Int(int column) const;
  bool IsNull(int column) const;
  int ColumnCount() const;

 private:
  friend class Database;
  Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
  Status status_;
};

}  // namespace gt
