// bd lint: beads whose descriptions lack their type's template sections.
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "ledger/lint.h"
#include "ledger/queries.h"

namespace gt::cli {

void AddLintCommand(CLI::App& app, Context& ctx) {
  struct Opts {
    std::vector<std::string> ids;
    std::string type, status = "open";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("lint", "Check descriptions for their type's template sections");
  cmd->add_option("ids", o->ids, "Beads to check (default: every bead with --status)");
  cmd->add_option("-t,--type", o->type, "Only this type");
  cmd->add_option("-s,--status", o->status, "Only this status, or 'all' (default open)");
  cmd->footer(
      "Examples:\n  bd lint\n  bd lint gt-a3f --json\n  bd lint -t bug -s all\n\nSections: bug "
      "→ Steps to Reproduce, Acceptance Criteria; task, feature,\nstory → Acceptance Criteria; "
      "epic → Success Criteria; decision → Decision,\nRationale, Alternatives Considered; spike → "
      "Goal, Findings. A non-empty\n--acceptance field counts as Acceptance/Success Criteria. "
      "Exit 1 when\nanything is missing (text output only).");
  cmd->callback([o, &ctx] {
    ListFilter f;
    f.limit = 0;
    f.sort = "id";
    if (auto st = ParseOptionalType(o->type, &f.issue_type); !st) return ctx.Fail(st.error());
    for (const std::string& s : SplitList(o->status)) {
      if (s == "all") {
        f.all = true;
        continue;
      }
      if (auto st = ValidateStatus(s); !st) return ctx.Fail(st.error());
      f.statuses.push_back(s);
    }
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    std::vector<Bead> beads;
    if (!o->ids.empty()) {
      auto ids = ctx.ResolveAll(*ledger, o->ids);
      if (!ids) return ctx.Fail(ids.error());
      for (const std::string& id : *ids) {
        auto bead = LoadBead(ledger->db(), id);
        if (!bead) return ctx.Fail(bead.error());
        beads.push_back(std::move(*bead));
      }
    } else {
      auto listed = ListBeads(ledger->db(), f);
      if (!listed) return ctx.Fail(listed.error());
      beads = std::move(*listed);
    }
    nlohmann::json results = nlohmann::json::array();
    std::string text;
    int issues = 0, warnings = 0;
    for (const Bead& b : beads) {
      std::vector<std::string> missing = MissingSections(b);
      if (missing.empty()) continue;
      ++issues;
      warnings += int(missing.size());
      std::vector<std::string> lines;
      for (const std::string& m : missing) lines.push_back("Missing: ## " + m);
      results.push_back({{"id", b.id},
                         {"title", b.title},
                         {"type", b.issue_type},
                         {"missing", missing},
                         {"warnings", lines}});
      text += fmt::format("{} [{}]: {}\n", b.id, b.issue_type, b.title);
      for (const std::string& line : lines) text += fmt::format("  ⚠ {}\n", line);
      text += "\n";
    }
    if (ctx.json)
      return ctx.PrintJson({{"total", warnings}, {"issues", issues}, {"results", results}});
    if (issues == 0) {
      std::cout << "✓ No template warnings found\n";
      return;
    }
    std::cout << fmt::format("Template warnings ({} issues, {} warnings):\n\n{}", issues, warnings,
                             text);
    ctx.exit_code = 1;
  });
}

}  // namespace gt::cli
