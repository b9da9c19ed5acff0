#include "refinery/gate_runner.h"

#include <fmt/format.h>

#include "core/process.h"

namespace gt::refinery {

std::vector<GateRun> RunGates(const std::vector<GateSpec>& gates, const std::string& cwd,
                              const std::vector<std::string>& env) {
  std::vector<GateRun> runs;
  for (const GateSpec& gate : gates) {
    GateRun run;
    run.name = gate.name;
    auto result = RunProcess(gate.argv, ProcessOptions{cwd, env, gate.timeout_ms});
    if (!result) {
      run.output = result.error().message;  // e.g. the program does not exist
    } else {
      run.exit_code = result->exit_code;
      run.timed_out = result->timed_out;
      run.duration_ms = result->duration_ms;
      std::string text = result->out + result->err;
      if (run.timed_out)
        text += fmt::format("\n(gate {} stopped after {} s)", gate.name, gate.timeout_ms / 1000);
      run.output =
          text.size() > kGateOutputTail ? text.substr(text.size() - kGateOutputTail) : text;
    }
    runs.push_back(std::move(run));
    if (!runs.back().passed()) break;
  }
  return runs;
}

bool AllPassed(const std::vector<GateRun>& runs) {
  for (const GateRun& run : runs)
    if (!run.passed()) return false;
  return true;
}

}  // namespace gt::refinery
