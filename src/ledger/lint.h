// `bd lint`: beads' template checks, the sections each type's description
// should have.
#pragma once

#include <string>
#include <vector>

#include "core/bead.h"

namespace gt {

/// The headings `type` needs: bug → Steps to Reproduce, Acceptance Criteria;
/// task/feature/story → Acceptance Criteria; epic → Success Criteria;
/// decision → Decision, Rationale, Alternatives Considered; spike → Goal,
/// Findings; other types none.
std::vector<std::string> RequiredSections(const std::string& issue_type);

/// The required headings the bead's description lacks (a case-insensitive
/// substring match); a non-empty acceptance_criteria field stands in for
/// Acceptance Criteria and Success Criteria.
std::vector<std::string> MissingSections(const Bead& bead);

}  // namespace gt
