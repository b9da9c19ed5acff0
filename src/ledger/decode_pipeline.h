// Decoding proven event lines ahead of the thread that applies them.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ledger/event.h"

namespace gt {

/// Decodes `lines` (event lines already proven by a chain walk, in fold
/// order) and calls `apply(i, event)` for each, in order, on the calling
/// thread. Long inputs are decoded on a second thread while `apply` runs, so
/// a bulk load keeps both cores busy. Stops at the first error.
Status ForEachDecoded(const std::vector<std::string_view>& lines,
                      const std::function<Status(size_t, const Event&)>& apply);

}  // namespace gt
