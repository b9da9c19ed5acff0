// Figures about a ledger's beads: `bd status` / `bd stats` and `bd count`.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "ledger/queries.h"
#include "ledger/sqlite.h"

namespace gt {

/// Counts over live (not deleted) beads of every type.
struct LedgerStats {
  int64_t total = 0;
  int64_t open = 0;
  int64_t in_progress = 0;
  int64_t closed = 0;
  int64_t blocked = 0;  // not closed/pinned, and status blocked or an open blocker
  int64_t deferred = 0;
  int64_t ready = 0;  // what `bd ready` lists (without its limit)
  int64_t pinned = 0;
  int64_t epics_eligible_for_closure = 0;  // open epics whose children are all closed
  double average_lead_time_hours = 0;      // created_at → closed_at over closed beads
  std::map<std::string, int64_t> by_status, by_type;
  std::map<int, int64_t> by_priority;
};
/// `now` (RFC 3339) decides which deferred beads are ready again.
Result<LedgerStats> ComputeStats(Database& db, const std::string& now);

/// How many beads `filter` selects (its limit and sort are ignored); with a
/// `group_by` of status, type, priority or assignee, the count per value too,
/// largest first.
struct CountResult {
  int64_t total = 0;
  std::vector<std::pair<std::string, int64_t>> groups;
};
Result<CountResult> CountBeads(Database& db, const ListFilter& filter,
                               const std::string& group_by = "");

}  // namespace gt
