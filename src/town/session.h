// What the town records about a worker's session: run/<agent>.json.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "runtime/runtime.h"
#include "town/town.h"

namespace gt::town {

struct SessionRecord {
  std::string agent;
  std::string rig;
  std::string bead;
  std::string worktree;
  std::string branch;
  std::string started;  // RFC 3339
  std::string state;    // "running" | "done" | "blocked" | "stopped"
  runtime::Session session;
};

std::string SessionPath(const Town& town, const std::string& agent);
Result<std::optional<SessionRecord>> LoadSession(const Town& town, const std::string& agent);
Status SaveSession(const Town& town, const SessionRecord& record);
Result<std::vector<SessionRecord>> ListSessions(const Town& town);
/// Starts the worker's runtime in `worktree` for `bead` with `prompt`
/// (GT_PROMPT) and the town's environment (docs/town.md), and records it.
Result<SessionRecord> StartSession(const Town& town, const AgentConfig& agent,
                                   const std::string& rig, const std::string& bead,
                                   const std::string& worktree, const std::string& branch,
                                   const std::string& prompt);
/// Whether the session's process is running.
bool SessionAlive(const SessionRecord& record);

}  // namespace gt::town
