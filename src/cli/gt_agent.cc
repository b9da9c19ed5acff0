// gt agent add|list|show.
#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>

#include "cli/gt_context.h"
#include "town/agent.h"
#include "town/session.h"

namespace gt::cli {

namespace {

nlohmann::json AgentJson(const town::Town& t, const town::AgentConfig& a) {
  nlohmann::json j = {{"name", a.name},        {"uri", a.uri},    {"runtime", a.runtime},
                      {"command", a.command},  {"key", a.key},    {"created", a.created},
                      {"key_dir", t.KeyDir()}, {"state", "idle"}, {"bead", nullptr}};
  if (auto s = town::LoadSession(t, a.name); s && *s) {
    bool alive = town::SessionAlive(**s);
    j["state"] = (*s)->state == "running" ? (alive ? "working" : "exited") : "idle";
    if ((*s)->state == "running") j["bead"] = (*s)->bead;
    j["rig"] = (*s)->rig;
  }
  return j;
}

}  // namespace

void AddRuntimeCommands(CLI::App& app, GtContext& ctx) {
  auto* rt = app.add_subcommand("runtime", "The runtimes workers can use, and the adapters");
  rt->require_subcommand(1);
  auto* list = rt->add_subcommand("list", "List script, tmux and the agent CLI adapters");
  list->footer(
      "Example:\n  gt runtime list --json\n\nAdd or override an adapter in town.toml:\n"
      "  [runtimes.mycli]\n  base = \"tmux\"\n  command = [\"mycli\", \"--auto\"]\n"
      "  prompt = \"type\"   # arg | type | env\n  ready = \"> \"\n  idle = \"> \"");
  list->callback([&ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    std::map<std::string, runtime::Adapter> all = runtime::BuiltinAdapters();
    for (const auto& [name, a] : t->config.runtimes) all[name] = a;
    nlohmann::json out = nlohmann::json::array();
    out.push_back({{"name", "script"}, {"base", "script"}, {"prompt", "env"}, {"source", "base"}});
    out.push_back({{"name", "tmux"}, {"base", "tmux"}, {"prompt", "env"}, {"source", "base"}});
    out.push_back(
        {{"name", "headless"}, {"base", "headless"}, {"prompt", "env"}, {"source", "base"}});
    for (const auto& [name, a] : all)
      out.push_back({{"name", name},
                     {"base", a.base},
                     {"command", a.command},
                     {"prompt", a.prompt},
                     {"ready", a.ready},
                     {"idle", a.idle},
                     {"source", t->config.runtimes.count(name) ? "town.toml" : "built-in"}});
    if (ctx.json) return ctx.PrintJson(out);
    for (const auto& r : out)
      std::cout << fmt::format(
          "{:<10} {:<7} prompt {:<5} {}{}\n", r["name"].get<std::string>(),
          r["base"].get<std::string>(), r["prompt"].get<std::string>(),
          r.contains("command")
              ? fmt::format("{}", fmt::join(r["command"].get<std::vector<std::string>>(), " "))
              : "(your command)",
          r["source"] == "town.toml" ? "  (town.toml)" : "");
  });
}

void AddAgentCommands(CLI::App& app, GtContext& ctx) {
  AddRuntimeCommands(app, ctx);
  auto* agent = app.add_subcommand("agent", "Add, list and show workers (identities + runtimes)");
  agent->require_subcommand(1);
  agent->footer("Example:\n  gt agent add ann --runtime script -- ./work.sh");

  struct AddOpts {
    std::string name, runtime = "script";
  };
  auto a = std::make_shared<AddOpts>();
  auto* add = agent->add_subcommand("add", "Create a worker: key, entity URI, ledger membership");
  add->add_option("name", a->name, "The worker's name (lower case)")->required();
  add->add_option("--runtime", a->runtime,
                  "How it runs: script, tmux, or an adapter (gt runtime list)");
  add->footer(
      "Examples:\n  gt agent add ann --runtime script -- python3 agent.py --fast\n"
      "  gt agent add cy --runtime claude        (the claude adapter, in tmux)\n\n"
      "The command after -- is an argument vector (no shell). The worker's key is\n"
      "keys/NAME.key; it becomes a writer of the town's and every rig's ledger.");
  add->callback([a, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto added = town::AddAgent(*t, {a->name, a->runtime, ctx.command});
    if (!added) return ctx.Fail(added.error());
    if (ctx.json) {
      auto j = AgentJson(*t, added->agent);
      j["admitted"] = added->admitted;
      j["not_admitted"] = added->not_admitted;
      return ctx.PrintJson(j);
    }
    std::cout << fmt::format("✓ Added worker {} ({})\n  runtime: {}\n  member of: {}\n",
                             added->agent.name, added->agent.uri, added->agent.runtime,
                             fmt::join(added->admitted, ", "));
    for (const auto& why : added->not_admitted)
      std::cout << "  warning: not admitted: " << why << "\n";
  });

  auto* list = agent->add_subcommand("list", "List the workers and what each holds");
  list->footer("Example:\n  gt agent list --json");
  list->callback([&ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [name, a] : t->config.agents) out.push_back(AgentJson(*t, a));
    if (ctx.json) return ctx.PrintJson(out);
    if (out.empty()) std::cout << "No workers (add one with gt agent add NAME -- CMD)\n";
    for (const auto& j : out)
      std::cout << fmt::format("{:<12} {:<8} {:<8} {}\n", j["name"].get<std::string>(),
                               j["runtime"].get<std::string>(), j["state"].get<std::string>(),
                               j["bead"].is_null() ? "" : j["bead"].get<std::string>());
  });

  auto name = std::make_shared<std::string>();
  auto* show = agent->add_subcommand("show", "Show a worker");
  show->add_option("name", *name, "The worker (name or entity URI)")->required();
  show->footer("Example:\n  gt agent show ann");
  show->callback([name, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto a = town::FindAgent(*t, *name);
    if (!a) return ctx.Fail(a.error());
    auto j = AgentJson(*t, *a);
    if (ctx.json) return ctx.PrintJson(j);
    std::cout << fmt::format(
        "{}\n  uri:     {}\n  runtime: {} {}\n  key:     {}\n  state:   {}{}\n", a->name, a->uri,
        a->runtime, fmt::join(a->command, " "), a->key, j["state"].get<std::string>(),
        j["bead"].is_null() ? "" : " " + j["bead"].get<std::string>());
  });
}

}  // namespace gt::cli
