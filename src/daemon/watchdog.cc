#include "daemon/watchdog.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "ledger/ops.h"
#include "ledger/queries.h"
#include "town/agent.h"
#include "town/mail.h"
#include "town/session.h"
#include "town/work.h"

namespace gt::daemon {
namespace {

/// How long a session may run while its bead says someone else holds it
/// (a worker's own gt done --blocked is between two writes) before it is stopped.
constexpr int64_t kMismatchGraceNs = 5 * kSecond;

int64_t FileSize(const std::string& path) {
  struct stat st;
  return !path.empty() && stat(path.c_str(), &st) == 0 ? int64_t(st.st_size) : -1;
}

int64_t MtimeNs(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return 0;
  return int64_t(st.st_mtim.tv_sec) * kSecond + st.st_mtim.tv_nsec;
}

/// The newest change git recorded in the worktree: commits (logs/HEAD) and
/// staged changes (index) of its own git directory.
int64_t GitActivityNs(const std::string& worktree) {
  std::ifstream in(worktree + "/.git");
  std::string line;
  if (!std::getline(in, line) || !line.starts_with("gitdir: ")) return 0;
  std::string gitdir = line.substr(8);
  return std::max(MtimeNs(gitdir + "/logs/HEAD"), MtimeNs(gitdir + "/index"));
}

/// Ledgers of the town opened once per look, as the town.
class Ledgers {
 public:
  explicit Ledgers(town::Town& town) : town_(town) {}
  Result<Ledger*> For(const std::string& rig) {
    auto it = open_.find(rig);
    if (it == open_.end()) {
      auto ledger = town::OpenLedgerAs(town_, town_.RigBeadsDir(rig), town::kAdminActor);
      if (!ledger) return tl::unexpected(ledger.error());
      it = open_.emplace(rig, std::make_unique<Ledger>(std::move(*ledger))).first;
    }
    return it->second.get();
  }

 private:
  town::Town& town_;
  std::map<std::string, std::unique_ptr<Ledger>> open_;
};

class Watcher {
 public:
  Watcher(town::Town& town, const DaemonConfig& config, WatchState& state, int64_t now,
          std::vector<town::FeedEvent>& events)
      : town_(town), config_(config), state_(state), now_(now), events_(events), ledgers_(town) {}

  void Look(town::SessionRecord record, Ledger& ledger, const DispatchPolicy& policy) {
    const std::string& agent = record.agent;
    Lease& lease = state_.leases[agent];
    if (lease.bead != record.bead) lease = Lease{record.bead, now_};
    auto bead = LoadBead(ledger.db(), record.bead);
    bool alive = town::SessionAlive(record);
    bool held = bead && bead->assignee == agent &&
                (bead->status == "hooked" || bead->status == "in_progress");
    if (held && std::find(bead->labels.begin(), bead->labels.end(), town::kInReviewLabel) !=
                    bead->labels.end())
      return;  // gt done has run: the work waits for the refinery, not for this session
    if (!held) {
      // Closed, handed back or taken over: this session has nothing to do.
      if (lease.mismatch_ns == 0) lease.mismatch_ns = now_;
      if (alive && now_ - lease.mismatch_ns < kMismatchGraceNs) return;
      if (alive) (void)town::StopSession(record.session);
      record.state = "stopped";
      (void)town::SaveSession(town_, record);
      Emit("stop", record,
           fmt::format("stopped {}'s session: {} is no longer on its hook ({})", agent, record.bead,
                       bead ? bead->status : std::string("missing")));
      state_.leases.erase(agent);
      return;
    }
    lease.mismatch_ns = 0;

    // Signs of life renew the lease.
    int64_t log_size = FileSize(record.session.log_path);
    int64_t git = GitActivityNs(record.worktree);
    if (log_size != lease.log_size || git != lease.git_mtime_ns ||
        bead->updated_at != lease.bead_updated) {
      bool first = lease.log_size == -1 && lease.bead_updated.empty();
      lease.log_size = log_size;
      lease.git_mtime_ns = git;
      lease.bead_updated = bead->updated_at;
      if (!first) {
        lease.last_sign_ns = now_;
        lease.nudged_ns = 0;
      }
    }

    if (!alive) {
      if (!StillRunning(record)) return;  // it finished (gt done) as we looked
      int code = -1;
      if (auto rt = runtime::MakeRuntime(record.session.runtime); rt)
        code = (*rt)->ExitCode(record.session);
      Recover(record, ledger, *bead, policy,
              code >= 0 ? fmt::format("its session exited with code {} without gt done", code)
                        : std::string("its session died without gt done"));
      return;
    }
    int64_t silent = now_ - lease.last_sign_ns;
    if (silent < policy.stall_after_ns) return;
    if (lease.nudged_ns == 0) {
      lease.nudged_ns = now_;
      std::string text = fmt::format(
          "gt daemon: no sign of life from you for {}s on {}. Commit your progress; if you are "
          "stuck, run gt done --blocked REASON.",
          silent / kSecond, record.bead);
      // town::Nudge puts a delivered nudge on the feed itself.
      if (auto sent = town::Nudge(town_, agent, text); !sent)
        Emit("nudge-failed", record,
             fmt::format("could not nudge {}: {}", agent, sent.error().message));
      return;
    }
    if (now_ - lease.nudged_ns < policy.stall_after_ns) return;
    if (!StillRunning(record)) return;
    Recover(record, ledger, *bead, policy,
            fmt::format("no sign of life for {}s, nudged {}s ago", silent / kSecond,
                        (now_ - lease.nudged_ns) / kSecond));
  }

  Ledgers& ledgers() { return ledgers_; }

 private:
  /// Reads the session record again just before acting on it: the worker
  /// may have run gt done (or been re-slung) since the look began.
  bool StillRunning(const town::SessionRecord& record) {
    auto fresh = town::LoadSession(town_, record.agent);
    return fresh && *fresh && (*fresh)->state == "running" && (*fresh)->bead == record.bead &&
           (*fresh)->session.pid == record.session.pid;
  }

  /// Restarts the worker on its worktree and hook, or escalates when it
  /// has used its restarts.
  void Recover(town::SessionRecord& record, Ledger& ledger, const Bead& bead,
               const DispatchPolicy& policy, const std::string& reason) {
    int& restarts = state_.restarts[bead.id];
    if (town::SessionAlive(record)) (void)town::StopSession(record.session);
    if (restarts >= policy.max_restarts) {
      Escalate(record, ledger, bead, reason, restarts);
      return;
    }
    auto agent = town::FindAgent(town_, record.agent);
    if (!agent) {
      Escalate(record, ledger, bead, reason + "; its worker is gone", restarts);
      return;
    }
    std::string prompt = town::WorkPrompt(town_, record.agent, record.rig, bead) +
                         fmt::format(
                             "\nThe daemon restarted your session: {}. What you did before is "
                             "in this worktree (see git log and git status); continue from "
                             "there.\n",
                             reason);
    auto started = town::StartSession(town_, *agent, record.rig, bead.id, record.worktree,
                                      record.branch, prompt);
    if (!started) {
      Escalate(record, ledger, bead, reason + "; restarting failed: " + started.error().message,
               restarts);
      return;
    }
    ++restarts;
    std::string text = fmt::format("Restarted {}'s session ({} of {}): {}", record.agent, restarts,
                                   policy.max_restarts, reason);
    (void)AddComment(ledger, bead.id, text, "");
    state_.leases[record.agent] = Lease{bead.id, now_};
    Emit("restart", record, text);
  }

  void Escalate(town::SessionRecord& record, Ledger& ledger, const Bead& bead,
                const std::string& reason, int restarts) {
    record.state = "escalated";
    (void)town::SaveSession(town_, record);
    std::string text =
        fmt::format("Escalated after {} restart(s) of {}: {}", restarts, record.agent, reason);
    (void)AddComment(ledger, bead.id, text, "");
    (void)AddLabel(ledger, bead.id, kEscalatedLabel);
    (void)ledger.Write([&](Database&) -> Result<std::vector<EventDraft>> {
      return std::vector<EventDraft>{{"bead.release", bead.id, nlohmann::json::object()}};
    });
    std::string body = fmt::format(
        "{} ({}) needs a person.\n{}\n\nIts work so far: branch {} in {} (kept).\nLog: {}\n"
        "To resume it on the same worktree: gt sling {} --agent {}\n"
        "To let the daemon dispatch it again: bd label remove {} {}\n",
        bead.id, bead.title, text, record.branch, record.worktree, record.session.log_path, bead.id,
        record.agent, bead.id, kEscalatedLabel);
    auto mail = town::SendMail(town_, town::kAdminActor, config_.overseer,
                               fmt::format("Escalated: {} {}", bead.id, bead.title), body);
    Emit("escalate", record,
         mail ? text
              : text + fmt::format(" (mail to {} failed: {})", config_.overseer,
                                   mail.error().message));
    state_.restarts.erase(bead.id);
    state_.leases.erase(record.agent);
  }

  void Emit(const std::string& kind, const town::SessionRecord& r, const std::string& text) {
    events_.push_back({"", kind, r.rig, r.bead, r.agent, text});
  }

  town::Town& town_;
  const DaemonConfig& config_;
  WatchState& state_;
  int64_t now_;
  std::vector<town::FeedEvent>& events_;
  Ledgers ledgers_;
};

}  // namespace

Status Watch(town::Town& town, const DaemonConfig& config, WatchState& state, int64_t now_ns,
             std::vector<town::FeedEvent>& events) {
  auto sessions = town::ListSessions(town);
  if (!sessions) return tl::unexpected(sessions.error());
  Watcher watcher(town, config, state, now_ns, events);
  std::map<std::string, DispatchPolicy> policies;
  std::set<std::string> watched;
  for (const town::SessionRecord& record : *sessions) {
    if (record.state != "running" || !town.config.rigs.count(record.rig)) continue;
    watched.insert(record.agent);
    auto policy = policies.find(record.rig);
    if (policy == policies.end()) {
      auto loaded = LoadDispatchPolicy(town.RigDir(record.rig) + "/rig.toml");
      if (!loaded) return tl::unexpected(loaded.error());
      policy = policies.emplace(record.rig, *loaded).first;
    }
    auto ledger = watcher.ledgers().For(record.rig);
    if (!ledger) return tl::unexpected(ledger.error());
    watcher.Look(record, **ledger, policy->second);
  }
  // Leases of workers no longer holding anything lapse.
  for (auto it = state.leases.begin(); it != state.leases.end();)
    it = watched.count(it->first) ? std::next(it) : state.leases.erase(it);
  return {};
}

}  // namespace gt::daemon
