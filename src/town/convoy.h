// Convoys: beads (of any rig) that ship together. A convoy is a bead of the
// town ledger (type epic, label gt:convoy) whose labels "tracks:<id>" name
// its beads; it is closed when every tracked bead is.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "town/town.h"
#include "town/work.h"

namespace gt::town {

inline constexpr const char* kConvoyLabel = "gt:convoy";

struct ConvoyItem {
  std::string id;
  std::string rig;
  std::string title;
  std::string status;  // "missing" when the bead cannot be found
  std::string assignee;
  bool blocked = false;
};

struct ConvoyInfo {
  std::string id;
  std::string name;
  bool closed = false;
  int done = 0;  // tracked beads closed
  std::vector<ConvoyItem> items;
};

Result<ConvoyInfo> CreateConvoy(Town& town, const std::string& name,
                                const std::vector<std::string>& beads);
Result<ConvoyInfo> AddToConvoy(Town& town, const std::string& convoy,
                               const std::vector<std::string>& beads);
/// The convoy's progress; closes it (signed by the town) once all its beads are closed.
Result<ConvoyInfo> ConvoyStatus(Town& town, const std::string& convoy);
Result<std::vector<ConvoyInfo>> ListConvoys(Town& town);

struct ConvoySling {
  std::vector<SlingOutcome> slung;
  std::vector<std::string> skipped;  // "<id>: why" for open beads not slung
};
/// Slings each open, unassigned bead of the convoy as `gt sling BEAD` would,
/// with `base`'s agent (for the first only: a worker holds one bead) or else
/// free workers, until none is free.
Result<ConvoySling> SlingConvoy(Town& town, const std::string& convoy, const SlingRequest& base);

}  // namespace gt::town
