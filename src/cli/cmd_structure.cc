// bd defer/undefer, bd children, bd epic, bd duplicate, bd supersede.
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "core/bead_json.h"
#include "core/clock.h"
#include "ledger/annotations.h"
#include "ledger/ops.h"

namespace gt::cli {
namespace {

void AddDeferCommands(CLI::App& app, Context& ctx) {
  struct Opts {
    std::vector<std::string> ids;
    std::string until;
  };
  auto o = std::make_shared<Opts>();
  auto* defer = app.add_subcommand("defer", "Put beads on ice until a time (or until undeferred)");
  defer->add_option("ids", o->ids, "Bead ids");
  defer->add_option("--until", o->until,
                    "When to wake: +6h, +2d, +1w, tomorrow, \"next monday\", 2026-01-15");
  defer->footer(
      "Examples:\n  bd defer gt-a3f --until tomorrow\n  bd defer gt-a3f gt-b21 --until +2w\n  "
      "bd defer gt-a3f            (until `bd undefer`)\n\nA deferred bead leaves `bd ready`; when "
      "its time comes it is ready again.");
  defer->callback([o, &ctx] {
    if (o->ids.empty())
      return ctx.Fail(
          {ErrorKind::kInvalidArgument, "no issue ID provided", "bd defer ID [--until WHEN]"});
    std::string until;
    if (!o->until.empty()) {
      auto when = ParseWhen(o->until, DefaultClock().NowNanos());
      if (!when) return ctx.Fail(when.error());
      until = FormatTimestamp(*when);
    }
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto ids = ctx.ResolveAll(*ledger, o->ids);
    if (!ids) return ctx.Fail(ids.error());
    nlohmann::json out = nlohmann::json::array();
    for (const std::string& id : *ids) {
      auto bead = DeferBead(*ledger, id, until);
      if (!bead) return ctx.Fail(bead.error());
      out.push_back(BeadToJson(*bead));
      if (!ctx.json && !ctx.quiet)
        std::cout << (until.empty() ? fmt::format("❄ Deferred {}\n", id)
                                    : fmt::format("❄ Deferred {} until {}\n", id, until));
    }
    if (ctx.json) ctx.PrintJson(out);
  });

  auto ids = std::make_shared<std::vector<std::string>>();
  auto* undefer = app.add_subcommand("undefer", "Make deferred beads open (and ready) again");
  undefer->add_option("ids", *ids, "Bead ids");
  undefer->footer("Example:\n  bd undefer gt-a3f");
  undefer->callback([ids, &ctx] {
    if (ids->empty())
      return ctx.Fail({ErrorKind::kInvalidArgument, "no issue ID provided", "bd undefer ID"});
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto resolved = ctx.ResolveAll(*ledger, *ids);
    if (!resolved) return ctx.Fail(resolved.error());
    nlohmann::json out = nlohmann::json::array();
    for (const std::string& id : *resolved) {
      auto result = UndeferBead(*ledger, id);
      if (!result) return ctx.Fail(result.error());
      out.push_back(BeadToJson(result->first));
      if (ctx.json || ctx.quiet) continue;
      if (result->second)
        std::cout << fmt::format("✓ Undeferred {}\n", id);
      else
        std::cerr << fmt::format("{} is not deferred\n", id);
    }
    if (ctx.json) ctx.PrintJson(out);
  });
}

void AddChildrenCommand(CLI::App& app, Context& ctx) {
  auto id = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("children", "List the children of a bead (any status)");
  cmd->add_option("id", *id, "Parent bead id")->required();
  cmd->footer("Example:\n  bd children gt-epic --json");
  cmd->callback([id, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto parent = ctx.Resolve(*ledger, *id);
    if (!parent) return ctx.Fail(parent.error());
    auto children = ChildrenOf(ledger->db(), *parent);
    if (!children) return ctx.Fail(children.error());
    if (ctx.json) return ctx.PrintJson(BeadsToJson(*children));
    if (children->empty()) {
      std::cout << fmt::format("{} has no children\n", *parent);
      return;
    }
    std::cout << fmt::format("Children of {} ({}):\n", *parent, children->size());
    for (const Bead& b : *children) std::cout << "  " << BeadLine(ctx, b) << "\n";
  });
}

nlohmann::json ProgressToJson(const EpicProgress& p) {
  return {{"epic", BeadToJson(p.epic)},
          {"total_children", p.total_children},
          {"closed_children", p.closed_children},
          {"eligible_for_close", p.eligible_for_close}};
}

void AddEpicCommands(CLI::App& app, Context& ctx) {
  auto* epic = app.add_subcommand("epic", "Progress of epics; close the finished ones");
  epic->require_subcommand(1);
  epic->footer("Examples:\n  bd epic status\n  bd epic close-eligible --dry-run");

  struct StatusOpts {
    bool eligible_only = false, all = false;
  };
  auto s = std::make_shared<StatusOpts>();
  auto* status = epic->add_subcommand("status", "Show each epic's children closed / total");
  status->add_flag("--eligible-only", s->eligible_only, "Only epics whose children are all closed");
  status->add_flag("--all", s->all, "Closed epics too");
  status->footer("Example:\n  bd epic status --json");
  status->callback([s, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto epics = EpicsProgress(ledger->db(), s->all);
    if (!epics) return ctx.Fail(epics.error());
    nlohmann::json out = nlohmann::json::array();
    int shown = 0;
    for (const EpicProgress& p : *epics) {
      if (s->eligible_only && !p.eligible_for_close) continue;
      ++shown;
      if (ctx.json) {
        out.push_back(ProgressToJson(p));
        continue;
      }
      int percent = p.total_children ? int(100 * p.closed_children / p.total_children) : 0;
      std::cout << fmt::format("{} {} {}\n", StatusIcon(p.epic.status), p.epic.id, p.epic.title);
      std::cout << fmt::format("   Progress: {}/{} children closed ({}%){}\n", p.closed_children,
                               p.total_children, percent,
                               p.eligible_for_close ? " — ready to close" : "");
    }
    if (ctx.json) return ctx.PrintJson(out);
    if (shown == 0) std::cout << (s->eligible_only ? "No epics ready to close\n" : "No epics\n");
  });

  auto dry_run = std::make_shared<bool>(false);
  auto* close =
      epic->add_subcommand("close-eligible", "Close every epic whose children are closed");
  close->add_flag("--dry-run", *dry_run, "Only show which epics would be closed");
  close->footer("Example:\n  bd epic close-eligible --dry-run");
  close->callback([dry_run, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto epics = EpicsProgress(ledger->db(), false);
    if (!epics) return ctx.Fail(epics.error());
    std::vector<std::string> closed;
    for (const EpicProgress& p : *epics) {
      if (!p.eligible_for_close) continue;
      if (!*dry_run) {
        auto outcome = CloseBead(*ledger, p.epic.id, "All children closed", false);
        if (!outcome) return ctx.Fail(outcome.error());
      }
      closed.push_back(p.epic.id);
    }
    if (ctx.json)
      return ctx.PrintJson({{"closed", closed}, {"count", closed.size()}, {"dry_run", *dry_run}});
    if (closed.empty()) {
      std::cout << "No epics ready to close\n";
      return;
    }
    for (const std::string& id : closed)
      std::cout << fmt::format("{} {}\n", *dry_run ? "Would close" : "✓ Closed", id);
  });
}

void AddRetireCommands(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string id, other;
  };
  auto d = std::make_shared<Opts>();
  auto* dup = app.add_subcommand("duplicate", "Mark a bead as a duplicate of another and close it");
  dup->add_option("id", d->id, "The duplicate")->required();
  dup->add_option("--of", d->other, "The bead it duplicates")->required();
  dup->footer("Example:\n  bd duplicate gt-b21 --of gt-a3f");
  dup->callback([d, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto ids = ctx.ResolveAll(*ledger, {d->id, d->other});
    if (!ids) return ctx.Fail(ids.error());
    auto bead = MarkDuplicate(*ledger, (*ids)[0], (*ids)[1]);
    if (!bead) return ctx.Fail(bead.error());
    if (ctx.json)
      return ctx.PrintJson(
          {{"duplicate", (*ids)[0]}, {"canonical", (*ids)[1]}, {"issue", BeadToJson(*bead)}});
    if (!ctx.quiet)
      std::cout << fmt::format("✓ Marked {} as a duplicate of {} (closed)\n", (*ids)[0], (*ids)[1]);
  });

  auto s = std::make_shared<Opts>();
  auto* sup = app.add_subcommand("supersede", "Mark a bead as replaced by another and close it");
  sup->add_option("id", s->id, "The old bead")->required();
  sup->add_option("--with", s->other, "The bead that replaces it")->required();
  sup->footer("Example:\n  bd supersede gt-a3f --with gt-c77");
  sup->callback([s, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto ids = ctx.ResolveAll(*ledger, {s->id, s->other});
    if (!ids) return ctx.Fail(ids.error());
    auto bead = MarkSuperseded(*ledger, (*ids)[0], (*ids)[1]);
    if (!bead) return ctx.Fail(bead.error());
    if (ctx.json)
      return ctx.PrintJson(
          {{"superseded", (*ids)[0]}, {"replacement", (*ids)[1]}, {"issue", BeadToJson(*bead)}});
    if (!ctx.quiet)
      std::cout << fmt::format("✓ Marked {} as superseded by {} (closed)\n", (*ids)[0], (*ids)[1]);
  });
}

}  // namespace

void AddStructureCommands(CLI::App& app, Context& ctx) {
  AddDeferCommands(app, ctx);
  AddChildrenCommand(app, ctx);
  AddEpicCommands(app, ctx);
  AddRetireCommands(app, ctx);
}

}  // namespace gt::cli
