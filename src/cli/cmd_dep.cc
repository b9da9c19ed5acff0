// bd dep add|remove|tree|cycles.
#include <iostream>
#include <set>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "core/bead_json.h"
#include "ledger/ops.h"
#include "ledger/queries.h"

namespace gt::cli {
namespace {

struct TreeNode {
  Bead bead;
  int depth = 0;
  std::string parent_id;
  std::string edge;
  bool truncated = false;  // already shown above, or past --max-depth
};

Status Walk(Database& db, const std::string& id, bool up, int depth, int max_depth,
            const std::string& parent, const std::string& edge, std::set<std::string>& path,
            std::vector<TreeNode>& out) {
  auto bead = LoadBead(db, id);
  if (!bead) return {};  // a dangling edge: nothing to show
  TreeNode node{std::move(*bead), depth, parent, edge};
  if (path.count(id) || depth >= max_depth) {
    node.truncated = depth >= max_depth || path.count(id);
    out.push_back(std::move(node));
    return {};
  }
  out.push_back(std::move(node));
  auto edges = up ? DependentsOf(db, id) : DependenciesOf(db, id);
  if (!edges) return tl::unexpected(edges.error());
  path.insert(id);
  for (const Dependency& d : *edges) {
    const std::string& next = up ? d.issue_id : d.depends_on_id;
    if (auto st = Walk(db, next, up, depth + 1, max_depth, id, d.type, path, out); !st) return st;
  }
  path.erase(id);
  return {};
}

}  // namespace

void AddDepCommand(CLI::App& app, Context& ctx) {
  auto* dep = app.add_subcommand("dep", "Dependencies between beads");
  dep->require_subcommand(1);
  dep->footer(
      "Examples:\n  bd dep add gt-b21 gt-a3f      # gt-b21 waits for gt-a3f\n  bd dep tree "
      "gt-epic\n  bd dep cycles");

  struct AddOpts {
    std::string from, to, type = "blocks";
  };
  auto a = std::make_shared<AddOpts>();
  auto* add =
      dep->add_subcommand("add", "Make ISSUE depend on DEPENDS_ON (DEPENDS_ON blocks ISSUE)");
  add->add_option("issue", a->from, "The bead that waits")->required();
  add->add_option("depends_on", a->to, "The bead it waits for")->required();
  add->add_option("-t,--type", a->type,
                  "blocks (default), related, parent-child, discovered-from, waits-for, …");
  add->footer("Example:\n  bd dep add gt-b21 gt-a3f --type blocks");
  add->callback([a, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto from = ctx.Resolve(*ledger, a->from);
    if (!from) return ctx.Fail(from.error());
    auto to = ctx.Resolve(*ledger, a->to);
    if (!to) return ctx.Fail(to.error());
    auto change = AddDependency(*ledger, *from, *to, a->type);
    if (!change) return ctx.Fail(change.error());
    if (ctx.json)
      return ctx.PrintJson(
          {{"status", "added"}, {"issue_id", *from}, {"depends_on_id", *to}, {"type", a->type}});
    if (ctx.quiet) return;
    auto from_bead = LoadBead(ledger->db(), *from);
    auto to_bead = LoadBead(ledger->db(), *to);
    std::cout << fmt::format("✓ Added dependency: {} ({}) depends on {} ({}) ({})\n", *from,
                             from_bead ? from_bead->title : "", *to, to_bead ? to_bead->title : "",
                             a->type);
  });

  struct RemoveOpts {
    std::string from, to;
  };
  auto r = std::make_shared<RemoveOpts>();
  auto* remove = dep->add_subcommand("remove", "Remove the dependency of ISSUE on DEPENDS_ON");
  remove->alias("rm");
  remove->add_option("issue", r->from, "The bead that waits")->required();
  remove->add_option("depends_on", r->to, "The bead it waits for")->required();
  remove->footer("Example:\n  bd dep remove gt-b21 gt-a3f");
  remove->callback([r, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto from = ctx.Resolve(*ledger, r->from);
    if (!from) return ctx.Fail(from.error());
    auto to = ctx.Resolve(*ledger, r->to);
    if (!to) return ctx.Fail(to.error());
    auto change = RemoveDependency(*ledger, *from, *to);
    if (!change) return ctx.Fail(change.error());
    if (ctx.json)
      return ctx.PrintJson({{"status", "removed"}, {"issue_id", *from}, {"depends_on_id", *to}});
    if (!ctx.quiet)
      std::cout << fmt::format("✓ Removed dependency: {} no longer depends on {}\n", *from, *to);
  });

  struct TreeOpts {
    std::string id, direction = "down";
    bool reverse = false;
    int max_depth = 50;
  };
  auto t = std::make_shared<TreeOpts>();
  auto* tree = dep->add_subcommand(
      "tree", "Show what a bead depends on, transitively (or what depends on it)");
  tree->add_option("id", t->id, "Bead id")->required();
  tree->add_flag("--reverse", t->reverse, "Show what depends on it (same as --direction up)");
  tree->add_option("--direction", t->direction,
                   "down (what it waits for) or up (what waits for it)");
  tree->add_option("-d,--max-depth", t->max_depth, "How deep to go (default 50)");
  tree->footer("Examples:\n  bd dep tree gt-epic\n  bd dep tree gt-a3f --reverse --json");
  tree->callback([t, &ctx] {
    if (t->direction != "down" && t->direction != "up")
      return ctx.Fail({ErrorKind::kInvalidArgument,
                       fmt::format("invalid direction '{}' (use down or up)", t->direction)});
    if (t->max_depth < 1)
      return ctx.Fail({ErrorKind::kInvalidArgument, "--max-depth must be at least 1"});
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto id = ctx.Resolve(*ledger, t->id);
    if (!id) return ctx.Fail(id.error());
    std::vector<TreeNode> nodes;
    std::set<std::string> path;
    bool up = t->reverse || t->direction == "up";
    if (auto st = Walk(ledger->db(), *id, up, 0, t->max_depth, "", "", path, nodes); !st)
      return ctx.Fail(st.error());
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const TreeNode& n : nodes) {
        nlohmann::json j = BeadToJson(n.bead);
        j["depth"] = n.depth;
        j["parent_id"] = n.parent_id;
        if (!n.edge.empty()) j["edge_from_parent"] = n.edge;
        j["truncated"] = n.truncated;
        out.push_back(j);
      }
      return ctx.PrintJson(out);
    }
    std::cout << fmt::format("{} tree for {}:\n\n", up ? "Dependent" : "Dependency", *id);
    for (const TreeNode& n : nodes) {
      std::cout << std::string(size_t(n.depth) * 2, ' ') << (n.depth ? "└─ " : "")
                << BeadLine(ctx, n.bead);
      if (!n.edge.empty() && n.edge != "blocks") std::cout << " (" << n.edge << ")";
      if (n.truncated) std::cout << " …";
      std::cout << "\n";
    }
  });

  auto* cycles = dep->add_subcommand("cycles", "Find cycles of blocking dependencies");
  cycles->footer("Example:\n  bd dep cycles --json");
  cycles->callback([&ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto found = FindCycles(ledger->db());
    if (!found) return ctx.Fail(found.error());
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& cycle : *found) {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& id : cycle)
          if (auto b = LoadBead(ledger->db(), id)) arr.push_back(BeadToJson(*b));
        out.push_back(arr);
      }
      return ctx.PrintJson(out);
    }
    if (found->empty()) {
      std::cout << "✓ No dependency cycles detected\n";
      return;
    }
    std::cout << fmt::format("⚠ Found {} dependency cycles:\n", found->size());
    for (size_t i = 0; i < found->size(); ++i) {
      std::vector<std::string> cycle = (*found)[i];
      cycle.push_back(cycle.front());
      std::cout << fmt::format("  {}. {}\n", i + 1, Join(cycle, " → "));
    }
  });
}

}  // namespace gt::cli
