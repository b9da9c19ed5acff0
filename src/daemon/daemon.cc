#include "daemon/daemon.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/clock.h"
#include "daemon/control_socket.h"
#include "ledger/file_lock.h"
#include "ledger/workspace.h"
#include "refinery/refinery.h"
#include "runtime/script_runtime.h"
#include "town/feed.h"

namespace gt::daemon {
namespace fs = std::filesystem;

namespace {

std::string SelfExe() {
  std::error_code ec;
  return fs::read_symlink("/proc/self/exe", ec).string();
}

}  // namespace

int64_t MonoNow() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string DaemonStatePath(const town::Town& town) {
  return town.RunDir() + "/daemon-state.json";
}
std::string DaemonLockPath(const town::Town& town) {
  return town.RunDir() + "/daemon.lock";
}
std::string DaemonPidPath(const town::Town& town) {
  return town.RunDir() + "/daemon.pid";
}
std::string DaemonLogPath(const town::Town& town) {
  return town.LogDir() + "/daemon.log";
}

nlohmann::json DecisionJson(const Decision& d) {
  nlohmann::json j = {{"rig", d.rig},
                      {"bead", d.bead},
                      {"priority", d.priority},
                      {"action", d.dispatch ? (d.resume ? "resume" : "dispatch") : "wait"}};
  if (!d.agent.empty()) j["agent"] = d.agent;
  if (d.create_agent) j["new_worker"] = true;
  if (!d.reason.empty()) j["reason"] = d.reason;
  return j;
}

Result<DaemonState> LoadDaemonState(const town::Town& town) {
  DaemonState state;
  std::ifstream in(DaemonStatePath(town));
  if (!in) return state;
  std::stringstream text;
  text << in.rdbuf();
  auto j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return state;  // rebuilt from the ledgers as it goes
  // Bound to names: iterating items() of a temporary would dangle.
  const nlohmann::json restarts = j.value("restarts", nlohmann::json::object());
  const nlohmann::json schedules = j.value("schedules", nlohmann::json::object());
  const nlohmann::json plan = j.value("plan", nlohmann::json::array());
  for (const auto& [bead, n] : restarts.items())
    if (n.is_number_integer()) state.watch.restarts[bead] = n.get<int>();
  for (const auto& [name, due] : schedules.items())
    if (due.is_string())
      if (auto t = ParseTimestamp(due.get<std::string>()); t) state.timers.last_due[name] = *t;
  state.last_tick = j.value("last_tick", "");
  for (const auto& d : plan) {
    Decision decision;
    decision.rig = d.value("rig", "");
    decision.bead = d.value("bead", "");
    decision.priority = d.value("priority", 2);
    decision.agent = d.value("agent", "");
    std::string action = d.value("action", "wait");
    decision.dispatch = action != "wait";
    decision.resume = action == "resume";
    decision.create_agent = d.value("new_worker", false);
    decision.reason = d.value("reason", "");
    state.last_plan.push_back(decision);
  }
  return state;
}

Status SaveDaemonState(const town::Town& town, const DaemonState& state) {
  nlohmann::json schedules = nlohmann::json::object();
  for (const auto& [name, due] : state.timers.last_due)
    schedules[name] = due > 0 ? FormatTimestamp(due) : "";
  nlohmann::json plan = nlohmann::json::array();
  for (const Decision& d : state.last_plan) plan.push_back(DecisionJson(d));
  nlohmann::json j = {{"version", 1},
                      {"ticks", state.ticks},
                      {"last_tick", state.last_tick},
                      {"restarts", state.watch.restarts},
                      {"schedules", schedules},
                      {"plan", plan}};
  return WriteFileAtomically(DaemonStatePath(town), j.dump(2) + "\n");
}

Daemon::Daemon(town::Town town) : town_(std::move(town)) {
  if (auto state = LoadDaemonState(town_); state) state_ = *state;
  started_ = FormatTimestamp(DefaultClock().NowNanos());
}

void Daemon::Report(const std::string& step, const Error& error,
                    std::vector<town::FeedEvent>& events) {
  std::string text = fmt::format("{}: {}", step, error.message);
  if (last_errors_[step] == text) return;  // said once is enough
  last_errors_[step] = text;
  events.push_back({"", "error", "", "", "", text});
}

std::vector<town::FeedEvent> Daemon::Tick(int64_t wall_ns, int64_t mono_ns) {
  std::vector<town::FeedEvent> events;
  last_mono_ = mono_ns;
  // Rigs and workers may have been added since the last tick.
  if (auto fresh = town::LoadTown(town_.root); fresh)
    town_ = std::move(*fresh);
  else
    Report("town", fresh.error(), events);
  if (auto config = LoadDaemonConfig(town_); config) {
    config_ = *config;
    last_errors_.erase("config");
  } else {
    Report("config", config.error(), events);
  }

  auto step = [&](const std::string& name, const gt::Status& st) {
    if (st)
      last_errors_.erase(name);
    else
      Report(name, st.error(), events);
  };
  step("timers", RunTimers(town_, config_, state_.timers, wall_ns, events));
  step("watchdog", Watch(town_, config_, state_.watch, mono_ns, events));
  if (auto view = LoadTownView(town_, wall_ns); view) {
    last_errors_.erase("scheduler");
    state_.last_plan = Plan(*view);
    auto failed = Dispatch(town_, *view, state_.last_plan);
    events.insert(events.end(), failed.begin(), failed.end());
  } else {
    Report("scheduler", view.error(), events);
  }
  StartRefineries(events);
  services_.Tick(town_, mono_ns, events);

  for (const auto& e : events) (void)town::AppendFeed(town_, e);  // stamped as appended
  ++state_.ticks;
  state_.last_tick = FormatTimestamp(wall_ns);
  step("state", SaveDaemonState(town_, state_));
  return events;
}

void Daemon::StartRefineries(std::vector<town::FeedEvent>& events) {
  runtime::ScriptRuntime rt;
  for (const auto& [rig, prefix] : town_.config.rigs) {
    RefineryRuns& runs = refineries_[rig];
    if (runs.running) {
      if (rt.IsAlive(runs.session)) continue;
      runs.running = false;
      int code = runtime::RecordedExitCode(runs.session);
      if (code == 0) {
        runs.failures = 0;
      } else {
        // A round that fails (say, its push is refused) is retried with a
        // back-off, not every tick: 5 s, 10 s, ... up to 5 minutes.
        ++runs.failures;
        int64_t delay = std::min<int64_t>(5LL << std::min(runs.failures - 1, 6), 300);
        runs.next_ns = last_mono_ + delay * 1000000000LL;
        std::ifstream log(runs.session.log_path);
        std::string line, last;
        while (std::getline(log, line))
          if (!line.empty()) last = line;
        events.push_back({"", "refinery-failed", rig, "", "",
                          fmt::format("refinery round for {} failed (exit {}): {}; next try in "
                                      "{}s",
                                      rig, code, last, delay)});
      }
    }
    if (last_mono_ < runs.next_ns) continue;
    if (FileLock::IsHeld(town_.RunDir() + "/refinery-" + rig + ".lock")) continue;
    auto ledger = town::OpenLedgerAs(town_, town_.RigBeadsDir(rig), town::kAdminActor);
    if (!ledger) {
      Report("refinery " + rig, ledger.error(), events);
      continue;
    }
    auto queue = refinery::LoadQueue(ledger->db());
    if (!queue || queue->empty()) continue;
    runtime::StartRequest start;
    start.argv = {SelfExe(), "refinery", "run", rig, "--once"};
    start.cwd = town_.root;
    start.env = {"GT_TOWN=" + town_.root};
    start.unset = {"GT_AGENT", "GT_RIG", "BD_ACTOR"};
    start.log_path = fmt::format("{}/refinery-{}.log", town_.LogDir(), rig);
    start.exit_path = fmt::format("{}/refinery-{}.exit", town_.RunDir(), rig);
    start.nudge_path = fmt::format("{}/refinery-{}.nudge", town_.RunDir(), rig);
    auto session = rt.Start(start);
    if (!session) {
      Report("refinery " + rig, session.error(), events);
      continue;
    }
    runs.session = *session;
    runs.running = true;
    events.push_back(
        {"", "refinery", rig, "", "",
         fmt::format("refinery round for {} ({} request(s) waiting)", rig, queue->size())});
  }
}

nlohmann::json Daemon::StatusJson() const {
  nlohmann::json leases = nlohmann::json::array();
  for (const auto& [agent, lease] : state_.watch.leases)
    leases.push_back({{"agent", agent},
                      {"bead", lease.bead},
                      {"silent_s", (last_mono_ - lease.last_sign_ns) / 1000000000},
                      {"nudged", lease.nudged_ns != 0}});
  nlohmann::json services = nlohmann::json::array();
  for (const ServiceState& s : services_.States())
    services.push_back({{"name", s.name},
                        {"id", s.id},
                        {"running", s.running},
                        {"pid", s.pid},
                        {"restarts", s.restarts}});
  nlohmann::json refineries = nlohmann::json::array();
  for (const auto& [rig, runs] : refineries_)
    if (runs.running) refineries.push_back(rig);
  nlohmann::json plan = nlohmann::json::array();
  for (const Decision& d : state_.last_plan) plan.push_back(DecisionJson(d));
  return {{"running", true},
          {"pid", int(getpid())},
          {"town", town_.root},
          {"started", started_},
          {"ticks", state_.ticks},
          {"last_tick", state_.last_tick},
          {"tick_ms", config_.tick_ns / 1000000},
          {"leases", leases},
          {"restarts", state_.watch.restarts},
          {"services", services},
          {"refineries", refineries},
          {"plan", plan}};
}

Status Daemon::Run(const volatile std::sig_atomic_t& stop) {
  std::error_code ec;
  fs::create_directories(town_.RunDir(), ec);
  fs::create_directories(town_.LogDir(), ec);
  auto lock = FileLock::TryAcquire(DaemonLockPath(town_));
  if (!lock) {
    std::ifstream pid(DaemonPidPath(town_));
    std::string text;
    std::getline(pid, text);
    return Fail(ErrorKind::kConflict,
                fmt::format("a daemon already runs for this town (pid {})", text),
                "see gt daemon status, or stop it with gt daemon stop");
  }
  auto socket = ControlSocket::Listen(ControlSocketName(town_.root));
  if (!socket) return tl::unexpected(socket.error());
  if (auto st = WriteFileAtomically(DaemonPidPath(town_), fmt::format("{}\n", getpid())); !st)
    return st;
  (void)town::AppendFeed(
      town_, {"", "daemon-start", "", "", "", fmt::format("daemon started (pid {})", getpid())});
  while (!stop) {
    if (!fs::exists(town_.root + "/town.toml", ec)) break;  // the town was removed
    int64_t began = MonoNow();
    Tick(DefaultClock().NowNanos(), began);
    // Answer the socket until the next tick is due.
    for (;;) {
      int64_t left_ms = (began + config_.tick_ns - MonoNow()) / 1000000;
      if (stop || left_ms <= 0) break;
      socket->Serve(int(std::min<int64_t>(left_ms, 200)), [&](const std::string& request) {
        if (request == "status") return StatusJson().dump();
        return nlohmann::json{{"error", "unknown request \"" + request + "\""}}.dump();
      });
    }
  }
  (void)town::AppendFeed(town_, {"", "daemon-stop", "", "", "", "daemon stopped"});
  fs::remove(DaemonPidPath(town_), ec);
  return {};
}

}  // namespace gt::daemon
