// bd status (alias stats), bd count.
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "core/clock.h"
#include "ledger/digest.h"
#include "ledger/stats.h"

namespace gt::cli {

void AddStatsCommands(CLI::App& app, Context& ctx) {
  auto no_activity = std::make_shared<bool>(false);
  auto digest = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("status", "Counts of beads by status, type and priority");
  cmd->alias("stats");
  cmd->add_flag("--no-activity", *no_activity, "Accepted for beads compatibility (no effect)");
  cmd->add_flag("--digest", *digest,
                "Print only a hash of the folded state: clones with the same events print the "
                "same digest");
  cmd->footer(
      "Examples:\n  bd status\n  bd stats --json\n  bd status --digest\n\nBlocked counts beads "
      "that are not closed "
      "and have status blocked or an open\nblocker; Ready to Work is what `bd ready` lists; "
      "lead time is created → closed.");
  cmd->callback([no_activity, digest, &ctx] {  // the capture keeps the flags' storage alive
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    if (*digest) {
      auto hash = StateDigest(ledger->db());
      if (!hash) return ctx.Fail(hash.error());
      if (ctx.json) return ctx.PrintJson({{"digest", *hash}});
      std::cout << *hash << "\n";
      return;
    }
    auto s = ComputeStats(ledger->db(), FormatTimestamp(DefaultClock().NowNanos()));
    if (!s) return ctx.Fail(s.error());
    if (ctx.json) {
      nlohmann::json by_priority = nlohmann::json::object();
      for (auto& [p, n] : s->by_priority) by_priority[std::to_string(p)] = n;
      ctx.PrintJson({{"summary",
                      {{"total_issues", s->total},
                       {"open_issues", s->open},
                       {"in_progress_issues", s->in_progress},
                       {"closed_issues", s->closed},
                       {"blocked_issues", s->blocked},
                       {"deferred_issues", s->deferred},
                       {"ready_issues", s->ready},
                       {"pinned_issues", s->pinned},
                       {"epics_eligible_for_closure", s->epics_eligible_for_closure},
                       {"average_lead_time_hours", s->average_lead_time_hours}}},
                     {"by_status", s->by_status},
                     {"by_type", s->by_type},
                     {"by_priority", by_priority}});
      return;
    }
    auto row = [](const char* label, const std::string& value) {
      return fmt::format("  {:<24}{}\n", label, value);
    };
    std::string out = "📊 Issue Database Status\n\nSummary:\n";
    out += row("Total Issues:", std::to_string(s->total));
    out += row("Open:", std::to_string(s->open));
    out += row("In Progress:", std::to_string(s->in_progress));
    out += row("Blocked:", std::to_string(s->blocked));
    out += row("Closed:", std::to_string(s->closed));
    out += row("Ready to Work:", std::to_string(s->ready));
    out += "\nExtended:\n";
    out += row("Deferred:", std::to_string(s->deferred));
    out += row("Pinned:", std::to_string(s->pinned));
    out += row("Epics Ready to Close:", std::to_string(s->epics_eligible_for_closure));
    out += row("Avg Lead Time:", s->closed ? fmt::format("{:.1f} hours", s->average_lead_time_hours)
                                           : std::string("n/a"));
    if (!s->by_type.empty()) {
      out += "\nBy Type:\n";
      for (auto& [type, n] : s->by_type) out += row((type + ":").c_str(), std::to_string(n));
      out += "\nBy Priority:\n";
      for (auto& [p, n] : s->by_priority)
        out += row(fmt::format("P{}:", p).c_str(), std::to_string(n));
    }
    std::cout << out;
  });
}

}  // namespace gt::cli
