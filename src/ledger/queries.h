// Reads of the folded state: beads, lists, ready work, dependencies, history.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/bead.h"
#include "core/result.h"
#include "ledger/sqlite.h"

namespace gt {

/// Resolves what a user typed to one live bead id: the exact id, the id with
/// the ledger's prefix added, or a unique substring of an id's hash part.
Result<std::string> ResolveId(Database& db, std::string_view prefix, std::string_view input);

/// A live bead with its labels and dependency counts; kNotFound if none.
Result<Bead> LoadBead(Database& db, const std::string& id);
/// True if the id exists at all, deleted or not (ids are never reused).
Result<bool> IdExists(Database& db, const std::string& id);
/// How many beads have top-level ids (any prefix, deleted ones included):
/// the n of beads' adaptive id length.
Result<int64_t> CountTopLevelIds(Database& db);
/// The next child number of `parent` ("p.N").
Result<int64_t> NextChildNumber(Database& db, const std::string& parent);

struct ListFilter {
  std::vector<std::string> statuses;  // empty: all but closed and pinned (unless all)
  bool all = false;                   // also closed, pinned, gates and infra types
  std::optional<int> priority;
  std::string issue_type;
  std::string assignee;
  bool unassigned = false;
  std::vector<std::string> labels;  // all of them
  std::string parent;               // direct children of
  std::string sort = "priority";    // priority | created | updated | id | title | status
  bool reverse = false;
  int limit = 50;  // 0: all
};
Result<std::vector<Bead>> ListBeads(Database& db, const ListFilter& filter);

struct ReadyFilter {
  int limit = 100;  // 0: all
  std::string assignee;
  bool unassigned = false;
  std::optional<int> priority;
  std::string issue_type;
  std::vector<std::string> labels;
  std::string sort = "priority";  // priority | oldest
  std::string now;                // RFC 3339; beads deferred past it are not ready
  bool include_wisps = false;     // wisps' steps too (as beads' --include-ephemeral)
};
/// Ready work: open, not deferred, no open blocker, parent not blocked. Also
/// returns how many there are in all (before the limit).
Result<std::vector<Bead>> ReadyBeads(Database& db, const ReadyFilter& filter, int64_t* total);

struct BlockedBead {
  Bead bead;
  std::vector<std::string> blocked_by;  // direct open blockers
};
Result<std::vector<BlockedBead>> BlockedBeads(Database& db);

/// Edges out of (`dependencies`) or into (`dependents`) a bead.
Result<std::vector<Dependency>> DependenciesOf(Database& db, const std::string& id);
Result<std::vector<Dependency>> DependentsOf(Database& db, const std::string& id);

/// If adding from→to would close a cycle of blocking edges, the cycle as ids
/// (from, to, …, from); empty when it would not.
Result<std::vector<std::string>> CyclePath(Database& db, const std::string& from,
                                           const std::string& to);
/// Every cycle of blocking edges, each as a list of ids.
Result<std::vector<std::vector<std::string>>> FindCycles(Database& db);
/// Open children (parent-child dependents not closed).
Result<int64_t> CountOpenChildren(Database& db, const std::string& id);
/// Open beads that `id` depends on through blocks-type edges.
Result<std::vector<std::string>> OpenBlockers(Database& db, const std::string& id);

struct HistoryEntry {
  int64_t lc = 0;
  std::string keyid;
  int64_t seq = 0;
  std::string op;
  std::string actor;
  std::string ts;
  bool applied = true;
  std::string note;  // why it was not applied
  std::string key;   // signer's public key
  std::string event_id;
  nlohmann::json data;  // the event's data, read from its line
};
/// The events that made a bead, in fold order, with their data from the log.
Result<std::vector<HistoryEntry>> BeadHistory(Database& db, const std::string& log_dir,
                                              const std::string& id);

}  // namespace gt

namespace gt {

/// The WHERE clause (over `beads b`) that ListBeads uses for `filter`'s
/// status, type, priority, assignee, parent and label filters; its text
/// parameters are appended to `params`, numbered after those already there.
std::string ListFilterClause(const ListFilter& filter, std::vector<std::string>* params);
/// Runs "SELECT <the columns a Bead is read from> <tail>", where `tail`
/// names `beads b` (e.g. "FROM beads b WHERE …"), with text parameters ?1….
Result<std::vector<Bead>> SelectBeads(Database& db, const std::string& tail,
                                      const std::vector<std::string>& params);

}  // namespace gt
