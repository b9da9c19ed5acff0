// Gates: what a molecule's step waits for before it can start (a member's
// approval, a time, another bead closing, a command passing).
//
// A pour writes each gate as a `gate` bead that blocks its step and stores
// the gate structurally in the bead's `metadata.gate` (see docs/formats.md).
// A gate opens when its bead is closed by a signed `bead.close` whose data
// says why (`data.gate`); nothing else about it changes, so an open gate stays
// open and opening it again writes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/bead.h"
#include "core/result.h"
#include "ledger/formula.h"
#include "ledger/ledger.h"

namespace gt {

/// A gate as stored on its bead.
struct GateSpec {
  std::string kind;                  // human | timer | command | bead
  std::string name;                  // the formula's gate id, if any
  std::string step;                  // the step id it guards
  std::string await_id;              // bead: the bead that must close
  std::string timeout;               // timer: the duration as written ("24h"), if any
  std::string opens_at;              // timer: RFC 3339 time it opens
  std::vector<std::string> command;  // command: the argument vector
  std::string workdir;               // command: where it runs (see ResolveWorkdir)
};

/// The spec a pour stores for a step's gate: a timer's `timeout` (a duration,
/// counted from `poured_at`, or an RFC 3339 time) becomes `opens_at`.
/// kInvalidArgument, naming the step, for a bad duration or time.
Result<GateSpec> GateSpecFor(const FormulaGate& gate, const std::string& step, int64_t poured_at,
                             const std::string& workdir);
/// The fields of a gate bead's `bead.create` that carry the spec:
/// `metadata.gate`, plus beads' `await_type`, `await_id` and `timeout` (ns).
nlohmann::json GateCreateFields(const GateSpec& spec, int64_t poured_at);

/// A gate bead and what it guards.
struct GateInfo {
  Bead bead;
  GateSpec spec;
  bool legacy = false;    // poured before gates were stored: only the kind is known
  std::string step_bead;  // the step it blocks, if any
  std::string molecule;   // its parent epic
  bool open() const { return IsDoneStatus(bead.status); }
};

/// Loads the gate `id`; kInvalidArgument when the bead is not a gate.
Result<GateInfo> LoadGate(Database& db, const std::string& id);
/// Gates in id order: the closed ones too with `all`.
Result<std::vector<GateInfo>> ListGates(Database& db, bool all);

/// Opens a human gate: closes it with "Approved by ACTOR[: reason]". The
/// writer must be allowed to write here (in a members-only ledger, a
/// member). A gate of another kind is refused; an open gate stays as it is
/// (returns false, nothing written).
Result<bool> ApproveGate(Ledger& ledger, const std::string& id, const std::string& reason);

/// What checking one gate found.
struct GateCheck {
  std::string id;
  std::string kind;
  std::string state;   // opened (now) | open (already) | waiting | manual (human)
  std::string detail;  // why: "time reached", "exit 1", "gt-a3f is open", …
};
struct GateCheckOptions {
  bool run_commands = true;             // false: only timers and beads (no processes)
  int64_t command_timeout_ms = 600000;  // per command gate
};
/// Evaluates the machine gates `ids` (all open gates when empty) and opens,
/// in one write, those that are satisfied. Commands run before the write,
/// outside the lock. Writes nothing when nothing opened.
Result<std::vector<GateCheck>> CheckGates(Ledger& ledger, const std::vector<std::string>& ids,
                                          const GateCheckOptions& options);
/// CheckGates for every open timer and bead gate: cheap, runs nothing.
/// Returns how many opened.
Result<int> OpenDueGates(Ledger& ledger);

/// Where a command runs, as stored: relative to the ledger's root (the
/// directory holding `.beads/`) when `dir` is inside it, else absolute.
std::string StoredWorkdir(const std::string& beads_dir, const std::string& dir);
/// The directory a stored workdir names on this machine.
std::string ResolveWorkdir(const std::string& beads_dir, const std::string& stored);

}  // namespace gt
