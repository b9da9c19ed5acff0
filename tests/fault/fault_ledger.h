// A throwaway git repository holding a bd ledger, and the file and JSON
// helpers that the fault tests share.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fault/bd_runner.h"
#include "testing/temp_dir.h"

namespace gt::fault {

class FaultLedger;
/// Asks for a FaultLedger cloned from another one.
struct CloneOf {
  const FaultLedger& origin;
};

/// A temporary directory with `repo/` (a git repository with an initialised
/// ledger, prefix "t") and `config/` (XDG_CONFIG_HOME, holding the actors'
/// keys). Everything is removed when the object goes away.
class FaultLedger {
 public:
  /// `git init` + `bd init --prefix t` as alice. Check ok() before use.
  FaultLedger();
  /// A fresh `git clone` of the origin's repository, with a copy of its keys.
  explicit FaultLedger(CloneOf clone);
  FaultLedger(const FaultLedger&) = delete;
  FaultLedger& operator=(const FaultLedger&) = delete;

  /// False (with the reason in setup_error()) if git or bd init failed.
  bool ok() const { return setup_error_.empty(); }
  const std::string& setup_error() const { return setup_error_; }

  std::string root() const { return dir_ / "repo"; }
  std::string beads_dir() const { return root() + "/.beads"; }
  std::string log_dir() const { return beads_dir() + "/log"; }
  std::string config_home() const { return dir_ / "config"; }
  std::string scratch() const { return dir_.path(); }  // for the test's own files

  BdEnv As(const std::string& actor) const { return {root(), config_home(), actor}; }
  RunResult Bd(const std::string& actor, const std::vector<std::string>& args) const {
    return RunBd(As(actor), args);
  }
  /// `bd create TITLE --silent …` as `actor`; the new id, or "" (and a test
  /// failure) if bd refused.
  std::string Create(const std::string& actor, const std::string& title,
                     const std::vector<std::string>& extra = {}) const;
  /// Removes the SQLite index (beads.db and its -wal/-shm files).
  void DeleteIndex() const;
  /// The path of `actor`'s chain file (bd whoami names it).
  std::string ChainOf(const std::string& actor) const;

 private:
  gt::testing::TempDir dir_;
  std::string setup_error_;
};

/// Whole-file helpers; failures are test failures.
std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& bytes);
void AppendFile(const std::string& path, const std::string& bytes);

/// The chain files of a log directory (*.jsonl), sorted.
std::vector<std::string> ChainFiles(const std::string& log_dir);
/// Every tracked ledger file (chains, members.jsonl, config.toml) by name
/// relative to .beads/, with its bytes: to prove that nothing was written.
std::map<std::string, std::string> SnapshotLedgerFiles(const std::string& beads_dir);

/// The complete lines of `bytes` (without newlines); a torn tail is dropped.
std::vector<std::string> CompleteLines(const std::string& bytes);
/// Lines joined back into file bytes, each ending in a newline.
std::string JoinLines(const std::vector<std::string>& lines);

/// Every complete line of every chain, parsed (unparsable lines are test
/// failures): what the log holds, independent of the index.
std::vector<nlohmann::json> ReadLogEvents(const std::string& log_dir);

/// The notes a bead.update event (a log line, or a `bd history` entry) sets;
/// "" when it sets none.
std::string NotesSetBy(const nlohmann::json& event);

/// JSON parsed from bd's stdout; `discarded` when it is not JSON.
nlohmann::json ParseJson(const std::string& text);
/// `bd list --all --json -n 0`: every bead by id (empty, and a test
/// failure, if bd fails).
std::map<std::string, nlohmann::json> ListAll(const FaultLedger& ledger, const std::string& actor);

std::string Trim(std::string text);
/// The number of lines in `text` (a last line without a newline counts).
int CountLines(const std::string& text);

}  // namespace gt::fault
