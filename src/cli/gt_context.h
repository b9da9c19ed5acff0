// What every gt command shares: --json, opening the town, printing results
// and errors. gt's commands are thin: parse, call src/town, print.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "town/town.h"

namespace CLI {
class App;
}

namespace gt::cli {

struct GtContext {
  bool json = false;
  int exit_code = 0;
  /// The arguments after a bare `--` (a worker's command), removed before parsing.
  std::vector<std::string> command;

  /// The town: $GT_TOWN, else the one containing the current directory.
  Result<town::Town> OpenTown() const;
  /// One line on stderr ("Error: … (hint)"), or {"error":…} on stdout under --json; exit 1.
  void Fail(const Error& error);
  void PrintJson(nlohmann::json payload) const;
  /// Prints `text` unless --json.
  void Say(const std::string& text) const;
};

/// Shortens a path under the town's root for display ("rigs/gx/ledger").
std::string TownRelative(const town::Town& town, const std::string& path);

void AddTownCommands(CLI::App& app, GtContext& ctx);      // init, rig
void AddAgentCommands(CLI::App& app, GtContext& ctx);     // agent
void AddWorkCommands(CLI::App& app, GtContext& ctx);      // sling, prime, done
void AddPolecatCommands(CLI::App& app, GtContext& ctx);   // polecat, status
void AddMailCommands(CLI::App& app, GtContext& ctx);      // mail, nudge
void AddConvoyCommands(CLI::App& app, GtContext& ctx);    // convoy
void AddRefineryCommands(CLI::App& app, GtContext& ctx);  // refinery, rig gate
void AddDaemonCommands(CLI::App& app, GtContext& ctx);    // daemon, up, down, sched
void AddServiceCommands(CLI::App& app, GtContext& ctx);   // service

/// resource, schedule, town set|show, feed (daemon.toml and logs/feed.jsonl).
void AddDaemonConfigCommands(CLI::App& app, GtContext& ctx);

}  // namespace gt::cli
