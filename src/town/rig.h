// Rigs: the projects of a town. Each is a bare clone (repo.git), its ledger
// on its own branch checked out at ledger/, and the refinery's worktree of
// main at refinery/, described by rig.toml.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "town/town.h"

namespace gt::town {

inline constexpr int kRigVersion = 1;

/// rigs/<rig>/rig.toml.
struct RigConfig {
  std::string name;
  std::string origin;          // the URL or path it was cloned from
  std::string prefix;          // bead id prefix of its ledger
  std::string default_branch;  // "main": what workers branch from
  std::string ledger_branch = "beads";
  std::string created;
  bool ledger_existed = false;  // picked up from the project, not created
};

struct AddRigOptions {
  std::string name;
  std::string source;  // git URL or local path
  std::string prefix;  // default: derived from the name (ignored when the ledger exists)
  std::string ledger_branch = "beads";
};

/// Clones, attaches or creates the ledger, makes the refinery worktree,
/// writes rig.toml and registers the prefix in town.toml. On failure
/// nothing is left behind.
Result<RigConfig> AddRig(Town& town, const AddRigOptions& options);
Result<RigConfig> LoadRig(const Town& town, const std::string& name);
Result<std::vector<RigConfig>> ListRigs(const Town& town);

/// Branches of the rig's repository that hold work not on its origin:
/// worker branches with commits the origin lacks, and worktrees with
/// uncommitted changes. Each entry is one line for a person.
Result<std::vector<std::string>> UnsavedWork(const Town& town, const std::string& rig);
/// Removes the rig's directory and its town.toml entry; refuses while
/// UnsavedWork finds something, unless `force`.
Status RemoveRig(Town& town, const std::string& name, bool force);

std::string RepoDir(const Town& town, const std::string& rig);
std::string PolecatDir(const Town& town, const std::string& rig, const std::string& agent);

}  // namespace gt::town
