#include "town/work.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "core/clock.h"
#include "ledger/ops.h"
#include "ledger/queries.h"
#include "town/agent.h"
#include "town/feed.h"
#include "town/git.h"
#include "town/rig.h"

namespace gt::town {
namespace fs = std::filesystem;

namespace {

bool HoldsWork(const Town& town, const std::string& agent) {
  auto record = LoadSession(town, agent);
  return record && *record && (*record)->state == "running";
}

Result<std::string> PickFreeAgent(const Town& town) {
  for (const auto& [name, agent] : town.config.agents)
    if (!HoldsWork(town, name)) return name;
  return Fail(ErrorKind::kConflict, "no free worker",
              "add one (gt agent add NAME -- CMD), or name one with --agent NAME -- CMD");
}

/// Hands the bead back after a failed sling (best effort: the error that
/// caused it is what the user sees).
void Unclaim(Ledger& ledger, const std::string& id) {
  (void)ledger.Write([&](Database&) -> Result<std::vector<EventDraft>> {
    return std::vector<EventDraft>{{"bead.release", id, nlohmann::json::object()}};
  });
}

/// Puts the worktree on `branch`, creating worktree and branch as needed.
Result<bool> PrepareWorktree(const Town& town, const RigConfig& rig, const std::string& dir,
                             const std::string& branch) {
  std::string repo = RepoDir(town, rig.name);
  bool branch_exists = GitOk(repo, {"rev-parse", "-q", "--verify", "refs/heads/" + branch});
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(fs::path(dir).parent_path(), ec);
    auto st =
        branch_exists
            ? AsStatus(Git(repo, {"worktree", "add", "-q", dir, branch}))
            : AsStatus(Git(repo, {"worktree", "add", "-q", "-b", branch, dir, rig.default_branch}));
    if (!st) return tl::unexpected(st.error());
    return true;
  }
  auto current = Git(dir, {"rev-parse", "--abbrev-ref", "HEAD"});
  if (!current) return tl::unexpected(current.error());
  if (*current == branch) return false;
  auto dirty = Git(dir, {"status", "--porcelain"});
  if (!dirty) return tl::unexpected(dirty.error());
  if (!dirty->empty())
    return Fail(
        ErrorKind::kConflict,
        fmt::format("the worker's worktree {} has uncommitted changes (on {})", dir, *current),
        "commit or clean them first; nothing was changed");
  auto st = branch_exists
                ? AsStatus(Git(dir, {"checkout", "-q", branch}))
                : AsStatus(Git(dir, {"checkout", "-q", "-b", branch, rig.default_branch}));
  if (!st) return tl::unexpected(st.error());
  return false;
}

}  // namespace

std::string WorkPrompt(const Town& town, const std::string& agent, const std::string& rig,
                       const Bead& bead) {
  std::string text = fmt::format(
      "You are {} ({}), a worker of the Gas Town town \"{}\".\n"
      "Your bead: {} - {} (rig {}, priority P{}).\n",
      agent, town.EntityUri(agent), town.config.name, bead.id, bead.title, rig, bead.priority);
  if (!bead.description.empty()) text += "\n" + bead.description + "\n";
  if (!bead.acceptance_criteria.empty())
    text += "\nAcceptance criteria:\n" + bead.acceptance_criteria + "\n";
  text += fmt::format(
      "\nWork in this directory, on branch polecat/{}/{}, and commit with git.\n"
      "When it is finished and committed: gt done [--notes TEXT]\n"
      "If you cannot finish it: gt done --blocked REASON\n"
      "See this again: gt prime. Mail: gt mail inbox. The ledger: bd show {}.\n",
      agent, bead.id, bead.id);
  return text;
}

Result<SlingOutcome> Sling(Town& town, const SlingRequest& request) {
  SlingOutcome out;
  auto rig_name = town.RigForBead(request.bead);
  if (!rig_name) return tl::unexpected(rig_name.error());
  if (rig_name->empty())
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("{} is a town bead; only rig beads can be slung", request.bead),
                "sling a bead of a rig (gt rig list shows their prefixes)");
  if (!request.rig.empty() && request.rig != *rig_name)
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("{} belongs to rig {}, not {}", request.bead, *rig_name, request.rig),
                "drop the rig argument or sling a bead of that rig");
  auto rig = LoadRig(town, *rig_name);
  if (!rig) return tl::unexpected(rig.error());
  out.rig = rig->name;

  // The worker: named, created on the fly, or the first free one.
  if (request.agent.empty()) {
    auto picked = PickFreeAgent(town);
    if (!picked) return tl::unexpected(picked.error());
    out.agent = *picked;
  } else if (auto found = FindAgent(town, request.agent); found) {
    out.agent = found->name;
  } else if (!request.command.empty() || !request.runtime.empty()) {
    AddAgentOptions add{request.agent, request.runtime.empty() ? "script" : request.runtime,
                        request.command};
    auto added = AddAgent(town, add);
    if (!added) return tl::unexpected(added.error());
    out.agent = added->agent.name;
    out.agent_created = true;
  } else {
    return Fail(ErrorKind::kNotFound, fmt::format("no worker named \"{}\"", request.agent),
                fmt::format("create it on the fly: gt sling {} --agent {} -- CMD ARGS...",
                            request.bead, request.agent));
  }
  const AgentConfig& agent = town.config.agents.at(out.agent);

  auto previous = LoadSession(town, out.agent);
  if (!previous) return tl::unexpected(previous.error());
  if (*previous && (*previous)->state == "running") {
    const SessionRecord& p = **previous;
    bool alive = SessionAlive(p);
    if (p.bead != request.bead)
      return Fail(ErrorKind::kConflict,
                  alive ? fmt::format("worker {} is busy with {}", out.agent, p.bead)
                        : fmt::format("worker {} still holds {} (its session ended without gt "
                                      "done; the work is in {})",
                                      out.agent, p.bead, p.worktree),
                  alive ? "pick another worker with --agent, or stop it (gt polecat stop)"
                        : fmt::format("re-sling {} to resume it, or hand it back from its "
                                      "worktree with gt done --blocked REASON",
                                      p.bead));
    if (alive)
      return Fail(ErrorKind::kConflict,
                  fmt::format("worker {} is already working on {}", out.agent, p.bead),
                  "see gt polecat status " + out.agent);
  }

  // The claim: compare-and-set in the rig's ledger, signed by the worker.
  auto ledger = OpenLedgerAs(town, town.RigBeadsDir(rig->name), out.agent);
  if (!ledger) return tl::unexpected(ledger.error());
  auto id = ResolveId(ledger->db(), rig->prefix, request.bead);
  if (!id) return tl::unexpected(id.error());
  bool claimed = false;
  auto events = ledger->Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    auto bead = LoadBead(db, *id);
    if (!bead) return tl::unexpected(bead.error());
    nlohmann::json hooked = {{"fields", {{"status", "hooked"}}}};
    if (bead->status == "closed")
      return Fail(ErrorKind::kConflict, fmt::format("{} is closed", *id), "nothing to do");
    if (!bead->assignee.empty() && bead->assignee != out.agent)
      return Fail(ErrorKind::kConflict,
                  fmt::format("{} is held by {} (status {})", *id, bead->assignee, bead->status),
                  "pick another bead (bd ready), or wait until it is handed back");
    if (bead->assignee == out.agent) {
      out.resumed = true;
      if (bead->status == "hooked") return std::vector<EventDraft>{};
      return std::vector<EventDraft>{{"bead.update", *id, hooked}};
    }
    if (bead->status != "open")
      return Fail(ErrorKind::kConflict,
                  fmt::format("{} is not open (status {})", *id, bead->status),
                  "only open beads can be slung");
    claimed = true;
    return std::vector<EventDraft>{{"bead.claim", *id, nlohmann::json::object()},
                                   {"bead.update", *id, hooked}};
  });
  if (!events) return tl::unexpected(events.error());
  auto undo = [&](Error e) -> Result<SlingOutcome> {
    if (claimed) Unclaim(*ledger, *id);
    return tl::unexpected(std::move(e));
  };
  auto bead = LoadBead(ledger->db(), *id);
  if (!bead) return undo(bead.error());
  out.bead = *bead;

  std::string dir = PolecatDir(town, rig->name, out.agent);
  std::string branch = fmt::format("polecat/{}/{}", out.agent, *id);
  auto created = PrepareWorktree(town, *rig, dir, branch);
  if (!created) return undo(created.error());

  auto session = StartSession(town, agent, rig->name, *id, dir, branch,
                              WorkPrompt(town, out.agent, rig->name, *bead));
  if (!session) {
    if (*created) {
      (void)GitRun(RepoDir(town, rig->name), {"worktree", "remove", "--force", dir});
      (void)GitRun(RepoDir(town, rig->name), {"branch", "-D", branch});
    }
    return undo(session.error());
  }
  out.session = *session;
  (void)AppendFeed(town, {"", out.resumed ? "resume" : "sling", rig->name, *id, out.agent,
                          fmt::format("{} {} {}: {}", out.agent, out.resumed ? "resumed" : "took",
                                      *id, bead->title)});
  return out;
}

Result<WorkerContext> CurrentWorker(const Town& town, const std::string& cwd) {
  WorkerContext w;
  if (const char* a = std::getenv("GT_AGENT"); a && *a) w.agent = a;
  if (const char* r = std::getenv("GT_RIG"); r && *r) w.rig = r;
  if (w.agent.empty() || w.rig.empty()) {
    std::error_code ec;
    fs::path rel = fs::absolute(cwd, ec).lexically_normal().lexically_relative(town.root);
    std::vector<std::string> parts;
    for (const auto& p : rel) parts.push_back(p.string());
    if (parts.size() >= 4 && parts[0] == "rigs" && parts[2] == "polecats") {
      w.rig = parts[1];
      w.agent = parts[3];
    }
  }
  if (w.agent.empty() || w.rig.empty())
    return Fail(ErrorKind::kInvalidArgument, "this is not a worker's worktree",
                "run it in rigs/RIG/polecats/NAME/ (or with GT_AGENT and GT_RIG set)");
  if (!town.config.agents.count(w.agent))
    return Fail(ErrorKind::kNotFound, fmt::format("no worker named \"{}\"", w.agent),
                "see gt agent list");
  w.worktree = PolecatDir(town, w.rig, w.agent);
  auto branch = Git(w.worktree, {"rev-parse", "--abbrev-ref", "HEAD"});
  if (!branch) return tl::unexpected(branch.error());
  std::string want = fmt::format("polecat/{}/", w.agent);
  if (!branch->starts_with(want))
    return Fail(ErrorKind::kConflict,
                fmt::format("{} is on branch {}, not a polecat/{}/<bead> branch", w.worktree,
                            *branch, w.agent),
                "check out the work's branch again");
  w.bead = branch->substr(want.size());
  return w;
}

namespace {

Result<Bead> HookedBead(Ledger& ledger, const WorkerContext& w) {
  auto bead = LoadBead(ledger.db(), w.bead);
  if (!bead) return tl::unexpected(bead.error());
  if (bead->status != "hooked" || bead->assignee != w.agent)
    return Fail(ErrorKind::kConflict,
                fmt::format("{} is not on {}'s hook (status {}, assignee {})", w.bead, w.agent,
                            bead->status, bead->assignee.empty() ? "none" : bead->assignee),
                "gt prime shows what you hold");
  return bead;
}

void MarkSession(Town& town, const std::string& agent, const std::string& state) {
  if (auto r = LoadSession(town, agent); r && *r) {
    (*r)->state = state;
    (void)SaveSession(town, **r);
  }
}

}  // namespace

Result<DoneOutcome> Done(Town& town, const WorkerContext& w, const std::string& notes) {
  auto rig = LoadRig(town, w.rig);
  if (!rig) return tl::unexpected(rig.error());
  auto ledger = OpenLedgerAs(town, town.RigBeadsDir(w.rig), w.agent);
  if (!ledger) return tl::unexpected(ledger.error());
  auto work = HookedBead(*ledger, w);
  if (!work) return tl::unexpected(work.error());
  auto dirty = Git(w.worktree, {"status", "--porcelain"});
  if (!dirty) return tl::unexpected(dirty.error());
  if (!dirty->empty()) {
    size_t n = std::count(dirty->begin(), dirty->end(), '\n') + 1;
    return Fail(ErrorKind::kConflict,
                fmt::format("{} has uncommitted changes ({} path(s), first: {})", w.worktree, n,
                            dirty->substr(3, dirty->find('\n') - 3)),
                "commit them (git add -A && git commit) and run gt done again, or gt done "
                "--blocked REASON");
  }
  DoneOutcome out;
  out.branch = fmt::format("polecat/{}/{}", w.agent, w.bead);
  auto count = Git(w.worktree, {"rev-list", "--count", rig->default_branch + "..HEAD"});
  if (!count) return tl::unexpected(count.error());
  out.commits = std::atoi(count->c_str());
  if (out.commits == 0)
    return Fail(ErrorKind::kConflict,
                fmt::format("branch {} has no commits beyond {}", out.branch, rig->default_branch),
                "commit the work first, or gt done --blocked REASON");
  auto head = Git(w.worktree, {"rev-parse", "HEAD"});
  if (!head) return tl::unexpected(head.error());
  out.commit = *head;
  if (auto push = Git(w.worktree, {"push", "-q", "origin", out.branch + ":" + out.branch}); !push)
    return Fail(ErrorKind::kIo, fmt::format("cannot push {}: {}", out.branch, push.error().message),
                "the commits are safe on the branch; fix the remote and run gt done again");

  // The merge request: one per (bead, commit), so a rerun reuses it.
  std::string description =
      fmt::format("branch: {}\ntarget: {}\ncommit: {}\nsource_issue: {}\nworker: {}\nrig: {}\n",
                  out.branch, rig->default_branch, out.commit, w.bead, w.agent, w.rig);
  ListFilter filter;
  filter.issue_type = "merge-request";
  filter.limit = 0;
  auto existing = ListBeads(ledger->db(), filter);
  if (!existing) return tl::unexpected(existing.error());
  for (const Bead& b : *existing)
    if (b.description == description) out.merge_request = b;
  if (out.merge_request.id.empty()) {
    CreateRequest mr;
    mr.title = fmt::format("Merge {}: {}", w.bead, work->title);
    mr.description = description;
    mr.issue_type = "merge-request";
    mr.priority = work->priority;
    mr.notes = notes;
    mr.labels = {"gt:merge-request"};
    auto created = CreateBead(*ledger, mr);
    if (!created) return tl::unexpected(created.error());
    out.merge_request = *created;
  }
  auto dep = AddDependency(*ledger, w.bead, out.merge_request.id, "blocks");
  if (!dep) return tl::unexpected(dep.error());
  if (auto l = AddLabel(*ledger, w.bead, kInReviewLabel); !l) return tl::unexpected(l.error());
  std::string comment =
      fmt::format("gt done: {} commit(s) on {} at {}, merge request {}", out.commits, out.branch,
                  out.commit.substr(0, 12), out.merge_request.id);
  if (!notes.empty()) comment += "\n" + notes;
  if (auto c = AddComment(*ledger, w.bead, comment, ""); !c) return tl::unexpected(c.error());
  UpdateRequest update;
  update.status = "in_progress";
  auto updated = UpdateBead(*ledger, w.bead, update);
  if (!updated) return tl::unexpected(updated.error());
  out.work = *updated;
  MarkSession(town, w.agent, "done");
  (void)AppendFeed(town, {"", "done", w.rig, w.bead, w.agent,
                          fmt::format("{} finished {}: merge request {} ({} commit(s))", w.agent,
                                      w.bead, out.merge_request.id, out.commits)});
  return out;
}

Result<Bead> HandBack(Town& town, const WorkerContext& w, const std::string& reason) {
  if (reason.empty())
    return Fail(ErrorKind::kInvalidArgument, "--blocked needs a reason",
                "e.g. gt done --blocked \"needs the API key\"");
  auto ledger = OpenLedgerAs(town, town.RigBeadsDir(w.rig), w.agent);
  if (!ledger) return tl::unexpected(ledger.error());
  auto work = HookedBead(*ledger, w);
  if (!work) return tl::unexpected(work.error());
  auto c = AddComment(*ledger, w.bead, fmt::format("Handed back by {}: {}", w.agent, reason), "");
  if (!c) return tl::unexpected(c.error());
  auto events = ledger->Write([&](Database&) -> Result<std::vector<EventDraft>> {
    return std::vector<EventDraft>{{"bead.release", w.bead, nlohmann::json::object()}};
  });
  if (!events) return tl::unexpected(events.error());
  MarkSession(town, w.agent, "blocked");
  (void)AppendFeed(town, {"", "blocked", w.rig, w.bead, w.agent,
                          fmt::format("{} handed back {}: {}", w.agent, w.bead,
                                      reason.substr(0, reason.find('\n')))});
  return LoadBead(ledger->db(), w.bead);
}

Result<HandoffOutcome> Handoff(Town& town, const std::string& agent, const std::string& summary) {
  auto a = FindAgent(town, agent);
  if (!a) return tl::unexpected(a.error());
  auto record = LoadSession(town, a->name);
  if (!record) return tl::unexpected(record.error());
  if (!*record || (*record)->state != "running")
    return Fail(ErrorKind::kConflict, fmt::format("{} holds no bead", a->name),
                "hand it work with gt sling BEAD --agent " + a->name);
  const SessionRecord previous = **record;
  auto ledger = OpenLedgerAs(town, town.RigBeadsDir(previous.rig), a->name);
  if (!ledger) return tl::unexpected(ledger.error());
  WorkerContext w{a->name, previous.rig, previous.worktree, previous.bead};
  auto bead = HookedBead(*ledger, w);
  if (!bead) return tl::unexpected(bead.error());
  std::string prompt = WorkPrompt(town, a->name, previous.rig, *bead);
  if (!summary.empty()) {
    prompt += "\nHandoff from your previous session:\n" + summary + "\n";
    auto c = AddComment(*ledger, bead->id, "Handoff: " + summary, "");
    if (!c) return tl::unexpected(c.error());
  }
  HandoffOutcome out;
  out.previous = previous.session;
  out.previous_alive = SessionAlive(previous);
  auto session = StartSession(town, *a, previous.rig, previous.bead, previous.worktree,
                              previous.branch, prompt);
  if (!session) return tl::unexpected(session.error());
  out.session = *session;
  return out;
}

Status StopSession(const runtime::Session& session) {
  auto rt = runtime::MakeRuntime(session.runtime);
  if (!rt) return tl::unexpected(rt.error());
  return (*rt)->Stop(session);
}

}  // namespace gt::town
