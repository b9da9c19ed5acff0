// bd import: a beads JSONL file becomes beads of this ledger, one signed
// `bead.import` event per bead (docs/import-export.md).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ledger/ledger.h"

namespace gt {

struct ImportOptions {
  bool dry_run = false;   // classify only; write nothing
  bool skip_bad = false;  // import the good lines and report the bad ones
  /// Beads per Ledger::Write: each write is one lock, one append, one fsync.
  size_t chunk = 10000;
  /// Called after each chunk is written: (beads done, beads to write).
  std::function<void(int64_t, int64_t)> progress;
};

struct BadLine {
  int64_t line = 0;
  std::string reason;
};

struct ImportReport {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;                         // already in the ledger as given
  std::vector<std::string> ids;                  // created or updated, in file order
  std::vector<std::string> stale_skipped_ids;    // the ledger's copy is as new or newer
  std::vector<std::string> deleted_skipped_ids;  // deleted here; never brought back
  std::vector<BadLine> bad_lines;                // with skip_bad
  int64_t memories = 0;                          // `_type: memory` lines (not imported)
  int64_t tombstones = 0;                        // `status: tombstone` lines (not imported)
  /// Lines not imported: stale, deleted, bad, memories and tombstones.
  int64_t skipped() const {
    return int64_t(stale_skipped_ids.size() + deleted_skipped_ids.size() + bad_lines.size()) +
           memories + tombstones;
  }
};

/// Imports beads' JSONL `text`. A malformed line fails the whole import
/// ("line 17: invalid priority 9 (expected 0-4)") and nothing is written,
/// unless `skip_bad`. Each bead is created, replaced (when the file's
/// updated_at is newer than the ledger's), or skipped; a re-import of the same
/// file writes nothing.
Result<ImportReport> ImportJsonl(Ledger& ledger, std::string_view text,
                                 const ImportOptions& options);

}  // namespace gt
