// Byte encodings used in ids, keys and file names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gt {

std::string ToHex(const unsigned char* data, size_t size);
inline std::string ToHex(const std::vector<unsigned char>& bytes) {
  return ToHex(bytes.data(), bytes.size());
}
/// Decodes lowercase or uppercase hex; nullopt on odd length or a bad digit.
std::optional<std::vector<unsigned char>> FromHex(std::string_view hex);

/// Big-endian unsigned integer of `bytes` in base 36 (0-9a-z), left-padded
/// with '0' to `width` and cut to its last `width` characters.
std::string Base36(const unsigned char* bytes, size_t size, size_t width);

/// Escapes everything but [A-Za-z0-9._-] as %XX so any name is a safe file name.
std::string FileSafeName(std::string_view name);

}  // namespace gt
