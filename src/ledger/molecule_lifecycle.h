// The end of a molecule's life: squash (condense it into one digest bead)
// and burn (discard it). Wisps, kept on this machine, end this way.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "ledger/ledger.h"

namespace gt {

struct SquashResult {
  std::string molecule_id;
  std::string digest_id;
  std::vector<std::string> squashed_ids;  // the steps summarised
  std::vector<std::string> closed_ids;    // steps and gates closed by the squash (with force)
  int deleted = 0;                        // wisp beads discarded
  bool wisp = false;
  bool existing = false;  // squashed before: nothing written
};

/// Writes a closed digest bead ("Digest: TITLE") summarising each step: its
/// title, who held and closed it, and how it closed; `summary` leads it.
/// A poured molecule keeps its steps, closed, with the digest as a child of
/// its epic, which is closed. A wisp's digest is a shared top-level bead
/// (label `squash-of:ID`) and the wisp is then burned. Steps still open are
/// refused unless `force`, which closes them as squashed. Idempotent.
Result<SquashResult> SquashMolecule(Ledger& ledger, const std::string& id,
                                    const std::string& summary, bool force);

struct BurnResult {
  std::string molecule_id;
  std::vector<std::string> deleted_ids;
  bool wisp = false;
};

/// Deletes a molecule: its epic and every bead under it. A wisp's deletions
/// stay on this machine; a poured (shared) molecule is deleted for every
/// clone, so it needs `force`.
Result<BurnResult> BurnMolecule(Ledger& ledger, const std::string& id, bool force);

}  // namespace gt
