// Running independent pieces of work on every core.
#pragma once

#include <cstddef>
#include <functional>

namespace gt {

/// Calls fn(0) … fn(count - 1), spread over up to one thread per core, and
/// returns when all are done. `fn` must be safe to call concurrently.
void ParallelFor(size_t count, const std::function<void(size_t)>& fn);

}  // namespace gt
