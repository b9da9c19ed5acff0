// Finding and creating a ledger directory (.beads/) and its config.toml.
#pragma once

#include <string>

#include "core/result.h"

namespace gt {

inline constexpr int kConfigVersion = 1;

/// .beads/config.toml, the tracked settings of a ledger.
struct LedgerConfig {
  std::string prefix;  // id prefix, "gt" in gt-a3f
  std::string name;    // the ledger's name, used in references from elsewhere
};

/// The .beads directory of a ledger kept on its own branch (checked out in
/// `<git common dir>/bd-ledger`) for the repository at `repo_root`; "" if none.
std::string LedgerBranchBeadsDir(const std::string& repo_root);

/// Walks up from `start` to the nearest directory holding `.beads/config.toml`
/// (or a repository whose ledger is on its own branch) and returns that
/// `.beads` path; kNotInitialized when there is none.
Result<std::string> FindBeadsDir(const std::string& start);

Result<LedgerConfig> LoadConfig(const std::string& beads_dir);
/// Writes config.toml atomically (temp file, fsync, rename).
Status SaveConfig(const std::string& beads_dir, const LedgerConfig& config);

/// Writes `text` to `path` atomically: a reader sees the old or the new file.
Status WriteFileAtomically(const std::string& path, const std::string& text);

struct InitOptions {
  std::string prefix;     // empty: derived from the directory's name
  std::string admin_key;  // "ed25519:…" of the initialising writer
  std::string admin_actor;
  std::string now;        // RFC 3339
  std::string beads_dir;  // create exactly this directory instead of <dir>/.beads
};

/// Creates `<dir>/.beads` with log/, config.toml, members.jsonl and a
/// .gitignore for the index; kConflict when one already exists.
Result<std::string> InitLedger(const std::string& dir, const InitOptions& options);

/// Makes `.beads/wisp/` (this machine's local chains) and makes sure git
/// ignores it, for ledgers made before wisps existed.
Status PrepareLocalDirectory(const std::string& beads_dir);

}  // namespace gt
