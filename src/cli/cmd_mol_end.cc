// bd mol squash|burn: the end of a molecule (or a wisp).
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "ledger/molecule_lifecycle.h"

namespace gt::cli {
namespace {

void AddSquash(CLI::App& mol, Context& ctx) {
  struct Opts {
    std::string id, summary;
    bool force = false;
  };
  auto o = std::make_shared<Opts>();
  auto* squash = mol.add_subcommand(
      "squash", "Condense a finished molecule into one closed digest bead (steps, who, results)");
  squash->add_option("id", o->id, "The molecule's epic id (or one of its steps)")->required();
  squash->add_option("--summary", o->summary, "A summary to put first in the digest");
  squash->add_flag("-f,--force", o->force, "Squash even with steps still open (closes them)");
  squash->footer(
      "Examples:\n  bd mol squash gt-a3f\n  bd mol squash gt-wisp-k2 --summary \"fixed the crash\" "
      "--json\n\nA poured molecule keeps its steps, closed, with the digest as a child of its "
      "epic. A wisp's digest is a shared bead (label squash-of:ID) and the wisp is burned.");
  squash->callback([o, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto resolved = ctx.Resolve(*ledger, o->id);
    if (!resolved) return ctx.Fail(resolved.error());
    auto done = SquashMolecule(*ledger, *resolved, o->summary, o->force);
    if (!done) return ctx.Fail(done.error());
    if (ctx.json)
      return ctx.PrintJson({{"molecule_id", done->molecule_id},
                            {"digest_id", done->digest_id},
                            {"squashed_ids", done->squashed_ids},
                            {"squashed_count", done->squashed_ids.size()},
                            {"closed_ids", done->closed_ids},
                            {"deleted_count", done->deleted},
                            {"kept_children", !done->wisp},
                            {"wisp_squash", done->wisp},
                            {"existing", done->existing}});
    if (ctx.quiet) return;
    if (done->existing) {
      std::cout << fmt::format("✓ {} was squashed before into {} (nothing written)\n",
                               done->molecule_id, done->digest_id);
      return;
    }
    std::cout << fmt::format("✓ Squashed {} ({} steps) into digest {}\n", done->molecule_id,
                             done->squashed_ids.size(), done->digest_id);
    if (!done->closed_ids.empty())
      std::cout << fmt::format("  closed as squashed: {}\n", Join(done->closed_ids, ", "));
    if (done->wisp)
      std::cout << fmt::format("  wisp burned: {} beads discarded on this machine\n",
                               done->deleted);
  });
}

void AddBurn(CLI::App& mol, Context& ctx) {
  struct Opts {
    std::vector<std::string> ids;
    bool force = false;
  };
  auto o = std::make_shared<Opts>();
  auto* burn = mol.add_subcommand("burn", "Discard a wisp (or, with --force, a poured molecule)");
  burn->add_option("ids", o->ids, "Molecule epic ids")->required();
  burn->add_flag("-f,--force", o->force, "Also delete poured (shared) molecules, for every clone");
  burn->footer(
      "Examples:\n  bd mol burn gt-wisp-k2\n  bd mol burn gt-a3f --force --json\n\nNo digest is "
      "kept; use `bd mol squash` to keep one. A wisp's deletions stay on this machine.");
  burn->callback([o, &ctx] {
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto ids = ctx.ResolveAll(*ledger, o->ids);
    if (!ids) return ctx.Fail(ids.error());
    nlohmann::json results = nlohmann::json::array();
    size_t total = 0;
    for (const std::string& id : *ids) {
      auto burned = BurnMolecule(*ledger, id, o->force);
      if (!burned) return ctx.Fail(burned.error());
      total += burned->deleted_ids.size();
      results.push_back({{"molecule_id", burned->molecule_id},
                         {"deleted_ids", burned->deleted_ids},
                         {"deleted_count", burned->deleted_ids.size()},
                         {"wisp", burned->wisp}});
      if (!ctx.json && !ctx.quiet)
        std::cout << fmt::format("🔥 Burned {}{}: {} beads deleted\n", burned->molecule_id,
                                 burned->wisp ? " (wisp)" : "", burned->deleted_ids.size());
    }
    if (ctx.json)
      ctx.PrintJson(results.size() == 1
                        ? results[0]
                        : nlohmann::json{{"results", results}, {"total_deleted", total}});
  });
}

}  // namespace

void AddMolEndCommands(CLI::App& mol, Context& ctx) {
  AddSquash(mol, ctx);
  AddBurn(mol, ctx);
}

}  // namespace gt::cli
