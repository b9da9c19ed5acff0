// The refinery's git work on a rig's repository: stacking merge requests on
// main in a scratch worktree, and moving main only by compare-and-swap, so a
// refinery killed at any moment never leaves main half-merged.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "ledger/git_repo.h"
#include "refinery/gate_runner.h"

namespace gt::refinery {

/// A merge request as the engine sees it.
struct Candidate {
  std::string id;                // the merge-request bead
  std::string branch;            // the worker's branch in the rig's repository
  std::vector<GateSpec> checks;  // the work bead's own checks, run with the gates
};

enum class Strategy { kRebase, kMerge };

struct EngineConfig {
  std::string repo;  // the rig's bare repository (rigs/<rig>/repo.git)
  std::string main_branch = "main";
  std::string scratch;  // a worktree the engine owns and resets at will
  Strategy strategy = Strategy::kRebase;
  std::string remote;  // pushed to after main moves ("": no push)
};

/// Candidates applied on top of main, ready to test.
struct Stack {
  std::string base;                        // main when the stack was built
  std::string head;                        // the commit to test
  std::vector<Candidate> applied;          // in order
  std::map<std::string, std::string> tip;  // candidate id → its last commit in the stack
  std::vector<std::pair<Candidate, std::string>> conflicts;  // left out, with git's message
};

class MergeEngine {
 public:
  explicit MergeEngine(EngineConfig config);

  /// Brings main up to date with the remote's before a round: takes the
  /// remote's main when ours is behind, and pushes ours when it is ahead (a
  /// push that failed after a merge). Nothing to do without a remote.
  Status SyncMain();
  /// Main's commit now.
  Result<std::string> MainHead() const;
  /// Resets the scratch worktree to main and applies `candidates` in order.
  /// Rebase: a branch already on top of main fast-forwards (its commits
  /// keep their ids); others are cherry-picked with `-x`. Merge: one merge
  /// commit each. The worker's branch is never rewritten. A candidate that
  /// does not apply is left out and listed in `conflicts`.
  Result<Stack> BuildStack(const std::vector<Candidate>& candidates);
  /// Moves main from `base` to `head`, refused (kConflict) if main is no
  /// longer `base`; then pushes main to the remote, if any.
  Status Advance(const std::string& base, const std::string& head);
  /// Whether a candidate's work is on main already: its branch head is an
  /// ancestor of main, or main has a commit cherry-picked from it.
  Result<bool> IsMerged(const Candidate& candidate) const;

  const EngineConfig& config() const { return config_; }

 private:
  Status PrepareScratch(const std::string& main);
  /// Applies one candidate in the scratch worktree; the conflict message
  /// (empty when it applied).
  Result<std::string> Apply(const Candidate& candidate);

  EngineConfig config_;
  GitRepo repo_;
  GitRepo scratch_;
};

}  // namespace gt::refinery
