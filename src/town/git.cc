#include "town/git.h"

#include <fmt/format.h>

#include "ledger/git_repo.h"

namespace gt::town {
namespace {

const std::vector<std::string> kGitEnv = {"GIT_TERMINAL_PROMPT=0", "LC_ALL=C",
                                          "GIT_MERGE_AUTOEDIT=no"};

std::string Trim(std::string text) {
  while (!text.empty() && isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  size_t start = 0;
  while (start < text.size() && isspace(static_cast<unsigned char>(text[start]))) ++start;
  return text.substr(start);
}

}  // namespace

Result<ProcessResult> GitRun(const std::string& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"git", "-C", dir};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = RunProcess(argv, {}, kGitEnv);
  if (!r) return Fail(ErrorKind::kNotFound, "git is not installed", "install git");
  return r;
}

Result<std::string> Git(const std::string& dir, const std::vector<std::string>& args) {
  auto r = GitRun(dir, args);
  if (!r) return tl::unexpected(r.error());
  if (r->exit_code != 0)
    return Fail(ErrorKind::kIo,
                fmt::format("git {} failed: {}", args.empty() ? "" : args[0], GitMessage(*r)));
  return Trim(r->out);
}

bool GitOk(const std::string& dir, const std::vector<std::string>& args) {
  auto r = GitRun(dir, args);
  return r && r->exit_code == 0;
}

std::vector<std::string> GitIdentity(const std::string& dir) {
  std::vector<std::string> out;
  if (!GitOk(dir, {"config", "user.name"})) out = {"-c", "user.name=gt"};
  if (!GitOk(dir, {"config", "user.email"}))
    out.insert(out.end(), {"-c", "user.email=gt@localhost"});
  return out;
}

}  // namespace gt::town
