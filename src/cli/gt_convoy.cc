// gt convoy create|add|status|list.
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/gt_context.h"
#include "town/convoy.h"

namespace gt::cli {

namespace {

nlohmann::json ConvoyJson(const town::ConvoyInfo& c) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& i : c.items)
    items.push_back({{"id", i.id},
                     {"rig", i.rig},
                     {"title", i.title},
                     {"status", i.status},
                     {"assignee", i.assignee},
                     {"blocked", i.blocked}});
  return {{"id", c.id},     {"name", c.name},          {"closed", c.closed},
          {"done", c.done}, {"total", c.items.size()}, {"beads", items}};
}

void PrintConvoy(const town::ConvoyInfo& c) {
  std::cout << fmt::format("{} {}: {}/{} closed{}\n", c.id, c.name, c.done, c.items.size(),
                           c.closed ? " (convoy closed)" : "");
  for (const auto& i : c.items)
    std::cout << fmt::format("  {:<10} {:<12} {}{}{}\n", i.id, i.status, i.title,
                             i.assignee.empty() ? "" : " @" + i.assignee,
                             i.blocked ? " (blocked)" : "");
}

}  // namespace

void AddConvoyCommands(CLI::App& app, GtContext& ctx) {
  auto* convoy = app.add_subcommand("convoy", "Beads that ship together, and their progress");
  convoy->require_subcommand(1);
  convoy->footer("Example:\n  gt convoy create login-v2 gx-1 gx-2 && gt convoy status hq-7");

  struct CreateOpts {
    std::string name;
    std::vector<std::string> beads;
  };
  auto c = std::make_shared<CreateOpts>();
  auto* create = convoy->add_subcommand("create", "Create a convoy of beads (any rigs)");
  create->add_option("name", c->name, "The convoy's name")->required();
  create->add_option("beads", c->beads, "The beads it tracks")->required();
  create->footer("Example:\n  gt convoy create login-v2 gx-1 gx-2 ui-4");
  create->callback([c, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto info = town::CreateConvoy(*t, c->name, c->beads);
    if (!info) return ctx.Fail(info.error());
    if (ctx.json) return ctx.PrintJson(ConvoyJson(*info));
    std::cout << fmt::format("✓ Created convoy {} ({} bead(s))\n", info->id, info->items.size());
  });

  struct AddOpts {
    std::string convoy;
    std::vector<std::string> beads;
  };
  auto a = std::make_shared<AddOpts>();
  auto* add = convoy->add_subcommand("add", "Add beads to a convoy");
  add->add_option("convoy", a->convoy, "The convoy")->required();
  add->add_option("beads", a->beads, "Beads to add")->required();
  add->footer("Example:\n  gt convoy add hq-7 gx-3");
  add->callback([a, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto info = town::AddToConvoy(*t, a->convoy, a->beads);
    if (!info) return ctx.Fail(info.error());
    if (ctx.json) return ctx.PrintJson(ConvoyJson(*info));
    std::cout << fmt::format("✓ Convoy {} tracks {} bead(s)\n", info->id, info->items.size());
  });

  auto id = std::make_shared<std::string>();
  auto* status = convoy->add_subcommand("status", "Progress: who holds what, what is blocked");
  status->add_option("convoy", *id, "The convoy")->required();
  status->footer("Example:\n  gt convoy status hq-7\n\nCloses the convoy once all its beads are.");
  status->callback([id, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto info = town::ConvoyStatus(*t, *id);
    if (!info) return ctx.Fail(info.error());
    if (ctx.json) return ctx.PrintJson(ConvoyJson(*info));
    PrintConvoy(*info);
  });

  auto* list = convoy->add_subcommand("list", "List the convoys");
  list->footer("Example:\n  gt convoy list --json");
  list->callback([&ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto all = town::ListConvoys(*t);
    if (!all) return ctx.Fail(all.error());
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& i : *all) out.push_back(ConvoyJson(i));
      return ctx.PrintJson(out);
    }
    if (all->empty()) std::cout << "No convoys\n";
    for (const auto& i : *all)
      std::cout << fmt::format("{} {} {}/{}{}\n", i.id, i.name, i.done, i.items.size(),
                               i.closed ? " (closed)" : "");
  });
}

}  // namespace gt::cli
