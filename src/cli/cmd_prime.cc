// bd prime (context for an AI agent), bd quickstart (for people), bd onboard
// (the lines an AGENTS.md needs).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "core/clock.h"
#include "ledger/queries.h"
#include "ledger/workspace.h"

namespace gt::cli {
namespace {

constexpr const char* kPrimeWorkflow = R"md(# Beads workflow (bd)

This project tracks work in a beads ledger (`bd`). Use it instead of TODO
lists or markdown plans. Every command takes `--json`.

## Start of a session
- `bd ready --json`: work with no open blockers, most urgent first.
- `bd show ID --json`: one bead in full (description, dependencies).
- `bd update ID --claim --json`: take it (atomic: fails if someone holds it).

## While working
- `bd create "Title" -t bug|feature|task -p 0-4 -d "..." --json`: new work you find.
- `bd create "Title" --deps discovered-from:ID`: link it to what you were doing.
- `bd dep add A B`: A waits for B. `bd blocked`: what waits, and on what.
- `bd update ID --notes "..."`: record progress; `bd search WORDS --json` to find beads.

## End of a session
- `bd close ID --reason "What was done" --json`.
- Commit `.beads/` with your code: the ledger travels with git.
)md";

constexpr const char* kOnboard = R"md(## Issue tracking with bd (beads)

This project uses **bd** for issues and tasks; do not keep TODO lists in markdown.

- `bd ready --json` lists work with no open blockers; `bd update ID --claim` takes it.
- `bd create "Title" -t bug|feature|task -p 0-4 --json` records new work;
  `--deps discovered-from:ID` links it to the bead you were on.
- `bd close ID --reason "..."` when done; commit `.beads/` with your code.
- `bd prime` prints the full workflow and your current work.
)md";

constexpr const char* kBeginMarker = "<!-- BEGIN BD ONBOARD -->";
constexpr const char* kEndMarker = "<!-- END BD ONBOARD -->";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

void AddPrimeCommands(CLI::App& app, Context& ctx) {
  auto limit = std::make_shared<int>(10);
  auto* prime = app.add_subcommand(
      "prime", "What an AI agent needs at the start of a session: workflow and current work");
  prime->add_option("-n,--limit", *limit, "Ready beads to show (default 10)");
  prime->footer(
      "Examples:\n  bd prime\n  bd prime --json\n\n.beads/PRIME.md, if present, replaces the "
      "workflow text. Outside a ledger\nbd prime prints nothing and exits 0 (safe in hooks).");
  prime->callback([limit, &ctx] {
    auto dir = ctx.BeadsDir();
    if (!dir) return;  // outside a workspace: silent, as beads
    if (*limit < 0) return ctx.Fail({ErrorKind::kInvalidArgument, "--limit must be 0 or more"});
    std::string workflow = kPrimeWorkflow;
    if (std::filesystem::exists(*dir + "/PRIME.md")) workflow = ReadFile(*dir + "/PRIME.md");
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    ReadyFilter ready;
    ready.limit = *limit;
    ready.now = FormatTimestamp(DefaultClock().NowNanos());
    int64_t total = 0;
    auto work = ReadyBeads(ledger->db(), ready, &total);
    if (!work) return ctx.Fail(work.error());
    std::string actor = ctx.Actor();
    ListFilter mine;
    mine.statuses = {"in_progress"};
    mine.assignee = actor;
    mine.limit = 0;
    auto held = ListBeads(ledger->db(), mine);
    if (!held) return ctx.Fail(held.error());
    if (ctx.json) {
      ctx.PrintJson({{"workflow", workflow},
                     {"actor", actor},
                     {"prefix", ledger->config().prefix},
                     {"in_progress", BeadsToJson(*held)},
                     {"ready", BeadsToJson(*work)},
                     {"ready_total", total}});
      return;
    }
    std::string out = workflow;
    if (!out.empty() && out.back() != '\n') out += '\n';
    out += fmt::format("\n# Current state (actor: {}, prefix: {})\n\n", actor,
                       ledger->config().prefix);
    out += fmt::format("## In progress, assigned to you ({})\n", held->size());
    if (held->empty()) out += "- nothing\n";
    for (const Bead& b : *held) out += fmt::format("- {} [P{}] {}\n", b.id, b.priority, b.title);
    out += fmt::format("\n## Ready work ({} of {})\n", work->size(), total);
    if (work->empty()) out += "- nothing ready\n";
    for (const Bead& b : *work)
      out += fmt::format("- {} [P{}] [{}] {}\n", b.id, b.priority, b.issue_type, b.title);
    std::cout << out;
  });

  auto* quickstart = app.add_subcommand("quickstart", "A short tutorial for people new to bd");
  quickstart->callback([] {
    std::cout << R"(bd quickstart: Dependency-Aware Issue Tracking

bd keeps issues ("beads") in .beads/ next to your code: signed, append-only
event logs that git carries, plus a local SQLite index.

1. Start a ledger
     bd init --prefix mp            # in your project (commit .beads/)

2. Record work
     bd create "Fix login" -t bug -p 1 -d "## Steps to Reproduce ..."
     bd create "Write the API" --deps blocked-by:mp-a3f

3. Dependency-Aware: see what can be done now
     bd ready                       # open, nothing open blocks it
     bd blocked                     # what waits, and on what
     bd dep add mp-b2c mp-a3f       # mp-b2c waits for mp-a3f

4. Do the work
     bd update mp-a3f --claim       # you take it (atomic)
     bd close mp-a3f --reason "Fixed in abc123"

5. Find and review
     bd search login                # full-text search
     bd list -s open -p 1           # filters
     bd status                      # counts and lead time
     bd lint                        # descriptions missing template sections

Every command takes --json for scripts and agents. For agents: bd prime,
and bd onboard --write to add instructions to AGENTS.md.
)";
  });

  struct OnboardOpts {
    bool write = false;
    std::string file;
  };
  auto o = std::make_shared<OnboardOpts>();
  auto* onboard = app.add_subcommand(
      "onboard", "Print (or write into AGENTS.md) the bd instructions an agent needs");
  onboard->add_flag("--write", o->write, "Write them into ./AGENTS.md");
  onboard->add_option("-o,--output", o->file, "Write them into this file");
  onboard->footer(
      "Examples:\n  bd onboard\n  bd onboard --write\n  bd onboard -o CLAUDE.md\n\nWriting "
      "replaces the text between the markers\n" +
      std::string(kBeginMarker) + " and " + kEndMarker +
      "\n(appending them the first time), so running it again changes nothing.");
  onboard->callback([o, &ctx] {
    std::string block = fmt::format("{}\n{}{}\n", kBeginMarker, kOnboard, kEndMarker);
    std::string path = o->file.empty() && o->write ? "AGENTS.md" : o->file;
    if (path.empty()) {
      if (ctx.json) return ctx.PrintJson({{"text", kOnboard}});
      std::cout << kOnboard;
      return;
    }
    std::string text = std::filesystem::exists(path) ? ReadFile(path) : "";
    size_t begin = text.find(kBeginMarker);
    size_t end = begin == std::string::npos ? begin : text.find(kEndMarker, begin);
    std::string updated;
    if (begin != std::string::npos && end != std::string::npos) {
      size_t after = end + std::string(kEndMarker).size();
      if (after < text.size() && text[after] == '\n') ++after;
      updated = text.substr(0, begin) + block + text.substr(after);
    } else {
      updated = text;
      if (!updated.empty() && updated.back() != '\n') updated += '\n';
      if (!updated.empty()) updated += '\n';
      updated += block;
    }
    bool changed = updated != text;
    if (changed)
      if (auto st = WriteFileAtomically(path, updated); !st) return ctx.Fail(st.error());
    if (ctx.json) return ctx.PrintJson({{"path", path}, {"changed", changed}});
    std::cout << (changed ? fmt::format("✓ Wrote bd instructions to {}\n", path)
                          : fmt::format("{} already has the bd instructions\n", path));
  });
}

}  // namespace gt::cli
