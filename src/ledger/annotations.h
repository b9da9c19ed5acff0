// Reads of what hangs off beads: comments, label counts, epic progress.
#pragma once

#include <string>
#include <vector>

#include "core/bead.h"
#include "core/result.h"
#include "ledger/sqlite.h"

namespace gt {

/// A bead's comments, oldest first.
Result<std::vector<Comment>> CommentsOf(Database& db, const std::string& id);

struct LabelCount {
  std::string label;
  int64_t count = 0;
};
/// Every label on a live bead with how many beads carry it, by label.
Result<std::vector<LabelCount>> LabelCounts(Database& db);

struct EpicProgress {
  Bead epic;
  int64_t total_children = 0;
  int64_t closed_children = 0;
  /// Open, with children, and every child closed: it can be closed.
  bool eligible_for_close = false;
};
/// Progress of every live epic (open ones only unless `include_closed`).
Result<std::vector<EpicProgress>> EpicsProgress(Database& db, bool include_closed);

/// Direct children (parent-child dependents) of a bead, any status.
Result<std::vector<Bead>> ChildrenOf(Database& db, const std::string& id);

/// Edges with an end that is missing or deleted (a merge or an import can
/// leave them); references to other ledgers ("external:…") are not counted.
Result<std::vector<Dependency>> DanglingDependencies(Database& db);

/// The id of a deleted bead, from what a user typed (the exact id or the id
/// with the ledger's prefix); kNotFound otherwise.
Result<std::string> ResolveDeletedId(Database& db, std::string_view prefix, std::string_view input);

}  // namespace gt
