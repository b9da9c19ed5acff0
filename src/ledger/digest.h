// A hash of the folded state, to check that clones agree.
#pragma once

#include <string>

#include "core/result.h"
#include "ledger/sqlite.h"

namespace gt {

/// BLAKE2b-256 (hex) over every folded table of the index — beads (deleted
/// ones too), dependencies, labels, comments — in a fixed order. Two indexes
/// built from the same events give the same digest, whatever order the
/// events arrived in. Index bookkeeping (events, chains) is not included.
Result<std::string> StateDigest(Database& db);

}  // namespace gt
