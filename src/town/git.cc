#include "town/git.h"

#include "ledger/git_repo.h"

namespace gt::town {

// The same runner as the ledger's: no prompts, English messages.
Result<ProcessResult> GitRun(const std::string& dir, const std::vector<std::string>& args) {
  return GitRepo::At(dir).Run(args);
}

Result<std::string> Git(const std::string& dir, const std::vector<std::string>& args) {
  return GitRepo::At(dir).Output(args);
}

bool GitOk(const std::string& dir, const std::vector<std::string>& args) {
  return GitRepo::At(dir).Succeeds(args);
}

std::vector<std::string> GitIdentity(const std::string& dir) {
  std::vector<std::string> out;
  if (!GitOk(dir, {"config", "user.name"})) out = {"-c", "user.name=gt"};
  if (!GitOk(dir, {"config", "user.email"}))
    out.insert(out.end(), {"-c", "user.email=gt@localhost"});
  return out;
}

}  // namespace gt::town
