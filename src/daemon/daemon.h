// The daemon: one deterministic process per town. Each tick it wakes timed
// work, watches the workers, dispatches ready beads to free workers, starts
// a refinery round for every rig with requests waiting, and keeps the
// services up; everything it does goes to the feed. It holds run/daemon.lock
// (one per town), writes run/daemon.pid and answers on a local socket.
// Everything it needs to resume lives in files (run/daemon-state.json, the
// session records, the ledgers), so kill -9 and a restart lose nothing.
#pragma once

#include <csignal>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "daemon/scheduler.h"
#include "daemon/services.h"
#include "daemon/timers.h"
#include "daemon/watchdog.h"
#include "runtime/runtime.h"
#include "town/town.h"

namespace gt::daemon {

/// What the daemon keeps across restarts.
struct DaemonState {
  WatchState watch;
  TimerState timers;
  std::vector<Decision> last_plan;
  std::string last_tick;  // RFC 3339
  int64_t ticks = 0;
};

/// The monotonic clock the daemon's leases and back-offs run on.
int64_t MonoNow();
std::string DaemonStatePath(const town::Town& town);
std::string DaemonLockPath(const town::Town& town);
std::string DaemonPidPath(const town::Town& town);
std::string DaemonLogPath(const town::Town& town);
Result<DaemonState> LoadDaemonState(const town::Town& town);
Status SaveDaemonState(const town::Town& town, const DaemonState& state);
nlohmann::json DecisionJson(const Decision& d);

class Daemon {
 public:
  explicit Daemon(town::Town town);
  /// One round at wall time `wall_ns` and monotonic time `mono_ns`.
  /// Returns what it did (also appended to the feed).
  std::vector<town::FeedEvent> Tick(int64_t wall_ns, int64_t mono_ns);
  /// Runs ticks until `stop` is set: takes the lock (kConflict when another
  /// daemon runs), writes the pid file, serves the socket.
  Status Run(const volatile std::sig_atomic_t& stop);
  /// The answer to "status" on the socket.
  nlohmann::json StatusJson() const;
  ServiceSupervisor& services() { return services_; }
  const DaemonState& state() const { return state_; }

 private:
  void StartRefineries(std::vector<town::FeedEvent>& events);
  void Report(const std::string& step, const Error& error, std::vector<town::FeedEvent>& events);

  town::Town town_;
  DaemonConfig config_;
  DaemonState state_;
  ServiceSupervisor services_;
  /// A rig's refinery rounds: the one running, and a back-off after failures.
  struct RefineryRuns {
    runtime::Session session;
    bool running = false;
    int failures = 0;
    int64_t next_ns = 0;  // monotonic: no round before
  };
  std::map<std::string, RefineryRuns> refineries_;  // by rig
  std::map<std::string, std::string> last_errors_;  // by step: report each error once
  std::string started_;
  int64_t last_mono_ = 0;
};

}  // namespace gt::daemon
