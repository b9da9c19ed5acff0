// A town: a directory holding town.toml, the town ledger (.beads/), the
// workers' keys (keys/), the rigs (rigs/<rig>/), run/ and logs/.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "ledger/file_lock.h"
#include "ledger/ledger.h"
#include "runtime/adapters.h"

namespace gt::town {

inline constexpr int kTownVersion = 1;
/// The actor that signs what the town itself does (creating ledgers,
/// admitting workers, mail from the person running gt).
inline constexpr const char* kAdminActor = "mayor";

/// A worker: its identity and how it runs.
struct AgentConfig {
  std::string name;
  std::string uri;                   // entity://<platform>/<org>/<name>
  std::string runtime;               // "script" (tmux, headless: later)
  std::vector<std::string> command;  // argument vector for the script runtime
  std::string key;                   // "ed25519:…"
  std::string created;               // RFC 3339
};

/// town.toml.
struct TownConfig {
  std::string name;
  std::string platform = "local";
  std::string org;
  std::string prefix = "hq";                  // the town ledger's id prefix
  std::map<std::string, std::string> rigs;    // rig name -> bead id prefix
  std::map<std::string, AgentConfig> agents;  // by name
  /// [runtimes.NAME]: adapters this town adds or overrides (runtime/adapters.h).
  std::map<std::string, runtime::Adapter> runtimes;
};

/// An opened town: its root directory and configuration.
struct Town {
  std::string root;
  TownConfig config;

  std::string KeyDir() const { return root + "/keys"; }
  std::string RunDir() const { return root + "/run"; }
  std::string LogDir() const { return root + "/logs"; }
  std::string BeadsDir() const { return root + "/.beads"; }
  std::string RigDir(const std::string& rig) const { return root + "/rigs/" + rig; }
  std::string RigBeadsDir(const std::string& rig) const { return RigDir(rig) + "/ledger/.beads"; }
  std::string EntityUri(const std::string& name) const;
  /// The rig whose prefix starts `bead_id` ("gx" for gx-12); "" for the
  /// town ledger's prefix; kNotFound when no ledger of the town has it.
  Result<std::string> RigForBead(const std::string& bead_id) const;
  /// The adapter a runtime name stands for (town.toml first, then the built-in
  /// ones); nullopt for the plain runtimes script and tmux.
  std::optional<runtime::Adapter> AdapterFor(const std::string& runtime) const;
  /// The ledger that holds `bead_id`.
  Result<std::string> BeadsDirForBead(const std::string& bead_id) const;
};

/// The town containing `start` (the nearest directory upwards with a
/// town.toml); kNotInitialized when there is none.
Result<std::string> FindTownRoot(const std::string& start);
/// The town for a gt command: $GT_TOWN, else the one containing `cwd`.
Result<Town> OpenTown(const std::string& cwd);
Result<Town> LoadTown(const std::string& root);
/// Writes town.toml atomically; call under LockTown.
Status SaveTown(const Town& town);
/// Serialises changes to town.toml (run/town.lock).
Result<FileLock> LockTown(const Town& town);
/// Re-reads town.toml under the lock, applies `change`, writes it back.
Status UpdateTown(Town& town, const std::function<Status(TownConfig&)>& change);

struct InitTownOptions {
  std::string name;  // default: the directory's name
  std::string org;   // default: the town's name
  std::string platform = "local";
  std::string prefix = "hq";
};
/// Creates a town in `dir` (created if missing; an existing one must hold no
/// town). On failure nothing it made is left behind.
Result<Town> InitTown(const std::string& dir, const InitTownOptions& options);

/// Opens a ledger of the town as `actor`, signing with the town's keys.
Result<Ledger> OpenLedgerAs(const Town& town, const std::string& beads_dir,
                            const std::string& actor);

/// A name for a rig or worker: lower-case letters, digits, '-' and '_',
/// starting with a letter, at most 32 characters.
Status ValidateName(const std::string& what, const std::string& name);

}  // namespace gt::town
