#include "ledger/verify.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/parallel.h"
#include "ledger/members.h"
#include "ledger/sync.h"

namespace gt {
namespace fs = std::filesystem;

Result<LedgerReport> VerifyLedger(const std::string& beads_dir, bool deep) {
  std::vector<std::string> paths;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(beads_dir + "/log", ec))
    if (entry.path().extension() == ".jsonl") paths.push_back(entry.path().string());
  if (ec) return Fail(ErrorKind::kIo, "cannot list " + beads_dir + "/log: " + ec.message());
  std::sort(paths.begin(), paths.end());

  std::vector<Result<ChainBatch>> batches(paths.size(), Fail(ErrorKind::kIo, "not read"));
  ParallelFor(paths.size(), [&](size_t i) { batches[i] = ReadVerifiedChain(paths[i], {}, deep); });

  LedgerReport report;
  for (size_t i = 0; i < paths.size(); ++i) {
    if (!batches[i]) return tl::unexpected(batches[i].error());
    const ChainBatch& batch = *batches[i];
    ChainReport chain{"log/" + fs::path(paths[i]).filename().string(), int64_t(batch.lines.size()),
                      batch.signatures_checked, batch.problems};
    for (ChainProblem& p : chain.problems) p.file = chain.file;
    if (batch.torn_tail)
      chain.problems.push_back({chain.file, batch.end.line + 1,
                                "incomplete last line (an interrupted write); the writer's next "
                                "write removes it"});
    report.events += chain.events;
    report.signatures += chain.signatures;
    report.problems.insert(report.problems.end(), chain.problems.begin(), chain.problems.end());
    report.chains.push_back(std::move(chain));
  }

  // One key, two chains (met in a merge, see sync.h): both kept, reported.
  auto forks = FindChainForks(beads_dir);
  if (!forks) return tl::unexpected(forks.error());
  for (const ChainFork& fork : *forks) {
    ChainCursor start;
    start.keyid = fork.keyid;  // the file is named <keyid>-<hash>.jsonl
    auto proof = ReadVerifiedChain(beads_dir + "/" + fork.fork_file, start, deep);
    if (!proof) return tl::unexpected(proof.error());
    for (ChainProblem p : proof->problems) {
      p.file = fork.fork_file;
      report.problems.push_back(std::move(p));
    }
    report.equivocations.push_back(
        {fork.fork_file, fork.seq,
         fmt::format("equivocation: key {} wrote two different events with seq {} ({}:{} and "
                     "this line); both are kept, the chain's is applied",
                     fork.keyid, fork.seq, fork.kept_file, fork.seq)});
  }
  if (auto members = LoadMembers(beads_dir); !members)
    report.problems.push_back({"members.jsonl", 0, members.error().message});
  return report;
}

}  // namespace gt
