// The script runtime: runs an argument vector detached, in its own process
// group, under a small supervisor process that records its exit code.
#pragma once

#include "runtime/runtime.h"

namespace gt::runtime {

class ScriptRuntime : public Runtime {
 public:
  Result<Session> Start(const StartRequest& request) override;
  /// Appends the text (one line) to the session's nudge file.
  Status Send(const Session& session, const std::string& text) override;
  bool IsAlive(const Session& session) override;
  bool IsIdle(const Session& session) override { return !IsAlive(session); }
  Status Stop(const Session& session) override;
};

/// The start time of process `pid` in clock ticks since boot; 0 if it is
/// gone or a zombie.
int64_t ProcessStartTicks(int pid);

}  // namespace gt::runtime
