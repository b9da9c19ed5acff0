// The SQLite index of a ledger: folded state kept current with log/.
//
// Every command calls CatchUp() first: it compares each chain file's size and
// mtime with what was applied, and applies only new lines. Events that sort
// before ones already applied (they arrive with a git pull) trigger a re-fold.
// Readers never wait on writers (WAL); writers serialise on SQLite's write
// lock, which is also the ledger's write lock.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "ledger/chain_verify.h"
#include "ledger/event.h"
#include "ledger/sqlite.h"

namespace gt {

struct CatchUpReport {
  int64_t events_applied = 0;
  bool rebuilt = false;
  std::vector<ChainProblem> problems;  // lines not applied, and why
  std::vector<std::string> torn;       // files with an interrupted last line
};

/// Whether a chain file is a local one (in .beads/wisp/).
bool IsLocalChainPath(const std::string& path);

class Index {
 public:
  /// Opens (creating or rebuilding as needed) `<beads_dir>/beads.db`.
  static Result<Index> Open(const std::string& beads_dir);

  /// Removes a damaged index file (under the write lock) so that the next
  /// Open builds a new one from the log.
  static Status Discard(const std::string& beads_dir);

  /// Applies whatever the chain files gained since the last call.
  Result<CatchUpReport> CatchUp();
  /// Clears the folded state and re-applies every chain from the start.
  Result<CatchUpReport> Rebuild();

  /// For writers, inside the write lock: BEGIN IMMEDIATE / COMMIT / ROLLBACK.
  Status BeginWrite();
  Status Commit();
  void Rollback();
  /// CatchUp for a caller that already holds the write lock.
  Result<CatchUpReport> CatchUpLocked(bool rebuild);

  /// The cursor of one chain (a default cursor when it has none yet), and the
  /// problem recorded for it, if any.
  Result<ChainCursor> Cursor(const std::string& keyid, std::string* problem = nullptr);
  Status SaveCursor(const std::string& path, const ChainCursor& cursor, const std::string& problem,
                    int64_t problem_line);
  /// Chains that end before events this index once applied, as problems.
  Result<std::vector<ChainProblem>> LostEvents();

  Database& db() { return db_; }
  const std::string& log_dir() const { return log_dir_; }
  /// `.beads/wisp/`: this machine's local chains (wisps), never synced.
  std::string local_dir() const { return beads_dir_ + "/wisp"; }
  /// `.beads/write.lock`: held around every write transaction (FileLock).
  std::string WriteLockPath() const { return beads_dir_ + "/write.lock"; }
  /// The highest Lamport clock applied (that of the last event in fold order).
  Result<int64_t> MaxLamport();
  /// Records the last applied event's place in the fold order.
  Status SetFoldPosition(const FoldKey& last);

 private:
  Index(Database db, const std::string& beads_dir)
      : db_(std::move(db)), beads_dir_(beads_dir), log_dir_(beads_dir + "/log") {}
  Result<bool> Changed();
  Result<CatchUpReport> CatchUpTransaction(bool rebuild);
  /// A re-fold forced by rewritten history: like a rebuild, but remembering
  /// how far each chain had been applied, to report what was lost.
  Result<CatchUpReport> Refold();
  Status FlagLostEvents(const std::string& keyid);
  Database db_;
  std::string beads_dir_;
  std::string log_dir_;
};

}  // namespace gt
