// Checks: a step's command that decides whether the step is done
// (deterministic verification of nondeterministic work).
//
// A pour stores a step's check in the step bead's `metadata.check` (the
// argument vector, the molecule's working directory, the timeout). Closing
// the step runs it, never through a shell, and records the result as a
// signed `check.run` event; a failing check refuses the close unless forced.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "ledger/ledger.h"
#include "ledger/ops.h"

namespace gt {

inline constexpr int64_t kDefaultCheckTimeoutMs = 10 * 60 * 1000;
/// How much of a check's output (stdout then stderr) an event keeps: the tail.
inline constexpr size_t kCheckOutputTail = 4000;

/// A step's check, as stored.
struct CheckSpec {
  std::vector<std::string> argv;
  std::string workdir;  // stored form (see StoredWorkdir in gates.h)
  int64_t timeout_ms = kDefaultCheckTimeoutMs;
};
/// The `metadata` field of a checked step's `bead.create`.
nlohmann::json CheckCreateFields(const CheckSpec& spec);
/// The check stored on `id`, if any.
Result<std::optional<CheckSpec>> LoadCheck(Database& db, const std::string& id);

/// One run of a check.
struct CheckRun {
  std::vector<std::string> argv;
  std::string workdir;  // where it ran
  int exit_code = -1;   // -1: killed, timed out, or could not start
  bool timed_out = false;
  int64_t duration_ms = 0;
  std::string output;   // the tail of stdout + stderr
  bool forced = false;  // it failed and the close was forced
  // Filled when read back from history:
  std::string actor;
  std::string ts;
  bool passed() const { return exit_code == 0 && !timed_out; }
};
/// Runs the check in its working directory with its timeout. A program that
/// cannot start, or a missing directory, is a failed run, not an error.
CheckRun RunCheck(const CheckSpec& spec, const std::string& beads_dir);
/// The data of a `check.run` event, and back.
nlohmann::json CheckRunData(const CheckRun& run);
CheckRun CheckRunFromData(const nlohmann::json& data);
/// The last check.run recorded on `id`, from its history.
Result<std::optional<CheckRun>> LastCheckRun(Database& db, const std::string& log_dir,
                                             const std::string& id);

struct StepClose {
  CloseOutcome outcome;         // the bead as it is now
  std::optional<CheckRun> run;  // the check that ran, if any
  bool refused = false;         // the check failed and the close was not forced
};
/// Closes `id` as `bd close` does: a bead with a check runs it first (unless
/// it is closed already: a closed step stays closed and nothing runs), then
/// writes, in one write, the `check.run` event and, when the check passed or
/// `force` is set, the `bead.close` (whose data then carries `check`). A
/// failed check without `force` writes only the `check.run` and returns
/// `refused`. The usual close refusals (open blockers …) come before the
/// check runs.
Result<StepClose> CloseStep(Ledger& ledger, const std::string& id, const std::string& reason,
                            bool force);

}  // namespace gt
