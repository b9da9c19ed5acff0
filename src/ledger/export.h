// bd export: the ledger's live beads as beads' JSONL (docs/import-export.md).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "ledger/ledger.h"
#include "ledger/sqlite.h"

namespace gt {

struct ExportOptions {
  bool all = false;  // also infra types, templates and ephemeral wisps
};

struct JsonlExport {
  std::string text;  // one line per bead, each ending in '\n'
  int64_t count = 0;
};

/// Every live bead (deleted ones never), sorted by id (byte order), as one
/// JSONL line each (FormatRecordLine).
Result<JsonlExport> ExportJsonl(Database& db, const ExportOptions& options);

/// The normalised records (jsonl_record.h) of the given ids, as the index
/// holds them; ids that do not exist or are deleted are left out.
Result<std::map<std::string, nlohmann::json>> LoadRecords(Database& db,
                                                          const std::vector<std::string>& ids);

/// Calls `visit` with every live bead's normalised record (no counts), by id.
Status ForEachRecord(Database& db, const std::function<void(const nlohmann::json&)>& visit);

/// Whether `.beads/config.toml` sets `export.auto` (a table [export] with
/// auto = true, or a dotted key; true or "true").
bool AutoExportEnabled(const std::string& beads_dir);

/// With export.auto on, rewrites `.beads/issues.jsonl` (atomically, under
/// the write lock) if the log changed since it was last written; a cheap
/// stat of log/ otherwise. Returns whether the file was written.
Result<bool> RefreshAutoExport(Ledger& ledger);

}  // namespace gt
