// bd create.
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "core/bead_json.h"
#include "core/clock.h"
#include "ledger/ops.h"

namespace gt::cli {

void AddCreateCommand(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string title, title_flag, type = "task", priority = "2", description, design, acceptance,
                                   notes, assignee, parent, id, external_ref, defer;
    std::vector<std::string> labels, deps;  // each may repeat and hold a comma list
    std::optional<int64_t> estimate;
    bool silent = false, force = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("create", "Create a bead (an issue)");
  cmd->alias("new");
  cmd->add_option("title", o->title, "Title");
  cmd->add_option("--title", o->title_flag, "Title (instead of the positional one)");
  cmd->add_option("-t,--type", o->type,
                  "bug, feature, task, epic, chore, decision, spike, story, milestone");
  cmd->add_option("-p,--priority", o->priority, "0 (highest) to 4, or P0-P4 (default 2)");
  cmd->add_option("-d,--description,--body", o->description, "Description");
  cmd->add_option("--design", o->design, "Design notes");
  cmd->add_option("--acceptance", o->acceptance, "Acceptance criteria");
  cmd->add_option("--notes", o->notes, "Notes");
  cmd->add_option("-a,--assignee", o->assignee, "Assignee");
  cmd->add_option("-l,--labels", o->labels, "Comma-separated labels (may repeat)");
  cmd->add_option("--parent", o->parent, "Parent bead: the new one becomes PARENT.N");
  cmd->add_option("--deps", o->deps,
                  "Comma-separated KIND:ID (blocks:X = X waits for the new bead; ID alone, "
                  "blocked-by:ID or depends-on:ID = the new bead waits for ID)");
  cmd->add_option("--id", o->id, "Use this id instead of a generated one");
  cmd->add_option("--external-ref", o->external_ref, "Reference elsewhere, e.g. gh-9");
  cmd->add_option("-e,--estimate", o->estimate, "Estimate in minutes");
  cmd->add_option("--defer", o->defer, "Defer until (2026-12-01, +2d, tomorrow)");
  cmd->add_flag("--silent", o->silent, "Print only the new id");
  cmd->add_flag("--force", o->force, "With --id: accept an id whose prefix is not the ledger's");
  cmd->footer(
      "Examples:\n"
      "  bd create \"Fix login timeout\" -t bug -p 1 -d \"Steps: …\"\n"
      "  bd create \"Write tests\" --parent gt-a3f --deps blocked-by:gt-b21\n"
      "  bd create \"Ship it\" --acceptance \"CI green\" -l release,urgent --json");
  cmd->callback([o, &ctx] {
    CreateRequest r;
    r.title = o->title_flag.empty() ? o->title : o->title_flag;
    if (r.title.empty())
      return ctx.Fail({ErrorKind::kInvalidArgument, "title required",
                       "bd create \"Title\" [-t type] [-p priority]"});
    auto type = NormalizeIssueType(o->type);
    if (!type) return ctx.Fail(type.error());
    auto priority = ParsePriority(o->priority);
    if (!priority) return ctx.Fail(priority.error());
    r.issue_type = *type;
    r.priority = *priority;
    r.description = o->description;
    r.design = o->design;
    r.acceptance_criteria = o->acceptance;
    r.notes = o->notes;
    r.assignee = o->assignee;
    for (const std::string& value : o->labels)
      for (std::string& label : SplitList(value)) r.labels.push_back(std::move(label));
    r.explicit_id = o->id;
    r.force = o->force;
    r.external_ref = o->external_ref;
    r.estimated_minutes = o->estimate;
    if (!o->defer.empty()) {
      auto when = ParseWhen(o->defer, DefaultClock().NowNanos());
      if (!when) return ctx.Fail(when.error());
      r.defer_until = FormatTimestamp(*when);
    }
    if (auto st = ValidateTitle(r.title); !st) return ctx.Fail(st.error());
    std::vector<std::string> dep_items;
    for (const std::string& value : o->deps)
      for (std::string& item : SplitList(value)) dep_items.push_back(std::move(item));
    for (const std::string& item : dep_items) {
      size_t colon = item.find(':');
      std::string kind = colon == std::string::npos ? "blocks" : item.substr(0, colon);
      std::string target = colon == std::string::npos ? item : item.substr(colon + 1);
      if (kind == "blocked-by" || kind == "depends-on") kind = "blocks";
      bool reverse = colon != std::string::npos && item.substr(0, colon) == "blocks";
      if (!IsKnownDepType(kind) || target.empty())
        return ctx.Fail({ErrorKind::kInvalidArgument,
                         fmt::format("invalid dependency \"{}\" in --deps", item),
                         "use KIND:ID with a known kind (blocks, blocked-by, related, "
                         "discovered-from, parent-child, waits-for, …)"});
      r.deps.push_back({kind, target, reverse});
    }

    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    if (!o->parent.empty()) {
      auto parent = ctx.Resolve(*ledger, o->parent);
      if (!parent)
        return ctx.Fail({ErrorKind::kNotFound, fmt::format("parent issue {} not found", o->parent),
                         "check the id with `bd list`"});
      r.parent = *parent;
      if (!o->id.empty())
        return ctx.Fail({ErrorKind::kInvalidArgument, "--id and --parent cannot be used together"});
    }
    for (auto& dep : r.deps) {
      auto id = ctx.Resolve(*ledger, dep.id);
      if (!id) return ctx.Fail(id.error());
      dep.id = *id;
    }
    r.owner = ctx.Owner();
    auto bead = CreateBead(*ledger, r);
    if (!bead) return ctx.Fail(bead.error());
    if (ctx.json) return ctx.PrintJson(BeadToJson(*bead));
    if (o->silent || ctx.quiet) {
      std::cout << bead->id << "\n";
      return;
    }
    std::cout << fmt::format("✓ Created issue: {} — {}\n  Priority: P{}\n  Status: {}\n", bead->id,
                             bead->title, bead->priority, bead->status);
  });
}

}  // namespace gt::cli
