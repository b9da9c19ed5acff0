// Which ledger a bd command uses inside a town.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gt::town {

/// For bd run anywhere inside a town: the .beads directory of the first
/// argument that looks like a bead id ("<prefix>-<rest>") whose prefix is
/// the town ledger's or a rig's; else, inside rigs/<rig>/, that rig's ledger.
/// nullopt outside a town or when neither decides (bd then searches upwards
/// as usual and finds the town ledger).
std::optional<std::string> RouteBeadsDir(const std::string& cwd,
                                         const std::vector<std::string>& args);

}  // namespace gt::town
