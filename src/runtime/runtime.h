// Worker runtimes: how a worker's process is started, reached and stopped.
// One interface; `script` runs a command detached, `tmux` runs an
// interactive program in a tmux session a person can attach to.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace gt::runtime {

/// A running (or finished) worker session, as recorded under run/.
struct Session {
  std::string runtime;      // "script"
  int pid = 0;              // the supervisor process (also the process group)
  int64_t start_ticks = 0;  // its start time (/proc), against pid reuse
  std::string log_path;     // stdout and stderr
  std::string exit_path;    // written with the exit code when the command ends
  std::string nudge_path;   // where sent text is appended (script runtime)
  std::string socket;       // tmux: the server (tmux -L SOCKET)
  std::string name;         // tmux: the session's name
  std::string idle_marker;  // tmux: the last line holds this when it waits ("": >, $, ❯)
};

struct StartRequest {
  std::vector<std::string> argv;  // the command; argv[0] is looked up on PATH
  std::string cwd;
  std::vector<std::string> env;    // "NAME=value", added to or replacing the inherited
  std::vector<std::string> unset;  // inherited variables to drop
  std::string log_path;
  std::string exit_path;
  std::string nudge_path;
  std::string socket;  // tmux: the server's name (one per town)
  std::string name;    // tmux: the session's name
  std::string idle_marker;
  /// tmux: the gt executable, to run the command under `gt __record-exit`
  /// so its exit code reaches `exit_path` ("": rely on tmux's pane status).
  std::string exit_recorder;
};

class Runtime {
 public:
  virtual ~Runtime() = default;
  /// Starts the command detached: it outlives the caller.
  virtual Result<Session> Start(const StartRequest& request) = 0;
  /// Delivers text to the running session; fails when it is not running.
  virtual Status Send(const Session& session, const std::string& text) = 0;
  virtual bool IsAlive(const Session& session) = 0;
  /// Waiting for input (for a script: finished).
  virtual bool IsIdle(const Session& session) = 0;
  /// Terminates the session's processes (TERM, then KILL after a grace period).
  virtual Status Stop(const Session& session) = 0;
  virtual std::string LogPath(const Session& session) { return session.log_path; }
  /// The type of the session's last structured event (headless); "" if none.
  virtual std::string LastEvent(const Session&) { return ""; }
  /// The exit code of a finished session; -1 while running or when unknown.
  virtual int ExitCode(const Session& session);
};

/// The runtime named `name`; kInvalidArgument for one this build lacks.
Result<std::unique_ptr<Runtime>> MakeRuntime(const std::string& name);

/// The exit code a finished session recorded, or -1 if none was recorded
/// (still running, or killed).
int RecordedExitCode(const Session& session);
/// Appends `text` as one line (newlines become spaces) to the session's
/// nudge file, durably: how script and headless workers receive nudges.
Status AppendNudge(const Session& session, const std::string& text);

}  // namespace gt::runtime
