#include "refinery/refinery.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "core/clock.h"
#include "ledger/checks.h"
#include "ledger/file_lock.h"
#include "ledger/keys.h"
#include "ledger/member_ops.h"
#include "ledger/queries.h"
#include "ledger/workspace.h"
#include "refinery/policy.h"
#include "town/feed.h"
#include "town/rig.h"

namespace gt::refinery {
namespace {

constexpr const char* kInReviewLabel = "gt:in-review";  // set by gt done
constexpr const char* kRevisionLabel = "revision:";     // bounces so far

std::string Field(const std::string& text, const std::string& key) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with(key + ": ")) return line.substr(key.size() + 2);
  return {};
}

int RevisionOf(const Bead& bead) {
  for (const std::string& l : bead.labels)
    if (l.starts_with(kRevisionLabel)) return std::atoi(l.c_str() + strlen(kRevisionLabel));
  return 0;
}

/// The refinery's key is a validator of the rig's ledger (admitted by the
/// town's admin on first use).
Status EnsureValidator(const town::Town& town, const std::string& beads_dir) {
  auto key = LoadOrCreateKey(town.KeyDir(), kRefineryActor);
  if (!key) return tl::unexpected(key.error());
  auto admin = town::OpenLedgerAs(town, beads_dir, town::kAdminActor);
  if (!admin) return tl::unexpected(admin.error());
  auto added = AddMember(*admin, PublicKeyText(key->public_key), "validator", kRefineryActor);
  if (!added) return tl::unexpected(added.error());
  return {};
}

nlohmann::json RunsJson(const std::vector<GateRun>& runs) {
  nlohmann::json out = nlohmann::json::array();
  for (const GateRun& r : runs)
    out.push_back({{"name", r.name},
                   {"exit_code", r.exit_code},
                   {"timed_out", r.timed_out},
                   {"duration_ms", r.duration_ms}});
  return out;
}

/// The events that record one decision, in one write: the signed
/// validation.record, then the request closed and the work bead closed
/// (merged) or handed back to its worker with the reason (bounced).
Status Record(Ledger& ledger, const Request& request, const Outcome& outcome,
              const std::string& validator_uri) {
  auto written = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    auto mr = LoadBead(db, request.mr.id);
    if (!mr) return tl::unexpected(mr.error());
    if (IsDoneStatus(mr->status)) return std::vector<EventDraft>{};  // recorded before
    auto work = LoadBead(db, request.work_bead);
    bool merged = outcome.verdict == Verdict::kMerged || outcome.verdict == Verdict::kAlreadyMerged;
    // Revision N is the worker's Nth gt done of this bead; a bounce asks for N+1.
    int revision = work ? std::max(1, RevisionOf(*work)) : 1;
    std::vector<EventDraft> drafts{{"validation.record",
                                    request.mr.id,
                                    {{"validator", validator_uri},
                                     {"request", request.mr.id},
                                     {"bead", request.work_bead},
                                     {"worker", request.worker},
                                     {"branch", request.branch},
                                     {"commit", outcome.commit},
                                     {"result", VerdictName(outcome.verdict)},
                                     {"gates", RunsJson(outcome.runs)},
                                     {"duration_ms", outcome.duration_ms},
                                     {"revision", revision}}}};
    std::string reason = merged ? fmt::format("merged at {}", outcome.commit.substr(0, 12))
                                : fmt::format("bounced ({})", VerdictName(outcome.verdict));
    drafts.push_back({"bead.close", request.mr.id, {{"reason", reason}}});
    if (!work || work->deleted) return drafts;
    std::string next = kRevisionLabel + std::to_string(merged ? revision : revision + 1);
    for (const std::string& l : work->labels)
      if (l == kInReviewLabel || (l.starts_with(kRevisionLabel) && l != next))
        drafts.push_back({"label.remove", work->id, {{"label", l}}});
    if (std::find(work->labels.begin(), work->labels.end(), next) == work->labels.end())
      drafts.push_back({"label.add", work->id, {{"label", next}}});
    if (merged) {
      if (!IsDoneStatus(work->status))
        drafts.push_back({"bead.close",
                          work->id,
                          {{"reason", fmt::format("merged by the refinery ({}, {})", request.mr.id,
                                                  outcome.commit.substr(0, 12))}}});
    } else {
      // Back on its worker's hook, so the worker fixes it and runs gt done again.
      if (work->status != "hooked")
        drafts.push_back({"bead.update", work->id, {{"fields", {{"status", "hooked"}}}}});
      drafts.push_back(
          {"comment.add",
           work->id,
           {{"text", fmt::format("Bounced by the refinery ({}, revision {}): {}\nFix it on {}, "
                                 "commit, and run gt done again (revision {}).",
                                 request.mr.id, revision, outcome.message, request.branch,
                                 revision + 1)}}});
    }
    return drafts;
  });
  if (!written) return tl::unexpected(written.error());
  return {};
}

std::string LockPath(const town::Town& town, const std::string& rig) {
  return town.RunDir() + "/refinery-" + rig + ".lock";
}

std::string TestingPath(const town::Town& town, const std::string& rig) {
  return town.RunDir() + "/refinery-" + rig + ".testing";
}

}  // namespace

Result<Request> ParseRequest(const Bead& mr) {
  Request r;
  r.mr = mr;
  r.branch = Field(mr.description, "branch");
  r.target = Field(mr.description, "target");
  r.commit = Field(mr.description, "commit");
  r.work_bead = Field(mr.description, "source_issue");
  r.worker = Field(mr.description, "worker");
  if (r.branch.empty() || r.work_bead.empty())
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("merge request {} names no branch or work bead", mr.id),
                "merge requests are filed by gt done");
  return r;
}

Result<std::vector<Request>> LoadQueue(Database& db) {
  ListFilter filter;
  filter.issue_type = "merge-request";
  filter.statuses = {"open"};
  filter.limit = 0;
  auto beads = ListBeads(db, filter);
  if (!beads) return tl::unexpected(beads.error());
  std::stable_sort(beads->begin(), beads->end(), [](const Bead& a, const Bead& b) {
    return std::tie(a.priority, a.created_at, a.id) < std::tie(b.priority, b.created_at, b.id);
  });
  std::vector<Request> out;
  for (const Bead& b : *beads) {
    auto r = ParseRequest(b);
    if (r) out.push_back(std::move(*r));
  }
  return out;
}

Result<RunReport> RunOnce(const town::Town& town, const std::string& rig_name) {
  auto rig = town::LoadRig(town, rig_name);
  if (!rig) return tl::unexpected(rig.error());
  auto lock = FileLock::Acquire(LockPath(town, rig_name));
  if (!lock) return tl::unexpected(lock.error());
  auto policy = LoadPolicy(town.RigDir(rig_name) + "/rig.toml");
  if (!policy) return tl::unexpected(policy.error());
  std::string beads_dir = town.RigBeadsDir(rig_name);
  if (auto st = EnsureValidator(town, beads_dir); !st) return tl::unexpected(st.error());
  auto ledger = town::OpenLedgerAs(town, beads_dir, kRefineryActor);
  if (!ledger) return tl::unexpected(ledger.error());

  RunReport report;
  auto queue = LoadQueue(ledger->db());
  if (!queue) return tl::unexpected(queue.error());
  if (queue->empty()) return report;
  std::vector<Candidate> batch;
  std::map<std::string, Request> by_id;
  for (const Request& r : *queue) {
    if (static_cast<int>(batch.size()) == policy->batch) break;
    Candidate c{r.mr.id, r.branch, {}};
    // A molecule step's own check runs with the gates, on the candidate's code.
    auto check = LoadCheck(ledger->db(), r.work_bead);
    if (!check) return tl::unexpected(check.error());
    if (*check) c.checks.push_back({"check " + r.work_bead, (*check)->argv, (*check)->timeout_ms});
    batch.push_back(c);
    by_id[r.mr.id] = r;
  }
  // What is being tested, for gt refinery status; gone when the round ends.
  std::string testing = TestingPath(town, rig_name);
  nlohmann::json ids = nlohmann::json::array();
  for (const Candidate& c : batch) ids.push_back(c.id);
  if (auto st = WriteFileAtomically(
          testing, nlohmann::json{{"pid", getpid()},
                                  {"since", FormatTimestamp(DefaultClock().NowNanos())},
                                  {"requests", ids}}
                       .dump());
      !st)
    return tl::unexpected(st.error());
  struct Cleanup {
    std::string path;
    ~Cleanup() { unlink(path.c_str()); }
  } cleanup{testing};
  MergeEngine engine({town::RepoDir(town, rig_name), rig->default_branch,
                      town.RigDir(rig_name) + "/refinery", policy->strategy, "origin"});
  if (auto st = engine.SyncMain(); !st) return tl::unexpected(st.error());
  std::vector<std::string> env = {"GT_TOWN=" + town.root, "GT_RIG=" + rig_name};
  auto decided = ProcessBatch(engine, policy->gates, batch, env);
  if (!decided) return tl::unexpected(decided.error());
  std::string validator = town.EntityUri(kRefineryActor);
  for (const Outcome& o : decided->outcomes) {
    const Request& r = by_id.at(o.candidate.id);
    if (auto st = Record(*ledger, r, o, validator); !st) return tl::unexpected(st.error());
    bool merged = o.verdict == Verdict::kMerged || o.verdict == Verdict::kAlreadyMerged;
    (void)town::AppendFeed(town,
                           {"", merged ? "merge" : "bounce", rig_name, r.work_bead, r.worker,
                            merged ? fmt::format("merged {} at {}", r.mr.id, o.commit.substr(0, 12))
                                   : fmt::format("bounced {}: {}", r.mr.id,
                                                 o.message.substr(0, o.message.find('\n')))});
  }
  report.outcomes = std::move(decided->outcomes);
  report.tests = decided->tests;
  report.gate_runs = decided->gate_runs;
  return report;
}

Result<RefineryStatus> LoadStatus(const town::Town& town, const std::string& rig_name) {
  RefineryStatus status;
  // A round in progress: the file of a refinery that still holds the rig's
  // lock (a killed one leaves the file but not the lock).
  if (FileLock::IsHeld(LockPath(town, rig_name))) {
    std::ifstream in(TestingPath(town, rig_name));
    auto doc = nlohmann::json::parse(in, nullptr, false);
    if (doc.is_object()) {
      for (const auto& id : doc.value("requests", nlohmann::json::array()))
        if (id.is_string()) status.testing.push_back(id.get<std::string>());
      status.testing_since = doc.value("since", "");
    }
  }
  auto rig = town::LoadRig(town, rig_name);
  if (!rig) return tl::unexpected(rig.error());
  auto ledger = town::OpenLedgerAs(town, town.RigBeadsDir(rig_name), kRefineryActor);
  if (!ledger) return tl::unexpected(ledger.error());
  auto queue = LoadQueue(ledger->db());
  if (!queue) return tl::unexpected(queue.error());
  status.queue = std::move(*queue);
  ListFilter filter;
  filter.issue_type = "merge-request";
  filter.statuses = {"closed"};
  filter.limit = 0;
  auto closed = ListBeads(ledger->db(), filter);
  if (!closed) return tl::unexpected(closed.error());
  int64_t merge_ms = 0;
  for (const Bead& mr : *closed) {
    auto history = BeadHistory(ledger->db(), ledger->index().log_dir(), mr.id);
    if (!history) return tl::unexpected(history.error());
    for (const HistoryEntry& h : *history) {
      if (h.op != "validation.record" || !h.applied) continue;
      Decision d{mr.id,
                 h.data.value("bead", ""),
                 h.data.value("worker", ""),
                 h.data.value("result", ""),
                 h.data.value("commit", ""),
                 h.ts,
                 h.data.value("duration_ms", int64_t(0)),
                 h.data.value("revision", 0)};
      bool merged = d.verdict == "merged" || d.verdict == "already-merged";
      (merged ? status.merged : status.bounced)++;
      auto filed = ParseTimestamp(mr.created_at), decided = ParseTimestamp(h.ts);
      if (merged && filed && decided) merge_ms += (*decided - *filed) / 1000000;
      status.recent.push_back(std::move(d));
    }
  }
  if (status.merged > 0) status.mean_ms_to_merge = double(merge_ms) / status.merged;
  std::sort(status.recent.begin(), status.recent.end(),
            [](const Decision& a, const Decision& b) { return a.at > b.at; });
  return status;
}

}  // namespace gt::refinery
