// Wall-clock time and its text form. Nothing in the ledger orders by wall
// time; it is recorded for people and for `defer_until`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gt {

/// Source of the current time, so tests can fix or move it.
class Clock {
 public:
  virtual ~Clock() = default;
  /// Nanoseconds since the Unix epoch, UTC.
  virtual int64_t NowNanos() const = 0;
};

class SystemClock : public Clock {
 public:
  int64_t NowNanos() const override;
};

/// A clock that reads GT_FAKE_NOW (RFC 3339) when set, else the system clock.
const Clock& DefaultClock();

/// "2026-11-25T10:00:00.123Z": UTC, milliseconds, so text order is time order.
std::string FormatTimestamp(int64_t nanos);
/// Accepts any RFC 3339 time ("…Z" or "…+01:00", optional fraction) or a
/// plain date "YYYY-MM-DD" (midnight UTC).
Result<int64_t> ParseTimestamp(std::string_view text);

/// Parses a time a person types: RFC 3339, a date, "+6h"/"+2d"/"+1w"/"+30m",
/// "now", "tomorrow". Relative forms count from `now`.
Result<int64_t> ParseWhen(std::string_view text, int64_t now);

/// Parses a duration: one or more NUMBER UNIT parts, units s, m, h, d, w
/// ("90s", "15m", "24h", "1h30m", "2d"). Returns nanoseconds (> 0).
Result<int64_t> ParseDuration(std::string_view text);

}  // namespace gt
