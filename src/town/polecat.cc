#include "town/polecat.h"

#include <filesystem>

#include <fmt/format.h>

#include "core/bead_json.h"
#include "core/clock.h"
#include "ledger/ops.h"
#include "ledger/queries.h"
#include "runtime/runtime.h"
#include "town/convoy.h"
#include "town/git.h"
#include "town/rig.h"
#include "town/session.h"
#include "town/work.h"

namespace gt::town {
namespace fs = std::filesystem;

namespace {

int CountLines(const std::string& text) {
  if (text.empty()) return 0;
  return int(std::count(text.begin(), text.end(), '\n')) + 1;
}

}  // namespace

Result<std::vector<PolecatInfo>> ListPolecats(const Town& town) {
  std::vector<PolecatInfo> out;
  std::error_code ec;
  for (const auto& [rig, prefix] : town.config.rigs) {
    for (const auto& [name, agent] : town.config.agents) {
      std::string dir = PolecatDir(town, rig, name);
      if (!fs::is_directory(dir, ec)) continue;
      PolecatInfo p;
      p.agent = name;
      p.rig = rig;
      p.worktree = dir;
      auto branch = Git(dir, {"rev-parse", "--abbrev-ref", "HEAD"});
      p.branch = branch ? *branch : "";
      std::string want = fmt::format("polecat/{}/", name);
      if (p.branch.starts_with(want)) p.bead = p.branch.substr(want.size());
      if (auto dirty = Git(dir, {"status", "--porcelain"})) p.uncommitted = CountLines(*dirty);
      if (auto n = Git(dir, {"rev-list", "--count", "HEAD", "--not", "--remotes=origin"}))
        p.unpushed = std::atoi(n->c_str());
      p.state = "idle";
      auto record = LoadSession(town, name);
      if (record && *record && (*record)->rig == rig) {
        const SessionRecord& r = **record;
        p.log_path = r.session.log_path;
        if (auto rt = runtime::MakeRuntime(r.session.runtime)) {
          p.log_path = (*rt)->LogPath(r.session);
          p.idle = (*rt)->IsIdle(r.session);
          p.exit_code = (*rt)->ExitCode(r.session);
          p.last_event = (*rt)->LastEvent(r.session);
        }
        if (r.state == "running") {
          p.holds = true;
          p.state = SessionAlive(r) ? "working" : "exited";
        } else {
          p.state = r.state;
        }
      }
      out.push_back(p);
    }
  }
  return out;
}

Result<bool> StopPolecat(Town& town, const std::string& agent) {
  if (!town.config.agents.count(agent))
    return Fail(ErrorKind::kNotFound, fmt::format("no worker named \"{}\"", agent),
                "see gt polecat list");
  auto record = LoadSession(town, agent);
  if (!record) return tl::unexpected(record.error());
  if (!*record) return false;
  auto rt = runtime::MakeRuntime((*record)->session.runtime);
  if (!rt) return tl::unexpected(rt.error());
  bool alive = (*rt)->IsAlive((*record)->session);
  // Stop also cleans up what a finished session leaves (a dead tmux pane).
  if (auto st = (*rt)->Stop((*record)->session); !st) return tl::unexpected(st.error());
  return alive;
}

Result<std::vector<std::string>> NukePolecat(Town& town, const std::string& agent, bool force) {
  auto polecats = ListPolecats(town);
  if (!polecats) return tl::unexpected(polecats.error());
  std::vector<PolecatInfo> mine;
  for (const auto& p : *polecats)
    if (p.agent == agent) mine.push_back(p);
  if (!town.config.agents.count(agent))
    return Fail(ErrorKind::kNotFound, fmt::format("no worker named \"{}\"", agent),
                "see gt polecat list");
  if (!force)
    for (const auto& p : mine) {
      if (p.state == "working")
        return Fail(ErrorKind::kConflict, fmt::format("{} is still working on {}", agent, p.bead),
                    "stop it first (gt polecat stop " + agent + "), or pass --force");
      if (p.uncommitted > 0)
        return Fail(
            ErrorKind::kConflict,
            fmt::format("{} has {} uncommitted path(s) in {}", agent, p.uncommitted, p.worktree),
            "commit and push them (gt done), or pass --force to lose them");
      if (p.unpushed > 0)
        return Fail(
            ErrorKind::kConflict,
            fmt::format("{} has {} commit(s) on {} not pushed", agent, p.unpushed, p.branch),
            "finish with gt done (it pushes), or pass --force to lose them");
    }
  (void)StopPolecat(town, agent);
  std::vector<std::string> removed;
  for (const auto& p : mine) {
    if (p.holds && !p.bead.empty()) {
      // The bead is not lost with the worktree: it goes back to the ready pool.
      if (auto ledger = OpenLedgerAs(town, town.RigBeadsDir(p.rig), agent)) {
        auto bead = LoadBead(ledger->db(), p.bead);
        if (bead && bead->status == "hooked" && bead->assignee == agent) {
          (void)AddComment(*ledger, p.bead, fmt::format("Handed back: worker {} was nuked", agent),
                           "");
          (void)ledger->Write([&](Database&) -> Result<std::vector<EventDraft>> {
            return std::vector<EventDraft>{{"bead.release", p.bead, nlohmann::json::object()}};
          });
        }
      }
    }
    std::string repo = RepoDir(town, p.rig);
    if (auto st = Git(repo, {"worktree", "remove", "--force", p.worktree}); !st)
      return tl::unexpected(st.error());
    // A pushed branch is safe on the origin; an unpushed one goes only with --force.
    if (!p.branch.empty() && p.branch != "HEAD" && (p.unpushed == 0 || force))
      (void)GitRun(repo, {"branch", "-D", p.branch});
    removed.push_back(p.worktree);
  }
  std::error_code ec;
  fs::remove(SessionPath(town, agent), ec);
  return removed;
}

Result<nlohmann::json> TownStatus(Town& town) {
  nlohmann::json rigs = nlohmann::json::array();
  for (const auto& [name, prefix] : town.config.rigs) {
    auto ledger = OpenLedgerAs(town, town.RigBeadsDir(name), kAdminActor);
    if (!ledger) return tl::unexpected(ledger.error());
    int64_t ready_total = 0;
    ReadyFilter rf;
    rf.limit = 5;
    rf.now = FormatTimestamp(DefaultClock().NowNanos());
    auto ready = ReadyBeads(ledger->db(), rf, &ready_total);
    if (!ready) return tl::unexpected(ready.error());
    ListFilter mq;
    mq.issue_type = "merge-request";
    mq.limit = 0;
    auto queue = ListBeads(ledger->db(), mq);
    if (!queue) return tl::unexpected(queue.error());
    ListFilter hf;
    hf.statuses = {"hooked"};
    hf.limit = 0;
    auto hooked = ListBeads(ledger->db(), hf);
    if (!hooked) return tl::unexpected(hooked.error());
    ListFilter ef;
    ef.labels = {kEscalatedLabel};
    ef.limit = 0;
    auto escalated = ListBeads(ledger->db(), ef);
    if (!escalated) return tl::unexpected(escalated.error());
    ListFilter recent;
    recent.all = true;
    recent.sort = "updated";
    recent.limit = 5;
    auto activity = ListBeads(ledger->db(), recent);
    if (!activity) return tl::unexpected(activity.error());
    nlohmann::json r = {{"name", name},
                        {"prefix", prefix},
                        {"ready", ready_total},
                        {"ready_beads", nlohmann::json::array()},
                        {"merge_queue", queue->size()},
                        {"hooked", nlohmann::json::array()},
                        {"escalated", nlohmann::json::array()},
                        {"recent", nlohmann::json::array()}};
    for (const Bead& b : *escalated) r["escalated"].push_back({{"id", b.id}, {"title", b.title}});
    for (const Bead& b : *ready) r["ready_beads"].push_back({{"id", b.id}, {"title", b.title}});
    for (const Bead& b : *hooked)
      r["hooked"].push_back({{"id", b.id}, {"title", b.title}, {"assignee", b.assignee}});
    // Recent activity: the beads updated last, each with its last event.
    for (const Bead& b : *activity) {
      nlohmann::json item = {{"id", b.id},
                             {"title", b.title},
                             {"status", b.status},
                             {"assignee", b.assignee},
                             {"updated_at", b.updated_at}};
      auto history = BeadHistory(ledger->db(), town.RigBeadsDir(name) + "/log", b.id);
      if (history && !history->empty()) {
        item["last_op"] = history->back().op;
        item["last_actor"] = history->back().actor;
      }
      r["recent"].push_back(item);
    }
    rigs.push_back(r);
  }
  nlohmann::json workers = nlohmann::json::array();
  auto polecats = ListPolecats(town);
  if (!polecats) return tl::unexpected(polecats.error());
  for (const auto& [name, a] : town.config.agents) {
    nlohmann::json w = {{"name", name},    {"uri", a.uri},    {"runtime", a.runtime},
                        {"state", "idle"}, {"bead", nullptr}, {"rig", nullptr}};
    for (const auto& p : *polecats)
      if (p.agent == name && (p.holds || w["rig"].is_null())) {
        w["state"] = p.state;
        w["rig"] = p.rig;
        if (p.holds) w["bead"] = p.bead;
      }
    workers.push_back(w);
  }
  auto convoys = ListConvoys(town);
  if (!convoys) return tl::unexpected(convoys.error());
  nlohmann::json cv = nlohmann::json::array();
  for (const auto& c : *convoys)
    cv.push_back({{"id", c.id},
                  {"name", c.name},
                  {"closed", c.closed},
                  {"done", c.done},
                  {"total", c.items.size()}});
  return nlohmann::json{{"town", town.config.name},
                        {"root", town.root},
                        {"rigs", rigs},
                        {"workers", workers},
                        {"convoys", cv}};
}

}  // namespace gt::town
