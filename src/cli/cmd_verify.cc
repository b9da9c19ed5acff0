// bd verify, bd doctor.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "ledger/chain_verify.h"
#include "ledger/members.h"
#include "ledger/verify.h"

namespace gt::cli {
namespace fs = std::filesystem;

namespace {

Result<Membership> LoadMembers(const std::string& beads_dir) {
  std::ifstream in(beads_dir + "/members.jsonl");
  if (!in) return Membership{};
  std::stringstream text;
  text << in.rdbuf();
  return ParseMembers(text.str());
}

}  // namespace

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
    if (auto ledger = ctx.Open(/*warn=*/false)) {
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
      ctx.PrintJson({{"ok", report->ok()},
                     {"chains", chains},
                     {"problems", problems},
                     {"events", report->events},
                     {"signatures_checked", report->signatures},
                     {"deep", *deep},
                     {"seconds", seconds}});
    } else {
      for (const auto& p : report->problems)
        std::cout << fmt::format("✗ {}:{}: {}\n", p.file, p.line, p.reason);
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
  auto rebuild = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("doctor", "Check the ledger's health; rebuild the index");
  cmd->add_flag("--rebuild", *rebuild, "Rebuild the SQLite index from the event chains");
  cmd->footer(
      "Examples:\n  bd doctor\n  bd doctor --rebuild\n\nThe index (.beads/beads.db) is a cache: "
      "rebuilding it loses nothing.");
  cmd->callback([rebuild, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    nlohmann::json checks = nlohmann::json::array();
    bool ok = true;
    auto check = [&](const std::string& name, bool pass, const std::string& message) {
      checks.push_back({{"name", name}, {"status", pass ? "ok" : "error"}, {"message", message}});
      ok &= pass;
      if (!ctx.json) std::cout << fmt::format("{} {}: {}\n", pass ? "✓" : "✗", name, message);
    };
    if (*rebuild) {
      auto start = std::chrono::steady_clock::now();
      auto report = ledger->index().Rebuild();
      if (!report) return ctx.Fail(report.error());
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      check(
          "index", true,
          fmt::format("rebuilt from {} events in {:.2f}s ({:.0f} events/s)", report->events_applied,
                      seconds, seconds > 0 ? double(report->events_applied) / seconds : 0.0));
    }
    std::vector<ChainProblem> problems = ledger->catch_up().problems;
    if (*rebuild) {  // the rebuild's findings replace what the open saw
      auto lost = ledger->index().LostEvents();
      auto fresh = ledger->index().CatchUp();
      if (fresh) problems = fresh->problems;
      if (lost) problems.insert(problems.end(), lost->begin(), lost->end());
    }
    check("chains", problems.empty(),
          problems.empty()
              ? "every chain applied to its end"
              : fmt::format("{} chain problem(s), first: log/{}:{}: {}", problems.size(),
                            problems[0].file, problems[0].line, problems[0].reason));
    auto members = LoadMembers(ledger->beads_dir());
    check("members", bool(members),
          members ? fmt::format("{} member(s), policy {}", members->members.size(), members->mode)
                  : members.error().message);
    auto orphans = ledger->db().Prepare(
        "SELECT count(*) FROM deps d LEFT JOIN beads t ON t.id = d.depends_on_id WHERE t.id IS "
        "NULL");
    int64_t orphan_count = orphans && orphans->Step() ? orphans->Int(0) : 0;
    check("dependencies", orphan_count == 0,
          orphan_count == 0 ? "no dependency points at a missing bead"
                            : fmt::format("{} dependencies point at missing beads", orphan_count));
    if (ctx.json)
      ctx.PrintJson({{"path", ledger->beads_dir()}, {"checks", checks}, {"overall_ok", ok}});
    ctx.exit_code = ok ? 0 : 1;
  });
}

}  // namespace gt::cli
