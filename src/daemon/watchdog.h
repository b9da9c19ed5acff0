// The watchdog (the witness): every worker that holds a bead has a lease,
// renewed by signs of life: output in its log, commits or staged changes
// in its worktree, ledger events on its bead. A worker whose process died
// without gt done is restarted on the same worktree and hook at once; one
// silent past its rig's stall_after is nudged, and restarted if still
// silent; after max_restarts the bead is escalated: handed back, labelled
// gt:escalated, and the town's overseer gets mail. Its work is never
// removed: the worktree and branch stay.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "daemon/config.h"
#include "town/feed.h"
#include "town/town.h"

namespace gt::daemon {

/// What the watchdog last saw of one worker. Times are monotonic
/// nanoseconds, so a jump of the wall clock never expires a lease.
struct Lease {
  std::string bead;
  int64_t last_sign_ns = 0;
  int64_t nudged_ns = 0;  // 0: not nudged since the last sign of life
  int64_t log_size = -1;
  int64_t git_mtime_ns = 0;
  std::string bead_updated;
  int64_t mismatch_ns = 0;  // when its bead was first seen off its hook
};

struct WatchState {
  std::map<std::string, Lease> leases;  // by worker
  std::map<std::string, int> restarts;  // by bead: restarts so far
};

/// One look at every worker holding a bead, at monotonic time `now_ns`.
/// Appends what it did (nudge, restart, escalate, stop) to `events`.
Status Watch(town::Town& town, const DaemonConfig& config, WatchState& state, int64_t now_ns,
             std::vector<town::FeedEvent>& events);

}  // namespace gt::daemon
