// The fold: applies events, in (lc, keyid, seq) order, to the index's tables.
//
// Every event is applied or rejected deterministically from the state the
// events before it produced, so every clone with the same events has the same
// state. A rejected event (a claim of a bead someone else holds, an update of
// a bead that does not exist) is kept and shown in history with the reason.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>

#include "core/result.h"
#include "ledger/event.h"
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

  /// Recomputes `blocked` for everything the applied events can affect.
  /// `everything` recomputes all beads at once (for rebuilds).
  Status RefreshBlocked(bool everything = false);

  /// Why the last applied event was rejected; empty when it applied.
  const std::string& last_rejection() const { return rejection_; }

 private:
  Result<Statement*> Cached(const std::string& sql);
  Status Record(const Event& event, const std::string& keyid, int64_t offset, bool applied);
  Status ApplyCreate(const Event& event);
  Status ApplyFields(const Event& event, const nlohmann::json& fields);
  /// ApplyFields for a bead known to be live with status `status`.
  Status UpdateLive(const Event& event, const nlohmann::json& fields, const std::string& status);
  Status ApplyClaim(const Event& event);
  Status ApplyClose(const Event& event);
  Status ApplyReopen(const Event& event);
  Status ApplyDelete(const Event& event, bool deleted);
  Status ApplyDepAdd(const Event& event);
  Status ApplyDepRemove(const Event& event);
  Status ApplyLabel(const Event& event, bool add);
  Status ApplyComment(const Event& event);
  Status AddDependency(const std::string& from, const std::string& to, const std::string& type,
                       const Event& event);
  /// Loads status/assignee of a live bead; false when it does not exist.
  Result<bool> LoadLive(const std::string& id, std::string* status, std::string* assignee);
  Status Reject(std::string reason);
  Status Touch(const std::string& id, const std::string& ts);

  Database& db_;
  std::map<std::string, std::unique_ptr<Statement>> statements_;
  std::set<std::string> touched_;  // beads whose status or edges changed
  std::string rejection_;
};

}  // namespace gt
