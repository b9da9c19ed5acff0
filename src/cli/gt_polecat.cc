// gt polecat list|status|stop|nuke, gt status.
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <unistd.h>

#include "cli/gt_context.h"
#include "daemon/control_socket.h"
#include "runtime/tmux_runtime.h"
#include "town/polecat.h"
#include "town/session.h"

namespace gt::cli {

namespace {

nlohmann::json PolecatJson(const town::PolecatInfo& p) {
  return {{"agent", p.agent},
          {"rig", p.rig},
          {"worktree", p.worktree},
          {"branch", p.branch},
          {"bead", p.bead},
          {"state", p.state},
          {"holds", p.holds},
          {"uncommitted", p.uncommitted},
          {"unpushed", p.unpushed},
          {"idle", p.idle},
          {"last_event", p.last_event},
          {"exit_code", p.exit_code < 0 ? nlohmann::json() : nlohmann::json(p.exit_code)},
          {"log", p.log_path}};
}

std::string PolecatLine(const town::PolecatInfo& p) {
  std::string extra;
  if (p.uncommitted) extra += fmt::format(", {} uncommitted", p.uncommitted);
  if (p.unpushed) extra += fmt::format(", {} unpushed", p.unpushed);
  if (p.exit_code >= 0 && p.state != "working") extra += fmt::format(", exit {}", p.exit_code);
  return fmt::format("{:<12} {:<8} {:<8} {}{}\n", p.agent, p.rig, p.state, p.branch, extra);
}

void PrintStatus(const nlohmann::json& s) {
  std::cout << fmt::format("Town {} ({})\n\nRigs:\n", s["town"].get<std::string>(),
                           s["root"].get<std::string>());
  if (s["rigs"].empty()) std::cout << "  (none: gt rig add NAME URL)\n";
  for (const auto& r : s["rigs"]) {
    std::cout << fmt::format("  {} [{}]  ready {}  merge queue {}  hooked {}\n",
                             r["name"].get<std::string>(), r["prefix"].get<std::string>(),
                             r["ready"].get<int64_t>(), r["merge_queue"].get<size_t>(),
                             r["hooked"].size());
    for (const auto& b : r["ready_beads"])
      std::cout << fmt::format("    ready: {} {}\n", b["id"].get<std::string>(),
                               b["title"].get<std::string>());
    for (const auto& b : r["escalated"])
      std::cout << fmt::format("    ESCALATED: {} {} (see gt mail inbox)\n",
                               b["id"].get<std::string>(), b["title"].get<std::string>());
    for (const auto& b : r["recent"])
      std::cout << fmt::format(
          "    recent: {} {} ({}{}{})\n", b["id"].get<std::string>(), b["title"].get<std::string>(),
          b["status"].get<std::string>(),
          b["assignee"].get<std::string>().empty() ? "" : ", @" + b["assignee"].get<std::string>(),
          b.contains("last_op") ? fmt::format(", last {} by {}", b["last_op"].get<std::string>(),
                                              b["last_actor"].get<std::string>())
                                : "");
  }
  std::cout << (s["daemon"]["running"].get<bool>()
                    ? fmt::format("\nDaemon: running (pid {})\n", s["daemon"]["pid"].get<int>())
                    : std::string("\nDaemon: not running (gt up starts it)\n"));
  std::cout << "\nWorkers:\n";
  if (s["workers"].empty()) std::cout << "  (none: gt agent add NAME -- CMD)\n";
  for (const auto& w : s["workers"])
    std::cout << fmt::format("  {:<12} {:<8} {}\n", w["name"].get<std::string>(),
                             w["state"].get<std::string>(),
                             w["bead"].is_null() ? "" : w["bead"].get<std::string>());
  if (!s["convoys"].empty()) {
    std::cout << "\nConvoys:\n";
    for (const auto& c : s["convoys"])
      std::cout << fmt::format("  {} {} {}/{}{}\n", c["id"].get<std::string>(),
                               c["name"].get<std::string>(), c["done"].get<int>(),
                               c["total"].get<size_t>(),
                               c["closed"].get<bool>() ? " (closed)" : "");
  }
}

}  // namespace

void AddPolecatCommands(CLI::App& app, GtContext& ctx) {
  auto* status = app.add_subcommand("status", "The town at a glance");
  status->footer(
      "Example:\n  gt status --json\n\nRigs with ready work, merge-queue length (open merge "
      "requests),\nhooked beads and recent activity; workers and what each holds; convoys.");
  status->callback([&ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto s = town::TownStatus(*t);
    if (!s) return ctx.Fail(s.error());
    // Whether the daemon keeps work flowing (gt up), from its socket.
    auto reply = daemon::AskDaemon(daemon::ControlSocketName(t->root), "status", 1000);
    auto daemon_status = reply ? nlohmann::json::parse(*reply, nullptr, false) : nlohmann::json();
    (*s)["daemon"] = {{"running", daemon_status.is_object()},
                      {"pid", daemon_status.is_object() ? daemon_status.value("pid", 0) : 0}};
    if (ctx.json) return ctx.PrintJson(*s);
    PrintStatus(*s);
  });

  auto attach_name = std::make_shared<std::string>();
  auto* attach = app.add_subcommand("attach", "Attach your terminal to a tmux worker's session");
  attach->add_option("name", *attach_name, "The worker")->required();
  attach->footer(
      "Example:\n  gt attach ann      (detach again with C-b d)\n\nOnly tmux workers have a "
      "terminal; a script worker's output is in its log.");
  attach->callback([attach_name, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    if (!t->config.agents.count(*attach_name))
      return ctx.Fail({ErrorKind::kNotFound, fmt::format("no worker named \"{}\"", *attach_name),
                       "see gt agent list"});
    auto record = town::LoadSession(*t, *attach_name);
    if (!record) return ctx.Fail(record.error());
    if (!*record || !town::SessionAlive(**record))
      return ctx.Fail({ErrorKind::kConflict, fmt::format("{} has no running session", *attach_name),
                       "sling it a bead (gt sling BEAD --agent " + *attach_name + ")"});
    const auto& s = (*record)->session;
    if (s.runtime != "tmux")
      return ctx.Fail({ErrorKind::kInvalidArgument,
                       fmt::format("{} runs the {} runtime, which has no terminal to attach to",
                                   *attach_name, s.runtime),
                       "its output is in " + TownRelative(*t, s.log_path)});
    if (ctx.json)
      return ctx.PrintJson({{"agent", *attach_name}, {"command", runtime::TmuxAttachCommand(s)}});
    std::vector<std::string> argv = runtime::TmuxAttachCommand(s);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    execvp(args[0], args.data());
    ctx.Fail({ErrorKind::kIo, "cannot run tmux", "install tmux"});
  });

  auto* polecat = app.add_subcommand("polecat", "Workers' worktrees: list, status, stop, nuke");
  polecat->require_subcommand(1);
  polecat->footer("Example:\n  gt polecat list");

  auto* list = polecat->add_subcommand("list", "List the workers' worktrees");
  list->footer("Example:\n  gt polecat list --json");
  list->callback([&ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto ps = town::ListPolecats(*t);
    if (!ps) return ctx.Fail(ps.error());
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& p : *ps) out.push_back(PolecatJson(p));
      return ctx.PrintJson(out);
    }
    if (ps->empty()) std::cout << "No worktrees (gt sling BEAD --agent NAME makes one)\n";
    for (const auto& p : *ps) std::cout << PolecatLine(p);
  });

  auto name = std::make_shared<std::string>();
  auto* show = polecat->add_subcommand("status", "Show one worker's worktrees and session");
  show->add_option("name", *name, "The worker")->required();
  show->footer("Example:\n  gt polecat status ann");
  show->callback([name, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    if (!t->config.agents.count(*name))
      return ctx.Fail({ErrorKind::kNotFound, fmt::format("no worker named \"{}\"", *name),
                       "see gt polecat list"});
    auto ps = town::ListPolecats(*t);
    if (!ps) return ctx.Fail(ps.error());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : *ps)
      if (p.agent == *name) out.push_back(PolecatJson(p));
    if (ctx.json) return ctx.PrintJson({{"agent", *name}, {"worktrees", out}});
    if (out.empty()) std::cout << *name << " has no worktree\n";
    for (const auto& p : *ps)
      if (p.agent == *name)
        std::cout << PolecatLine(p)
                  << (p.log_path.empty() ? "" : "  log: " + TownRelative(*t, p.log_path) + "\n");
  });

  auto stop_name = std::make_shared<std::string>();
  auto* stop = polecat->add_subcommand("stop", "Stop a worker's session (bead and worktree stay)");
  stop->add_option("name", *stop_name, "The worker")->required();
  stop->footer("Example:\n  gt polecat stop ann   (then gt sling BEAD --agent ann resumes)");
  stop->callback([stop_name, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto stopped = town::StopPolecat(*t, *stop_name);
    if (!stopped) return ctx.Fail(stopped.error());
    if (ctx.json) return ctx.PrintJson({{"agent", *stop_name}, {"stopped", *stopped}});
    std::cout << (*stopped ? fmt::format("✓ Stopped {}\n", *stop_name)
                           : fmt::format("{} was not running\n", *stop_name));
  });

  struct NukeOpts {
    std::string name;
    bool force = false;
  };
  auto n = std::make_shared<NukeOpts>();
  auto* nuke =
      polecat->add_subcommand("nuke", "Delete a worker's worktrees (refuses unpushed work)");
  nuke->add_option("name", n->name, "The worker")->required();
  nuke->add_flag("-f,--force", n->force, "Delete even uncommitted or unpushed work");
  nuke->footer(
      "Example:\n  gt polecat nuke ann\n\nA bead still on its hook is handed back (open, "
      "unassigned).");
  nuke->callback([n, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto removed = town::NukePolecat(*t, n->name, n->force);
    if (!removed) return ctx.Fail(removed.error());
    if (ctx.json) return ctx.PrintJson({{"agent", n->name}, {"removed", *removed}});
    std::cout << fmt::format("✓ Nuked {} ({} worktree(s) removed)\n", n->name, removed->size());
  });
}

}  // namespace gt::cli
