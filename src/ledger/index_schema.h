// The SQLite index's tables. The index is a cache of the fold of log/: it is
// rebuilt, never migrated, when kIndexSchemaVersion changes.
#pragma once

#include "core/result.h"
#include "ledger/sqlite.h"

namespace gt {

inline constexpr int kIndexSchemaVersion = 1;

/// Creates the tables if missing. Call inside a write transaction.
Status CreateIndexSchema(Database& db);
/// Drops every table (for a rebuild after a schema change).
Status DropIndexSchema(Database& db);
/// Empties the folded state and chain cursors, keeping the schema.
Status ClearIndex(Database& db);

}  // namespace gt
