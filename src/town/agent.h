// Workers: a signing key in the town's keys/, an entity URI, a runtime, and
// membership (writer) in every ledger of the town.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "town/town.h"

namespace gt::town {

struct AddAgentOptions {
  std::string name;
  std::string runtime = "script";
  std::vector<std::string> command;  // the script runtime's argument vector
};

struct AgentAdded {
  AgentConfig agent;
  std::vector<std::string> admitted;      // ledgers (prefixes) it became a writer of
  std::vector<std::string> not_admitted;  // "<prefix>: why" (ledgers the town does not administer)
};

/// Creates the worker: key, town.toml entry, membership in the ledgers.
Result<AgentAdded> AddAgent(Town& town, const AddAgentOptions& options);
Result<AgentConfig> FindAgent(const Town& town, const std::string& name);
/// Makes every worker of the town a writer of the ledger at `beads_dir`
/// (used when a rig is added after its workers). Returns the ledger-level
/// refusals as text, best effort.
std::vector<std::string> AdmitAgents(const Town& town, const std::string& beads_dir,
                                     const std::vector<AgentConfig>& agents);
/// Whether the town can start a worker with this runtime (script, tmux, or
/// an adapter) and command (the worker's own arguments after an adapter's).
Status ValidateRuntime(const Town& town, const std::string& runtime,
                       const std::vector<std::string>& command);

}  // namespace gt::town
