#include "runtime/adapters.h"

#include <fmt/format.h>

namespace gt::runtime {

const std::map<std::string, Adapter>& BuiltinAdapters() {
  // Command lines as the CLIs documented them when this was written; a
  // town.toml [runtimes.NAME] table overrides any field.
  static const std::map<std::string, Adapter> kAdapters = {
      {"claude", {"claude", "tmux", {"claude", "--dangerously-skip-permissions"}, "arg", "", ">"}},
      {"codex", {"codex", "tmux", {"codex", "--full-auto"}, "arg", "", "›"}},
      {"gemini", {"gemini", "tmux", {"gemini", "--yolo", "--prompt-interactive"}, "arg", "", ">"}},
      {"copilot", {"copilot", "tmux", {"copilot", "--allow-all-tools"}, "type", ">", ">"}},
      {"opencode", {"opencode", "tmux", {"opencode"}, "type", ">", ">"}},
      {"amp", {"amp", "tmux", {"amp"}, "type", ">", ">"}},
      // Non-interactive modes with JSON-lines output, on the headless runtime.
      {"claude-headless",
       {"claude-headless",
        "headless",
        {"claude", "-p", "--output-format", "stream-json", "--verbose",
         "--dangerously-skip-permissions"},
        "arg",
        "",
        ""}},
      {"codex-headless",
       {"codex-headless", "headless", {"codex", "exec", "--json", "--full-auto"}, "arg", "", ""}},
  };
  return kAdapters;
}

Status ValidateAdapter(const Adapter& a) {
  if (a.base != "tmux" && a.base != "script" && a.base != "headless")
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("runtime {}: base must be tmux, script or headless, not \"{}\"", a.name,
                            a.base),
                "fix [runtimes." + a.name + "] in town.toml");
  if (a.prompt != "arg" && a.prompt != "type" && a.prompt != "env")
    return Fail(
        ErrorKind::kInvalidArgument,
        fmt::format("runtime {}: prompt must be arg, type or env, not \"{}\"", a.name, a.prompt),
        "fix [runtimes." + a.name + "] in town.toml");
  if (a.prompt == "type" && a.base != "tmux")
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("runtime {}: prompt = \"type\" needs base = \"tmux\"", a.name));
  if (a.command.empty())
    return Fail(ErrorKind::kInvalidArgument, fmt::format("runtime {}: command is empty", a.name),
                "fix [runtimes." + a.name + "] in town.toml");
  return {};
}

}  // namespace gt::runtime
