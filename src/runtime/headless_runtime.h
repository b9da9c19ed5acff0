// The headless runtime: an agent CLI in its non-interactive mode, writing
// structured events (JSON lines, e.g. claude's stream-json) to its log. It
// runs like a script; gt reads the log as events instead of a screen.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/script_runtime.h"

namespace gt::runtime {

class HeadlessRuntime : public ScriptRuntime {
 public:
  /// Queues the text for the worker's next turn (its next session's prompt,
  /// see TakeQueuedNudges); it cannot be typed into a running turn.
  Status Send(const Session& session, const std::string& text) override;
  /// Finished, or its last event ends a turn (type "result").
  bool IsIdle(const Session& session) override;
  std::string LastEvent(const Session& session) override;
};

/// The JSON objects of the log, one per line; other lines are skipped.
std::vector<nlohmann::json> ReadEvents(const std::string& log_path);
/// Reads and clears the texts queued for a headless worker.
std::vector<std::string> TakeQueuedNudges(const std::string& nudge_path);

}  // namespace gt::runtime
