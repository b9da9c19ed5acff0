#include "daemon/scheduler.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/clock.h"
#include "ledger/queries.h"
#include "town/session.h"
#include "town/work.h"

namespace gt::daemon {
namespace {

bool HasLabel(const Bead& bead, const std::string& label) {
  return std::find(bead.labels.begin(), bead.labels.end(), label) != bead.labels.end();
}

std::vector<std::string> ResourcesOf(const Bead& bead) {
  std::vector<std::string> out;
  std::string prefix = kResourceLabelPrefix;
  for (const std::string& l : bead.labels)
    if (l.starts_with(prefix) && l.size() > prefix.size()) out.push_back(l.substr(prefix.size()));
  return out;
}

/// Whether `agent` is one of the pool workers the daemon made for some rig.
bool IsPoolAgent(const TownView& view, const std::string& agent) {
  for (const auto& [name, rig] : view.rigs) {
    if (rig.policy.worker_command.empty() || !agent.starts_with(name + "-")) continue;
    std::string rest = agent.substr(name.size() + 1);
    if (!rest.empty() &&
        std::all_of(rest.begin(), rest.end(), [](unsigned char c) { return std::isdigit(c); }))
      return true;
  }
  return false;
}

/// Fills in the worker for a new bead of `rig`; false with a reason when none is free.
bool PickWorker(const TownView& view, const RigView& rig, const std::set<std::string>& busy,
                Decision& d) {
  const auto& agents = view.agents;
  auto exists = [&](const std::string& a) {
    return std::find(agents.begin(), agents.end(), a) != agents.end();
  };
  if (!rig.policy.worker_command.empty()) {
    for (int n = 1; n <= rig.policy.max_workers; ++n) {
      std::string name = PoolAgentName(rig.name, n);
      if (exists(name) && !busy.count(name)) {
        d.agent = name;
        return true;
      }
    }
    for (int n = 1; n <= rig.policy.max_workers; ++n) {
      std::string name = PoolAgentName(rig.name, n);
      if (!exists(name) && !busy.count(name)) {
        d.agent = name;
        d.create_agent = true;
        return true;
      }
    }
    d.reason = fmt::format("all {} workers of rig {} are busy", rig.policy.max_workers, rig.name);
    return false;
  }
  for (const std::string& a : agents)
    if (!busy.count(a) && !IsPoolAgent(view, a)) {
      d.agent = a;
      return true;
    }
  d.reason = fmt::format(
      "no free worker (gt agent add NAME -- CMD, or gt rig set {} worker.command -- CMD)",
      rig.name);
  return false;
}

}  // namespace

std::string PoolAgentName(const std::string& rig, int n) {
  return fmt::format("{}-{}", rig, n);
}

std::vector<Decision> Plan(const TownView& view) {
  std::vector<Decision> out;
  std::set<std::string> busy = view.busy_agents;
  std::map<std::string, int> rig_running;
  for (const auto& [name, rig] : view.rigs) rig_running[name] = rig.running;
  std::map<std::string, int> used = view.resources_used;
  int running = view.running;

  std::vector<const Candidate*> left;
  for (const Candidate& c : view.candidates) left.push_back(&c);
  // Pick the best remaining candidate each time, so rigs take turns as
  // their running counts change.
  auto better = [&](const Candidate* a, const Candidate* b) {
    bool ra = !a->resume_agent.empty(), rb = !b->resume_agent.empty();
    if (ra != rb) return ra;
    if (a->bead.priority != b->bead.priority) return a->bead.priority < b->bead.priority;
    int la = rig_running[a->rig], lb = rig_running[b->rig];
    if (la != lb) return la < lb;
    if (a->bead.created_at != b->bead.created_at) return a->bead.created_at < b->bead.created_at;
    return a->bead.id < b->bead.id;
  };
  while (!left.empty()) {
    auto best = std::min_element(left.begin(), left.end(), better);
    const Candidate& c = **best;
    left.erase(best);
    Decision d;
    d.rig = c.rig;
    d.bead = c.bead.id;
    d.priority = c.bead.priority;
    d.resume = !c.resume_agent.empty();
    const RigView& rig = view.rigs.at(c.rig);
    if (running >= view.config.max_workers) {
      d.reason = fmt::format("the town is at capacity ({} workers)", view.config.max_workers);
    } else if (rig_running[c.rig] >= rig.policy.max_workers) {
      d.reason = fmt::format("rig {} is at capacity ({} workers)", c.rig, rig.policy.max_workers);
    }
    for (const std::string& r : c.resources) {
      if (!d.reason.empty()) break;
      auto cap = view.config.resources.find(r);
      if (cap == view.config.resources.end())
        d.reason =
            fmt::format("needs resource {}, which the town does not have (gt resource add)", r);
      else if (used[r] >= cap->second)
        d.reason = fmt::format("resource {} is in use ({}/{})", r, used[r], cap->second);
    }
    if (d.reason.empty()) {
      if (d.resume) {
        if (busy.count(c.resume_agent))
          d.reason = fmt::format("its worker {} is busy", c.resume_agent);
        else
          d.agent = c.resume_agent;
      } else {
        PickWorker(view, rig, busy, d);
      }
    }
    if (d.reason.empty()) {
      d.dispatch = true;
      busy.insert(d.agent);
      ++running;
      ++rig_running[c.rig];
      for (const std::string& r : c.resources) ++used[r];
    }
    out.push_back(std::move(d));
  }
  return out;
}

Result<TownView> LoadTownView(town::Town& town, int64_t now_ns) {
  TownView view;
  auto config = LoadDaemonConfig(town);
  if (!config) return tl::unexpected(config.error());
  view.config = *config;
  for (const auto& [name, agent] : town.config.agents) view.agents.push_back(name);

  auto sessions = town::ListSessions(town);
  if (!sessions) return tl::unexpected(sessions.error());
  std::map<std::string, const town::SessionRecord*> holding;  // agent -> its running session
  for (const town::SessionRecord& s : *sessions) {
    if (s.state == "running") holding[s.agent] = &s;
    if (s.state == "running" || town::SessionAlive(s)) view.busy_agents.insert(s.agent);
  }

  // Convoys marked for dispatch name beads of any rig.
  std::set<std::string> convoy_beads;
  if (auto hq = town::OpenLedgerAs(town, town.BeadsDir(), town::kAdminActor); hq) {
    ListFilter f;
    f.labels = {"gt:convoy", kDispatchLabel};
    f.limit = 0;
    if (auto convoys = ListBeads(hq->db(), f); convoys)
      for (const Bead& c : *convoys)
        for (const std::string& l : c.labels)
          if (l.starts_with("tracks:")) convoy_beads.insert(l.substr(7));
  }

  std::string now = FormatTimestamp(now_ns);
  for (const auto& [name, prefix] : town.config.rigs) {
    auto policy = LoadDispatchPolicy(town.RigDir(name) + "/rig.toml");
    if (!policy) return tl::unexpected(policy.error());
    RigView& rig = view.rigs[name];
    rig.name = name;
    rig.policy = *policy;
    auto ledger = town::OpenLedgerAs(town, town.RigBeadsDir(name), town::kAdminActor);
    if (!ledger) return tl::unexpected(ledger.error());
    Database& db = ledger->db();

    for (const auto& [agent, s] : holding) {
      if (s->rig != name) continue;
      ++rig.running;
      ++view.running;
      if (auto bead = LoadBead(db, s->bead); bead)
        for (const std::string& r : ResourcesOf(*bead)) ++view.resources_used[r];
    }
    if (policy->dispatch == "off") continue;

    // Work on a hook whose worker is not running it: back to that worker.
    ListFilter hooked;
    hooked.statuses = {"hooked"};
    hooked.limit = 0;
    auto on_hooks = ListBeads(db, hooked);
    if (!on_hooks) return tl::unexpected(on_hooks.error());
    for (const Bead& b : *on_hooks) {
      if (!town.config.agents.count(b.assignee) || HasLabel(b, kEscalatedLabel)) continue;
      auto h = holding.find(b.assignee);
      if (h != holding.end() && h->second->bead == b.id) continue;  // the watchdog's
      view.candidates.push_back({name, b, b.assignee, ResourcesOf(b)});
    }

    ReadyFilter ready;
    ready.limit = 200;
    ready.unassigned = true;
    ready.now = now;
    auto beads = ReadyBeads(db, ready, nullptr);
    if (!beads) return tl::unexpected(beads.error());
    std::map<std::string, bool> parent_marked;
    for (const Bead& b : *beads) {
      if (b.issue_type == "epic" || HasLabel(b, kEscalatedLabel)) continue;
      if (policy->dispatch == "label" && !HasLabel(b, kDispatchLabel) &&
          !convoy_beads.count(b.id)) {
        if (b.parent.empty()) continue;
        auto marked = parent_marked.find(b.parent);
        if (marked == parent_marked.end()) {
          auto parent = LoadBead(db, b.parent);
          marked =
              parent_marked.emplace(b.parent, parent && HasLabel(*parent, kDispatchLabel)).first;
        }
        if (!marked->second) continue;
      }
      view.candidates.push_back({name, b, "", ResourcesOf(b)});
    }
  }
  return view;
}

std::vector<town::FeedEvent> Dispatch(town::Town& town, const TownView& view,
                                      const std::vector<Decision>& decisions) {
  std::vector<town::FeedEvent> events;
  for (const Decision& d : decisions) {
    if (!d.dispatch) continue;
    town::SlingRequest request;
    request.bead = d.bead;
    request.rig = d.rig;
    request.agent = d.agent;
    const DispatchPolicy& policy = view.rigs.at(d.rig).policy;
    if (d.create_agent) {
      request.runtime = policy.worker_runtime;
      request.command = policy.worker_command;
    } else if (!policy.worker_command.empty() && IsPoolAgent(view, d.agent)) {
      // The rig's worker.command may have changed since this worker was made.
      (void)town::UpdateTown(town, [&](town::TownConfig& c) -> Status {
        auto it = c.agents.find(d.agent);
        if (it != c.agents.end()) {
          it->second.runtime = policy.worker_runtime;
          it->second.command = policy.worker_command;
        }
        return {};
      });
    }
    auto slung = town::Sling(town, request);
    if (slung)
      events.push_back(
          {"", "dispatch", d.rig, d.bead, d.agent,
           fmt::format("{} {} (P{}) to {}{}", d.resume ? "gave back" : "dispatched", d.bead,
                       d.priority, d.agent, d.create_agent ? ", a new worker of the rig" : "")});
    else
      events.push_back(
          {"", "dispatch-failed", d.rig, d.bead, d.agent,
           fmt::format("could not hand {} to {}: {}", d.bead, d.agent, slung.error().message)});
  }
  return events;
}

}  // namespace gt::daemon
