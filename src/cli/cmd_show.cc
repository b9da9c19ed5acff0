// bd show, bd history.
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "core/bead_json.h"
#include "ledger/annotations.h"
#include "ledger/checks.h"
#include "ledger/gates.h"
#include "ledger/queries.h"

namespace gt::cli {
namespace {

void PrintSection(const char* heading, const std::string& text) {
  if (text.empty()) return;
  std::cout << "\n" << heading << "\n" << text << "\n";
}

std::string Day(const std::string& ts) {
  return ts.substr(0, 10);
}

/// A step's check and its last run, for `bd show` (JSON null when none).
Result<nlohmann::json> CheckJson(Ledger& ledger, const std::string& id) {
  auto spec = LoadCheck(ledger.db(), id);
  if (!spec) return tl::unexpected(spec.error());
  if (!*spec) return nlohmann::json();
  nlohmann::json j = {
      {"argv", (*spec)->argv}, {"workdir", (*spec)->workdir}, {"timeout_ms", (*spec)->timeout_ms}};
  auto last = LastCheckRun(ledger.db(), ledger.index().log_dir(), id);
  if (!last) return tl::unexpected(last.error());
  if (*last) {
    j["last_run"] = CheckRunData(**last);
    j["last_run"]["actor"] = (*last)->actor;
    j["last_run"]["ts"] = (*last)->ts;
  }
  return j;
}

void PrintCheck(const nlohmann::json& check) {
  if (check.is_null()) return;
  std::cout << "\nCHECK\n  " << check["argv"].dump() << " in "
            << (check["workdir"].get<std::string>().empty() ? "."
                                                            : check["workdir"].get<std::string>())
            << "\n";
  if (!check.contains("last_run")) {
    std::cout << "  not run yet\n";
    return;
  }
  const nlohmann::json& r = check["last_run"];
  std::cout << fmt::format(
      "  last run: {} by {} at {} ({} ms){}\n",
      r["passed"].get<bool>() ? std::string("passed")
                              : fmt::format("failed, exit {}", r["exit_code"].get<int>()),
      r["actor"].get<std::string>(), r["ts"].get<std::string>(), r["duration_ms"].get<int64_t>(),
      r.value("forced", false) ? ", closed with --force" : "");
}

}  // namespace

void AddShowCommand(CLI::App& app, Context& ctx) {
  struct Opts {
    std::vector<std::string> ids;
    bool dependents = false;
    bool comments = false;
    bool short_form = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("show", "Show beads in full: fields, dependencies, dependents");
  cmd->alias("view");
  cmd->add_option("ids", o->ids, "Bead ids (full, or a unique part)");
  cmd->add_flag("--include-dependents", o->dependents,
                "JSON: also list the beads that depend on it");
  cmd->add_flag("--include-comments", o->comments, "JSON: also list the bead's comments");
  cmd->add_flag("--short", o->short_form, "One line per bead");
  cmd->footer("Examples:\n  bd show gt-a3f\n  bd show a3f b21 --json");
  cmd->callback([o, &ctx] {
    if (o->ids.empty())
      return ctx.Fail(
          {ErrorKind::kInvalidArgument, "at least one issue ID is required", "bd show ID [ID...]"});
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto ids = ctx.ResolveAll(*ledger, o->ids);
    if (!ids) return ctx.Fail(ids.error());
    Database& db = ledger->db();
    nlohmann::json out = nlohmann::json::array();
    for (const std::string& id : *ids) {
      auto bead = LoadBead(db, id);
      if (!bead) return ctx.Fail(bead.error());
      auto deps = DependenciesOf(db, id);
      auto dependents = DependentsOf(db, id);
      if (!deps) return ctx.Fail(deps.error());
      if (!dependents) return ctx.Fail(dependents.error());
      if (ctx.json) {
        nlohmann::json j = BeadToJson(*bead);
        j["labels"] = bead->labels;
        auto check = CheckJson(*ledger, id);
        if (!check) return ctx.Fail(check.error());
        if (!check->is_null()) j["check"] = *check;
        if (bead->issue_type == "gate")
          if (auto gate = LoadGate(db, id)) j["gate"] = GateToJson(*gate);
        auto edges = [&](const std::vector<Dependency>& list, bool outgoing) {
          nlohmann::json arr = nlohmann::json::array();
          for (const Dependency& d : list) {
            auto other = LoadBead(db, outgoing ? d.depends_on_id : d.issue_id);
            if (!other) continue;
            nlohmann::json item = BeadToJson(*other);
            item["dependency_type"] = d.type;
            arr.push_back(item);
          }
          return arr;
        };
        j["dependencies"] = edges(*deps, true);
        if (o->dependents) j["dependents"] = edges(*dependents, false);
        if (o->comments) {
          auto comments = CommentsOf(db, id);
          if (!comments) return ctx.Fail(comments.error());
          j["comments"] = nlohmann::json::array();
          for (const Comment& c : *comments) j["comments"].push_back(CommentToJson(c));
        }
        out.push_back(j);
        continue;
      }
      if (o->short_form) {
        std::cout << BeadLine(ctx, *bead) << "\n";
        continue;
      }
      const Bead& b = *bead;
      std::string state = b.status;
      for (char& c : state) c = char(toupper(c));
      std::cout << fmt::format("{} {} · {}   [● P{} · {}]\n", StatusIcon(b.status), b.id, b.title,
                               b.priority, state);
      std::cout << fmt::format("Type: {}", b.issue_type);
      if (!b.assignee.empty()) std::cout << fmt::format(" · Assignee: {}", b.assignee);
      if (!b.created_by.empty()) std::cout << fmt::format(" · Created by: {}", b.created_by);
      std::cout << fmt::format("\nCreated: {} · Updated: {}", Day(b.created_at), Day(b.updated_at));
      if (!b.closed_at.empty()) std::cout << fmt::format(" · Closed: {}", Day(b.closed_at));
      if (!b.defer_until.empty()) std::cout << fmt::format(" · Deferred until: {}", b.defer_until);
      std::cout << "\n";
      if (!b.close_reason.empty()) std::cout << "Close reason: " << b.close_reason << "\n";
      if (b.blocked && b.status != "closed") std::cout << "Blocked: waiting on open dependencies\n";
      PrintSection("DESCRIPTION", b.description);
      PrintSection("DESIGN", b.design);
      PrintSection("ACCEPTANCE CRITERIA", b.acceptance_criteria);
      PrintSection("NOTES", b.notes);
      auto check = CheckJson(*ledger, id);
      if (!check) return ctx.Fail(check.error());
      PrintCheck(*check);
      if (b.issue_type == "gate")
        if (auto gate = LoadGate(db, id)) std::cout << "\nGATE\n  " << GateSummary(*gate) << "\n";
      if (!b.labels.empty()) PrintSection("LABELS", Join(b.labels, ", "));
      // Edges by what they mean: the hierarchy, blocking both ways, and the
      // rest (related, discovered-from, …) with their kind.
      enum class Kind { kParent, kBlocking, kOther };
      auto kind_of = [](const std::string& type) {
        if (type == "parent-child") return Kind::kParent;
        for (const char* t : kBlockingDepTypes)
          if (type == t) return Kind::kBlocking;
        return Kind::kOther;
      };
      auto list = [&](const char* heading, const std::vector<Dependency>& edges, bool outgoing,
                      Kind kind) {
        std::string text;
        for (const Dependency& d : edges) {
          if (kind_of(d.type) != kind) continue;
          const std::string& other_id = outgoing ? d.depends_on_id : d.issue_id;
          auto other = LoadBead(db, other_id);
          if (!other) continue;
          text += fmt::format("  {} {}: {}{}\n", StatusIcon(other->status), other->id, other->title,
                              kind == Kind::kParent ? "" : fmt::format(" ({})", d.type));
        }
        if (!text.empty()) std::cout << "\n" << heading << "\n" << text;
      };
      list("PARENT", *deps, true, Kind::kParent);
      list("DEPENDS ON", *deps, true, Kind::kBlocking);
      list("CHILDREN", *dependents, false, Kind::kParent);
      list("BLOCKS", *dependents, false, Kind::kBlocking);
      std::vector<Dependency> related = *deps;
      related.insert(related.end(), dependents->begin(), dependents->end());
      for (Dependency& d : related)  // show the other end either way
        if (d.depends_on_id == id) std::swap(d.issue_id, d.depends_on_id);
      list("RELATED", related, true, Kind::kOther);
      if (b.comment_count > 0) {
        auto comments = CommentsOf(db, id);
        if (!comments) return ctx.Fail(comments.error());
        std::cout << "\nCOMMENTS\n";
        for (const Comment& c : *comments) {
          std::string text = c.text;
          for (size_t at = 0; (at = text.find('\n', at)) != std::string::npos; at += 5)
            text.replace(at, 1, "\n    ");
          std::cout << fmt::format("  {} {}: {}\n", Day(c.created_at), c.author, text);
        }
      }
      if (ids->size() > 1) std::cout << "\n";
    }
    if (ctx.json) ctx.PrintJson(out);
  });
}

void AddHistoryCommand(CLI::App& app, Context& ctx) {
  auto id_arg = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("history", "The signed events that made a bead, in fold order");
  cmd->add_option("id", *id_arg, "Bead id")->required();
  cmd->footer(
      "Example:\n  bd history gt-a3f\n\nEach line: Lamport clock, time, signer, operation, and "
      "what it changed.\nEvents the fold rejected (e.g. a lost claim race) are shown with the "
      "reason.");
  cmd->callback([id_arg, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto id = ctx.Resolve(*ledger, *id_arg);
    if (!id && id.error().kind == ErrorKind::kNotFound)  // a deleted bead's history stays readable
      if (auto deleted = ResolveDeletedId(ledger->db(), ledger->config().prefix, *id_arg))
        id = *deleted;
    if (!id) return ctx.Fail(id.error());
    auto history = BeadHistory(ledger->db(), ledger->index().log_dir(), *id);
    if (!history) return ctx.Fail(history.error());
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const HistoryEntry& h : *history) {
        nlohmann::json j = {{"lc", h.lc},    {"keyid", h.keyid}, {"seq", h.seq},
                            {"op", h.op},    {"actor", h.actor}, {"ts", h.ts},
                            {"key", h.key},  {"id", h.event_id}, {"applied", h.applied},
                            {"data", h.data}};
        if (!h.note.empty()) j["note"] = h.note;
        out.push_back(j);
      }
      return ctx.PrintJson(out);
    }
    std::cout << fmt::format("History of {} ({} events, fold order):\n", *id, history->size());
    for (const HistoryEntry& h : *history) {
      std::cout << fmt::format(
          "  lc {:>5}  {}  {:<12} {:<14} {}{}\n", h.lc, h.ts, h.actor, h.op,
          h.data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
          h.applied ? "" : fmt::format("  ✗ not applied: {}", h.note));
      std::cout << fmt::format("             signed by {} (chain {} #{})\n",
                               h.key.substr(0, 24) + "…", h.keyid, h.seq);
    }
  });
}

}  // namespace gt::cli
