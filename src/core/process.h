// Running a program with an argument vector (never a shell string).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace gt {

struct ProcessResult {
  int exit_code = -1;      // -1 when killed by a signal
  std::string out;         // stdout
  std::string err;         // stderr
  bool timed_out = false;  // killed because it ran past the timeout
  int64_t duration_ms = 0;
};

/// How to run a program: where, with which extra environment, for how long.
struct ProcessOptions {
  std::string cwd;               // "": the current directory
  std::vector<std::string> env;  // "NAME=value", added to (or replacing) the inherited ones
  int64_t timeout_ms = 0;        // 0: no limit; else the process group is killed after it
};

/// Runs argv[0] (looked up on PATH) with `argv`, in `cwd` when given, with
/// stdin closed; waits and collects its output. kNotFound when the program
/// cannot be started.
/// `env` entries ("NAME=value") are added to (or replace) the inherited ones.
Result<ProcessResult> RunProcess(const std::vector<std::string>& argv, const std::string& cwd = {},
                                 const std::vector<std::string>& env = {});
/// As above; with a timeout the program runs in its own process group, and
/// the whole group is killed (SIGKILL) when time runs out (`timed_out`).
Result<ProcessResult> RunProcess(const std::vector<std::string>& argv,
                                 const ProcessOptions& options);

}  // namespace gt
