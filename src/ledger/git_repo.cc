#include "ledger/git_repo.h"

#include <fmt/format.h>

namespace gt {
namespace {

// Never wait for a password prompt; parse git's English messages.
const std::vector<std::string> kGitEnv = {"GIT_TERMINAL_PROMPT=0", "LC_ALL=C",
                                          "GIT_MERGE_AUTOEDIT=no"};

std::string Trim(std::string text) {
  while (!text.empty() && isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  size_t start = 0;
  while (start < text.size() && isspace(static_cast<unsigned char>(text[start]))) ++start;
  return text.substr(start);
}

}  // namespace

std::string GitMessage(const ProcessResult& result) {
  std::string text = Trim(result.err.empty() ? result.out : result.err);
  size_t nl = text.rfind('\n');
  std::string last = nl == std::string::npos ? text : text.substr(nl + 1);
  // "fatal: ..." and "error: ..." say it best; prefer them over hints.
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    std::string line = text.substr(at, end == std::string::npos ? end : end - at);
    if (line.starts_with("fatal: ") || line.starts_with("error: ")) return line;
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return last;
}

Result<GitRepo> GitRepo::Find(const std::string& dir) {
  auto r = RunProcess({"git", "-C", dir, "rev-parse", "--show-toplevel"}, {}, kGitEnv);
  if (!r)
    return Fail(ErrorKind::kNotFound, "git is not installed", "install git (apt-get install git)");
  if (r->exit_code != 0)
    return Fail(ErrorKind::kNotFound, fmt::format("{} is not in a git repository", dir),
                "run `git init` (and `git remote add origin URL`) first");
  return GitRepo(Trim(r->out));
}

Result<ProcessResult> GitRepo::Run(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {"git", "-C", root_};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv, {}, kGitEnv);
}

Result<std::string> GitRepo::Output(const std::vector<std::string>& args) const {
  auto r = Run(args);
  if (!r) return tl::unexpected(r.error());
  if (r->exit_code != 0)
    return Fail(ErrorKind::kIo,
                fmt::format("git {} failed: {}", args.empty() ? "" : args[0], GitMessage(*r)));
  return Trim(r->out);
}

bool GitRepo::Succeeds(const std::vector<std::string>& args) const {
  auto r = Run(args);
  return r && r->exit_code == 0;
}

}  // namespace gt
