// Adapters: how to run a particular agent CLI on a base runtime (tmux):
// its command line, how its first prompt is delivered, and the signs on
// screen that it is ready and idle. Built in for the common CLIs; a town
// adds or overrides them in town.toml ([runtimes.NAME]) without recompiling.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace gt::runtime {

struct Adapter {
  std::string name;
  std::string base = "tmux";         // the runtime it runs on: tmux, script or headless
  std::vector<std::string> command;  // argument vector before the worker's own arguments
  /// How the first prompt reaches it: "arg" (appended as the last argument),
  /// "type" (typed into the pane once `ready` shows), "env" (only $GT_PROMPT).
  std::string prompt = "arg";
  std::string ready;  // text on screen when it accepts input ("" = at once)
  std::string idle;   // the last screen line contains this when it waits ("" = ">", "$", "❯")
};

/// claude, codex, gemini, copilot, opencode, amp (tmux); claude-headless,
/// codex-headless.
const std::map<std::string, Adapter>& BuiltinAdapters();
Status ValidateAdapter(const Adapter& adapter);

}  // namespace gt::runtime
