#pragma once

#include <algorithm>

namespace gt::fault {

// Under ASan + UBSan every bd process runs several times slower, and these
// tests start thousands of them. The sanitized build keeps every test's shape
// (the same races, kills and checks) with a fifth of the repetitions, so that
// CI's second pass fits its time.
#ifdef GT_SANITIZED
inline constexpr int kRepetitionDivisor = 5;
#else
inline constexpr int kRepetitionDivisor = 1;
#endif

/// `n` repetitions in a normal build, fewer in a sanitized one (at least 1).
constexpr int Scaled(int n) {
  return std::max(1, n / kRepetitionDivisor);
}

}  // namespace gt::fault
