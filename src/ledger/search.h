// Full-text search over beads: title, description, notes and comments, with
// SQLite FTS5 (bm25 ranking) and an id-substring match, as `bd search` needs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/bead.h"
#include "core/result.h"
#include "ledger/index.h"
#include "ledger/queries.h"

namespace gt {

/// Turns what a user typed into a safe FTS5 query: each whitespace-separated
/// word becomes a quoted string (so punctuation, quotes and FTS5 operators
/// are plain text), all of them must match, and the last one matches as a
/// prefix ("log" finds "login"). kInvalidArgument when nothing searchable
/// (a letter or digit) is left.
Result<std::string> SanitizeSearchQuery(std::string_view text);

/// Makes sure the FTS5 tables are filled and kept current. A rebuilt index
/// leaves them empty (rebuilds stay fast); the first search fills them in
/// bulk, under the ledger's write lock, and triggers keep them current after.
Status EnsureSearchIndex(Index& index);

struct SearchFilter {
  std::string query;  // what the user typed
  ListFilter list;    // status, type, priority, assignee, labels; list.limit applies
};
/// Live beads matching `query` in title, description, notes or a comment, or
/// whose id contains it (those first), best bm25 rank first, then priority,
/// then newest. Call EnsureSearchIndex first.
Result<std::vector<Bead>> SearchBeads(Database& db, const SearchFilter& filter);

}  // namespace gt
