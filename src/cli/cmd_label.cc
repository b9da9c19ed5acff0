// bd label add|remove|list|list-all.
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "ledger/annotations.h"
#include "ledger/ops.h"
#include "ledger/queries.h"

namespace gt::cli {
namespace {

/// `bd label add|remove ID... LABEL`: the last argument is the label.
void AddLabelChange(CLI::App& label, Context& ctx, bool add) {
  auto args = std::make_shared<std::vector<std::string>>();
  auto* cmd = label.add_subcommand(add ? "add" : "remove",
                                   add ? "Add a label to beads" : "Remove a label from beads");
  if (!add) cmd->alias("rm");
  cmd->add_option("args", *args, "ID... LABEL");
  cmd->footer(add ? "Examples:\n  bd label add gt-a3f needs-review\n  bd label add gt-a3f gt-b21 "
                    "frontend --json"
                  : "Example:\n  bd label remove gt-a3f needs-review");
  cmd->callback([args, add, &ctx] {
    if (args->size() < 2)
      return ctx.Fail({ErrorKind::kInvalidArgument,
                       args->empty() ? "an issue ID and a label are required"
                                     : "a label is required after the issue IDs",
                       fmt::format("bd label {} ID... LABEL", add ? "add" : "remove")});
    std::string name = args->back();
    args->pop_back();
    if (auto st = ValidateLabel(name); !st) return ctx.Fail(st.error());
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto ids = ctx.ResolveAll(*ledger, *args);
    if (!ids) return ctx.Fail(ids.error());
    nlohmann::json out = nlohmann::json::array();
    for (const std::string& id : *ids) {
      auto changed = add ? AddLabel(*ledger, id, name) : RemoveLabel(*ledger, id, name);
      if (!changed) return ctx.Fail(changed.error());
      out.push_back({{"status", add ? "added" : "removed"}, {"issue_id", id}, {"label", name}});
      if (!ctx.json && !ctx.quiet)
        std::cout << (add ? fmt::format("✓ Added label '{}' to {}\n", name, id)
                          : fmt::format("✓ Removed label '{}' from {}\n", name, id));
    }
    if (ctx.json) ctx.PrintJson(out);
  });
}

}  // namespace

void AddLabelCommands(CLI::App& app, Context& ctx) {
  auto* label = app.add_subcommand("label", "Add, remove and list labels");
  label->require_subcommand(1);
  label->footer(
      "Examples:\n  bd label add gt-a3f needs-review\n  bd label list gt-a3f\n  bd label "
      "list-all --json");
  AddLabelChange(*label, ctx, true);
  AddLabelChange(*label, ctx, false);

  auto id = std::make_shared<std::string>();
  auto* list = label->add_subcommand("list", "List the labels of a bead");
  list->add_option("id", *id, "Bead id")->required();
  list->footer("Example:\n  bd label list gt-a3f --json");
  list->callback([id, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto resolved = ctx.Resolve(*ledger, *id);
    if (!resolved) return ctx.Fail(resolved.error());
    auto bead = LoadBead(ledger->db(), *resolved);
    if (!bead) return ctx.Fail(bead.error());
    if (ctx.json) return ctx.PrintJson(bead->labels);
    if (bead->labels.empty()) {
      std::cout << fmt::format("{} has no labels\n", *resolved);
      return;
    }
    std::cout << fmt::format("🏷 Labels for {}:\n", *resolved);
    for (const std::string& l : bead->labels) std::cout << "  - " << l << "\n";
  });

  auto* all = label->add_subcommand("list-all", "List every label in use, with counts");
  all->footer("Example:\n  bd label list-all --json");
  all->callback([&ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto counts = LabelCounts(ledger->db());
    if (!counts) return ctx.Fail(counts.error());
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const LabelCount& c : *counts) out.push_back({{"label", c.label}, {"count", c.count}});
      return ctx.PrintJson(out);
    }
    if (counts->empty()) {
      std::cout << "No labels found\n";
      return;
    }
    std::cout << fmt::format("🏷 All labels ({} unique):\n", counts->size());
    for (const LabelCount& c : *counts) std::cout << fmt::format("  {} ({})\n", c.label, c.count);
  });
}

}  // namespace gt::cli
