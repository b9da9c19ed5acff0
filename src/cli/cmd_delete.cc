// bd delete, bd restore.
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "core/bead_json.h"
#include "ledger/annotations.h"
#include "ledger/ops.h"
#include "ledger/queries.h"

namespace gt::cli {
namespace {

nlohmann::json EdgesToJson(const std::vector<Dependency>& edges) {
  nlohmann::json out = nlohmann::json::array();
  for (const Dependency& d : edges) out.push_back(DependencyToJson(d));
  return out;
}

void PrintPreview(Context& ctx, Ledger& ledger, const DeletePlan& plan) {
  if (ctx.json)
    return ctx.PrintJson({{"preview", true},
                          {"would_delete", plan.ids},
                          {"dependencies", EdgesToJson(plan.edges)},
                          {"neighbours", plan.neighbours},
                          {"references", plan.references}});
  std::cout << "⚠️  DELETE PREVIEW (nothing is deleted without --force)\n\n";
  std::cout << fmt::format("Would delete {} issue(s):\n", plan.ids.size());
  for (const std::string& id : plan.ids)
    if (auto bead = LoadBead(ledger.db(), id)) std::cout << "  " << BeadLine(ctx, *bead) << "\n";
  if (!plan.edges.empty()) {
    std::cout << fmt::format("\nWould remove {} dependency link(s):\n", plan.edges.size());
    for (const Dependency& d : plan.edges)
      std::cout << fmt::format("  {} → {} ({})\n", d.issue_id, d.depends_on_id, d.type);
  }
  if (!plan.references.empty())
    std::cout << fmt::format("\nWould mark mentions as [deleted:ID] in: {}\n",
                             Join(plan.references, ", "));
  std::cout << "\nRun again with --force to delete";
  std::cout << (plan.neighbours.empty() ? ".\n"
                                        : " (add --cascade to delete what depends on it too).\n");
}

}  // namespace

void AddDeleteCommands(CLI::App& app, Context& ctx) {
  struct Opts {
    std::vector<std::string> ids;
    std::string from_file;
    std::string reason;
    bool force = false, cascade = false, dry_run = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("delete", "Delete beads (a tombstone; `bd restore` undoes it)");
  cmd->add_option("ids", o->ids, "Bead ids");
  cmd->add_option("--from-file", o->from_file, "Read ids from a file, one a line");
  cmd->add_flag("-f,--force", o->force, "Delete (without it: show what would happen)");
  cmd->add_flag("--cascade", o->cascade,
                "Also delete beads that wait on these (blocks, children), recursively");
  cmd->add_flag("--dry-run", o->dry_run, "Show what would happen, even with --force");
  cmd->add_option("-r,--reason", o->reason, "Why (kept in the tombstone event)");
  cmd->footer(
      "Examples:\n  bd delete gt-a3f            (preview)\n  bd delete gt-a3f --force\n  bd "
      "delete gt-epic --cascade --force\n  bd restore gt-a3f\n\nDeletion writes a signed "
      "tombstone: the bead leaves every list, its links are\nremoved, mentions of it in linked "
      "beads become [deleted:ID], and no old\ncopy of the ledger can bring it back. Its history "
      "stays in the log.");
  cmd->callback([o, &ctx] {
    if (!o->from_file.empty()) {
      std::ifstream in(o->from_file);
      if (!in)
        return ctx.Fail(
            {ErrorKind::kNotFound, fmt::format("cannot read {}", o->from_file), "check the path"});
      for (std::string line; std::getline(in, line);) {
        auto items = SplitList(line);
        o->ids.insert(o->ids.end(), items.begin(), items.end());
      }
    }
    if (o->ids.empty())
      return ctx.Fail(
          {ErrorKind::kInvalidArgument, "no issue IDs provided", "bd delete ID... [--force]"});
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto ids = ctx.ResolveAll(*ledger, o->ids);
    if (!ids) return ctx.Fail(ids.error());
    if (!o->force || o->dry_run) {
      auto plan = PlanDelete(ledger->db(), *ids, o->cascade);
      if (!plan) return ctx.Fail(plan.error());
      return PrintPreview(ctx, *ledger, *plan);
    }
    auto plan = DeleteBeads(*ledger, *ids, o->cascade, o->reason);
    if (!plan) return ctx.Fail(plan.error());
    if (ctx.json) {
      nlohmann::json out = {{"dependencies_removed", plan->edges.size()},
                            {"references_updated", plan->references.size()}};
      if (plan->ids.size() == 1) {
        out["deleted"] = plan->ids[0];
      } else {
        out["deleted"] = plan->ids;
        out["deleted_count"] = plan->ids.size();
      }
      return ctx.PrintJson(out);
    }
    if (ctx.quiet) return;
    for (const std::string& id : plan->ids) std::cout << fmt::format("✓ Deleted {}\n", id);
    if (!plan->edges.empty() || !plan->references.empty())
      std::cout << fmt::format("  {} dependency link(s) removed, {} reference(s) updated\n",
                               plan->edges.size(), plan->references.size());
  });

  auto id = std::make_shared<std::string>();
  auto* restore = app.add_subcommand("restore", "Bring a deleted bead back");
  restore->add_option("id", *id, "The deleted bead's id")->required();
  restore->footer(
      "Example:\n  bd restore gt-a3f\n\nThe bead comes back with its fields, labels and "
      "comments; the dependency\nlinks removed when it was deleted stay removed.");
  restore->callback([id, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto resolved = ResolveDeletedId(ledger->db(), ledger->config().prefix, *id);
    if (!resolved) return ctx.Fail(resolved.error());
    auto bead = RestoreBead(*ledger, *resolved);
    if (!bead) return ctx.Fail(bead.error());
    if (ctx.json) return ctx.PrintJson(BeadToJson(*bead));
    if (!ctx.quiet) std::cout << fmt::format("✓ Restored {} — {}\n", bead->id, bead->title);
  });
}

}  // namespace gt::cli
