// Running git for the town: `git -C DIR ARGS`, never prompting.
#pragma once

#include <string>
#include <vector>

#include "core/process.h"
#include "core/result.h"

namespace gt::town {

/// Runs git in `dir`; any exit code is a result.
Result<ProcessResult> GitRun(const std::string& dir, const std::vector<std::string>& args);
/// Runs git in `dir` and returns its trimmed stdout; a non-zero exit is an
/// error quoting git's message.
Result<std::string> Git(const std::string& dir, const std::vector<std::string>& args);
bool GitOk(const std::string& dir, const std::vector<std::string>& args);
/// `-c user.name=… -c user.email=…` when git has no identity configured.
std::vector<std::string> GitIdentity(const std::string& dir);

}  // namespace gt::town
