#include "core/clock.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

namespace gt {

int64_t SystemClock::NowNanos() const {
  using namespace std::chrono;
  return duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {
class EnvClock : public Clock {
 public:
  int64_t NowNanos() const override {
    if (const char* fake = std::getenv("GT_FAKE_NOW")) {
      if (auto t = ParseTimestamp(fake)) return *t;
    }
    return system_.NowNanos();
  }

 private:
  SystemClock system_;
};
}  // namespace

const Clock& DefaultClock() {
  static const EnvClock clock;
  return clock;
}

std::string FormatTimestamp(int64_t nanos) {
  int64_t secs = nanos / 1000000000;
  int64_t millis = (nanos % 1000000000) / 1000000;
  if (millis < 0) {
    secs -= 1;
    millis += 1000;
  }
  time_t t = static_cast<time_t>(secs);
  struct tm tm {};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
}

namespace {
bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

Result<int64_t> BadTime(std::string_view text) {
  return Fail(ErrorKind::kInvalidArgument, fmt::format("invalid time \"{}\"", text),
              "use RFC 3339 (2026-11-25T10:00:00Z), a date (2026-11-25) or +6h/+2d/+1w");
}
}  // namespace

Result<int64_t> ParseTimestamp(std::string_view s) {
  int year, month, day, hour = 0, minute = 0, second = 0;
  if (!Digits(s, 0, 4, &year) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, &month) ||
      s[7] != '-' || !Digits(s, 8, 2, &day))
    return BadTime(s);
  int64_t frac_nanos = 0;
  int64_t offset_secs = 0;
  if (s.size() > 10) {
    if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !Digits(s, 11, 2, &hour) ||
        s.size() < 19 || s[13] != ':' || !Digits(s, 14, 2, &minute) || s[16] != ':' ||
        !Digits(s, 17, 2, &second))
      return BadTime(s);
    size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      int64_t scale = 100000000;
      size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        frac_nanos += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == start) return BadTime(s);
    }
    if (pos == s.size()) return BadTime(s);  // a zone is required
    if (s[pos] == 'Z' || s[pos] == 'z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int oh, om;
      if (!Digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
          !Digits(s, pos + 4, 2, &om))
        return BadTime(s);
      offset_secs = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
      pos += 6;
    } else {
      return BadTime(s);
    }
    if (pos != s.size()) return BadTime(s);
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return BadTime(s);
  struct tm tm {};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  int64_t secs = static_cast<int64_t>(timegm(&tm)) - offset_secs;
  return secs * 1000000000 + frac_nanos;
}

Result<int64_t> ParseWhen(std::string_view text, int64_t now) {
  constexpr int64_t kSecond = 1000000000;
  if (text == "now") return now;
  if (text == "tomorrow") return now + 86400 * kSecond;
  if (text.size() >= 3 && text[0] == '+') {
    int64_t n = 0;
    size_t i = 1;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) n = n * 10 + (text[i] - '0');
    if (i == text.size() - 1 && i > 1) {
      switch (text[i]) {
        case 'm':
          return now + n * 60 * kSecond;
        case 'h':
          return now + n * 3600 * kSecond;
        case 'd':
          return now + n * 86400 * kSecond;
        case 'w':
          return now + n * 7 * 86400 * kSecond;
      }
    }
    return BadTime(text);
  }
  return ParseTimestamp(text);
}

Result<int64_t> ParseDuration(std::string_view text) {
  constexpr int64_t kSecond = 1000000000;
  constexpr int64_t kLimit = int64_t(100) * 366 * 86400;  // seconds: a century
  auto bad = [&] {
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("bad duration \"{}\": expected e.g. 90s, 15m, 24h, 1h30m or 2d", text));
  };
  if (text.empty()) return bad();
  int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    int64_t n = 0;
    size_t digits = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 12; ++i, ++digits)
      n = n * 10 + (text[i] - '0');
    if (digits == 0 || i == text.size()) return bad();
    int64_t unit = 0;
    switch (text[i++]) {
      case 's':
        unit = 1;
        break;
      case 'm':
        unit = 60;
        break;
      case 'h':
        unit = 3600;
        break;
      case 'd':
        unit = 86400;
        break;
      case 'w':
        unit = 7 * 86400;
        break;
      default:
        return bad();
    }
    total += n * unit;
    if (total > kLimit) return bad();
  }
  if (total == 0) return bad();
  return total * kSecond;
}

}  // namespace gt
