// A ledger on its own branch (sync.branch): its files live on branch B,
// checked out in a worktree at <git common dir>/bd-ledger, so code branches
// never carry them.
#pragma once

#include <optional>
#include <string>

#include "core/result.h"

namespace gt {

/// Moves the ledger at `beads_dir` (a `.beads` at the root of a repository)
/// to a new branch `branch`: the branch is created with the ledger's files,
/// checked out in the ledger worktree, and a commit on the current branch
/// removes `.beads/` from it. Returns the new `.beads` path.
Result<std::string> MoveLedgerToBranch(const std::string& beads_dir, const std::string& branch);

/// In a repository without a ledger in its working tree (a fresh clone),
/// finds a remote branch that holds a ledger (`preferred` first, else one
/// whose config names it as sync.branch) and checks it out in the ledger
/// worktree. Returns the `.beads` path, or nullopt when there is none.
Result<std::optional<std::string>> AttachLedgerBranch(const std::string& repo_dir,
                                                      const std::string& preferred = "beads");

}  // namespace gt
