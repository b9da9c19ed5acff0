// Timer interrupts: deferred beads whose time has come are woken (status
// open again), and scheduled formulas are poured when due. Both read the
// wall clock; a jump forward pours a missed run once, not once per missed
// period, and a jump back pours nothing twice (each run's pour key names
// its due time, so even a daemon that lost its state cannot repeat one).
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

struct TimerState {
  /// Per schedule: the due time (wall nanoseconds) of its last run. A
  /// schedule seen for the first time starts from its latest due time
  /// without a run: adding "every day at 02:00" at noon waits for 02:00.
  std::map<std::string, int64_t> last_due;
};

/// The pour key of a schedule's run due at `due_ns`.
std::string ScheduleKey(const Schedule& schedule, int64_t due_ns);

/// Wakes due deferred beads of every rig and pours due schedules (the
/// molecule's epic labelled gt:dispatch, so its steps are dispatched).
Status RunTimers(town::Town& town, const DaemonConfig& config, TimerState& state,
                 int64_t wall_now_ns, std::vector<town::FeedEvent>& events);

}  // namespace gt::daemon
