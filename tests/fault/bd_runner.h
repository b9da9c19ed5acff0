// Running the real bd binary (and git) from fault tests: an argument vector,
// never a shell string; a controlled environment per call; captured output.
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace gt::fault {

/// What a finished process left behind.
struct RunResult {
  int exit_code = -1;  // -1 when a signal ended it
  int signal = 0;      // the signal that ended it, or 0
  std::string out;     // stdout
  std::string err;     // stderr
  bool ok() const { return exit_code == 0; }
  /// "exit 1, signal 0\nstdout: …\nstderr: …", for assertion messages.
  std::string Describe() const;
};

/// Variables set (or, with an empty value, removed) for one child process;
/// everything else is inherited.
using EnvOverrides = std::vector<std::pair<std::string, std::string>>;

/// A started child process. Its stdout and stderr go to anonymous in-memory
/// files, so it can never block on a full pipe; they are read when it is
/// reaped. The destructor kills and reaps a child still running.
class Child {
 public:
  /// Starts the program at `argv[0]` (a path, or looked up on PATH when it
  /// has no '/') in `cwd`, with stdin from /dev/null. A program that cannot
  /// be started behaves as one that exited 127 with the reason on stderr.
  static Child Start(const std::vector<std::string>& argv, const std::string& cwd,
                     const EnvOverrides& env);

  Child(Child&& other) noexcept { *this = std::move(other); }
  Child& operator=(Child&& other) noexcept;
  Child(const Child&) = delete;
  ~Child();

  pid_t pid() const { return pid_; }
  /// True once the process has ended. Does not reap it, so its pid cannot be
  /// reused before Wait() and Kill() stays safe.
  bool Ended();
  /// Sends SIGKILL. Safe at any time before Wait(): an ended child is a zombie.
  void Kill();
  /// Reaps the process and returns its exit status and output.
  RunResult Wait();

 private:
  Child() = default;
  void Release();  // kills and reaps a running child, closes its output files
  void CloseFiles();
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string start_error_;
};

/// Who runs bd, and where.
struct BdEnv {
  std::string cwd;          // the repository (bd finds .beads/ upwards from here)
  std::string config_home;  // XDG_CONFIG_HOME: where the actors' signing keys live
  std::string actor;        // BD_ACTOR
};

/// Starts / runs the bd under test (GT_BD_PATH) with `args` as `env.actor`.
Child StartBd(const BdEnv& env, const std::vector<std::string>& args);
RunResult RunBd(const BdEnv& env, const std::vector<std::string>& args);

/// Runs any program to completion.
RunResult RunProgram(const std::vector<std::string>& argv, const std::string& cwd,
                     const EnvOverrides& env = {});

/// Runs git in `cwd` with a fixed identity, so commits work on any machine.
RunResult RunGit(const std::string& cwd, const std::vector<std::string>& args);

}  // namespace gt::fault
