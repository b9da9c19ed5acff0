#include "runtime/record_exit.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include "ledger/workspace.h"

namespace gt::runtime {

int RunRecordingExit(const std::string& exit_path, const std::vector<std::string>& argv) {
  if (argv.empty()) return 127;
  pid_t child = fork();
  if (child < 0) return 127;
  if (child == 0) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  // Like system(): a Ctrl-C in the pane is for the program, not for us.
  signal(SIGINT, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  int status = 0;
  while (waitpid(child, &status, 0) < 0)
    if (errno != EINTR) return 127;
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  (void)WriteFileAtomically(exit_path, fmt::format("{}\n", code));
  return code;
}

}  // namespace gt::runtime
