// A rig's refinery: takes merge-request beads (filed by gt done) from the
// rig's ledger in order (priority, then age), tests them on main with the
// rig's gates, and records each decision as a signed validation.record.
#pragma once

#include <string>
#include <vector>

#include "core/bead.h"
#include "core/result.h"
#include "refinery/batch.h"
#include "town/town.h"

namespace gt::refinery {

/// The actor that signs the refinery's decisions (a validator of each rig).
inline constexpr const char* kRefineryActor = "refinery";

/// A merge request: its bead and the fields gt done wrote into it.
struct Request {
  Bead mr;
  std::string branch, target, commit, work_bead, worker;
};

/// Reads a merge-request bead ("branch: …" lines); kInvalidArgument when
/// it lacks a branch or a work bead.
Result<Request> ParseRequest(const Bead& mr);

/// Open merge requests, highest priority first, then oldest first.
Result<std::vector<Request>> LoadQueue(Database& db);

struct RunReport {
  std::vector<Outcome> outcomes;
  int tests = 0;
  int gate_runs = 0;
  std::vector<std::string> skipped;  // requests that cannot be read, and why
};

/// One round: takes up to the rig's batch size of requests from the front
/// of the queue, decides them and records every decision. Holds the rig's
/// refinery lock (run/refinery-RIG.lock): one refinery per rig at a time.
/// Safe to kill at any moment; the next round finishes what was merged.
Result<RunReport> RunOnce(const town::Town& town, const std::string& rig);

/// One decision as recorded: the validation.record event's data.
struct Decision {
  std::string mr, work_bead, worker, verdict, commit, at;
  int64_t duration_ms = 0;
  int revision = 0;
};
struct RefineryStatus {
  std::vector<Request> queue;
  std::vector<std::string> testing;  // requests a running refinery is deciding now
  std::string testing_since;
  std::vector<Decision> recent;  // newest first
  int merged = 0, bounced = 0;
  double mean_ms_to_merge = 0;  // from filing the request to its merge
};
Result<RefineryStatus> LoadStatus(const town::Town& town, const std::string& rig);

}  // namespace gt::refinery
