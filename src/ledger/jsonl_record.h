// The beads JSONL issue record (beads-reference §1): checking and normalising
// an incoming record, and writing one as an export line.
//
// A normalised record is what a `bead.import` event carries and what the
// exporter rebuilds from the index: the issue fields with empty modeled
// strings dropped, labels sorted and unique, dependencies sorted by target,
// comments by (created_at, id), and no `_type` or count fields. Two records of
// the same issue compare equal (nlohmann::json ==) exactly when importing one
// over the other would change nothing.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace gt {

/// What a JSONL line holds.
enum class RecordKind { kIssue, kMemory, kTombstone };

/// Classifies a parsed line: `_type` "memory" lines and `status` "tombstone"
/// lines are not issues to import.
RecordKind KindOfRecord(const nlohmann::json& line);

/// Checks one issue object and returns it normalised, without the defaults
/// that depend on the ledger (see FillRecordDefaults). The error message is
/// the reason alone ("invalid priority 9 (expected 0-4)"); callers add the
/// line number.
Result<nlohmann::json> NormalizeRecord(nlohmann::json line);

/// Fills what a record may leave out: created_at / updated_at from `existing`
/// (the bead's current record, or null) or else `now`; closed_at of a closed
/// issue as max(created, updated) + 1 s; edge and comment times from the
/// issue's created_at.
void FillRecordDefaults(nlohmann::json& record, const nlohmann::json& existing,
                        const std::string& now);

/// Counts the export line carries after the fields.
struct RecordCounts {
  int64_t dependencies = 0;
  int64_t dependents = 0;
  int64_t comments = 0;
};

/// One compact export line (no newline): `"_type":"issue"` first, then the
/// fields in beads' struct order (unknown fields after, by name), then the
/// three counts.
std::string FormatRecordLine(const nlohmann::json& record, const RecordCounts& counts);

/// True when a default export leaves the record out: infra types (agent, rig,
/// role, message), templates and ephemeral wisps.
bool IsExcludedByDefault(const nlohmann::json& record);

}  // namespace gt
