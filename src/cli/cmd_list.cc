// bd list, bd ready, bd blocked.
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "core/bead_json.h"
#include "core/clock.h"
#include "ledger/queries.h"

namespace gt::cli {
namespace {

Status CheckSort(const std::string& sort, std::initializer_list<const char*> allowed) {
  for (const char* s : allowed)
    if (sort == s) return {};
  std::vector<std::string> names(allowed.begin(), allowed.end());
  return gt::Fail(ErrorKind::kInvalidArgument,
                  fmt::format("invalid sort '{}'. Valid values: {}", sort, Join(names, ", ")));
}

}  // namespace

void AddListCommand(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string status, priority, type, assignee, labels, parent, sort = "priority", format;
    bool all = false, reverse = false, unassigned = false;
    int limit = 50;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("list", "List beads (open ones by default)");
  cmd->add_option("-s,--status", o->status,
                  "Comma-separated statuses (open, in_progress, blocked, deferred, closed, …)");
  cmd->add_option("-p,--priority", o->priority, "Only this priority (0-4 or P0-P4)");
  cmd->add_option("-t,--type", o->type, "Only this type");
  cmd->add_option("-a,--assignee", o->assignee, "Only this assignee");
  cmd->add_flag("--no-assignee", o->unassigned, "Only unassigned beads");
  cmd->add_option("-l,--label", o->labels, "Comma-separated labels (all must match)");
  cmd->add_option("--parent", o->parent, "Only direct children of this bead");
  cmd->add_flag("--all", o->all, "Include closed beads");
  cmd->add_option("--sort", o->sort, "priority (default), created, updated, id, title, status");
  cmd->add_flag("-r,--reverse", o->reverse, "Reverse the order");
  cmd->add_option("-n,--limit", o->limit, "At most this many (default 50, 0 = all)");
  cmd->add_option("--format", o->format, "A line template, e.g. '{{.ID}} {{.Title}}' or '{id}'");
  cmd->footer(
      "Examples:\n  bd list\n  bd list --status open,in_progress -p 1 --json\n  bd list --all "
      "--sort created -n 0\n  bd list --format '{{.ID}}\\t{{.Status}}\\t{{.Title}}'");
  cmd->callback([o, &ctx] {
    ListFilter f;
    f.statuses = SplitList(o->status);
    for (const auto& s : f.statuses)
      if (auto st = ValidateStatus(s); !st) return ctx.Fail(st.error());
    if (auto st = ParseOptionalPriority(o->priority, &f.priority); !st) return ctx.Fail(st.error());
    if (auto st = ParseOptionalType(o->type, &f.issue_type); !st) return ctx.Fail(st.error());
    if (o->limit < 0) return ctx.Fail({ErrorKind::kInvalidArgument, "--limit must be 0 or more"});
    if (auto st = CheckSort(o->sort, {"priority", "created", "updated", "id", "title", "status"});
        !st)
      return ctx.Fail(st.error());
    if (!o->format.empty())
      if (auto st = CheckLineFormat(o->format); !st) return ctx.Fail(st.error());
    f.all = o->all;
    f.assignee = o->assignee;
    f.unassigned = o->unassigned;
    f.labels = SplitList(o->labels);
    f.sort = o->sort;
    f.reverse = o->reverse;
    f.limit = o->limit > 0 ? o->limit + 1 : 0;  // one more, to know if the list was cut
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    if (!o->parent.empty()) {
      auto parent = ctx.Resolve(*ledger, o->parent);
      if (!parent) return ctx.Fail(parent.error());
      f.parent = *parent;
    }
    auto beads = ListBeads(ledger->db(), f);
    if (!beads) return ctx.Fail(beads.error());
    bool cut = o->limit > 0 && int(beads->size()) > o->limit;
    if (cut) beads->resize(size_t(o->limit));
    if (ctx.json) return ctx.PrintJson(BeadsToJson(*beads));
    if (!o->format.empty()) {
      for (const Bead& b : *beads) std::cout << FormatLine(o->format, b) << "\n";
      return;
    }
    if (beads->empty()) {
      std::cout << "No issues found.\n";
      return;
    }
    for (const Bead& b : *beads) std::cout << BeadLine(ctx, b) << "\n";
    if (cut) std::cerr << fmt::format("(showing the first {}; use --limit 0 for all)\n", o->limit);
  });
}

void AddReadyCommands(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string assignee, priority, type, labels, sort = "priority", format;
    bool unassigned = false, include_wisps = false;
    int limit = 100;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd =
      app.add_subcommand("ready", "Beads ready to work on: open, not deferred, no open blockers");
  cmd->add_option("-n,--limit", o->limit, "At most this many (default 100, 0 = all)");
  cmd->add_option("-a,--assignee", o->assignee, "Only beads assigned to this actor");
  cmd->add_flag("-u,--unassigned", o->unassigned, "Only unassigned beads");
  cmd->add_option("-p,--priority", o->priority, "Only this priority");
  cmd->add_option("-t,--type", o->type, "Only this type (also shows gates, molecules, …)");
  cmd->add_option("-l,--label", o->labels, "Comma-separated labels (all must match)");
  cmd->add_option("-s,--sort", o->sort, "priority (default) or oldest");
  cmd->add_option("--format", o->format, "A line template, e.g. '{{.ID}} {{.Title}}'");
  cmd->add_flag("--include-ephemeral", o->include_wisps, "Also wisps' steps (see bd mol wisp)");
  cmd->footer(
      "Examples:\n  bd ready\n  bd ready --json -n 5\n  bd ready --unassigned -p 0\n\nOrder: "
      "priority, then newest first (as beads); --sort oldest for oldest first.");
  cmd->callback([o, &ctx] {
    ReadyFilter f;
    if (o->limit < 0) return ctx.Fail({ErrorKind::kInvalidArgument, "--limit must be 0 or more"});
    if (!o->sort.empty() && o->sort != "priority" && o->sort != "oldest")
      return ctx.Fail(
          {ErrorKind::kInvalidArgument,
           fmt::format("invalid sort policy '{}'. Valid values: priority, oldest", o->sort)});
    if (auto st = ParseOptionalPriority(o->priority, &f.priority); !st) return ctx.Fail(st.error());
    if (auto st = ParseOptionalType(o->type, &f.issue_type); !st) return ctx.Fail(st.error());
    if (!o->format.empty())
      if (auto st = CheckLineFormat(o->format); !st) return ctx.Fail(st.error());
    f.limit = o->limit;
    f.assignee = o->assignee;
    f.unassigned = o->unassigned;
    f.include_wisps = o->include_wisps;
    f.labels = SplitList(o->labels);
    f.sort = o->sort;
    f.now = FormatTimestamp(DefaultClock().NowNanos());
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    OpenDueGatesQuietly(*ledger);
    int64_t total = 0;
    auto beads = ReadyBeads(ledger->db(), f, ctx.json ? nullptr : &total);
    if (!beads) return ctx.Fail(beads.error());
    if (ctx.json) return ctx.PrintJson(BeadsToJson(*beads));
    if (!o->format.empty()) {
      for (const Bead& b : *beads) std::cout << FormatLine(o->format, b) << "\n";
      return;
    }
    if (beads->empty()) {
      ListFilter open;
      open.limit = 1;
      auto any = ListBeads(ledger->db(), open);
      std::cout << (any && !any->empty()
                        ? "✨ No ready work found (all issues have blocking dependencies)\n"
                        : "✨ No open issues\n");
      return;
    }
    std::cout << fmt::format("📋 Ready work ({} issues with no active blockers):\n\n",
                             beads->size());
    int n = 0;
    for (const Bead& b : *beads) {
      std::cout << fmt::format("{}. {} [{}] {}: {}", ++n, PriorityTag(ctx, b.priority),
                               b.issue_type, b.id, b.title);
      if (!b.assignee.empty()) std::cout << fmt::format(" (@{})", b.assignee);
      std::cout << "\n";
    }
    if (total > int64_t(beads->size()))
      std::cerr << fmt::format("\nShowing {} of {} ready issues. Use --limit 0 for all.\n",
                               beads->size(), total);
  });

  auto* blocked = app.add_subcommand("blocked", "Beads waiting on open dependencies, and on what");
  blocked->footer("Example:\n  bd blocked --json");
  blocked->callback([&ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto beads = BlockedBeads(ledger->db());
    if (!beads) return ctx.Fail(beads.error());
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const BlockedBead& b : *beads) {
        nlohmann::json j = BeadToJson(b.bead);
        j["blocked_by_count"] = b.blocked_by.size();
        j["blocked_by"] = b.blocked_by;
        out.push_back(j);
      }
      return ctx.PrintJson(out);
    }
    if (beads->empty()) {
      std::cout << "✨ No blocked issues\n";
      return;
    }
    std::cout << fmt::format("🚫 Blocked issues ({}):\n\n", beads->size());
    for (const BlockedBead& b : *beads) {
      std::cout << fmt::format("{} {}: {}\n", PriorityTag(ctx, b.bead.priority), b.bead.id,
                               b.bead.title);
      if (b.blocked_by.empty())
        std::cout << "  Blocked through its parent\n";
      else
        std::cout << fmt::format("  Blocked by {} open dependencies: [{}]\n", b.blocked_by.size(),
                                 Join(b.blocked_by, ", "));
    }
  });
}

}  // namespace gt::cli
