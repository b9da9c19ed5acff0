// The SQLite index's tables. The index is a cache of the fold of log/: it is
// rebuilt, never migrated, when kIndexSchemaVersion changes.
#pragma once

#include "core/result.h"
#include "ledger/sqlite.h"

namespace gt {

inline constexpr int kIndexSchemaVersion = 9;

/// Creates the tables if missing. Call inside a write transaction.
Status CreateIndexSchema(Database& db);
/// Drops every table (for a rebuild after a schema change).
Status DropIndexSchema(Database& db);
/// Secondary indexes only; a rebuild drops them, loads, and creates them again.
Status CreateSecondaryIndexes(Database& db);
/// The one secondary index the fold's `blocked` computation needs.
Status CreateDependencyIndex(Database& db);
Status DropSecondaryIndexes(Database& db);
/// Empties the folded state and chain cursors, keeping the schema.
Status ClearIndex(Database& db);

/// Whether the full-text search tables are filled and kept current (their
/// triggers exist). A rebuild leaves them empty, without triggers.
Result<bool> SearchIndexReady(Database& db);
/// Fills beads_fts and comments_fts from their tables in bulk and creates the
/// triggers that keep them current. Call inside a write transaction.
Status BuildSearchIndex(Database& db);
Status DropSearchTriggers(Database& db);

}  // namespace gt
