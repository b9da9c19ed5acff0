// bd mol pour|status|ready: molecules, formulas poured into the ledger.
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "core/bead_json.h"
#include "ledger/formula.h"
#include "ledger/molecule.h"

namespace gt::cli {

// Defined in cmd_formula.cc: finds, loads and cooks a formula.
Result<CookedFormula> CookNamed(const Context& ctx, const std::string& name,
                                const std::vector<std::string>& var_flags);

// Defined in cmd_mol_end.cc: squash and burn.
void AddMolEndCommands(CLI::App& mol, Context& ctx);

namespace {

/// `pour`, or with `wisp` the same graph kept on this machine.
void AddPour(CLI::App& mol, Context& ctx, bool wisp) {
  struct Opts {
    std::string name;
    std::vector<std::string> vars;
    std::string key;
    std::string workdir;
  };
  auto o = std::make_shared<Opts>();
  auto* pour =
      wisp ? mol.add_subcommand("wisp",
                                "Pour a formula as a wisp: kept on this machine, never synced")
           : mol.add_subcommand(
                 "pour",
                 "Pour a formula: an epic with one child bead per step, blocked as the steps need");
  pour->add_option("formula", o->name, "Formula name or path")->required();
  pour->add_option("--var", o->vars, "A variable, NAME=VALUE (repeatable)");
  pour->add_option("--key", o->key,
                   "Idempotency key: pouring again with the same key returns the same molecule");
  pour->add_option("--workdir", o->workdir,
                   "Where the steps' checks and command gates run (default: here)");
  if (wisp)
    pour->footer(
        "Examples:\n  bd mol wisp bugfix --var bug=gt-12 --var name=crash\n  bd mol wisp "
        "feature --var name=spike --json\n\nIds are PREFIX-wisp-HASH; their events go to "
        ".beads/wisp/, which git ignores. Steps show in `bd mol ready` and `bd ready "
        "--include-ephemeral`. End one with `bd mol squash` (keeps a digest) or `bd mol burn`.");
  else
    pour->footer(
        "Examples:\n  bd mol pour feature --var name=login\n  bd mol pour release --var "
        "version=1.2.0 --key release-1.2.0 --json\n\nOne write: all beads and edges, or "
        "nothing.");
  pour->callback([o, wisp, &ctx] {
    auto cooked = CookNamed(ctx, o->name, o->vars);
    if (!cooked) return ctx.Fail(cooked.error());
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto poured = PourMolecule(*ledger, *cooked, o->key, o->workdir, wisp);
    if (!poured) return ctx.Fail(poured.error());
    if (ctx.json) {
      nlohmann::json mapping = nlohmann::json::object();
      for (const auto& [step, id] : poured->id_mapping) mapping[step] = id;
      return ctx.PrintJson({{"new_epic_id", poured->epic_id},
                            {"id_mapping", mapping},
                            {"created", poured->created},
                            {"existing", poured->existing},
                            {"phase", wisp ? "vapor" : "liquid"}});
    }
    if (ctx.quiet) return;
    if (poured->existing) {
      std::cout << fmt::format("✓ Molecule {} already poured with key \"{}\" (nothing written)\n",
                               poured->epic_id, o->key);
      return;
    }
    std::cout << fmt::format("✓ Poured {}: created {} issues\n", wisp ? "wisp" : "mol",
                             poured->created);
    std::cout << fmt::format("  epic: {} {}\n", poured->epic_id, cooked->title);
    for (const auto& [step, id] : poured->id_mapping)
      std::cout << fmt::format("  {} → {}\n", step, id);
  });
}

nlohmann::json StepJson(const MoleculeStep& s) {
  return {{"step_id", s.step_id},        {"id", s.bead.id},
          {"title", s.bead.title},       {"status", s.bead.status},
          {"assignee", s.bead.assignee}, {"ready", s.ready},
          {"blocked_by", s.blocked_by}};
}

/// The molecule `id` names, after opening the gates that are due (so that
/// status and ready show what a worker can take now).
Result<MoleculeState> OpenMolecule(const Context& ctx, const std::string& id) {
  auto ledger = ctx.Open();
  if (!ledger) return tl::unexpected(ledger.error());
  auto resolved = ctx.Resolve(*ledger, id);
  if (!resolved) return tl::unexpected(resolved.error());
  OpenDueGatesQuietly(*ledger);
  return LoadMolecule(ledger->db(), *resolved);
}

void AddStatus(CLI::App& mol, Context& ctx) {
  auto id = std::make_shared<std::string>();
  auto* status =
      mol.add_subcommand("status", "A molecule's steps: status, holder, readiness, progress");
  status->alias("progress");
  status->add_option("id", *id, "The molecule's epic id (or one of its steps)")->required();
  status->footer("Examples:\n  bd mol status gt-a3f\n  bd mol status gt-a3f --json");
  status->callback([id, &ctx] {
    auto state = OpenMolecule(ctx, *id);
    if (!state) return ctx.Fail(state.error());
    int total = static_cast<int>(state->steps.size());
    if (ctx.json) {
      nlohmann::json steps = nlohmann::json::array(), ready = nlohmann::json::array();
      for (const MoleculeStep& s : state->steps) {
        steps.push_back(StepJson(s));
        if (s.ready) ready.push_back(s.bead.id);
      }
      return ctx.PrintJson({{"id", state->epic.id},
                            {"title", state->epic.title},
                            {"formula", state->formula},
                            {"key", state->key},
                            {"status", state->epic.status},
                            {"steps", steps},
                            {"ready", ready},
                            {"progress", {{"closed", state->closed}, {"total", total}}}});
    }
    std::cout << fmt::format("🧪 {} {} (formula {}) — {}/{} steps closed\n", state->epic.id,
                             state->epic.title, state->formula, state->closed, total);
    for (const MoleculeStep& s : state->steps) {
      std::string note;
      if (s.ready) note = "ready";
      if (!s.blocked_by.empty()) note = "waits for " + Join(s.blocked_by, ", ");
      if (!s.bead.assignee.empty()) note += (note.empty() ? "" : "; ") + ("@" + s.bead.assignee);
      std::cout << fmt::format("  {} {} {}: {}{}\n", StatusIcon(s.bead.status), s.bead.id,
                               s.step_id, ShortTitle(ctx, s.bead.title),
                               note.empty() ? "" : "  (" + note + ")");
    }
  });
}

void AddReady(CLI::App& mol, Context& ctx) {
  auto id = std::make_shared<std::string>();
  auto* ready = mol.add_subcommand("ready", "A molecule's steps that a worker can take now");
  ready->add_option("id", *id, "The molecule's epic id")->required();
  ready->footer(
      "Examples:\n  bd mol ready gt-a3f\n  bd mol ready gt-a3f --json\n\nTake one with `bd update "
      "ID --claim`.");
  ready->callback([id, &ctx] {
    auto state = OpenMolecule(ctx, *id);
    if (!state) return ctx.Fail(state.error());
    std::vector<Bead> beads;
    for (const MoleculeStep& s : state->steps)
      if (s.ready) beads.push_back(s.bead);
    if (ctx.json) return ctx.PrintJson(BeadsToJson(beads));
    if (beads.empty()) {
      std::cout << fmt::format("No ready steps in {} ({}/{} closed)\n", state->epic.id,
                               state->closed, state->steps.size());
      return;
    }
    std::cout << fmt::format("📋 Ready steps in {} ({}):\n", state->epic.id, beads.size());
    for (const Bead& b : beads) std::cout << "  " << BeadLine(ctx, b) << "\n";
  });
}

}  // namespace

void AddMolCommands(CLI::App& app, Context& ctx) {
  auto* mol = app.add_subcommand("mol", "Molecules: formulas poured as an epic of steps");
  mol->require_subcommand(1);
  mol->footer(
      "Examples:\n  bd mol pour feature --var name=login --key feat-login\n  bd mol status "
      "gt-a3f\n  bd mol ready gt-a3f\n  bd mol squash gt-a3f\n  bd mol wisp bugfix --var "
      "bug=gt-9 --var name=crash\n  bd mol burn gt-wisp-x1y\n\nSee docs/molecules.md.");
  AddPour(*mol, ctx, false);
  AddPour(*mol, ctx, true);
  AddStatus(*mol, ctx);
  AddReady(*mol, ctx);
  AddMolEndCommands(*mol, ctx);
}

}  // namespace gt::cli
