#include "core/ids.h"

#include <cmath>

#include <fmt/format.h>
#include <sodium.h>

#include "core/encoding.h"

namespace gt {

int AdaptiveIdLength(int64_t n) {
  for (int length = 3; length < 8; ++length) {
    double space = std::pow(36.0, length);
    double p = 1.0 - std::exp(-(double(n) * double(n)) / (2.0 * space));
    if (p <= 0.25) return length;
  }
  return 8;
}

std::string HashId(std::string_view prefix, std::string_view title, std::string_view description,
                   std::string_view creator, int64_t created_nanos, int nonce, int length) {
  std::string input =
      fmt::format("{}|{}|{}|{}|{}", title, description, creator, created_nanos, nonce);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(input.data()), input.size());
  static const int kBytesForLength[] = {0, 0, 0, 2, 3, 4, 4, 5, 5};
  return fmt::format("{}-{}", prefix, Base36(digest, kBytesForLength[length], length));
}

std::string ParentOfChildId(std::string_view id) {
  size_t dot = id.rfind('.');
  size_t dash = id.rfind('-');
  if (dot == std::string_view::npos || (dash != std::string_view::npos && dot < dash)) return {};
  return std::string(id.substr(0, dot));
}

Result<std::string> NormalizePrefix(std::string_view raw) {
  std::string p(raw);
  while (!p.empty() && p.front() == '.') p.erase(p.begin());
  while (!p.empty() && p.back() == '-') p.pop_back();
  for (char& c : p)
    if (c == '.') c = '_';
  if (p.empty())
    return Fail(ErrorKind::kInvalidArgument, fmt::format("invalid prefix \"{}\"", raw),
                "use letters and digits, e.g. --prefix gt");
  for (char c : p) {
    if (!isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-')
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("invalid prefix \"{}\": only letters, digits, '_' and '-'", raw),
                  "e.g. --prefix gt");
  }
  return p;
}

bool IsWispId(std::string_view id) {
  return id.find("-wisp-") != std::string_view::npos;
}

}  // namespace gt
