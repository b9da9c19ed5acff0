// gt init, gt rig add|list|show|remove.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/gt_context.h"
#include "daemon/config.h"
#include "town/agent.h"
#include "town/rig.h"

namespace gt::cli {

namespace {

nlohmann::json RigJson(const town::Town& t, const town::RigConfig& r) {
  return {{"name", r.name},
          {"origin", r.origin},
          {"prefix", r.prefix},
          {"default_branch", r.default_branch},
          {"ledger_branch", r.ledger_branch},
          {"path", t.RigDir(r.name)},
          {"ledger", t.RigBeadsDir(r.name)},
          {"created", r.created}};
}

void AddRigCommands(CLI::App& app, GtContext& ctx) {
  auto* rig = app.add_subcommand("rig", "Add, list, show and remove rigs (projects)");
  rig->require_subcommand(1);
  rig->footer("Example:\n  gt rig add app ../app --prefix app && gt rig list");

  struct AddOpts {
    std::string name, source, prefix, branch = "beads";
  };
  auto a = std::make_shared<AddOpts>();
  auto* add = rig->add_subcommand("add", "Add a project: bare clone, its ledger, the refinery");
  add->add_option("name", a->name, "The rig's name (lower case)")->required();
  add->add_option("source", a->source, "Git URL or path of the project")->required();
  add->add_option("-p,--prefix", a->prefix, "Bead id prefix (default: from the name)");
  add->add_option("--ledger-branch", a->branch, "The ledger's branch (default: beads)");
  add->footer(
      "Example:\n  gt rig add app https://github.com/acme/app.git --prefix app\n\n"
      "Clones the project bare to rigs/NAME/repo.git, checks out its ledger branch\n"
      "(made if the project has none) at rigs/NAME/ledger and main at\n"
      "rigs/NAME/refinery. Bead ids with the prefix route to this rig's ledger.");
  add->callback([a, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto r = town::AddRig(*t, {a->name, a->source, a->prefix, a->branch});
    if (!r) return ctx.Fail(r.error());
    std::vector<town::AgentConfig> agents;
    for (const auto& [n, agent] : t->config.agents) agents.push_back(agent);
    auto refused = town::AdmitAgents(*t, t->RigBeadsDir(r->name), agents);
    if (ctx.json) {
      auto j = RigJson(*t, *r);
      j["ledger_existed"] = r->ledger_existed;
      j["not_admitted"] = refused;
      return ctx.PrintJson(j);
    }
    std::cout << fmt::format("✓ Added rig {} (prefix {}, {} ledger on branch {})\n", r->name,
                             r->prefix, r->ledger_existed ? "existing" : "new", r->ledger_branch);
    for (const auto& why : refused) std::cout << "  warning: " << why << "\n";
  });

  auto* list = rig->add_subcommand("list", "List the rigs");
  list->footer("Example:\n  gt rig list --json");
  list->callback([&ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto rigs = town::ListRigs(*t);
    if (!rigs) return ctx.Fail(rigs.error());
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& r : *rigs) out.push_back(RigJson(*t, r));
      return ctx.PrintJson(out);
    }
    if (rigs->empty()) std::cout << "No rigs (add one with gt rig add NAME URL)\n";
    for (const auto& r : *rigs)
      std::cout << fmt::format("{:<12} {:<8} {}\n", r.name, r.prefix, r.origin);
  });

  auto name = std::make_shared<std::string>();
  auto* show = rig->add_subcommand("show", "Show a rig");
  show->add_option("name", *name, "The rig")->required();
  show->footer("Example:\n  gt rig show app");
  show->callback([name, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto r = town::LoadRig(*t, *name);
    if (!r) return ctx.Fail(r.error());
    auto unsaved = town::UnsavedWork(*t, *name);
    if (!unsaved) return ctx.Fail(unsaved.error());
    // A bad dispatch key is shown, not fatal: the rig is still there.
    auto d = daemon::LoadDispatchPolicy(t->RigDir(r->name) + "/rig.toml");
    if (ctx.json) {
      auto j = RigJson(*t, *r);
      j["unsaved"] = *unsaved;
      if (d)
        j["dispatch"] = {{"dispatch", d->dispatch},
                         {"max_workers", d->max_workers},
                         {"stall_after_seconds", d->stall_after_ns / 1000000000},
                         {"max_restarts", d->max_restarts},
                         {"worker_runtime", d->worker_runtime},
                         {"worker_command", d->worker_command}};
      else
        j["dispatch"] = {{"error", d.error().message}};
      return ctx.PrintJson(j);
    }
    std::cout << fmt::format(
        "{}\n  origin:   {}\n  prefix:   {}\n  main:     {}\n  ledger:   {} (branch {})\n", r->name,
        r->origin, r->prefix, r->default_branch, TownRelative(*t, t->RigBeadsDir(r->name)),
        r->ledger_branch);
    if (d)
      std::cout << fmt::format(
          "  dispatch: {} (up to {} worker(s){})\n", d->dispatch, d->max_workers,
          d->worker_command.empty() ? ", the town's free workers"
                                    : ", new ones run " + nlohmann::json(d->worker_command).dump());
    else
      std::cout << "  dispatch: " << d.error().message << "\n";
    for (const auto& u : *unsaved) std::cout << "  unsaved:  " << u << "\n";
  });

  struct RemoveOpts {
    std::string name;
    bool force = false;
  };
  auto rm = std::make_shared<RemoveOpts>();
  auto* remove = rig->add_subcommand("remove", "Remove a rig (refused while work is unsaved)");
  remove->add_option("name", rm->name, "The rig")->required();
  remove->add_flag("-f,--force", rm->force, "Remove even unpushed or uncommitted work");
  remove->footer(
      "Example:\n  gt rig remove app\n\nRefused while a worker's branch has commits the "
      "origin lacks,\na worktree has uncommitted changes, or the ledger has unsynced events.");
  remove->callback([rm, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    if (auto st = town::RemoveRig(*t, rm->name, rm->force); !st) return ctx.Fail(st.error());
    if (ctx.json) return ctx.PrintJson({{"removed", rm->name}});
    std::cout << fmt::format("✓ Removed rig {}\n", rm->name);
  });
}

}  // namespace

void AddTownCommands(CLI::App& app, GtContext& ctx) {
  struct Opts {
    std::string dir;
    town::InitTownOptions init;
  };
  auto o = std::make_shared<Opts>();
  auto* init = app.add_subcommand("init", "Create a town: town.toml, its ledger, keys/");
  init->add_option("dir", o->dir, "Where (a new or empty directory)")->required();
  init->add_option("--name", o->init.name, "The town's name (default: the directory's)");
  init->add_option("--org", o->init.org, "Org in workers' entity URIs (default: the name)");
  init->add_option("--platform", o->init.platform, "Platform in entity URIs (default: local)");
  init->add_option("--prefix", o->init.prefix, "The town ledger's id prefix (default: hq)");
  init->footer(
      "Example:\n  gt init ~/town --org acme\n\nWorkers get entity URIs "
      "entity://PLATFORM/ORG/NAME; their keys live in keys/.");
  init->callback([o, &ctx] {
    auto t = town::InitTown(o->dir, o->init);
    if (!t) return ctx.Fail(t.error());
    if (ctx.json)
      return ctx.PrintJson({{"path", t->root},
                            {"name", t->config.name},
                            {"org", t->config.org},
                            {"platform", t->config.platform},
                            {"prefix", t->config.prefix}});
    std::cout << fmt::format(
        "✓ Created town {} at {}\n  ledger prefix: {}, entity URIs: {}\n\nNext: cd {} && gt rig "
        "add NAME GIT_URL\n",
        t->config.name, t->root, t->config.prefix, t->EntityUri("NAME"), t->root);
  });
  AddRigCommands(app, ctx);
}

}  // namespace gt::cli
