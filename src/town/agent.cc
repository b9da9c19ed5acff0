#include "town/agent.h"

#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include <fmt/format.h>

#include "core/clock.h"
#include "ledger/keys.h"
#include "ledger/member_ops.h"

namespace gt::town {

namespace {

/// An absolute path must be executable, a bare name found on PATH; a
/// relative path is resolved in the worker's worktree, so it is not checked.
bool ProgramMayRun(const std::string& program) {
  if (program.starts_with("/")) return access(program.c_str(), X_OK) == 0;
  if (program.find('/') != std::string::npos) return true;
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && access((dir + "/" + program).c_str(), X_OK) == 0) return true;
  return false;
}

}  // namespace

Status ValidateRuntime(const Town& town, const std::string& runtime,
                       const std::vector<std::string>& command) {
  if (auto adapter = town.AdapterFor(runtime)) {
    if (auto st = runtime::ValidateAdapter(*adapter); !st) return st;
    if (adapter->base == "tmux" && !ProgramMayRun("tmux"))
      return Fail(ErrorKind::kNotFound, "tmux is not installed", "install tmux");
    if (!ProgramMayRun(adapter->command[0]))
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("cannot run {} (runtime {}): No such file or directory",
                              adapter->command[0], runtime),
                  "install it, or set its command in town.toml [runtimes." + runtime + "]");
    return {};
  }
  if (runtime == "script" || runtime == "headless") {
    if (command.empty())
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("the {} runtime needs a command", runtime),
                  "give it after --, e.g. gt agent add ci --runtime script -- ./run-job.sh");
    if (!ProgramMayRun(command[0]))
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("cannot run {}: No such file or directory", command[0]),
                  "give an absolute path, a program on PATH, or a path relative to the worktree");
    return {};
  }
  if (runtime == "tmux") {
    if (command.empty())
      return Fail(ErrorKind::kInvalidArgument, "the tmux runtime needs a command",
                  "give it after --, e.g. gt agent add ann --runtime tmux -- claude");
    if (!ProgramMayRun("tmux"))
      return Fail(ErrorKind::kNotFound, "tmux is not installed", "install tmux, or use script");
    if (!ProgramMayRun(command[0]))
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("cannot run {}: No such file or directory", command[0]),
                  "give an absolute path, a program on PATH, or a path relative to the worktree");
    return {};
  }
  return Fail(ErrorKind::kInvalidArgument, fmt::format("unknown runtime \"{}\"", runtime),
              "use script, tmux, headless, an adapter (gt runtime list) or one from town.toml "
              "[runtimes]");
}

std::vector<std::string> AdmitAgents(const Town& town, const std::string& beads_dir,
                                     const std::vector<AgentConfig>& agents) {
  std::vector<std::string> refused;
  auto ledger = OpenLedgerAs(town, beads_dir, kAdminActor);
  if (!ledger) return {ledger.error().message};
  for (const AgentConfig& a : agents) {
    auto added = AddMember(*ledger, a.key, "writer", a.name);
    if (!added)
      refused.push_back(fmt::format("{}: {}", ledger->config().prefix, added.error().message));
  }
  return refused;
}

Result<AgentConfig> FindAgent(const Town& town, const std::string& name) {
  auto it = town.config.agents.find(name);
  if (it == town.config.agents.end()) {
    // An entity URI names the worker too.
    for (const auto& [n, a] : town.config.agents)
      if (a.uri == name) return a;
    return Fail(ErrorKind::kNotFound, fmt::format("no worker named \"{}\"", name),
                "see `gt agent list`, or add one with `gt agent add NAME -- CMD`");
  }
  return it->second;
}

Result<AgentAdded> AddAgent(Town& town, const AddAgentOptions& options) {
  if (auto st = ValidateName("worker", options.name); !st) return tl::unexpected(st.error());
  if (options.name == kAdminActor)
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("\"{}\" is the town's own identity", kAdminActor),
                "pick another worker name");
  if (town.config.agents.count(options.name))
    return Fail(ErrorKind::kConflict, fmt::format("worker {} already exists", options.name),
                "see `gt agent show " + options.name + "`");
  if (auto st = ValidateRuntime(town, options.runtime, options.command); !st)
    return tl::unexpected(st.error());
  auto key = LoadOrCreateKey(town.KeyDir(), options.name);
  if (!key) return tl::unexpected(key.error());
  AgentAdded out;
  AgentConfig& a = out.agent;
  a.name = options.name;
  a.uri = town.EntityUri(options.name);
  a.runtime = options.runtime;
  a.command = options.command;
  a.key = PublicKeyText(key->public_key);
  a.created = FormatTimestamp(DefaultClock().NowNanos());
  auto st = UpdateTown(town, [&](TownConfig& c) -> Status {
    if (c.agents.count(a.name))
      return Fail(ErrorKind::kConflict, fmt::format("worker {} already exists", a.name));
    c.agents[a.name] = a;
    return {};
  });
  if (!st) return tl::unexpected(st.error());
  std::vector<std::pair<std::string, std::string>> ledgers = {
      {town.config.prefix, town.BeadsDir()}};
  for (const auto& [rig, prefix] : town.config.rigs)
    ledgers.push_back({prefix, town.RigBeadsDir(rig)});
  for (const auto& [prefix, dir] : ledgers) {
    auto refused = AdmitAgents(town, dir, {a});
    if (refused.empty())
      out.admitted.push_back(prefix);
    else
      out.not_admitted.push_back(refused[0]);
  }
  return out;
}

}  // namespace gt::town
