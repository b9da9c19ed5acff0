// Services: pinned beads of the town ledger that describe a long-running
// process. The daemon keeps each running, restarts it with exponential
// back-off when it dies, and records every (re)start on its bead.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/bead.h"
#include "core/result.h"
#include "runtime/runtime.h"
#include "town/feed.h"
#include "town/town.h"

namespace gt::daemon {

inline constexpr const char* kServiceLabel = "gt:service";
/// Back-off: the first restart waits this long, each quick death doubles it
/// up to the maximum, and a run that lasted kServiceResetNs starts over.
inline constexpr int64_t kServiceBackoffMinNs = 1000000000LL;
inline constexpr int64_t kServiceBackoffMaxNs = 5 * 60 * 1000000000LL;
inline constexpr int64_t kServiceResetNs = 60 * 1000000000LL;

struct ServiceSpec {
  std::string id;    // the bead in the town ledger
  std::string name;  // unique among services
  std::vector<std::string> command;
  std::string cwd;  // default: the town's root
};

/// Files the service's bead (status pinned, label gt:service, the command
/// in its description), signed by the town. A second service of the same
/// name is refused.
Result<ServiceSpec> AddService(town::Town& town, const std::string& name,
                               const std::vector<std::string>& command, const std::string& cwd);
/// The open (pinned) services of the town.
Result<std::vector<ServiceSpec>> ListServices(town::Town& town);
/// Stops its process and closes its bead; kNotFound for an unknown name.
Status RemoveService(town::Town& town, const std::string& name);

/// run/service-NAME.json: the service's process as last started, written
/// atomically by the supervisor at each (re)start.
struct ServiceRecord {
  std::string name;
  std::string id;  // the bead it was started for
  runtime::Session session;
  int restarts = 0;
  int64_t backoff_ns = 0;
};

std::string ServiceRecordPath(const town::Town& town, const std::string& name);
std::string ServiceLogPath(const town::Town& town, const std::string& name);
/// nullopt when the service was never started (or was removed).
Result<std::optional<ServiceRecord>> LoadServiceRecord(const town::Town& town,
                                                       const std::string& name);
Status SaveServiceRecord(const town::Town& town, const ServiceRecord& record);
/// Whether the recorded process still runs (pid and start time match).
bool ServiceRecordAlive(const ServiceRecord& record);

/// What the supervisor knows of one service's process.
struct ServiceState {
  std::string name;
  std::string id;
  bool running = false;
  int pid = 0;
  int restarts = 0;
  int64_t backoff_ns = 0;     // the current delay before the next start
  int64_t next_start_ns = 0;  // monotonic time of the next start when down
  int64_t started_ns = 0;     // monotonic time of the last start
  std::string log_path;
  int last_exit = -1;  // exit code of the last run; -1 when killed or unknown
};

/// Keeps services running. The process of each is recorded in
/// run/service-NAME.json, so a daemon restarted after a crash adopts the
/// running ones instead of starting a second copy.
class ServiceSupervisor {
 public:
  /// One look at every service at monotonic time `now_ns`: starts missing
  /// ones, restarts dead ones when their back-off has passed (1s, 2s, 4s ...
  /// up to 5 minutes; back to 1s after 60s of running), stops those whose
  /// bead was closed. Appends what it did to `events`.
  void Tick(town::Town& town, int64_t now_ns, std::vector<town::FeedEvent>& events);
  /// Stops every service's process (gt down).
  Status StopAll(town::Town& town);
  std::vector<ServiceState> States() const;

 private:
  std::map<std::string, ServiceState> states_;
  std::map<std::string, runtime::Session> sessions_;
};

}  // namespace gt::daemon
