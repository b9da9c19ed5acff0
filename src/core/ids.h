// Bead ids: "<prefix>-<base36 hash>" for top-level beads, "<parent>.<n>" for
// children, as beads makes them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gt {

/// The suffix length that keeps a collision among `top_level_count` ids
/// improbable (beads' adaptive rule: p ≤ 0.25, lengths 3..8).
int AdaptiveIdLength(int64_t top_level_count);

/// beads' hash id: SHA-256 of "title|description|creator|created_nanos|nonce",
/// the leading bytes read as a big-endian number in base 36, `length` digits.
std::string HashId(std::string_view prefix, std::string_view title, std::string_view description,
                   std::string_view creator, int64_t created_nanos, int nonce, int length);

/// "gt-a3f.2" → "gt-a3f"; empty for top-level ids.
std::string ParentOfChildId(std::string_view id);

/// Normalises a prefix the way beads does ("My.Proj-" → "My_Proj"); errors when
/// nothing usable is left or it has characters an id cannot carry.
/// Wisps (ephemeral molecules, kept on this machine) have ids
/// `<prefix>-wisp-<hash>`, and their steps `<prefix>-wisp-<hash>.N`, as in beads.
bool IsWispId(std::string_view id);
constexpr std::string_view kWispInfix = "wisp-";

Result<std::string> NormalizePrefix(std::string_view raw);

}  // namespace gt
