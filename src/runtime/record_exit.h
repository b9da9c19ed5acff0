// A tiny supervisor for programs run in a tmux pane: it runs the program in
// the pane's terminal and writes its exit code to a file, because tmux does
// not always know a dead pane's status (`#{pane_dead_status}` can be empty).
#pragma once

#include <string>
#include <vector>

namespace gt::runtime {

/// The hidden gt subcommand that runs RunRecordingExit:
/// `gt __record-exit EXIT_FILE -- ARGV...`.
inline constexpr const char* kRecordExitCommand = "__record-exit";

/// Runs `argv` (looked up on PATH) as a child with this process's terminal,
/// waits for it, writes its exit code (128 + signal when killed) to
/// `exit_path`, and returns that code (127 when it cannot be started).
int RunRecordingExit(const std::string& exit_path, const std::vector<std::string>& argv);

}  // namespace gt::runtime
