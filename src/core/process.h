// Running a program with an argument vector (never a shell string).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace gt {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;     // stdout
  std::string err;     // stderr
};

/// Runs argv[0] (looked up on PATH) with `argv`, in `cwd` when given, with
/// stdin closed; waits and collects its output. kNotFound when the program
/// cannot be started.
/// `env` entries ("NAME=value") are added to (or replace) the inherited ones.
Result<ProcessResult> RunProcess(const std::vector<std::string>& argv, const std::string& cwd = {},
                                 const std::vector<std::string>& env = {});

}  // namespace gt
