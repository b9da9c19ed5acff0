// Molecules: a cooked formula poured into the ledger as an epic with one
// child bead per step and `blocks` edges mirroring the steps' needs.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/bead.h"
#include "core/result.h"
#include "ledger/formula.h"
#include "ledger/ledger.h"

namespace gt {

struct PourResult {
  std::string epic_id;
  std::vector<std::pair<std::string, std::string>> id_mapping;  // step id → bead id
  int created = 0;        // beads written: 0 when the key named an existing molecule
  bool existing = false;  // the key named a molecule poured before
};

/// Pours `cooked` in one write: the epic (labels `molecule`,
/// `formula:NAME`, and `mol-key:KEY` when `key` is set), then child
/// `EPIC.N` for step N (label `mol-step:ID`), then one `gate` bead per gated
/// step that blocks it. With a `key` that a live molecule of the same
/// formula already carries, writes nothing and returns that molecule.
/// `workdir` (default: the current directory) is the molecule's working
/// directory, where checks and command gates run; gates and checks are
/// stored on their beads (see gates.h, checks.h).
/// A `wisp` (id `<prefix>-wisp-<hash>`, label `wisp`) is written to this
/// machine's local chain: never synced, and discarded with BurnMolecule.
Result<PourResult> PourMolecule(Ledger& ledger, const CookedFormula& cooked, const std::string& key,
                                const std::string& workdir = "", bool wisp = false);

struct MoleculeStep {
  std::string step_id;
  Bead bead;
  bool ready = false;                   // open, not deferred, nothing open blocks it
  std::vector<std::string> blocked_by;  // open direct blockers (steps or gates)
};
struct MoleculeState {
  Bead epic;
  std::string formula;
  std::string key;
  std::vector<MoleculeStep> steps;  // in step order
  int closed = 0;
};
/// The molecule whose epic is `id` (or whose step is `id`).
Result<MoleculeState> LoadMolecule(Database& db, const std::string& id);

}  // namespace gt
