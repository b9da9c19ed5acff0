// Running git in a repository: argument vectors, no prompts, errors as text.
#pragma once

#include <string>
#include <vector>

#include "core/process.h"
#include "core/result.h"

namespace gt {

class GitRepo {
 public:
  /// The repository that contains `dir`; kNotFound when there is none.
  static Result<GitRepo> Find(const std::string& dir);
  /// A repository at `dir` as given (a bare repository, or a worktree the
  /// caller made), without looking for its top level.
  static GitRepo At(const std::string& dir) { return GitRepo(dir); }

  const std::string& root() const { return root_; }

  /// Runs `git ARGS` at the root; any exit code is a result, not an error.
  Result<ProcessResult> Run(const std::vector<std::string>& args) const;
  /// Runs `git ARGS` and returns its trimmed stdout; a non-zero exit is an
  /// error that quotes git's own message.
  Result<std::string> Output(const std::vector<std::string>& args) const;
  /// True when `git ARGS` exits 0.
  bool Succeeds(const std::vector<std::string>& args) const;

 private:
  explicit GitRepo(std::string root) : root_(std::move(root)) {}
  std::string root_;
};

/// The last non-empty line of git's stderr (where it says what went wrong).
std::string GitMessage(const ProcessResult& result);

}  // namespace gt
