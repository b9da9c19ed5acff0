// gt daemon start|stop|status|restart|run, gt up, gt down and gt sched status.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/gt_context.h"
#include "cli/gt_stop.h"
#include "core/clock.h"
#include "daemon/control_socket.h"
#include "daemon/daemon.h"
#include "ledger/file_lock.h"
#include "runtime/script_runtime.h"
#include "town/feed.h"
#include "town/polecat.h"
#include "town/session.h"
#include "town/work.h"

namespace gt::cli {
namespace {

namespace fs = std::filesystem;

/// The running daemon's status, or nullopt.
std::optional<nlohmann::json> AskStatus(const town::Town& town) {
  auto reply = daemon::AskDaemon(daemon::ControlSocketName(town.root), "status");
  if (!reply) return std::nullopt;
  auto j = nlohmann::json::parse(*reply, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

std::string LogTail(const std::string& path, int lines) {
  std::ifstream in(path);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  std::string out;
  for (size_t i = all.size() > size_t(lines) ? all.size() - lines : 0; i < all.size(); ++i)
    out += (out.empty() ? "" : " | ") + all[i];
  return out;
}

/// Starts `gt daemon run` detached and waits until it answers.
Result<nlohmann::json> StartDaemon(const town::Town& town, bool* already) {
  *already = false;
  if (auto status = AskStatus(town)) {
    *already = true;
    return *status;
  }
  std::error_code ec;
  fs::create_directories(town.LogDir(), ec);
  runtime::StartRequest start;
  start.argv = {fs::read_symlink("/proc/self/exe", ec).string(), "daemon", "run"};
  start.cwd = town.root;
  start.env = {"GT_TOWN=" + town.root};
  start.unset = {"GT_AGENT", "GT_RIG", "GT_BEAD", "BD_ACTOR"};
  start.log_path = daemon::DaemonLogPath(town);
  start.exit_path = town.RunDir() + "/daemon.exit";
  start.nudge_path = town.RunDir() + "/daemon.nudge";
  runtime::ScriptRuntime rt;
  auto session = rt.Start(start);
  if (!session) return tl::unexpected(session.error());
  for (int i = 0; i < 300; ++i) {
    if (auto status = AskStatus(town)) return *status;
    if (!rt.IsAlive(*session))
      return Fail(ErrorKind::kIo,
                  "the daemon exited at start: " + LogTail(daemon::DaemonLogPath(town), 3),
                  "see " + daemon::DaemonLogPath(town));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Fail(ErrorKind::kIo, "the daemon did not answer within 30 s",
              "see " + daemon::DaemonLogPath(town));
}

/// Stops the running daemon (TERM, then KILL); false when none ran.
Result<bool> StopDaemon(const town::Town& town) {
  std::string lock = daemon::DaemonLockPath(town);
  int pid = 0;
  if (auto status = AskStatus(town)) pid = status->value("pid", 0);
  if (pid == 0 && FileLock::IsHeld(lock)) {
    std::ifstream in(daemon::DaemonPidPath(town));
    in >> pid;
  }
  if (pid <= 0) return false;
  kill(pid, SIGTERM);
  for (int i = 0; i < 150 && FileLock::IsHeld(lock); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  if (FileLock::IsHeld(lock)) {
    kill(pid, SIGKILL);
    for (int i = 0; i < 50 && FileLock::IsHeld(lock); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (FileLock::IsHeld(lock))
    return Fail(ErrorKind::kIo, fmt::format("the daemon (pid {}) did not stop", pid),
                "kill it by hand: kill -9 " + std::to_string(pid));
  return true;
}

/// gt daemon start, and gt up (which says it about the town).
void Start(GtContext& ctx, bool up) {
  auto town = ctx.OpenTown();
  if (!town) return ctx.Fail(town.error());
  bool already = false;
  auto status = StartDaemon(*town, &already);
  if (!status) return ctx.Fail(status.error());
  if (ctx.json) return ctx.PrintJson({{"started", !already}, {"status", *status}});
  int pid = status->value("pid", 0);
  if (up)
    std::cout << fmt::format("{} town {} is up: daemon pid {}, {} rig(s), {} worker(s)\n",
                             already ? "•" : "✓", town->config.name, pid, town->config.rigs.size(),
                             town->config.agents.size());
  else
    std::cout << fmt::format("{} daemon {} (pid {})\n", already ? "•" : "✓",
                             already ? "already running" : "started", pid);
}

void PrintStatus(GtContext& ctx, const town::Town& town, const std::optional<nlohmann::json>& s) {
  if (ctx.json) return ctx.PrintJson(s ? *s : nlohmann::json{{"running", false}});
  if (!s) {
    std::cout << "daemon: not running (start it: gt daemon start, or gt up)\n";
    return;
  }
  std::cout << fmt::format("daemon: running, pid {}, since {}, {} tick(s), last {}\n",
                           s->value("pid", 0), s->value("started", ""), s->value("ticks", 0),
                           s->value("last_tick", ""));
  std::cout << fmt::format("log: {}\n", TownRelative(town, daemon::DaemonLogPath(town)));
  for (const auto& l : s->value("leases", nlohmann::json::array()))
    std::cout << fmt::format("  worker {} on {}: silent {}s{}\n", l.value("agent", ""),
                             l.value("bead", ""), l.value("silent_s", 0),
                             l.value("nudged", false) ? " (nudged)" : "");
  for (const auto& sv : s->value("services", nlohmann::json::array()))
    std::cout << fmt::format("  service {}: {} (restarts {})\n", sv.value("name", ""),
                             sv.value("running", false)
                                 ? fmt::format("running, pid {}", sv.value("pid", 0))
                                 : std::string("down"),
                             sv.value("restarts", 0));
  for (const auto& r : s->value("refineries", nlohmann::json::array()))
    std::cout << fmt::format("  refinery of {}: running\n", r.get<std::string>());
}

void AddDaemon(CLI::App& app, GtContext& ctx) {
  auto* d = app.add_subcommand(
      "daemon", "The town's daemon: dispatches ready work, watches workers, runs refineries");
  d->require_subcommand(1);
  d->footer(
      "Examples:\n  gt daemon start\n  gt daemon status --json\n  gt daemon stop\n\n"
      "One daemon per town (run/daemon.lock). It logs to logs/daemon.log and\n"
      "writes what it does to the feed (gt feed). See docs/daemon.md.");

  auto* start = d->add_subcommand("start", "Start the daemon in the background");
  start->callback([&ctx] { Start(ctx, false); });

  auto* stop = d->add_subcommand("stop", "Stop the daemon (workers and services keep running)");
  stop->callback([&ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    auto stopped = StopDaemon(*town);
    if (!stopped) return ctx.Fail(stopped.error());
    if (ctx.json) return ctx.PrintJson({{"stopped", *stopped}});
    std::cout << (*stopped ? "✓ daemon stopped\n" : "• the daemon was not running\n");
  });

  auto* restart = d->add_subcommand("restart", "Stop the daemon, then start it");
  restart->callback([&ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    if (auto stopped = StopDaemon(*town); !stopped) return ctx.Fail(stopped.error());
    bool already = false;
    auto status = StartDaemon(*town, &already);
    if (!status) return ctx.Fail(status.error());
    if (ctx.json) return ctx.PrintJson({{"started", true}, {"status", *status}});
    std::cout << fmt::format("✓ daemon restarted (pid {})\n", status->value("pid", 0));
  });

  auto* status = d->add_subcommand("status", "Whether the daemon runs, and what it watches");
  status->callback([&ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    PrintStatus(ctx, *town, AskStatus(*town));
  });

  auto once = std::make_shared<bool>(false);
  auto* run = d->add_subcommand("run", "Run the daemon in the foreground (what start runs)");
  run->add_flag("--once", *once, "One tick, then exit (prints what it did)");
  run->footer("Examples:\n  gt daemon run           # until Ctrl-C\n  gt daemon run --once");
  run->callback([once, &ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    daemon::Daemon daemon(*town);
    if (*once) {
      auto lock = FileLock::TryAcquire(daemon::DaemonLockPath(*town));
      if (!lock)
        return ctx.Fail(
            {ErrorKind::kConflict, "the daemon is running", "it ticks by itself; see gt feed"});
      auto events = daemon.Tick(DefaultClock().NowNanos(), daemon::MonoNow());
      nlohmann::json out = nlohmann::json::array(), plan = nlohmann::json::array();
      for (const auto& e : events) {
        out.push_back(town::FeedEventJson(e));
        ctx.Say(fmt::format("{} {}\n", e.kind, e.text));
      }
      // What waits, and why: the part of the plan that did nothing.
      for (const auto& d : daemon.state().last_plan) {
        plan.push_back(daemon::DecisionJson(d));
        if (!d.dispatch) ctx.Say(fmt::format("wait {}: {}\n", d.bead, d.reason));
      }
      if (ctx.json) ctx.PrintJson({{"events", out}, {"plan", plan}});
      if (!ctx.json && events.empty() && plan.empty()) std::cout << "nothing to do\n";
      return;
    }
    CatchStopSignals();
    std::signal(SIGPIPE, SIG_IGN);
    if (auto st = daemon.Run(g_stop); !st) return ctx.Fail(st.error());
  });
}

void AddUpDown(CLI::App& app, GtContext& ctx) {
  auto* up = app.add_subcommand("up", "Start the town: the daemon, its services and refineries");
  up->footer(
      "Example:\n  gt up\n\nThe daemon starts services and a refinery round for every "
      "rig with merge\nrequests waiting; gt down stops them.");
  up->callback([&ctx] { Start(ctx, true); });

  auto workers = std::make_shared<bool>(false);
  auto* down = app.add_subcommand("down", "Stop the town's daemon and services");
  down->add_flag("--workers", *workers,
                 "Also stop the workers' sessions (their beads stay on their hooks)");
  down->footer("Examples:\n  gt down\n  gt down --workers");
  down->callback([workers, &ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    auto stopped = StopDaemon(*town);
    if (!stopped) return ctx.Fail(stopped.error());
    daemon::ServiceSupervisor services;
    if (auto st = services.StopAll(*town); !st) return ctx.Fail(st.error());
    nlohmann::json sessions = nlohmann::json::array();
    if (*workers) {
      auto records = town::ListSessions(*town);
      if (!records) return ctx.Fail(records.error());
      for (const auto& r : *records)
        if (town::SessionAlive(r))
          if (auto s = town::StopPolecat(*town, r.agent); s && *s) sessions.push_back(r.agent);
    }
    if (ctx.json)
      return ctx.PrintJson({{"daemon_stopped", *stopped}, {"workers_stopped", sessions}});
    std::cout << fmt::format("✓ town {} is down{}\n", town->config.name,
                             sessions.empty()
                                 ? std::string()
                                 : fmt::format(" ({} worker session(s) stopped)", sessions.size()));
  });
}

void AddSched(CLI::App& app, GtContext& ctx) {
  auto* sched = app.add_subcommand("sched", "The daemon's scheduler");
  sched->require_subcommand(1);
  sched->footer("Example:\n  gt sched status\n\nSee docs/daemon.md (Scheduling).");
  auto* status = sched->add_subcommand(
      "status", "What is queued for dispatch, the capacity left, and what happens next");
  status->footer(
      "Examples:\n  gt sched status\n  gt sched status --json\n\n"
      "The plan is computed now from the ledgers, as the daemon's next tick would.");
  status->callback([&ctx] {
    auto town = ctx.OpenTown();
    if (!town) return ctx.Fail(town.error());
    auto view = daemon::LoadTownView(*town, DefaultClock().NowNanos());
    if (!view) return ctx.Fail(view.error());
    auto plan = daemon::Plan(*view);
    auto running = AskStatus(*town);
    nlohmann::json rigs = nlohmann::json::array(), resources = nlohmann::json::array(),
                   decisions = nlohmann::json::array();
    std::map<std::string, int> queued;
    for (const auto& d : plan) ++queued[d.rig];
    for (const auto& [name, rig] : view->rigs)
      rigs.push_back({{"name", name},
                      {"dispatch", rig.policy.dispatch},
                      {"running", rig.running},
                      {"max_workers", rig.policy.max_workers},
                      {"queued", queued[name]}});
    for (const auto& [name, cap] : view->config.resources)
      resources.push_back(
          {{"name", name}, {"used", view->resources_used[name]}, {"capacity", cap}});
    for (const auto& d : plan) decisions.push_back(daemon::DecisionJson(d));
    // What the daemon decided lately: the feed's tail (its last 64 KiB).
    std::error_code ec;
    auto size = fs::file_size(town::FeedPath(*town), ec);
    uint64_t offset = ec || size < 65536 ? 0 : size - 65536;
    nlohmann::json recent = nlohmann::json::array();
    if (auto tail = town::ReadFeed(*town, offset))
      for (const auto& e : *tail)
        if (e.kind == "dispatch" || e.kind == "dispatch-failed")
          recent.push_back(town::FeedEventJson(e));
    while (recent.size() > 10) recent.erase(recent.begin());
    if (ctx.json)
      return ctx.PrintJson({{"daemon", running.has_value()},
                            {"recent", recent},
                            {"running", view->running},
                            {"max_workers", view->config.max_workers},
                            {"rigs", rigs},
                            {"resources", resources},
                            {"queue", decisions}});
    std::cout << fmt::format("Daemon: {}\nTown: {}/{} workers busy\n",
                             running ? "running" : "not running (gt up)", view->running,
                             view->config.max_workers);
    for (const auto& r : rigs)
      std::cout << fmt::format("  rig {}: dispatch {}, {}/{} workers, {} queued\n",
                               r["name"].get<std::string>(), r["dispatch"].get<std::string>(),
                               r["running"].get<int>(), r["max_workers"].get<int>(),
                               r["queued"].get<int>());
    for (const auto& r : resources)
      std::cout << fmt::format("  resource {}: {}/{} in use\n", r["name"].get<std::string>(),
                               r["used"].get<int>(), r["capacity"].get<int>());
    if (!recent.empty()) std::cout << "Recent decisions:\n";
    for (const auto& e : recent)
      std::cout << fmt::format("  {} {}\n", e["at"].get<std::string>().substr(11, 8),
                               e["text"].get<std::string>());
    std::cout << (plan.empty() ? "Queue: empty\n" : "Queue (the next tick would):\n");
    for (const auto& d : plan)
      std::cout << (d.dispatch ? fmt::format("  {} P{} → {}{}{}\n", d.bead, d.priority, d.agent,
                                             d.resume ? " (resume)" : "",
                                             d.create_agent ? " (new worker)" : "")
                               : fmt::format("  {} P{} waits: {}\n", d.bead, d.priority, d.reason));
  });
}

}  // namespace

void AddDaemonCommands(CLI::App& app, GtContext& ctx) {
  AddDaemon(app, ctx);
  AddUpDown(app, ctx);
  AddSched(app, ctx);
}

}  // namespace gt::cli
