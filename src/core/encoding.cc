#include "core/encoding.h"

namespace gt {

std::string ToHex(const unsigned char* data, size_t size) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 15];
  }
  return out;
}

static int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::vector<unsigned char>> FromHex(std::string_view hex) {
  if (hex.size() % 2) return std::nullopt;
  std::vector<unsigned char> out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = HexValue(hex[2 * i]), lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return out;
}

std::string Base36(const unsigned char* bytes, size_t size, size_t width) {
  // Repeated division of the big-endian number by 36; inputs are a few bytes.
  std::vector<unsigned> digits(bytes, bytes + size);
  std::string out;
  auto is_zero = [&] {
    for (unsigned d : digits)
      if (d) return false;
    return true;
  };
  while (!is_zero()) {
    unsigned remainder = 0;
    for (unsigned& d : digits) {
      unsigned value = remainder * 256 + d;
      d = value / 36;
      remainder = value % 36;
    }
    out.insert(out.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[remainder]);
  }
  if (out.size() < width) out.insert(0, width - out.size(), '0');
  if (out.size() > width) out = out.substr(out.size() - width);
  return out;
}

std::string FileSafeName(std::string_view name) {
  std::string out;
  for (unsigned char c : name) {
    if (isalnum(c) || c == '.' || c == '_' || c == '-') {
      out += static_cast<char>(c);
    } else {
      static const char kDigits[] = "0123456789ABCDEF";
      out += '%';
      out += kDigits[c >> 4];
      out += kDigits[c & 15];
    }
  }
  if (!out.empty() && out[0] == '.') out.replace(0, 1, "%2E");  // no hidden files
  return out;
}

}  // namespace gt
