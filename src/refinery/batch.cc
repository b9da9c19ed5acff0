#include "refinery/batch.h"

#include <chrono>

#include <fmt/format.h>

namespace gt::refinery {
namespace {

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

class Bisector {
 public:
  Bisector(MergeEngine& engine, const std::vector<GateSpec>& gates,
           const std::vector<std::string>& env)
      : engine_(engine), gates_(gates), env_(env) {}

  /// Tests `batch` stacked on main; merges it if it passes, else splits it.
  Status Process(const std::vector<Candidate>& batch, bool last_try) {
    if (batch.empty()) return {};
    auto stack = engine_.BuildStack(batch);
    if (!stack) return tl::unexpected(stack.error());
    for (auto& [candidate, why] : stack->conflicts) {
      if (last_try || batch.size() == 1)
        Decide(candidate, Verdict::kConflict, "", {},
               fmt::format("{} does not apply on {}: {}", candidate.branch,
                           engine_.config().main_branch, why),
               0);
      else
        retry_.push_back(candidate);  // maybe it only clashes with a request that fails
    }
    if (stack->applied.empty()) return {};
    std::vector<GateSpec> all = gates_;
    for (const Candidate& c : stack->applied)
      all.insert(all.end(), c.checks.begin(), c.checks.end());
    int64_t start = NowMs();
    std::vector<GateRun> runs = RunGates(all, engine_.config().scratch, env_);
    int64_t spent = NowMs() - start;
    ++report_.tests;
    report_.gate_runs += static_cast<int>(runs.size());
    int64_t share = spent / static_cast<int64_t>(stack->applied.size());
    if (AllPassed(runs)) {
      if (auto st = engine_.Advance(stack->base, stack->head); !st) return st;
      for (const Candidate& c : stack->applied)
        Decide(c, Verdict::kMerged, stack->tip.at(c.id), runs, "merged", share);
      return {};
    }
    if (stack->applied.size() == 1) {
      const GateRun& failed = runs.back();
      Decide(stack->applied[0], Verdict::kFailed, stack->head, runs,
             fmt::format("gate {} failed ({}):\n{}", failed.name,
                         failed.timed_out ? "timed out" : fmt::format("exit {}", failed.exit_code),
                         failed.output),
             share);
      return {};
    }
    size_t half = stack->applied.size() / 2;
    std::vector<Candidate> first(stack->applied.begin(), stack->applied.begin() + half);
    std::vector<Candidate> second(stack->applied.begin() + half, stack->applied.end());
    if (auto st = Process(first, last_try); !st) return st;
    return Process(second, last_try);
  }

  /// Conflicts held back, tried once more alone on the final main.
  Status RetryConflicts() {
    std::vector<Candidate> again;
    again.swap(retry_);
    for (const Candidate& c : again)
      if (auto st = Process({c}, true); !st) return st;
    return {};
  }

  void Decide(const Candidate& c, Verdict verdict, const std::string& commit,
              std::vector<GateRun> runs, std::string message, int64_t duration_ms) {
    report_.outcomes.push_back(
        {c, verdict, commit, std::move(runs), std::move(message), duration_ms});
  }

  BatchReport& report() { return report_; }

 private:
  MergeEngine& engine_;
  const std::vector<GateSpec>& gates_;
  const std::vector<std::string>& env_;
  BatchReport report_;
  std::vector<Candidate> retry_;
};

}  // namespace

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kMerged:
      return "merged";
    case Verdict::kFailed:
      return "failed";
    case Verdict::kConflict:
      return "conflict";
    case Verdict::kAlreadyMerged:
      return "already-merged";
  }
  return "?";
}

Result<BatchReport> ProcessBatch(MergeEngine& engine, const std::vector<GateSpec>& gates,
                                 const std::vector<Candidate>& candidates,
                                 const std::vector<std::string>& env) {
  Bisector bisector(engine, gates, env);
  std::vector<Candidate> pending;
  for (const Candidate& c : candidates) {
    // After a restart: work merged before the kill is recorded, not merged twice.
    auto merged = engine.IsMerged(c);
    if (!merged) return tl::unexpected(merged.error());
    if (*merged) {
      auto main = engine.MainHead();
      bisector.Decide(c, Verdict::kAlreadyMerged, main ? *main : "", {},
                      "already on " + engine.config().main_branch, 0);
    } else {
      pending.push_back(c);
    }
  }
  if (auto st = bisector.Process(pending, false); !st) return tl::unexpected(st.error());
  if (auto st = bisector.RetryConflicts(); !st) return tl::unexpected(st.error());
  return std::move(bisector.report());
}

}  // namespace gt::refinery
