// A rig's gates (rig.toml `[[gate]]`) and a bead's checks, run one after the
// other in a worktree: the refinery's verdict on a candidate commit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace gt::refinery {

/// One gate: a name, an argument vector (never a shell string), a time limit.
struct GateSpec {
  std::string name;
  std::vector<std::string> argv;
  int64_t timeout_ms = 10 * 60 * 1000;
};

/// What one gate did.
struct GateRun {
  std::string name;
  int exit_code = -1;
  bool timed_out = false;
  int64_t duration_ms = 0;
  std::string output;  // the tail of stdout and stderr, for the worker
  bool passed() const { return exit_code == 0 && !timed_out; }
};

/// At most this much of a gate's output is kept (its end, where errors are).
constexpr size_t kGateOutputTail = 4000;

/// Runs `gates` in order in `cwd` with `env` added, stopping at the first
/// that fails (exit code, time limit, or a program that cannot start).
std::vector<GateRun> RunGates(const std::vector<GateSpec>& gates, const std::string& cwd,
                              const std::vector<std::string>& env = {});

/// True when no run failed.
bool AllPassed(const std::vector<GateRun>& runs);

}  // namespace gt::refinery
