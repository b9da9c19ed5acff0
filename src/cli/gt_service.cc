// gt service add|list|remove: the town's long-running processes, kept
// running by the daemon (docs/services.md).
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/gt_context.h"
#include "daemon/services.h"

namespace gt::cli {

namespace {

nlohmann::json ServiceJson(const town::Town& town, const daemon::ServiceSpec& s) {
  nlohmann::json j = {
      {"name", s.name},       {"id", s.id},
      {"command", s.command}, {"cwd", s.cwd},
      {"running", false},     {"pid", nullptr},
      {"restarts", 0},        {"log", TownRelative(town, daemon::ServiceLogPath(town, s.name))}};
  auto record = daemon::LoadServiceRecord(town, s.name);
  if (record && *record && (*record)->id == s.id) {
    j["restarts"] = (*record)->restarts;
    if (daemon::ServiceRecordAlive(**record)) {
      j["running"] = true;
      j["pid"] = (*record)->session.pid;
    }
  }
  return j;
}

}  // namespace

void AddServiceCommands(CLI::App& app, GtContext& ctx) {
  auto* service = app.add_subcommand(
      "service", "Long-running processes of the town, kept running by the daemon");
  service->require_subcommand(1);
  service->footer(
      "Example:\n  gt service add docs --cwd site -- python3 -m http.server 8000\n\n"
      "A service is a pinned bead of the town ledger; the daemon starts it, restarts\n"
      "it with back-off (1s, 2s, 4s ... 5m) and comments each restart on the bead.");

  struct AddOpts {
    std::string name, cwd;
  };
  auto a = std::make_shared<AddOpts>();
  auto* add = service->add_subcommand("add", "Add a service: a command the daemon keeps running");
  add->add_option("name", a->name, "The service's name (lower case)")->required();
  add->add_option("--cwd", a->cwd, "Where it runs (default: the town's root)");
  add->footer(
      "Examples:\n  gt service add docs -- python3 -m http.server 8000\n"
      "  gt service add sync --cwd rigs/gx -- ./sync.sh --every 60\n\n"
      "The command after -- is an argument vector (no shell). It runs with GT_TOWN and\n"
      "GT_SERVICE=NAME set; its output goes to logs/service-NAME.log.");
  add->callback([a, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    std::string cwd;
    if (!a->cwd.empty()) cwd = std::filesystem::absolute(a->cwd).lexically_normal().string();
    while (cwd.size() > 1 && cwd.back() == '/') cwd.pop_back();
    auto spec = daemon::AddService(*t, a->name, ctx.command, cwd);
    if (!spec) return ctx.Fail(spec.error());
    if (ctx.json) return ctx.PrintJson(ServiceJson(*t, *spec));
    std::cout << fmt::format("✓ Added service {} ({}): {}\n  runs in: {}\n", spec->name, spec->id,
                             nlohmann::json(spec->command).dump(), spec->cwd);
  });

  auto* list = service->add_subcommand("list", "The services, and whether each runs");
  list->footer("Example:\n  gt service list --json");
  list->callback([&ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto all = daemon::ListServices(*t);
    if (!all) return ctx.Fail(all.error());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : *all) out.push_back(ServiceJson(*t, s));
    if (ctx.json) return ctx.PrintJson(out);
    if (out.empty()) std::cout << "No services (add one with gt service add NAME -- CMD)\n";
    for (const auto& j : out)
      std::cout << fmt::format("{:<12} {:<8} {:<18} {:>3} restart(s)  {}\n",
                               j["name"].get<std::string>(), j["id"].get<std::string>(),
                               j["running"].get<bool>()
                                   ? fmt::format("running (pid {})", j["pid"].get<int>())
                                   : std::string("stopped"),
                               j["restarts"].get<int>(), j["command"].dump());
  });

  auto name = std::make_shared<std::string>();
  auto* remove = service->add_subcommand("remove", "Stop a service and close its bead");
  remove->add_option("name", *name, "The service")->required();
  remove->footer("Example:\n  gt service remove docs");
  remove->callback([name, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    std::string id;
    if (auto all = daemon::ListServices(*t))
      for (const auto& s : *all)
        if (s.name == *name) id = s.id;
    if (auto st = daemon::RemoveService(*t, *name); !st) return ctx.Fail(st.error());
    if (ctx.json) return ctx.PrintJson({{"name", *name}, {"id", id}, {"removed", true}});
    std::cout << fmt::format("✓ Removed service {} (stopped; bead {} closed)\n", *name, id);
  });
}

}  // namespace gt::cli
