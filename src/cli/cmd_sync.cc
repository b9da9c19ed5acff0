// bd sync.
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "ledger/queries.h"
#include "ledger/sync.h"

namespace gt::cli {
namespace {

struct LostClaim {
  std::string id;
  std::string winner;  // "" when nobody holds it now
};

/// Beads this actor holds (in progress, assigned to them).
std::vector<std::string> HeldBeads(Ledger& ledger, const std::string& actor) {
  ListFilter filter;
  filter.statuses = {"in_progress"};
  filter.assignee = actor;
  filter.limit = 0;
  std::vector<std::string> ids;
  if (auto beads = ListBeads(ledger.db(), filter))
    for (const Bead& b : *beads) ids.push_back(b.id);
  return ids;
}

nlohmann::json ForkToJson(const ChainFork& f) {
  return {{"keyid", f.keyid},          {"seq", f.seq},
          {"kept_file", f.kept_file},  {"fork_file", f.fork_file},
          {"kept_event", f.kept_line}, {"forked_event", f.forked_line}};
}

}  // namespace

void AddSyncCommand(CLI::App& app, Context& ctx) {
  struct Opts {
    bool no_push = false, dry_run = false, rebase = false, accept_rewrite = false;
    std::string message;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "sync", "Commit the ledger's files, pull other clones' events, push yours");
  cmd->add_flag("--no-push", o->no_push, "Commit and pull, but do not push");
  cmd->add_flag("--dry-run", o->dry_run,
                "Fetch and show what would come in and go out; change nothing");
  cmd->add_flag("--rebase", o->rebase, "Rebase local commits instead of merging");
  cmd->add_option("-m,--message", o->message, "Commit message");
  cmd->add_flag("--accept-rewrite", o->accept_rewrite,
                "Merge even though the remote's history was rewritten (force-pushed)");
  cmd->footer(
      "Examples:\n  bd sync\n  bd sync --no-push\n  bd sync --dry-run --json\n\nOnly the "
      "ledger's files (.beads/log, members.jsonl, config.toml, …) are\ncommitted. Every writer "
      "appends to its own chain file, so merges never\nconflict; if one key wrote two different "
      "chains in two clones, both are\nkept and reported (see `bd verify`). Safe to run at any "
      "time, by any\nnumber of workers.");
  cmd->callback([o, &ctx] {
    auto dir = ctx.BeadsDir();
    if (!dir) return ctx.Fail(dir.error());
    std::string actor = ctx.Actor();
    std::vector<std::string> held;
    {
      auto ledger = ctx.Open();
      if (!ledger) return ctx.Fail(ledger.error());
      held = HeldBeads(*ledger, actor);
    }
    SyncOptions options;
    options.push = !o->no_push;
    options.dry_run = o->dry_run;
    options.rebase = o->rebase;
    options.message = o->message;
    options.accept_rewrite = o->accept_rewrite;
    auto report = SyncLedger(*dir, options);
    if (!report) return ctx.Fail(report.error());

    auto ledger = ctx.Open(/*warn=*/report->forks.empty());
    if (!ledger) return ctx.Fail(ledger.error());
    if (!report->forks.empty()) {  // a chain was replaced by its sibling: fold afresh
      if (auto rebuilt = ledger->index().Rebuild(); !rebuilt) return ctx.Fail(rebuilt.error());
    }
    std::vector<LostClaim> lost;
    for (const std::string& id : held) {
      auto bead = LoadBead(ledger->db(), id);
      if (!bead) continue;
      if (bead->assignee != actor) lost.push_back({id, bead->assignee});
    }

    if (ctx.json) {
      nlohmann::json forks = nlohmann::json::array(), claims = nlohmann::json::array();
      for (const ChainFork& f : report->forks) forks.push_back(ForkToJson(f));
      for (const LostClaim& l : lost) claims.push_back({{"id", l.id}, {"winner", l.winner}});
      nlohmann::json out = {{"branch", report->branch},
                            {"remote", report->remote},
                            {"remote_branch", report->remote_branch},
                            {"committed", report->committed},
                            {"events_committed", report->events_committed},
                            {"pulled", report->pulled},
                            {"events_in", report->events_in},
                            {"pushed", report->pushed},
                            {"events_out", report->events_out},
                            {"dry_run", report->dry_run},
                            {"lost_claims", claims},
                            {"forks", forks},
                            {"notes", report->notes}};
      if (report->dry_run) out["uncommitted_events"] = report->uncommitted_events;
      return ctx.PrintJson(out);
    }
    std::string where =
        report->remote.empty() ? "" : fmt::format("{}/{}", report->remote, report->remote_branch);
    if (report->dry_run) {
      std::cout << fmt::format("Dry run (nothing changed):\n  {} local event(s) to commit\n",
                               report->uncommitted_events);
      if (!where.empty())
        std::cout << fmt::format("  {} event(s) to pull from {}\n  {} event(s) to push\n",
                                 report->events_in, where, report->events_out);
    } else if (!ctx.quiet) {
      if (report->committed)
        std::cout << fmt::format("✓ Committed {} local event(s)\n", report->events_committed);
      if (!where.empty()) {
        std::cout << fmt::format("↓ Pulled {} event(s) from {}\n", report->events_in, where);
        if (options.push)
          std::cout << fmt::format("↑ Pushed {} event(s) to {}\n", report->events_out, where);
      }
    }
    if (!ctx.quiet)
      for (const std::string& note : report->notes) std::cout << "ℹ " << note << "\n";
    for (const LostClaim& l : lost)
      std::cout << fmt::format(
          "✗ You lost the claim on {} to {}: their claim comes first in fold order. Your "
          "commits and notes are untouched; pick other work with `bd ready`.\n",
          l.id, l.winner.empty() ? "nobody (it was released)" : l.winner);
    for (const ChainFork& f : report->forks)
      std::cout << fmt::format(
          "⚠ Equivocation: key {} wrote two different events with seq {}. Both are kept: {} "
          "(applied) and {} (not applied). See `bd verify`.\n",
          f.keyid, f.seq, f.kept_file, f.fork_file);
  });
}

}  // namespace gt::cli
