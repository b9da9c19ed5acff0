// bd update, bd close, bd reopen.
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "core/bead_json.h"
#include "core/clock.h"
#include "ledger/checks.h"
#include "ledger/ops.h"
#include "ledger/queries.h"

namespace gt::cli {
namespace {

/// The one-line error of a failed check.
Error CheckFailure(const std::string& id, const CheckRun& run) {
  std::string what = run.timed_out       ? "timed out"
                     : run.exit_code < 0 ? "could not run"
                                         : fmt::format("exited {}", run.exit_code);
  return {ErrorKind::kConflict,
          fmt::format("cannot close {}: check {} {}", id, nlohmann::json(run.argv).dump(), what),
          "fix it and close again, or close with --force (recorded)"};
}

/// The check's output, indented, for stderr.
std::string IndentedOutput(const std::string& output) {
  std::string out;
  size_t start = 0;
  while (start < output.size()) {
    size_t end = output.find('\n', start);
    if (end == std::string::npos) end = output.size();
    out += "  | " + output.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

void PrintCheckFailure(Context& ctx, const Error& error, const CheckRun& run) {
  ctx.exit_code = 1;
  ctx.PrintJson({{"error", error.message}, {"hint", error.hint}, {"check", CheckRunData(run)}});
}

}  // namespace

void AddUpdateCommand(CLI::App& app, Context& ctx) {
  struct Opts {
    std::vector<std::string> ids;
    std::optional<std::string> status, priority, title, description, assignee, type, design,
        acceptance, notes, append_notes, external_ref, defer;
    std::optional<int64_t> estimate;
    std::vector<std::string> add_labels, remove_labels;
    bool claim = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("update", "Change fields of beads, or claim one");
  cmd->add_option("ids", o->ids, "Bead ids");
  cmd->add_option("-s,--status", o->status,
                  "open, in_progress, blocked, deferred, closed, pinned, hooked");
  cmd->add_option("-p,--priority", o->priority, "0-4 or P0-P4");
  cmd->add_option("--title", o->title, "New title");
  cmd->add_option("-d,--description", o->description, "New description");
  cmd->add_option("-a,--assignee", o->assignee, "New assignee (\"\" to clear)");
  cmd->add_option("-t,--type", o->type, "New type");
  cmd->add_option("--design", o->design, "New design notes");
  cmd->add_option("--acceptance", o->acceptance, "New acceptance criteria");
  cmd->add_option("--notes", o->notes, "New notes");
  cmd->add_option("--append-notes", o->append_notes, "Add a line to the notes");
  cmd->add_option("--add-label", o->add_labels, "Add a label (may repeat, or a comma list)");
  cmd->add_option("--remove-label", o->remove_labels,
                  "Remove a label (may repeat, or a comma list)");
  cmd->add_option("--external-ref", o->external_ref, "New external reference");
  cmd->add_option("-e,--estimate", o->estimate, "Estimate in minutes");
  cmd->add_option("--defer", o->defer, "Defer until (\"\" to clear)");
  cmd->add_flag("--claim", o->claim,
                "Atomically take the bead: assignee := you, status := in_progress; fails if "
                "someone else holds it");
  cmd->footer(
      "Examples:\n  bd update gt-a3f --claim\n  bd update gt-a3f -p 0 --notes "
      "\"Customer-facing\"\n  bd update gt-a3f gt-b21 --status blocked --json");
  cmd->callback([o, &ctx] {
    if (o->ids.empty())
      return ctx.Fail({ErrorKind::kInvalidArgument, "at least one issue ID is required",
                       "bd update ID [--status S] [--claim] …"});
    UpdateRequest r;
    r.status = o->status;
    r.title = o->title;
    r.description = o->description;
    r.assignee = o->assignee;
    r.design = o->design;
    r.acceptance_criteria = o->acceptance;
    r.notes = o->notes;
    r.external_ref = o->external_ref;
    r.estimated_minutes = o->estimate;
    if (o->priority)
      if (auto st = ParseOptionalPriority(*o->priority, &r.priority); !st)
        return ctx.Fail(st.error());
    if (o->type) {
      r.issue_type.emplace();
      if (auto st = ParseOptionalType(*o->type, &*r.issue_type); !st) return ctx.Fail(st.error());
    }
    if (o->status)
      if (auto st = ValidateStatus(*o->status); !st) return ctx.Fail(st.error());
    if (o->title)
      if (auto st = ValidateTitle(*o->title); !st)
        return ctx.Fail(o->title->size() > 500
                            ? st.error()
                            : Error{ErrorKind::kInvalidArgument, "title cannot be empty"});
    if (o->defer) {
      if (o->defer->empty()) {
        r.defer_until = "";
      } else {
        auto when = ParseWhen(*o->defer, DefaultClock().NowNanos());
        if (!when) return ctx.Fail(when.error());
        r.defer_until = FormatTimestamp(*when);
      }
    }
    if (o->notes && o->append_notes)
      return ctx.Fail({ErrorKind::kInvalidArgument,
                       "cannot specify both --notes and --append-notes", "use one of them"});
    std::vector<std::string> add_labels, remove_labels;
    for (const std::string& v : o->add_labels)
      for (std::string& l : SplitList(v)) add_labels.push_back(std::move(l));
    for (const std::string& v : o->remove_labels)
      for (std::string& l : SplitList(v)) remove_labels.push_back(std::move(l));
    for (const auto* list : {&add_labels, &remove_labels})
      for (const std::string& l : *list)
        if (auto st = ValidateLabel(l); !st) return ctx.Fail(st.error());
    bool labels = !add_labels.empty() || !remove_labels.empty();
    if (r.empty() && !o->claim && !o->append_notes && !labels) {
      if (ctx.json) return ctx.PrintJson(nlohmann::json::array());
      std::cout << "No updates specified\n";
      return;
    }
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto ids = ctx.ResolveAll(*ledger, o->ids);
    if (!ids) return ctx.Fail(ids.error());
    nlohmann::json out = nlohmann::json::array();
    int updated = 0;
    Error last_error;
    for (const std::string& id : *ids) {
      Result<Bead> bead = Fail(ErrorKind::kInvalidArgument, "");
      UpdateRequest request = r;
      if (o->append_notes) {
        auto current = LoadBead(ledger->db(), id);
        if (!current) return ctx.Fail(current.error());
        request.notes =
            current->notes.empty() ? *o->append_notes : current->notes + "\n" + *o->append_notes;
      }
      if (o->claim) {
        bead = ClaimBead(*ledger, id);
        if (bead && !request.empty()) bead = UpdateBead(*ledger, id, request);
      } else {
        bead = UpdateBead(*ledger, id, request);
      }
      for (const std::string& l : add_labels)
        if (bead)
          bead =
              AddLabel(*ledger, id, l).and_then([&](bool) { return LoadBead(ledger->db(), id); });
      for (const std::string& l : remove_labels)
        if (bead)
          bead = RemoveLabel(*ledger, id, l).and_then([&](bool) {
            return LoadBead(ledger->db(), id);
          });
      if (!bead) {
        // Per-bead refusals are reported and the rest go on, as in beads.
        if (ids->size() == 1) return ctx.Fail(bead.error());
        std::cerr << fmt::format("Error updating {}: {}\n", id, bead.error().message);
        last_error = bead.error();
        continue;
      }
      ++updated;
      if (ctx.json)
        out.push_back(BeadToJson(*bead));
      else if (!ctx.quiet)
        std::cout << fmt::format("✓ {} issue: {} — {}\n", o->claim ? "Claimed" : "Updated",
                                 bead->id, bead->title);
    }
    // As beads: a partial success exits 0; nothing done is an error.
    if (updated == 0) {  // each failure is on stderr already; JSON gets the last
      ctx.exit_code = 1;
      if (ctx.json) ctx.Fail(last_error);
      return;
    }
    if (ctx.json) ctx.PrintJson(out);
  });
}

void AddCloseCommands(CLI::App& app, Context& ctx) {
  struct Opts {
    std::vector<std::string> ids;
    std::string reason;
    bool force = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("close", "Close beads (done)");
  cmd->alias("done");
  cmd->add_option("ids", o->ids, "Bead ids");
  cmd->add_option("-r,--reason", o->reason, "Why it is closed (default \"Closed\")");
  cmd->add_flag("-f,--force", o->force,
                "Close even with open children, open blockers or a failing check (recorded)");
  cmd->footer(
      "Examples:\n  bd close gt-a3f --reason \"Fixed in abc123\"\n  bd close gt-epic --force\n\n"
      "A molecule step with a check runs it first (an argument vector, in the\nmolecule's "
      "directory, with a timeout) and records the result as a check.run\nevent; a failing check "
      "refuses the close and shows its output, unless --force.\nA closed bead stays closed: "
      "closing it again runs nothing.");
  cmd->callback([o, &ctx] {
    if (o->ids.empty())
      return ctx.Fail(
          {ErrorKind::kInvalidArgument, "no issue ID provided", "bd close ID [--reason R]"});
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto ids = ctx.ResolveAll(*ledger, o->ids);
    if (!ids) return ctx.Fail(ids.error());
    nlohmann::json out = nlohmann::json::array();
    int closed = 0;
    Error last_error;
    bool check_failed = false;
    for (const std::string& id : *ids) {
      auto step = CloseStep(*ledger, id, o->reason, o->force);
      if (!step) {
        if (ids->size() == 1) return ctx.Fail(step.error());
        std::cerr << fmt::format("Error closing {}: {}\n", id, step.error().message);
        last_error = step.error();
        continue;
      }
      if (step->refused) {  // the check failed: its output says why
        check_failed = true;
        last_error = CheckFailure(id, *step->run);
        if (ids->size() == 1 && ctx.json) return PrintCheckFailure(ctx, last_error, *step->run);
        std::cerr << fmt::format("Error: {} ({})\n", last_error.message, last_error.hint);
        std::cerr << IndentedOutput(step->run->output);
        continue;
      }
      auto outcome = std::optional<CloseOutcome>(std::move(step->outcome));
      if (step->run && !ctx.json && !ctx.quiet)
        std::cout << fmt::format("{} Check {} {}\n", step->run->passed() ? "✓" : "✗",
                                 nlohmann::json(step->run->argv).dump(),
                                 step->run->passed() ? "passed"
                                                     : fmt::format("failed (exit {}); closed "
                                                                   "with --force",
                                                                   step->run->exit_code));
      ++closed;
      if (ctx.json) {
        out.push_back(BeadToJson(outcome->bead));
      } else if (outcome->already_closed) {
        std::cerr << fmt::format("{} is already closed\n", id);
      } else if (!ctx.quiet) {
        std::cout << fmt::format("✓ Closed {}: {}\n", id, outcome->bead.close_reason);
      }
    }
    if (closed == 0) {  // each failure is on stderr already; JSON gets the last
      ctx.exit_code = 1;
      if (ctx.json) ctx.Fail(last_error);
      return;
    }
    if (check_failed) ctx.exit_code = 1;
    if (ctx.json) ctx.PrintJson(out);
  });

  struct ReopenOpts {
    std::vector<std::string> ids;
    std::string reason;
  };
  auto r = std::make_shared<ReopenOpts>();
  auto* reopen = app.add_subcommand("reopen", "Reopen closed beads");
  reopen->add_option("ids", r->ids, "Bead ids");
  reopen->add_option("-r,--reason", r->reason, "Why (kept as a comment)");
  reopen->footer("Example:\n  bd reopen gt-a3f --reason \"Regressed in 2.1\"");
  reopen->callback([r, &ctx] {
    if (r->ids.empty())
      return ctx.Fail({ErrorKind::kInvalidArgument, "no issue ID provided", "bd reopen ID"});
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto ids = ctx.ResolveAll(*ledger, r->ids);
    if (!ids) return ctx.Fail(ids.error());
    nlohmann::json out = nlohmann::json::array();
    for (const std::string& id : *ids) {
      auto outcome = ReopenBead(*ledger, id, r->reason);
      if (!outcome) return ctx.Fail(outcome.error());
      if (ctx.json) {
        out.push_back(BeadToJson(outcome->bead));
      } else if (outcome->already_open) {
        std::cerr << fmt::format("{} is already open\n", id);
      } else if (!ctx.quiet) {
        std::cout << fmt::format("↻ Reopened {}{}\n", id,
                                 r->reason.empty() ? "" : ": " + r->reason);
      }
    }
    if (ctx.json) ctx.PrintJson(out);
  });
}

}  // namespace gt::cli
