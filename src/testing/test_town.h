// Test helpers for towns: a git identity for the commits tests make, and a
// project repository to build rigs from.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>

#include "core/process.h"

namespace gt::testing {

/// Commits made by the test and the workers it starts get this author.
inline void UseTestGitIdentity() {
  for (const char* var : {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"}) setenv(var, "Test", 1);
  for (const char* var : {"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"})
    setenv(var, "test@example.com", 1);
  unsetenv("GT_TOWN");
}

/// A git repository at `dir` with one commit (README) on main; false if git failed.
inline bool MakeProject(const std::string& dir) {
  if (RunProcess({"git", "init", "-q", "-b", "main", dir})->exit_code != 0) return false;
  std::ofstream(dir + "/README") << "hello\n";
  return RunProcess({"git", "-C", dir, "add", "README"})->exit_code == 0 &&
         RunProcess({"git", "-C", dir, "commit", "-q", "-m", "init"})->exit_code == 0;
}

}  // namespace gt::testing
