// Proving a whole ledger: every chain from its first line, and members.jsonl.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "ledger/chain_verify.h"

namespace gt {

struct ChainReport {
  std::string file;  // "log/<keyid>.jsonl"
  int64_t events = 0;
  int64_t signatures = 0;
  std::vector<ChainProblem> problems;
};

struct LedgerReport {
  std::vector<ChainReport> chains;
  std::vector<ChainProblem> problems;  // every chain's, then members.jsonl's
  /// One key's second chain, kept under log/forks/ after a merge (see
  /// sync.h): reported, not a failure; each fork file is itself verified.
  std::vector<ChainProblem> equivocations;
  int64_t events = 0;
  int64_t signatures = 0;
  bool ok() const { return problems.empty(); }
};

/// Verifies every chain under `beads_dir`/log (in parallel) and members.jsonl.
/// A torn last line counts as a problem: bytes were changed or lost at the end.
Result<LedgerReport> VerifyLedger(const std::string& beads_dir, bool deep);

}  // namespace gt
