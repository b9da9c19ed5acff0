// The tmux runtime: an interactive program (an agent CLI) in a detached
// tmux session that a person can attach to. Sending text types it into the
// pane and presses Enter, and checks that it arrived.
#pragma once

#include <string>
#include <vector>

#include "runtime/runtime.h"

namespace gt::runtime {

class TmuxRuntime : public Runtime {
 public:
  Result<Session> Start(const StartRequest& request) override;
  /// Types the text (literally) and Enter; fails when the text does not show
  /// in the pane after retries, or when the pane does not change after Enter.
  Status Send(const Session& session, const std::string& text) override;
  bool IsAlive(const Session& session) override;
  /// Alive, its screen unchanged for a moment, and its last line a prompt
  /// (holds the session's idle marker, else ends with "> ", "$ " or "❯ ").
  bool IsIdle(const Session& session) override;
  Status Stop(const Session& session) override;
  /// Writes the pane's history to the session's log file and returns its path.
  std::string LogPath(const Session& session) override;
  /// The dead pane's status (also recorded in the exit file), else the file's.
  int ExitCode(const Session& session) override;
};

/// The argument vector that attaches a terminal to the session.
std::vector<std::string> TmuxAttachCommand(const Session& session);
/// The pane's text (with history when `history`).
Result<std::string> TmuxCapture(const Session& session, bool history = false);

}  // namespace gt::runtime
