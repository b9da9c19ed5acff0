// What the daemon is told to do: each rig's dispatch policy (rig.toml) and
// the town's limits, resources and schedules (daemon.toml at the town's root).
//
// rig.toml (next to the refinery's keys):
//   dispatch = "auto"        # auto: every ready bead; label: beads marked gt:dispatch
//                            # (or in a convoy/molecule marked so); off: none (default label)
//   max_workers = 4          # workers of this rig at once (default 2)
//   stall_after = "30s"      # silence before the watchdog nudges (default "5m")
//   max_restarts = 3         # restarts of one bead's worker before escalating (default 3)
//   [worker]
//   runtime = "script"       # the worker the daemon creates when none is free
//   command = ["./agent.sh"] # its argument vector (empty: use the town's free workers)
//
// daemon.toml:
//   max_workers = 8          # workers of the whole town at once (default 8)
//   tick = "1s"              # how often the daemon looks (default 1s)
//   overseer = "mayor"       # who gets escalations (a worker's name or "mayor")
//   [resources]
//   gpu = 1                  # a bead labelled resource:gpu needs one unit
//   [[schedule]]
//   name = "nightly"
//   formula = "release"
//   rig = "app"
//   every = "30m"            # or: at = "02:00" (UTC, every day)
//   vars = { version = "1.0" }
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "town/town.h"
#include "town/work.h"

namespace gt::daemon {

/// Durations are nanoseconds.
inline constexpr int64_t kSecond = 1000000000;
inline constexpr int64_t kMinute = 60 * kSecond;

inline constexpr const char* kDispatchLabel = "gt:dispatch";
inline constexpr const char* kEscalatedLabel = town::kEscalatedLabel;
/// A bead labelled "resource:NAME" needs one unit of resource NAME.
inline constexpr const char* kResourceLabelPrefix = "resource:";

struct DispatchPolicy {
  std::string dispatch = "label";  // "auto" | "label" | "off"
  int max_workers = 2;
  int64_t stall_after_ns = 5LL * 60 * 1000000000;
  int max_restarts = 3;
  std::string worker_runtime = "script";
  std::vector<std::string> worker_command;  // empty: the town's free workers
};

/// The dispatch keys of `rig_toml` (other keys are not ours); defaults for
/// missing ones; a bad value is refused with the file, line and key.
Result<DispatchPolicy> LoadDispatchPolicy(const std::string& rig_toml);
/// Whether `key` is one of ours (dispatch, max_workers, stall_after,
/// max_restarts, worker.runtime, worker.command).
bool IsDispatchKey(const std::string& key);
/// Sets one key, keeping the rest of the file. `values` holds one value, or
/// the argument vector for worker.command. A bad key or value is refused.
Status SetDispatchValue(const std::string& rig_toml, const std::string& key,
                        const std::vector<std::string>& values);

struct Schedule {
  std::string name;
  std::string formula;
  std::string rig;
  int64_t every_ns = 0;  // "every": a period
  int at_minute = -1;    // "at": minute of the day (UTC), 0..1439
  std::map<std::string, std::string> vars;
};

struct DaemonConfig {
  int max_workers = 8;
  int64_t tick_ns = 1000000000;
  std::string overseer = "mayor";
  std::map<std::string, int> resources;  // name -> capacity (>= 1)
  std::vector<Schedule> schedules;
};

std::string DaemonConfigPath(const town::Town& town);
/// Reads daemon.toml; defaults when it does not exist.
Result<DaemonConfig> LoadDaemonConfig(const town::Town& town);
/// Edits daemon.toml (atomically, under the town's lock), keeping the rest.
Status SetResource(const town::Town& town, const std::string& name, int capacity);
Status RemoveResource(const town::Town& town, const std::string& name);
Status AddSchedule(const town::Town& town, const Schedule& schedule);
Status RemoveSchedule(const town::Town& town, const std::string& name);
/// Sets a top-level key: max_workers, tick or overseer.
Status SetDaemonValue(const town::Town& town, const std::string& key, const std::string& value);

/// The latest time a schedule was due at or before `now` (wall clock,
/// nanoseconds since the epoch); 0 when it never was. For "every" the
/// periods count from the Unix epoch, so every daemon agrees on them.
int64_t LatestDue(const Schedule& schedule, int64_t now);
/// The first time the schedule is due after `now`; 0 for an empty schedule.
int64_t NextDue(const Schedule& schedule, int64_t now);
/// "HH:MM" (UTC) as a minute of the day, for `at`.
Result<int> ParseTimeOfDay(const std::string& text);
/// "every 1h30m" or "at 02:00 UTC", for people.
std::string DescribeWhen(const Schedule& schedule);

}  // namespace gt::daemon
