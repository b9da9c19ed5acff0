// What every bd command shares: global flags, opening the ledger, output.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/bead.h"
#include "core/result.h"
#include "ledger/ledger.h"

namespace CLI {
class App;
}
namespace gt {
struct GateInfo;
}

namespace gt::cli {

struct Context {
  // Global flags.
  bool json = false;
  bool quiet = false;
  std::string actor_flag;
  std::string db_flag;  // a .beads directory (or a file inside one)
  /// The command's arguments, for routing by bead id prefix inside a town
  /// (docs/town.md): `bd show gx-12` anywhere in the town opens rig gx's ledger.
  std::vector<std::string> route_args;
  int exit_code = 0;
  /// `output.title-length` from config.toml, read by Open(); 0: no limit.
  mutable int title_length = 0;

  /// Who writes: --actor, BD_ACTOR, BEADS_ACTOR, git user.name, $USER, "unknown".
  std::string Actor() const;
  /// The creator's email, as beads records it: GIT_AUTHOR_EMAIL, else git
  /// config user.email, else "".
  std::string Owner() const;
  /// The .beads directory: --db, BEADS_DIR, else (inside a town) the ledger
  /// the ids in route_args or the rig directory name, else the nearest upwards.
  Result<std::string> BeadsDir() const;
  /// Opens the ledger and, with `warn`, reports (stderr) chain problems it met.
  Result<Ledger> Open(bool warn = true) const;
  /// Resolves a user-typed id to a live bead id.
  Result<std::string> Resolve(Ledger& ledger, const std::string& input) const;
  Result<std::vector<std::string>> ResolveAll(Ledger& ledger,
                                              const std::vector<std::string>& inputs) const;

  /// Prints an error as one line (text) or {"error":…} (--json); sets exit 1.
  void Fail(const Error& error);
  /// Prints a JSON payload, pretty, with beads' schema_version on objects.
  void PrintJson(nlohmann::json payload) const;
  /// Whether to colour output: a terminal and no NO_COLOR.
  bool Color() const;
};

/// "[● P1]", coloured on a terminal.
std::string PriorityTag(const Context& ctx, int priority);
/// ○ open, ◐ in progress, ● blocked, ✓ closed, ❄ deferred, 📌 pinned, ⚓ hooked.
std::string StatusIcon(const std::string& status);
/// The title cut to `output.title-length` characters (with "…"), if set.
std::string ShortTitle(const Context& ctx, const std::string& title);
/// One line for lists: "○ gt-a3f [● P2] [task] Title".
std::string BeadLine(const Context& ctx, const Bead& bead);
std::string Join(const std::vector<std::string>& parts, const std::string& sep);
/// Parses an optional --priority / --type flag ("" means not given).
Status ParseOptionalPriority(const std::string& text, std::optional<int>* out);
Status ParseOptionalType(const std::string& text, std::string* out);
/// Beads as beads' JSON array.
nlohmann::json BeadsToJson(const std::vector<Bead>& beads);
std::vector<std::string> SplitList(const std::string& text);
/// --format line templates: "{{.ID}} {{.Title}}" (Go-template style, as
/// beads) or "{id} {title}"; field names ignore case and '_' ('\t', '\n'
/// are a tab and a newline). An unknown field or no field is an error.
Status CheckLineFormat(const std::string& tmpl);
/// The template filled in for one bead (call CheckLineFormat first).
std::string FormatLine(const std::string& tmpl, const Bead& bead);

// Each command file adds its subcommands.
void AddInitCommand(CLI::App& app, Context& ctx);
void AddCreateCommand(CLI::App& app, Context& ctx);
void AddShowCommand(CLI::App& app, Context& ctx);
void AddListCommand(CLI::App& app, Context& ctx);
void AddUpdateCommand(CLI::App& app, Context& ctx);
void AddCloseCommands(CLI::App& app, Context& ctx);
void AddDepCommand(CLI::App& app, Context& ctx);
void AddReadyCommands(CLI::App& app, Context& ctx);
void AddHistoryCommand(CLI::App& app, Context& ctx);
void AddVerifyCommand(CLI::App& app, Context& ctx);
void AddWhoamiCommand(CLI::App& app, Context& ctx);
void AddDoctorCommand(CLI::App& app, Context& ctx);
void AddLabelCommands(CLI::App& app, Context& ctx);
void AddCommentsCommands(CLI::App& app, Context& ctx);
void AddDeleteCommands(CLI::App& app, Context& ctx);
void AddStructureCommands(CLI::App& app, Context& ctx);
void AddSyncCommand(CLI::App& app, Context& ctx);
void AddMemberCommands(CLI::App& app, Context& ctx);
void AddHooksCommands(CLI::App& app, Context& ctx);
void AddImportExportCommands(CLI::App& app, Context& ctx);
void AddSearchCommand(CLI::App& app, Context& ctx);
void AddCountCommand(CLI::App& app, Context& ctx);
void AddStatsCommands(CLI::App& app, Context& ctx);
void AddConfigCommand(CLI::App& app, Context& ctx);
void AddLintCommand(CLI::App& app, Context& ctx);
void AddPrimeCommands(CLI::App& app, Context& ctx);
void AddFormulaCommands(CLI::App& app, Context& ctx);
void AddMolCommands(CLI::App& app, Context& ctx);
void AddGateCommands(CLI::App& app, Context& ctx);

/// Opens the timer and bead gates that are due (cmd_gate.cc); errors (a
/// reader that may not write here) are ignored.
void OpenDueGatesQuietly(Ledger& ledger);
/// A gate as `bd gate list --json` shows it, and in one line (cmd_gate.cc).
nlohmann::json GateToJson(const GateInfo& gate);
std::string GateSummary(const GateInfo& gate);

}  // namespace gt::cli
