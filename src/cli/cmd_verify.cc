// bd verify, bd doctor.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "ledger/chain_verify.h"
#include "ledger/members.h"

namespace gt::cli {
namespace fs = std::filesystem;

namespace {

struct ChainReport {
  std::string file;
  int64_t events = 0;
  int64_t signatures = 0;
  std::vector<ChainProblem> problems;
};

/// Verifies every chain under `beads_dir/log` from its first line.
Result<std::vector<ChainReport>> VerifyAll(const std::string& beads_dir, bool deep) {
  std::vector<std::string> paths;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(beads_dir + "/log", ec))
    if (entry.path().extension() == ".jsonl") paths.push_back(entry.path().string());
  std::sort(paths.begin(), paths.end());
  std::vector<ChainReport> out;
  for (const std::string& path : paths) {
    auto batch = ReadVerifiedChain(path, ChainCursor{}, deep);
    if (!batch) return tl::unexpected(batch.error());
    ChainReport report{fs::path(path).filename().string(), int64_t(batch->lines.size()),
                       batch->signatures_checked, batch->problems};
    if (batch->torn_tail)
      report.problems.push_back({report.file, batch->end.line + 1,
                                 "incomplete last line (an interrupted write); the writer's next "
                                 "write removes it"});
    out.push_back(std::move(report));
  }
  return out;
}

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
  auto* cmd = app.add_subcommand("verify", "Check every event chain: hash links, order, signatures");
  cmd->add_flag("--deep", *deep, "Check every event's signature (default: the newest of each chain, "
                                 "which vouches for the lines before it)");
  cmd->footer("Example:\n  bd verify\n\nReports each damaged, reordered, removed or inserted line with its file,\nline and reason, and exits 1 if any chain fails.");
  cmd->callback([deep, &ctx] {
    auto dir = ctx.BeadsDir();
    if (!dir) return ctx.Fail(dir.error());
    auto start = std::chrono::steady_clock::now();
    auto reports = VerifyAll(*dir, *deep);
    if (!reports) return ctx.Fail(reports.error());
    auto members = LoadMembers(*dir);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    int64_t events = 0, signatures = 0, problems = 0;
    for (const auto& r : *reports) {
      events += r.events;
      signatures += r.signatures;
      problems += int64_t(r.problems.size());
    }
    if (!members) ++problems;
    bool ok = problems == 0;
    if (ctx.json) {
      nlohmann::json chains = nlohmann::json::array();
      nlohmann::json all = nlohmann::json::array();
      for (const auto& r : *reports) {
        chains.push_back({{"file", "log/" + r.file}, {"events", r.events}, {"signatures_checked", r.signatures},
                          {"ok", r.problems.empty()}});
        for (const auto& p : r.problems)
          all.push_back({{"file", "log/" + p.file}, {"line", p.line}, {"reason", p.reason}});
      }
      if (!members) all.push_back({{"file", "members.jsonl"}, {"line", 0}, {"reason", members.error().message}});
      ctx.PrintJson({{"ok", ok}, {"chains", chains}, {"problems", all}, {"events", events},
                     {"signatures_checked", signatures}, {"deep", *deep}, {"seconds", seconds}});
    } else {
      for (const auto& r : *reports)
        for (const auto& p : r.problems)
          std::cout << fmt::format("✗ log/{}:{}: {}\n", p.file, p.line, p.reason);
      if (!members) std::cout << "✗ " << members.error().message << "\n";
      if (ok)
        std::cout << fmt::format("✓ {} chains, {} events verified ({} signatures checked{})\n",
                                 reports->size(), events, signatures, *deep ? ", deep" : "");
      else
        std::cout << fmt::format("✗ {} problem(s) in {} chains ({} events read)\n", problems,
                                 reports->size(), events);
    }
    ctx.exit_code = ok ? 0 : 1;
  });
}

void AddDoctorCommand(CLI::App& app, Context& ctx) {
  auto rebuild = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("doctor", "Check the ledger's health; rebuild the index");
  cmd->add_flag("--rebuild", *rebuild, "Rebuild the SQLite index from the event chains");
  cmd->footer("Examples:\n  bd doctor\n  bd doctor --rebuild\n\nThe index (.beads/beads.db) is a cache: rebuilding it loses nothing.");
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
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      check("index", true,
            fmt::format("rebuilt from {} events in {:.2f}s ({:.0f} events/s)", report->events_applied,
                        seconds, seconds > 0 ? double(report->events_applied) / seconds : 0.0));
    }
    const auto& problems = ledger->catch_up().problems;
    check("chains", problems.empty(),
          problems.empty() ? "every chain applied to its end"
                           : fmt::format("{} chain(s) have lines that are not applied; run `bd verify`",
                                         problems.size()));
    auto members = LoadMembers(ledger->beads_dir());
    check("members", bool(members),
          members ? fmt::format("{} member(s), policy {}", members->members.size(), members->mode)
                  : members.error().message);
    auto orphans = ledger->db().Prepare(
        "SELECT count(*) FROM deps d LEFT JOIN beads t ON t.id = d.depends_on_id WHERE t.id IS NULL");
    int64_t orphan_count = orphans && orphans->Step() ? orphans->Int(0) : 0;
    check("dependencies", orphan_count == 0,
          orphan_count == 0 ? "no dependency points at a missing bead"
                            : fmt::format("{} dependencies point at missing beads", orphan_count));
    if (ctx.json) ctx.PrintJson({{"path", ledger->beads_dir()}, {"checks", checks}, {"overall_ok", ok}});
    ctx.exit_code = ok ? 0 : 1;
  });
}

}  // namespace gt::cli
