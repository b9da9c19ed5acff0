// A rig's refinery settings in rig.toml: its gates, batch size and how
// requests are put on main.
//
//   batch = 4                  # test up to 4 requests stacked (default 1)
//   merge_strategy = "rebase"  # or "merge"
//   [[gate]]
//   name = "test"
//   run = ["make", "test"]     # an argument vector, never a shell string
//   timeout = "10m"            # default 10m
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "refinery/gate_runner.h"
#include "refinery/merge_engine.h"

namespace gt::refinery {

struct RefineryPolicy {
  std::vector<GateSpec> gates;
  int batch = 1;
  Strategy strategy = Strategy::kRebase;
};

/// Reads the refinery settings of `rig_toml` (other keys are not ours).
Result<RefineryPolicy> LoadPolicy(const std::string& rig_toml);
/// Appends a gate (a new name) to `rig_toml`, keeping everything else.
Status AddGate(const std::string& rig_toml, const GateSpec& gate);
/// Sets a refinery key of rig.toml: `batch` (1-64) or `merge_strategy`
/// (rebase|merge), keeping everything else; an unknown key or bad value is
/// refused.
Status SetPolicyValue(const std::string& rig_toml, const std::string& key,
                      const std::string& value);
/// Removes the gate `name`; kNotFound when there is none.
Status RemoveGate(const std::string& rig_toml, const std::string& name);

}  // namespace gt::refinery
