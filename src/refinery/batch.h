// Testing merge requests in batches: a batch that passes merges at once; one
// that fails is split in halves until the culprits are found, so the good
// requests still merge and only the bad ones are bounced.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "refinery/gate_runner.h"
#include "refinery/merge_engine.h"

namespace gt::refinery {

enum class Verdict {
  kMerged,         // on main now
  kFailed,         // a gate or check failed: bounced to the worker
  kConflict,       // does not apply on main: the worker must rebase
  kAlreadyMerged,  // found on main (a refinery killed after merging it)
};
const char* VerdictName(Verdict verdict);

struct Outcome {
  Candidate candidate;
  Verdict verdict = Verdict::kFailed;
  std::string commit;         // merged: its last commit on main; failed: the commit tested
  std::vector<GateRun> runs;  // the runs that decided it
  std::string message;        // why, for the worker
  int64_t duration_ms = 0;    // testing time spent on its behalf
};

struct BatchReport {
  std::vector<Outcome> outcomes;  // one per candidate, in the order decided
  int tests = 0;                  // stacks tested
  int gate_runs = 0;              // gate and check commands run
};

/// Decides every candidate: those already on main first, then up to all of
/// them stacked and tested together with `gates` (and their checks), split
/// on failure. Candidates that conflict inside a stack are tried again alone
/// on the final main before being bounced. `env` is added to the gates'.
Result<BatchReport> ProcessBatch(MergeEngine& engine, const std::vector<GateSpec>& gates,
                                 const std::vector<Candidate>& candidates,
                                 const std::vector<std::string>& env = {});

}  // namespace gt::refinery
