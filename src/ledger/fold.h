// The fold: applies events, in (lc, keyid, seq) order, to the index's tables.
//
// Every event is applied or rejected deterministically from the state the
// events before it produced, so every clone with the same events has the same
// state. A rejected event (a claim of a bead someone else holds, an update of
// a bead that does not exist) is kept and shown in history with the reason.
//
// Bead rows are read once, changed in memory and written back by Finish(), so
// a batch of events touching the same beads costs one read and one write each.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>

#include "core/result.h"
#include "ledger/event.h"
#include "ledger/member_fold.h"
#include "ledger/sqlite.h"

namespace gt {

class Folder {
 public:
  /// Uses `db` inside the caller's write transaction.
  explicit Folder(Database& db);
  ~Folder();

  /// Applies one event and records it in `events`. `offset` is its line's
  /// position in its chain file.
  Status Apply(const Event& event, const std::string& keyid, int64_t offset);

  /// Writes the changed bead rows and recomputes `blocked` for everything
  /// the applied events can affect (`everything`: all beads, for rebuilds).
  /// Call once after the last Apply, before reading beads with SQL.
  Status Finish(bool everything = false);
  /// Finish in two steps, for a bulk load: write the rows, then (once the
  /// indexes it needs exist) compute `blocked` for every bead.
  Status Flush();
  Status RefreshBlocked(bool everything);

  /// Events of this chain are this machine's own (a local wisp chain): they
  /// apply whatever the membership says, but may not change it.
  void TrustLocalChain(const std::string& keyid) { local_chains_.insert(keyid); }

  /// Why the last applied event was rejected; empty when it applied.
  const std::string& last_rejection() const { return rejection_; }

  struct Row;  // a bead row held in memory

 private:
  Result<Statement*> Cached(const std::string& sql);
  Status Record(const Event& event, const std::string& keyid, int64_t offset, bool applied);
  /// The bead's row, deleted or not; nullptr when the id was never created.
  Result<Row*> Load(const std::string& id);
  /// The row of a live bead, or a rejection naming the missing id.
  Result<Row*> LoadLive(const std::string& id);
  Status ApplyCreate(const Event& event);
  Status SetFields(const Event& event, Row& row, const nlohmann::json& fields);
  Status ApplyUpdate(const Event& event);
  Status ApplyClaim(const Event& event);
  Status ApplyClose(const Event& event);
  Status ApplyReopen(const Event& event);
  Status ApplyRelease(const Event& event);
  Status ApplyDelete(const Event& event, bool deleted);
  Status ApplyDepAdd(const Event& event);
  Status ApplyDepRemove(const Event& event);
  Status ApplyLabel(const Event& event, bool add);
  Status ApplyComment(const Event& event);
  /// bead.import: a whole beads record; creates the bead or replaces it.
  Status ApplyImport(const Event& event);
  /// check.run: the result of a step's check (see checks.h); a record that
  /// changes no field, applied when the bead is live and the data well formed.
  Status ApplyCheckRun(const Event& event);
  /// Advances the top-level id count or the parent's child counter.
  Status CountNewId(const std::string& id);
  Status AddDependency(const std::string& from, const std::string& to, const std::string& type,
                       const Event& event);
  Status Reject(std::string reason);
  /// RefreshBlocked for the beads the touched ones can affect, set at a time.
  Status RefreshBlockedOf();

  Database& db_;
  MemberFold members_{db_};
  std::map<std::string, std::unique_ptr<Statement>> statements_;
  std::unordered_map<std::string, std::unique_ptr<Row>> rows_;
  std::set<std::string> touched_;  // beads whose status or edges changed
  std::string rejection_;
  std::set<std::string> local_chains_;  // keyids of local (wisp) chains
};

}  // namespace gt
