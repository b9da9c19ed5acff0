#include "ledger/lint.h"

#include <algorithm>

namespace gt {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return char(tolower(c)); });
  return text;
}

}  // namespace

std::vector<std::string> RequiredSections(const std::string& type) {
  if (type == "bug") return {"Steps to Reproduce", "Acceptance Criteria"};
  if (type == "task" || type == "feature" || type == "story") return {"Acceptance Criteria"};
  if (type == "epic") return {"Success Criteria"};
  if (type == "decision") return {"Decision", "Rationale", "Alternatives Considered"};
  if (type == "spike") return {"Goal", "Findings"};
  return {};
}

std::vector<std::string> MissingSections(const Bead& bead) {
  std::vector<std::string> missing;
  std::string description = Lower(bead.description);
  bool has_criteria = bead.acceptance_criteria.find_first_not_of(" \t\r\n") != std::string::npos;
  for (const std::string& section : RequiredSections(bead.issue_type)) {
    if (has_criteria && (section == "Acceptance Criteria" || section == "Success Criteria"))
      continue;
    if (description.find(Lower(section)) == std::string::npos) missing.push_back(section);
  }
  return missing;
}

}  // namespace gt
