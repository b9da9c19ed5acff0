// Beads' JSON shapes for a bead (../shared/beads-reference.md §1).
#pragma once

#include <nlohmann/json.hpp>

#include "core/bead.h"

namespace gt {

/// The issue object: always id, title, priority, created_at, updated_at;
/// other fields only when set; plus labels, counts and parent.
nlohmann::json BeadToJson(const Bead& bead);
nlohmann::json DependencyToJson(const Dependency& dep);
nlohmann::json CommentToJson(const Comment& comment);

}  // namespace gt
