// The scheduler: which ready beads go to which free workers now. Planning
// is a pure function of what the town looks like (TownView), so a plan can
// be shown (gt sched status) without acting on it and tested without
// processes; Dispatch then slings what the plan decided.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/bead.h"
#include "core/result.h"
#include "daemon/config.h"
#include "town/feed.h"
#include "town/town.h"

namespace gt::daemon {

/// A bead the scheduler may hand out.
struct Candidate {
  std::string rig;
  Bead bead;
  /// Work already on a worker's hook whose session is not running (bounced
  /// by the refinery, or the daemon was down): it goes back to that worker.
  std::string resume_agent;
  std::vector<std::string> resources;  // from its resource:NAME labels
};

struct RigView {
  std::string name;
  DispatchPolicy policy;
  int running = 0;  // sessions of this rig that hold a bead
};

/// What the town looks like at one moment.
struct TownView {
  DaemonConfig config;
  std::map<std::string, RigView> rigs;
  std::vector<Candidate> candidates;
  std::set<std::string> busy_agents;  // a running session, or a live process
  std::vector<std::string> agents;    // every worker of the town
  std::map<std::string, int> resources_used;
  int running = 0;
};

struct Decision {
  std::string rig;
  std::string bead;
  int priority = 2;
  std::string agent;  // who gets it (dispatch), or "" (wait)
  bool dispatch = false;
  bool resume = false;
  bool create_agent = false;  // the rig's worker.command makes a new worker
  std::string reason;         // why it waits
};

/// Orders the candidates (work owed to its own worker first, then by
/// priority; among equals the rig with fewer running workers, then the
/// oldest bead) and decides each against the town's and rigs' capacity,
/// resources and free workers.
std::vector<Decision> Plan(const TownView& view);

/// The daemon's workers for a rig with a worker.command: "<rig>-<n>".
std::string PoolAgentName(const std::string& rig, int n);

/// Reads the town: rigs' policies, ready and resumable beads, sessions and
/// resource use at wall time `now_ns`.
Result<TownView> LoadTownView(town::Town& town, int64_t now_ns);

/// Slings each dispatch decision; one that fails (someone else took the
/// bead meanwhile) is reported and skipped. Returns what was done
/// ("dispatch" events) and what failed ("dispatch-failed").
std::vector<town::FeedEvent> Dispatch(town::Town& town, const TownView& view,
                                      const std::vector<Decision>& decisions);

}  // namespace gt::daemon
