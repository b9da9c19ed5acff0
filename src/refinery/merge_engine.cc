#include "refinery/merge_engine.h"

#include <filesystem>

#include <fmt/format.h>

namespace gt::refinery {
namespace fs = std::filesystem;
namespace {

// Commits the refinery makes (cherry-picks, merges) are its own.
const std::vector<std::string> kIdentity = {"-c", "user.name=gt refinery", "-c",
                                            "user.email=refinery@gastown.invalid"};

std::vector<std::string> WithIdentity(std::vector<std::string> args) {
  args.insert(args.begin(), kIdentity.begin(), kIdentity.end());
  return args;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    if (end > at) out.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

}  // namespace

MergeEngine::MergeEngine(EngineConfig config)
    : config_(std::move(config)),
      repo_(GitRepo::At(config_.repo)),
      scratch_(GitRepo::At(config_.scratch)) {}

Status MergeEngine::SyncMain() {
  if (config_.remote.empty()) return {};
  std::string ref = "refs/heads/" + config_.main_branch;
  auto fetched = repo_.Run({"fetch", "-q", config_.remote, ref});
  if (!fetched) return tl::unexpected(fetched.error());
  if (fetched->exit_code != 0)
    return Fail(ErrorKind::kIo,
                fmt::format("cannot fetch {} from {}: {}", config_.main_branch, config_.remote,
                            GitMessage(*fetched)),
                "check the rig's origin; nothing was merged");
  auto theirs = repo_.Output({"rev-parse", "FETCH_HEAD"});
  auto ours = MainHead();
  if (!theirs || !ours) return tl::unexpected(!theirs ? theirs.error() : ours.error());
  if (*theirs == *ours) return {};
  if (repo_.Succeeds({"merge-base", "--is-ancestor", *ours, *theirs})) {
    auto moved = repo_.Run({"update-ref", ref, *theirs, *ours});
    if (!moved || moved->exit_code != 0)
      return Fail(ErrorKind::kConflict, fmt::format("{} moved while syncing", config_.main_branch));
    return {};
  }
  if (repo_.Succeeds({"merge-base", "--is-ancestor", *theirs, *ours})) return Advance(*ours, *ours);
  return Fail(ErrorKind::kConflict,
              fmt::format("{} here and on {} have diverged", config_.main_branch, config_.remote),
              "someone rewrote the remote's main; reconcile them by hand, nothing was merged");
}

Result<std::string> MergeEngine::MainHead() const {
  return repo_.Output({"rev-parse", "--verify", "refs/heads/" + config_.main_branch});
}

Status MergeEngine::PrepareScratch(const std::string& main) {
  std::error_code ec;
  if (!fs::exists(fs::path(config_.scratch) / ".git", ec)) {
    // A worktree left half-made by a kill is pruned and made again.
    (void)repo_.Run({"worktree", "prune"});
    fs::remove_all(config_.scratch, ec);
    auto added = repo_.Output({"worktree", "add", "--detach", config_.scratch, main});
    if (!added) return tl::unexpected(added.error());
    return {};
  }
  // Whatever a killed run left (a cherry-pick or merge in progress, files).
  (void)scratch_.Run({"cherry-pick", "--abort"});
  (void)scratch_.Run({"merge", "--abort"});
  for (std::vector<std::string> args : {std::vector<std::string>{"reset", "-q", "--hard"},
                                        {"clean", "-q", "-fdx"},
                                        {"checkout", "-q", "--detach", main}})
    if (auto out = scratch_.Output(args); !out) return tl::unexpected(out.error());
  return {};
}

Result<std::string> MergeEngine::Apply(const Candidate& c) {
  auto head = scratch_.Output({"rev-parse", "--verify", "refs/heads/" + c.branch + "^{commit}"});
  if (!head) return fmt::format("branch {} is not in the rig's repository", c.branch);
  if (config_.strategy == Strategy::kMerge) {
    auto merged = scratch_.Run(WithIdentity({"merge", "--no-ff", "--no-edit", "-m",
                                             fmt::format("Merge {} ({})", c.branch, c.id), *head}));
    if (!merged) return tl::unexpected(merged.error());
    if (merged->exit_code == 0) return std::string();
    (void)scratch_.Run({"merge", "--abort"});
    return GitMessage(*merged);
  }
  auto base = scratch_.Output({"merge-base", "HEAD", *head});
  if (!base) return tl::unexpected(base.error());
  auto at = scratch_.Output({"rev-parse", "HEAD"});
  if (!at) return tl::unexpected(at.error());
  if (*base == *at) {  // already on top: a fast-forward keeps the worker's commits
    auto ff = scratch_.Run({"merge", "--ff-only", "-q", *head});
    if (!ff) return tl::unexpected(ff.error());
    return ff->exit_code == 0 ? std::string() : GitMessage(*ff);
  }
  auto commits = scratch_.Output({"rev-list", "--reverse", "--no-merges", *base + ".." + *head});
  if (!commits) return tl::unexpected(commits.error());
  std::vector<std::string> args = {"cherry-pick", "-x", "--allow-empty",
                                   "--keep-redundant-commits"};
  for (const std::string& commit : Lines(*commits)) args.push_back(commit);
  if (args.size() == 4) return std::string();  // nothing new: it is in main already
  auto picked = scratch_.Run(WithIdentity(args));
  if (!picked) return tl::unexpected(picked.error());
  if (picked->exit_code == 0) return std::string();
  std::string why = GitMessage(*picked);
  (void)scratch_.Run({"cherry-pick", "--abort"});
  return why.empty() ? std::string("the branch does not apply on main") : why;
}

Result<Stack> MergeEngine::BuildStack(const std::vector<Candidate>& candidates) {
  Stack stack;
  auto main = MainHead();
  if (!main) return tl::unexpected(main.error());
  stack.base = stack.head = *main;
  if (auto st = PrepareScratch(*main); !st) return tl::unexpected(st.error());
  for (const Candidate& c : candidates) {
    auto conflict = Apply(c);
    if (!conflict) return tl::unexpected(conflict.error());
    if (!conflict->empty()) {
      stack.conflicts.push_back({c, *conflict});
      continue;
    }
    auto head = scratch_.Output({"rev-parse", "HEAD"});
    if (!head) return tl::unexpected(head.error());
    stack.head = *head;
    stack.tip[c.id] = *head;
    stack.applied.push_back(c);
  }
  return stack;
}

Status MergeEngine::Advance(const std::string& base, const std::string& head) {
  // update-ref with the old value is a compare-and-swap on the ref.
  auto moved = repo_.Run({"update-ref", "refs/heads/" + config_.main_branch, head, base});
  if (!moved) return tl::unexpected(moved.error());
  if (moved->exit_code != 0)
    return Fail(ErrorKind::kConflict,
                fmt::format("{} moved while the refinery was testing: {}", config_.main_branch,
                            GitMessage(*moved)),
                "the requests stay queued and are tested again on the new main");
  if (config_.remote.empty()) return {};
  std::string ref = "refs/heads/" + config_.main_branch;
  auto pushed = repo_.Run({"push", "-q", config_.remote, ref + ":" + ref});
  if (!pushed) return tl::unexpected(pushed.error());
  if (pushed->exit_code != 0)
    return Fail(ErrorKind::kIo,
                fmt::format("{} was merged here but not pushed to {}: {}", config_.main_branch,
                            config_.remote, GitMessage(*pushed)),
                "check the remote; the next refinery run pushes it again");
  return {};
}

Result<bool> MergeEngine::IsMerged(const Candidate& c) const {
  auto head = repo_.Output({"rev-parse", "--verify", "refs/heads/" + c.branch + "^{commit}"});
  if (!head) return false;  // no branch: nothing of it can be on main
  std::string main = "refs/heads/" + config_.main_branch;
  if (repo_.Succeeds({"merge-base", "--is-ancestor", *head, main})) return true;
  // Rebased work: main has the cherry-pick of the branch's last commit
  // (merge commits are not picked).
  auto last = repo_.Output({"rev-list", "-n", "1", "--no-merges", *head});
  if (!last) return tl::unexpected(last.error());
  auto picked = repo_.Output({"log", main, "-n", "1", "--format=%H", "--fixed-strings", "--grep",
                              "(cherry picked from commit " + *last + ")"});
  if (!picked) return tl::unexpected(picked.error());
  return !picked->empty();
}

}  // namespace gt::refinery
