// Workers' worktrees (polecats) and the town at a glance.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "town/town.h"

namespace gt::town {

/// One worker's worktree in one rig.
struct PolecatInfo {
  std::string agent;
  std::string rig;
  std::string worktree;
  std::string branch;
  std::string bead;     // the bead of its branch
  std::string state;    // working | exited (holds its bead, not running) | done | blocked | idle
  bool holds = false;   // its bead is on its hook
  int uncommitted = 0;  // paths with changes
  int unpushed = 0;     // commits the origin lacks
  int exit_code = -1;   // recorded by the runtime, -1 if none
  bool idle = false;    // the runtime says so (script: finished; tmux: at its prompt)
  std::string log_path;
  std::string last_event;  // headless: the type of its last JSON event
};

Result<std::vector<PolecatInfo>> ListPolecats(const Town& town);
/// Stops the worker's session; its bead stays on its hook and its worktree
/// stays (re-sling the bead to resume). False when nothing was running.
Result<bool> StopPolecat(Town& town, const std::string& agent);
/// Removes the worker's worktrees. Refuses uncommitted changes, unpushed
/// commits or a running session unless `force`; a bead still on its hook is
/// handed back (open, unassigned, with a comment). Returns what was removed.
Result<std::vector<std::string>> NukePolecat(Town& town, const std::string& agent, bool force);

/// `gt status`: rigs (ready work, merge queue, hooked beads), workers,
/// convoys and recent activity, as JSON (the CLI prints it as text too).
Result<nlohmann::json> TownStatus(Town& town);

}  // namespace gt::town
