// bd search, bd count: list-style filters over the index.
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "ledger/search.h"
#include "ledger/stats.h"

namespace gt::cli {
namespace {

/// The filter flags search and count share with list.
struct FilterOpts {
  std::string status, priority, type, assignee, labels;
  bool all = false;

  void Add(CLI::App* cmd) {
    cmd->add_option("-s,--status", status,
                    "Comma-separated statuses, or 'all' (default: all but closed and pinned)");
    cmd->add_option("-p,--priority", priority, "Only this priority (0-4 or P0-P4)");
    cmd->add_option("-t,--type", type, "Only this type");
    cmd->add_option("-a,--assignee", assignee, "Only this assignee");
    cmd->add_option("-l,--label", labels, "Comma-separated labels (all must match)");
    cmd->add_flag("--all", all, "Include closed and pinned beads");
  }

  Status Fill(ListFilter* f) const {
    f->all = all;
    for (const std::string& s : SplitList(status)) {
      if (s == "all") {
        f->all = true;
        continue;
      }
      if (auto st = ValidateStatus(s); !st) return st;
      f->statuses.push_back(s);
    }
    if (auto st = ParseOptionalPriority(priority, &f->priority); !st) return st;
    if (auto st = ParseOptionalType(type, &f->issue_type); !st) return st;
    f->assignee = assignee;
    f->labels = SplitList(labels);
    return {};
  }
};

}  // namespace

void AddSearchCommand(CLI::App& app, Context& ctx) {
  struct Opts {
    std::vector<std::string> words;
    std::string query, format;
    FilterOpts filter;
    int limit = 50;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "search", "Full-text search of titles, descriptions, notes and comments (and ids)");
  cmd->add_option("query", o->words, "Words to search for (all must match)");
  cmd->add_option("--query", o->query, "The query, as a flag");
  o->filter.Add(cmd);
  cmd->add_option("-n,--limit", o->limit, "At most this many (default 50, 0 = all)");
  cmd->add_option("--format", o->format, "A line template, e.g. '{{.ID}} {{.Title}}'");
  cmd->footer(
      "Examples:\n  bd search login\n  bd search \"race condition\" --status all --json\n  bd "
      "search auth -t bug -p 1 --format '{{.ID}}\\t{{.Title}}'\n\nEvery word must appear (in "
      "any field); the last word also matches as a prefix.\nBest matches first (bm25; a title "
      "counts most), then priority. A one-word\nquery also finds beads whose id contains it.");
  cmd->callback([o, &ctx] {
    std::string query = o->query;
    for (const std::string& w : o->words) query += (query.empty() ? "" : " ") + w;
    bool blank = query.find_first_not_of(" \t\n") == std::string::npos;
    if (blank)
      return ctx.Fail(
          {ErrorKind::kInvalidArgument, "search query is required", "example: bd search login"});
    SearchFilter f;
    f.query = query;
    if (auto st = o->filter.Fill(&f.list); !st) return ctx.Fail(st.error());
    if (o->limit < 0) return ctx.Fail({ErrorKind::kInvalidArgument, "--limit must be 0 or more"});
    if (auto st = SanitizeSearchQuery(query); !st) return ctx.Fail(st.error());
    if (!o->format.empty())
      if (auto st = CheckLineFormat(o->format); !st) return ctx.Fail(st.error());
    f.list.limit = o->limit;
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    if (auto st = EnsureSearchIndex(ledger->index()); !st) return ctx.Fail(st.error());
    auto beads = SearchBeads(ledger->db(), f);
    if (!beads) return ctx.Fail(beads.error());
    if (ctx.json) return ctx.PrintJson(BeadsToJson(*beads));
    if (!o->format.empty()) {
      for (const Bead& b : *beads) std::cout << FormatLine(o->format, b) << "\n";
      return;
    }
    if (beads->empty()) {
      std::cout << fmt::format("No issues found matching '{}'\n", query);
      return;
    }
    std::cout << fmt::format("Found {} issues matching '{}':\n\n", beads->size(), query);
    for (const Bead& b : *beads) std::cout << BeadLine(ctx, b) << "\n";
    if (o->limit > 0 && int(beads->size()) == o->limit)
      std::cerr << fmt::format("(showing the first {}; use --limit 0 for all)\n", o->limit);
  });
}

void AddCountCommand(CLI::App& app, Context& ctx) {
  struct Opts {
    FilterOpts filter;
    bool by_status = false, by_type = false, by_priority = false, by_assignee = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("count", "Count beads matching list's filters (all statuses)");
  o->filter.Add(cmd);
  cmd->add_flag("--by-status", o->by_status, "Count per status");
  cmd->add_flag("--by-type", o->by_type, "Count per type");
  cmd->add_flag("--by-priority", o->by_priority, "Count per priority");
  cmd->add_flag("--by-assignee", o->by_assignee, "Count per assignee");
  cmd->footer("Examples:\n  bd count\n  bd count -s open -t bug --json\n  bd count --by-status");
  cmd->callback([o, &ctx] {
    ListFilter f;
    if (auto st = o->filter.Fill(&f); !st) return ctx.Fail(st.error());
    // As beads: every status unless --status says otherwise.
    if (f.statuses.empty()) f.all = true;
    std::vector<std::string> groups;
    if (o->by_status) groups.push_back("status");
    if (o->by_type) groups.push_back("type");
    if (o->by_priority) groups.push_back("priority");
    if (o->by_assignee) groups.push_back("assignee");
    if (groups.size() > 1)
      return ctx.Fail({ErrorKind::kInvalidArgument,
                       "only one of --by-status, --by-type, --by-priority, --by-assignee"});
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto counted = CountBeads(ledger->db(), f, groups.empty() ? "" : groups[0]);
    if (!counted) return ctx.Fail(counted.error());
    if (groups.empty()) {
      if (ctx.json) return ctx.PrintJson({{"count", counted->total}});
      std::cout << counted->total << "\n";
      return;
    }
    auto label = [&](const std::string& value) {
      if (groups[0] == "priority") return "P" + value;
      return value.empty() ? std::string("(none)") : value;
    };
    if (ctx.json) {
      nlohmann::json list = nlohmann::json::array();
      for (auto& [value, n] : counted->groups)
        list.push_back({{"group", label(value)}, {"count", n}});
      return ctx.PrintJson({{"total", counted->total}, {"groups", list}});
    }
    std::cout << fmt::format("Total: {}\n\n", counted->total);
    for (auto& [value, n] : counted->groups) std::cout << fmt::format("{}: {}\n", label(value), n);
  });
}

}  // namespace gt::cli
