// The work lifecycle: sling (claim + worktree + start), done (push + merge
// request), done --blocked (hand back), and what a worker needs to know.
#pragma once

#include <string>
#include <vector>

#include "core/bead.h"
#include "core/result.h"
#include "town/session.h"
#include "town/town.h"

namespace gt::town {

struct SlingRequest {
  std::string bead;
  std::string rig;                   // optional; must match the bead's prefix
  std::string agent;                 // optional: a free worker is picked
  std::string runtime;               // for a worker created on the fly
  std::vector<std::string> command;  // likewise
};

struct SlingOutcome {
  std::string agent;
  std::string rig;
  Bead bead;
  SessionRecord session;
  bool agent_created = false;
  bool resumed = false;  // the worker already held the bead (restarted on its worktree)
};

/// Claims the bead for the worker (signed with its key; refused when someone
/// else holds it), prepares its worktree and branch, starts its runtime.
Result<SlingOutcome> Sling(Town& town, const SlingRequest& request);

/// Which worker is asking: GT_AGENT/GT_RIG, else the polecat worktree that
/// contains `cwd`.
struct WorkerContext {
  std::string agent;
  std::string rig;
  std::string worktree;
  std::string bead;  // from the worktree's branch polecat/<agent>/<bead>
};
Result<WorkerContext> CurrentWorker(const Town& town, const std::string& cwd);

struct DoneOutcome {
  Bead work;
  Bead merge_request;
  std::string branch;
  std::string commit;
  int commits = 0;
};
/// Checks the worktree is committed, pushes the branch to the rig's origin,
/// files a merge-request bead and puts the work bead in review.
Result<DoneOutcome> Done(Town& town, const WorkerContext& worker, const std::string& notes);
/// Hands the bead back: open, unassigned, with the reason as a comment.
Result<Bead> HandBack(Town& town, const WorkerContext& worker, const std::string& reason);

struct HandoffOutcome {
  SessionRecord session;      // the new one
  runtime::Session previous;  // to stop (StopSession) once the caller has reported
  bool previous_alive = false;
};
/// Restarts a worker that holds a bead on the same hook and worktree, with
/// `summary` in its new prompt and as a comment on the bead. The previous
/// session is left to the caller to stop, since it may be the caller's own.
Result<HandoffOutcome> Handoff(Town& town, const std::string& agent, const std::string& summary);
Status StopSession(const runtime::Session& session);

/// The prompt a worker starts with.
std::string WorkPrompt(const Town& town, const std::string& agent, const std::string& rig,
                       const Bead& bead);

/// Label on a work bead whose merge request waits for the refinery.
inline constexpr const char* kInReviewLabel = "gt:in-review";
/// Label on a bead the daemon gave up restarting: a person must look at it.
inline constexpr const char* kEscalatedLabel = "gt:escalated";

}  // namespace gt::town
