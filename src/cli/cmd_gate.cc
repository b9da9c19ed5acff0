// bd gate list|approve|check: the gates molecule steps wait on.
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "core/clock.h"
#include "ledger/gates.h"

namespace gt::cli {

/// What a gate waits for, in words.
static std::string Awaits(const GateInfo& g) {
  const GateSpec& s = g.spec;
  if (g.legacy && s.kind != "human") return "unknown (poured before gates were stored)";
  if (s.kind == "human") return "approval by a member";
  if (s.kind == "timer") return "time " + s.opens_at;
  if (s.kind == "bead") return "bead " + s.await_id + " to close";
  if (s.kind == "command") return "command " + nlohmann::json(s.command).dump() + " to pass";
  return s.kind;
}

nlohmann::json GateToJson(const GateInfo& g) {
  const GateSpec& s = g.spec;
  nlohmann::json j = {{"id", g.bead.id},        {"kind", s.kind},        {"status", g.bead.status},
                      {"open", g.open()},       {"step", s.step},        {"step_id", g.step_bead},
                      {"molecule", g.molecule}, {"title", g.bead.title}, {"awaits", Awaits(g)}};
  if (!s.name.empty()) j["name"] = s.name;
  if (!s.opens_at.empty()) j["opens_at"] = s.opens_at;
  if (!s.timeout.empty()) j["timeout"] = s.timeout;
  if (!s.await_id.empty()) j["await_id"] = s.await_id;
  if (!s.command.empty()) j["command"] = s.command;
  if (!s.workdir.empty()) j["workdir"] = s.workdir;
  if (g.legacy) j["legacy"] = true;
  if (g.open()) j["close_reason"] = g.bead.close_reason;
  return j;
}

std::string GateSummary(const GateInfo& g) {
  std::string holds =
      g.step_bead.empty() ? "nothing" : fmt::format("{} ({})", g.step_bead, g.spec.step);
  return fmt::format("{} gate; holds {}; {}", g.spec.kind, holds,
                     g.open() ? "opened: " + g.bead.close_reason : "waits for " + Awaits(g));
}

namespace {

void AddList(CLI::App& gate, Context& ctx) {
  auto all = std::make_shared<bool>(false);
  auto* cmd = gate.add_subcommand(
      "list", "Gates and what they wait for (waiting ones; --all for every gate)");
  cmd->add_flag("-a,--all", *all, "Also the gates that are open (closed gate beads)");
  cmd->footer(
      "Examples:\n  bd gate list\n  bd gate list --all --json\n\nEach line: the gate, its kind, "
      "the step and molecule it holds back, and what it waits for.");
  cmd->callback([all, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto gates = ListGates(ledger->db(), *all);
    if (!gates) return ctx.Fail(gates.error());
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const GateInfo& g : *gates) out.push_back(GateToJson(g));
      return ctx.PrintJson(out);
    }
    if (gates->empty()) {
      std::cout << (*all ? "No gates\n" : "No waiting gates\n");
      return;
    }
    std::cout << fmt::format("🚧 Gates ({}):\n", gates->size());
    for (const GateInfo& g : *gates) {
      std::string holds =
          g.step_bead.empty() ? "nothing" : fmt::format("{} ({})", g.step_bead, g.spec.step);
      std::cout << fmt::format(
          "  {} {} {:<7} holds {} of {}: {}\n", g.open() ? "✓" : "○", g.bead.id, g.spec.kind, holds,
          g.molecule.empty() ? "-" : g.molecule,
          g.open() ? "opened: " + g.bead.close_reason : "waits for " + Awaits(g));
    }
  });
}

void AddApprove(CLI::App& gate, Context& ctx) {
  struct Opts {
    std::string id;
    std::string reason;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = gate.add_subcommand("approve", "Approve a human gate, so its step can start");
  cmd->add_option("id", o->id, "The gate's id (see `bd gate list`)")->required();
  cmd->add_option("-r,--reason", o->reason, "Why; kept in the gate's close reason");
  cmd->footer(
      "Examples:\n  bd gate approve gt-a3f.6\n  bd gate approve gt-a3f.6 --reason \"Reviewed "
      "the diff\"\n\nOnly human gates are approved; in a members-only ledger only members may. "
      "Approving an open gate writes nothing.");
  cmd->callback([o, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto id = ctx.Resolve(*ledger, o->id);
    if (!id) return ctx.Fail(id.error());
    auto opened = ApproveGate(*ledger, *id, o->reason);
    if (!opened) return ctx.Fail(opened.error());
    auto gate = LoadGate(ledger->db(), *id);
    if (!gate) return ctx.Fail(gate.error());
    if (ctx.json) {
      nlohmann::json j = GateToJson(*gate);
      j["opened"] = *opened;
      return ctx.PrintJson(j);
    }
    if (ctx.quiet) return;
    if (!*opened)
      std::cout << fmt::format("{} is already open: {}\n", *id, gate->bead.close_reason);
    else
      std::cout << fmt::format("✓ Approved {}: {} can start once nothing else holds it\n", *id,
                               gate->step_bead.empty() ? "its step" : gate->step_bead);
  });
}

void AddCheck(CLI::App& gate, Context& ctx) {
  struct Opts {
    std::vector<std::string> ids;
    std::string timeout = "10m";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = gate.add_subcommand(
      "check", "Evaluate machine gates (timer, bead, command) and open those that are satisfied");
  cmd->add_option("ids", o->ids, "Gates to check (default: every open gate)");
  cmd->add_option("--timeout", o->timeout, "How long a command gate may run (default 10m)");
  cmd->footer(
      "Examples:\n  bd gate check\n  bd gate check gt-a3f.6 --json\n\nA timer opens when its "
      "time is reached, a bead gate when its bead is closed, a command\ngate when its argument "
      "vector exits 0 (run in the molecule's directory, no shell).\nOpening closes the gate bead "
      "with a reason that says why. Human gates are left to\n`bd gate approve`. Exits 0 whether "
      "or not anything opened.");
  cmd->callback([o, &ctx] {
    auto timeout = ParseDuration(o->timeout);
    if (!timeout) return ctx.Fail(timeout.error());
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto ids = ctx.ResolveAll(*ledger, o->ids);
    if (!ids) return ctx.Fail(ids.error());
    GateCheckOptions options;
    options.command_timeout_ms = *timeout / 1000000;
    auto checked = CheckGates(*ledger, *ids, options);
    if (!checked) return ctx.Fail(checked.error());
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const GateCheck& c : *checked)
        out.push_back({{"id", c.id}, {"kind", c.kind}, {"state", c.state}, {"detail", c.detail}});
      return ctx.PrintJson(out);
    }
    if (ctx.quiet) return;
    if (checked->empty()) {
      std::cout << "No waiting gates\n";
      return;
    }
    int opened = 0;
    for (const GateCheck& c : *checked) {
      opened += c.state == "opened";
      std::cout << fmt::format("  {} {} {:<7} {}: {}\n", c.state == "opened" ? "✓" : "○", c.id,
                               c.kind, c.state, c.detail);
    }
    std::cout << fmt::format("{} gate(s) opened\n", opened);
  });
}

}  // namespace

void OpenDueGatesQuietly(Ledger& ledger) {
  // Best effort: a reader that may not write here still sees the state as it is.
  (void)OpenDueGates(ledger);
}

void AddGateCommands(CLI::App& app, Context& ctx) {
  auto* gate = app.add_subcommand("gate", "Gates: what molecule steps wait for, and opening them");
  gate->require_subcommand(1);
  gate->footer(
      "Examples:\n  bd gate list\n  bd gate approve gt-a3f.6 --reason \"Looks good\"\n  bd gate "
      "check\n\nTimer and bead gates also open by themselves when `bd ready`, `bd mol ready`\nor "
      "`bd mol status` runs. See docs/molecules.md.");
  AddList(*gate, ctx);
  AddApprove(*gate, ctx);
  AddCheck(*gate, ctx);
}

}  // namespace gt::cli
