#include "ledger/ledger_branch.h"

#include <filesystem>
#include <sstream>

#include <fmt/format.h>

#include "ledger/config_store.h"
#include "ledger/file_lock.h"
#include "ledger/git_repo.h"
#include "ledger/workspace.h"

namespace gt {
namespace fs = std::filesystem;
namespace {

Result<fs::path> WorktreePath(const GitRepo& git) {
  auto common = git.Output({"rev-parse", "--git-common-dir"});
  if (!common) return tl::unexpected(common.error());
  fs::path dir =
      fs::path(*common).is_absolute() ? fs::path(*common) : git.root() / fs::path(*common);
  return dir / "bd-ledger";
}

bool BranchExists(const GitRepo& git, const std::string& ref) {
  return git.Succeeds({"rev-parse", "-q", "--verify", ref + "^{commit}"});
}

Status Ok(const Result<std::string>& r) {
  return r ? Status{} : Status(tl::unexpected(r.error()));
}

// The files a ledger keeps in git (not the index, locks or temp files).
constexpr const char* kTracked[] = {"config.toml", "members.jsonl", ".gitignore", "log",
                                    "formulas",    "issues.jsonl",  "PRIME.md"};

}  // namespace

Result<std::string> MoveLedgerToBranch(const std::string& beads_dir, const std::string& branch) {
  auto git = GitRepo::Find(beads_dir);
  if (!git) return tl::unexpected(git.error());
  std::error_code ec;
  if (fs::canonical(beads_dir, ec) != fs::canonical(fs::path(git->root()) / ".beads", ec))
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("{} is not the .beads directory at the repository's root", beads_dir),
                "sync.branch needs the ledger at <repository>/.beads");
  if (!git->Succeeds({"check-ref-format", "--branch", branch}))
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("\"{}\" is not a valid branch name", branch));
  auto wt = WorktreePath(*git);
  if (!wt) return tl::unexpected(wt.error());
  if (fs::exists(*wt))
    return Fail(ErrorKind::kConflict,
                fmt::format("a ledger worktree already exists at {}", wt->string()));
  (void)git->Run({"fetch", "-q"});  // best effort: see branches others pushed
  for (const std::string& ref : {"refs/heads/" + branch, "refs/remotes/origin/" + branch})
    if (BranchExists(*git, ref))
      return Fail(ErrorKind::kConflict, fmt::format("branch {} already exists", branch),
                  "choose another name, or use that ledger: in a fresh clone, `bd init` picks "
                  "it up");
  if (!git->Succeeds({"rev-parse", "-q", "--verify", "HEAD"}))
    return Fail(ErrorKind::kConflict, "the repository has no commit yet",
                "commit something first (e.g. `bd sync`)");

  auto lock = FileLock::Acquire(beads_dir + "/write.lock");
  if (!lock) return tl::unexpected(lock.error());
  // The new branch starts empty (an orphan) in its own worktree.
  if (auto st = Ok(git->Output({"worktree", "add", "-q", "--detach", wt->string(), "HEAD"})); !st)
    return tl::unexpected(st.error());
  auto ledger_git = GitRepo::Find(wt->string());
  if (!ledger_git) return tl::unexpected(ledger_git.error());
  Status st = Ok(ledger_git->Output({"checkout", "-q", "--orphan", branch}));
  if (st) st = Ok(ledger_git->Output({"rm", "-r", "-q", "-f", "--ignore-unmatch", "."}));
  fs::path target = *wt / ".beads";
  fs::create_directories(target, ec);
  for (const char* name : kTracked) {
    if (!st) break;
    fs::path from = fs::path(beads_dir) / name;
    if (!fs::exists(from)) continue;
    fs::copy(from, target / name,
             fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
    if (ec)
      st = Fail(ErrorKind::kIo, fmt::format("cannot copy {}: {}", from.string(), ec.message()));
  }
  if (st) st = Ok(SetConfigValue(target.string(), "sync.branch", branch));
  std::vector<std::string> identity;
  if (!git->Succeeds({"config", "user.name"})) identity = {"-c", "user.name=bd"};
  if (!git->Succeeds({"config", "user.email"}))
    identity.insert(identity.end(), {"-c", "user.email=bd@localhost"});
  auto commit = [&](const GitRepo& repo, const std::string& message,
                    std::vector<std::string> paths) {
    std::vector<std::string> args = identity;
    args.insert(args.end(), {"commit", "-q", "-m", message, "--"});
    args.insert(args.end(), paths.begin(), paths.end());
    return Ok(repo.Output(args));
  };
  if (st) st = Ok(ledger_git->Output({"add", "-A", "--", ".beads"}));
  if (st)
    st = commit(*ledger_git, fmt::format("bd: the ledger on its own branch, {}", branch),
                {".beads"});
  auto undo = [&](const Error& error) -> Result<std::string> {
    (void)git->Run({"worktree", "remove", "--force", wt->string()});
    (void)git->Run({"branch", "-D", branch});
    return tl::unexpected(error);
  };
  if (!st) return undo(st.error());
  // The code branch stops carrying the ledger: its tracked files leave the
  // index and the working tree (the ignored index and lock stay until below).
  if (auto tracked = git->Output({"ls-files", "--", ".beads"}); tracked && !tracked->empty()) {
    st = Ok(git->Output({"rm", "-r", "-q", "--", ".beads"}));
    if (st) st = commit(*git, fmt::format("bd: the ledger moved to branch {}", branch), {".beads"});
    if (!st) {
      (void)git->Run({"reset", "-q", "--", ".beads"});
      (void)git->Run({"checkout", "-q", "--", ".beads"});
      return undo(st.error());
    }
  }
  lock = tl::unexpected(Error{});  // release before removing the lock file
  fs::remove_all(beads_dir, ec);
  return target.string();
}

Result<std::optional<std::string>> AttachLedgerBranch(const std::string& repo_dir,
                                                      const std::string& preferred) {
  auto git = GitRepo::Find(repo_dir);
  if (!git) return tl::unexpected(git.error());
  auto wt = WorktreePath(*git);
  if (!wt) return tl::unexpected(wt.error());
  if (fs::exists(*wt / ".beads" / "config.toml")) return (*wt / ".beads").string();
  auto refs = git->Output({"for-each-ref", "--format=%(refname:short)", "refs/remotes"});
  if (!refs) return tl::unexpected(refs.error());
  std::string found, found_branch;
  std::istringstream lines(*refs);
  for (std::string ref; std::getline(lines, ref);) {
    size_t slash = ref.find('/');
    if (slash == std::string::npos || ref.ends_with("/HEAD")) continue;
    std::string branch = ref.substr(slash + 1);
    auto config = git->Output({"show", ref + ":.beads/config.toml"});
    if (!config) continue;
    bool named = config->find(fmt::format("branch = \"{}\"", branch)) != std::string::npos;
    if (branch == preferred || (named && found.empty())) {
      found = ref;
      found_branch = branch;
      if (branch == preferred) break;
    }
  }
  if (found.empty()) return std::optional<std::string>();
  std::vector<std::string> add = {"worktree", "add", "-q"};
  if (BranchExists(*git, "refs/heads/" + found_branch))
    add.insert(add.end(), {wt->string(), found_branch});
  else
    add.insert(add.end(), {"--track", "-b", found_branch, wt->string(), found});
  if (auto st = Ok(git->Output(add)); !st) return tl::unexpected(st.error());
  return std::optional<std::string>((*wt / ".beads").string());
}

}  // namespace gt
