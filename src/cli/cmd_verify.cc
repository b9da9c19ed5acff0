// bd verify, bd doctor.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "ledger/annotations.h"
#include "ledger/chain_verify.h"
#include "ledger/index.h"
#include "ledger/member_ops.h"
#include "ledger/members.h"
#include "ledger/ops.h"
#include "ledger/queries.h"
#include "ledger/sync.h"
#include "ledger/verify.h"

namespace gt::cli {
namespace fs = std::filesystem;

void AddVerifyCommand(CLI::App& app, Context& ctx) {
  auto deep = std::make_shared<bool>(false);
  auto* cmd =
      app.add_subcommand("verify", "Check every event chain: hash links, order, signatures");
  cmd->add_flag("--deep", *deep,
                "Check every event's signature (default: the newest of each chain, "
                "which vouches for the lines before it)");
  cmd->footer(
      "Example:\n  bd verify\n\nReports each damaged, reordered, removed or inserted line with its "
      "file,\nline and reason, and exits 1 if any chain fails.");
  cmd->callback([deep, &ctx] {
    auto dir = ctx.BeadsDir();
    if (!dir) return ctx.Fail(dir.error());
    auto start = std::chrono::steady_clock::now();
    auto report = VerifyLedger(*dir, *deep);
    if (!report) return ctx.Fail(report.error());
    // The chains alone cannot show that their newest events were removed;
    // this clone's index can, since it applied them.
    std::vector<QuarantinedEvent> quarantined;
    if (auto ledger = ctx.Open(/*warn=*/false)) {
      if (auto q = QuarantinedEvents(ledger->db())) quarantined = std::move(*q);
      if (auto lost = ledger->index().LostEvents()) {
        for (ChainProblem& p : *lost) {
          p.file = "log/" + p.file;
          bool explained = false;  // a damaged chain already says why it is short
          for (const ChainProblem& seen : report->problems) explained |= seen.file == p.file;
          if (!explained) report->problems.push_back(std::move(p));
        }
      }
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (ctx.json) {
      nlohmann::json chains = nlohmann::json::array();
      for (const auto& c : report->chains)
        chains.push_back({{"file", c.file},
                          {"events", c.events},
                          {"signatures_checked", c.signatures},
                          {"ok", c.problems.empty()}});
      nlohmann::json problems = nlohmann::json::array();
      for (const auto& p : report->problems)
        problems.push_back({{"file", p.file}, {"line", p.line}, {"reason", p.reason}});
      nlohmann::json held = nlohmann::json::array();
      for (const QuarantinedEvent& q : quarantined)
        held.push_back({{"file", "log/" + q.keyid + ".jsonl"},
                        {"line", q.seq},
                        {"bead", q.bead},
                        {"reason", q.note}});
      nlohmann::json forks = nlohmann::json::array();
      for (const auto& e : report->equivocations)
        forks.push_back({{"file", e.file}, {"line", e.line}, {"reason", e.reason}});
      ctx.PrintJson({{"ok", report->ok()},
                     {"chains", chains},
                     {"quarantined", held},
                     {"equivocations", forks},
                     {"problems", problems},
                     {"events", report->events},
                     {"signatures_checked", report->signatures},
                     {"deep", *deep},
                     {"seconds", seconds}});
    } else {
      for (const auto& p : report->problems)
        std::cout << fmt::format("✗ {}:{}: {}\n", p.file, p.line, p.reason);
      // Validly signed, kept, but not applied: not a chain problem.
      for (const auto& e : report->equivocations)
        std::cout << fmt::format("⚠ {}:{}: {}\n", e.file, e.line, e.reason);
      for (const QuarantinedEvent& q : quarantined)
        std::cout << fmt::format("⚠ log/{}.jsonl:{}: {}\n", q.keyid, q.seq, q.note);
      if (report->ok())
        std::cout << fmt::format(
            "✓ {} chains, {} events verified ({} signatures checked{}) in {:.2f}s\n",
            report->chains.size(), report->events, report->signatures, *deep ? ", deep" : "",
            seconds);
      else
        std::cout << fmt::format("✗ {} problem(s) in {} chains ({} events read)\n",
                                 report->problems.size(), report->chains.size(), report->events);
    }
    ctx.exit_code = report->ok() ? 0 : 1;
  });
}

void AddDoctorCommand(CLI::App& app, Context& ctx) {
  struct Opts {
    bool rebuild = false, fix = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("doctor", "Check the ledger's health; fix what is safe to fix");
  cmd->add_flag("--rebuild", o->rebuild, "Rebuild the SQLite index from the event chains");
  cmd->add_flag("--fix", o->fix,
                "Fix what can be fixed safely: rebuild a damaged index, remove dependencies on "
                "missing or deleted beads");
  cmd->footer(
      "Examples:\n  bd doctor\n  bd doctor --fix\n  bd doctor --rebuild --json\n\nChecks: the "
      "index (missing, behind, damaged), every chain applied to its end,\nmembers.jsonl and "
      "writers who are not members, dependencies on missing beads,\nand dependency cycles. The "
      "index (.beads/beads.db) is a cache: rebuilding it\nloses nothing. Chain damage is never "
      "\"fixed\" by rewriting history; see `bd verify`.");
  cmd->callback([o, &ctx] {
    auto dir = ctx.BeadsDir();
    if (!dir) return ctx.Fail(dir.error());
    bool had_index = fs::exists(fs::path(*dir) / "beads.db");
    auto ledger = ctx.Open(/*warn=*/false);
    if (!ledger) return ctx.Fail(ledger.error());
    nlohmann::json checks = nlohmann::json::array();
    bool ok = true;
    auto check = [&](const std::string& name, const char* status, const std::string& message) {
      checks.push_back({{"name", name}, {"status", status}, {"message", message}});
      ok &= std::string_view(status) != "error";
      const char* mark = std::string_view(status) == "ok"        ? "✓"
                         : std::string_view(status) == "warning" ? "⚠"
                                                                 : "✗";
      if (!ctx.json) std::cout << fmt::format("{} {}: {}\n", mark, name, message);
    };
    auto rebuild = [&]() -> bool {
      auto start = std::chrono::steady_clock::now();
      auto report = ledger->index().Rebuild();
      if (!report) {
        check("index", "error", "rebuild failed: " + report.error().message);
        return false;
      }
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      check(
          "index", "ok",
          fmt::format("rebuilt from {} events in {:.2f}s ({:.0f} events/s)", report->events_applied,
                      seconds, seconds > 0 ? double(report->events_applied) / seconds : 0.0));
      return true;
    };

    bool intact = false;
    {  // a statement left open would keep a rebuild from dropping tables
      auto integrity = ledger->db().Prepare("PRAGMA quick_check");
      intact = integrity && integrity->Step() && integrity->Text(0) == "ok";
    }
    if (o->rebuild || (o->fix && !intact)) {
      if (!rebuild()) return ctx.Fail({ErrorKind::kIo, "the index could not be rebuilt"});
    } else if (!intact) {
      check("index", "error", "the index is damaged (run `bd doctor --fix` to rebuild it)");
    } else if (had_index && ledger->catch_up().rebuilt) {
      check("index", "ok",
            fmt::format("was damaged or from another version; rebuilt from {} events",
                        ledger->catch_up().events_applied));
    } else if (!had_index) {
      check("index", "ok",
            fmt::format("was missing; built from {} events", ledger->catch_up().events_applied));
    } else {
      int64_t behind = ledger->catch_up().events_applied;
      check("index", "ok",
            behind ? fmt::format("caught up {} new event(s)", behind) : "current with the log");
    }

    std::vector<ChainProblem> problems = ledger->catch_up().problems;
    if (o->rebuild || (o->fix && !intact)) {  // the rebuild's findings replace what the open saw
      auto lost = ledger->index().LostEvents();
      auto fresh = ledger->index().CatchUp();
      if (fresh) problems = fresh->problems;
      if (lost) problems.insert(problems.end(), lost->begin(), lost->end());
    }
    check(
        "chains", problems.empty() ? "ok" : "error",
        problems.empty()
            ? "every chain applied to its end"
            : fmt::format("{} chain problem(s), first: log/{}:{}: {} (see `bd verify`)",
                          problems.size(), problems[0].file, problems[0].line, problems[0].reason));

    auto genesis = LoadMembers(ledger->beads_dir());
    auto members = ListMembers(ledger->db());
    auto policy = LedgerPolicy(ledger->db());
    if (!members) return ctx.Fail(members.error());
    if (!policy) return ctx.Fail(policy.error());
    if (!genesis) {
      check("members", "error", "members.jsonl: " + genesis.error().message);
    } else {
      std::set<std::string> known;
      int64_t current = 0;
      for (const MemberInfo& m : *members)
        if (!m.revoked) known.insert(m.key), ++current;
      int64_t writers = 0;
      std::vector<std::string> strangers;
      // Local (wisp) chains are this machine's own and never shared.
      if (auto q = ledger->db().Prepare("SELECT keyid, key, path FROM chains ORDER BY keyid")) {
        while (q->Step()) {
          if (IsLocalChainPath(q->Text(2))) continue;
          ++writers;
          if (!known.count(q->Text(1))) strangers.push_back(q->Text(0));
        }
      }
      if (strangers.empty())
        check("members", "ok",
              fmt::format("{} member(s), policy {}; every writer is a member", current, *policy));
      else
        check("members", "warning",
              fmt::format("{} of {} writer key(s) are not members ({}){}", strangers.size(),
                          writers, Join(strangers, ", "),
                          *policy == "open" ? "; the ledger is open, so their events apply"
                                            : "; their events are quarantined"));
    }
    auto quarantined = QuarantinedEvents(ledger->db());
    if (!quarantined) return ctx.Fail(quarantined.error());
    auto forks = FindChainForks(ledger->beads_dir());
    if (!forks) return ctx.Fail(forks.error());
    std::string held;
    if (!quarantined->empty())
      held = fmt::format(
          "{} event(s) quarantined (kept in the log, not applied), first: "
          "log/{}.jsonl:{}: {}",
          quarantined->size(), (*quarantined)[0].keyid, (*quarantined)[0].seq,
          (*quarantined)[0].note);
    if (!forks->empty())
      held += fmt::format(
          "{}{} chain fork(s): key {} wrote two different events with seq {} "
          "(the other chain is kept in {}, not applied)",
          held.empty() ? "" : "; ", forks->size(), (*forks)[0].keyid, (*forks)[0].seq,
          (*forks)[0].fork_file);
    check("quarantine", held.empty() ? "ok" : "warning",
          held.empty() ? "no events quarantined" : held);

    auto dangling = DanglingDependencies(ledger->db());
    if (!dangling) return ctx.Fail(dangling.error());
    if (dangling->empty()) {
      check("dependencies", "ok", "no dependency points at a missing or deleted bead");
    } else if (o->fix) {
      auto removed = RemoveDanglingDependencies(*ledger);
      if (!removed) return ctx.Fail(removed.error());
      check("dependencies", "ok",
            fmt::format("removed {} dependency(ies) on missing or deleted beads", removed->size()));
    } else {
      check("dependencies", "error",
            fmt::format("{} dependency(ies) point at missing or deleted beads, first: {} -> {} "
                        "(run `bd doctor --fix` to remove them)",
                        dangling->size(), (*dangling)[0].issue_id, (*dangling)[0].depends_on_id));
    }

    auto cycles = FindCycles(ledger->db());
    if (!cycles) return ctx.Fail(cycles.error());
    check("cycles", cycles->empty() ? "ok" : "warning",
          cycles->empty() ? "no dependency cycles"
                          : fmt::format("{} dependency cycle(s) keep their beads blocked (see `bd "
                                        "dep cycles`)",
                                        cycles->size()));

    if (ctx.json)
      ctx.PrintJson({{"path", ledger->beads_dir()}, {"checks", checks}, {"overall_ok", ok}});
    ctx.exit_code = ok ? 0 : 1;
  });
}

}  // namespace gt::cli
