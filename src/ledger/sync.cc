#include "ledger/sync.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "ledger/event.h"
#include "ledger/file_lock.h"
#include "ledger/git_repo.h"
#include "ledger/workspace.h"

namespace gt {
namespace fs = std::filesystem;
namespace {

// git's empty tree: diffs against it count every line of a first commit.
constexpr const char* kEmptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

std::vector<std::string> CompleteLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t at = 0;
  while (true) {
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos) break;  // a torn tail is not an event
    lines.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return lines;
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorKind::kIo, fmt::format("cannot read {}", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Lines added between two trees under `dir` (`git diff --numstat`).
Result<int64_t> AddedLines(const GitRepo& git, std::vector<std::string> range,
                           const std::string& dir) {
  std::vector<std::string> args = {"diff", "--numstat"};
  args.insert(args.end(), range.begin(), range.end());
  args.insert(args.end(), {"--", dir});
  auto out = git.Output(args);
  if (!out) return tl::unexpected(out.error());
  int64_t added = 0;
  std::istringstream lines(*out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && isdigit(static_cast<unsigned char>(line[0]))) added += std::stoll(line);
  return added;
}

/// `-c user.name=… -c user.email=…` when the repository has no identity, so
/// a sync commit never fails on a fresh machine.
std::vector<std::string> IdentityArgs(const GitRepo& git) {
  std::vector<std::string> args;
  if (!git.Succeeds({"config", "user.name"})) args.insert(args.end(), {"-c", "user.name=bd"});
  if (!git.Succeeds({"config", "user.email"}))
    args.insert(args.end(), {"-c", "user.email=bd@localhost"});
  return args;
}

std::vector<std::string> With(std::vector<std::string> head, const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

struct Layout {
  std::string rel;                 // the .beads directory relative to the repository root
  std::string log;                 // rel + "/log"
  std::vector<std::string> paths;  // what a sync commits
};

Result<Layout> LedgerLayout(const GitRepo& git, const std::string& beads_dir) {
  std::error_code ec;
  fs::path rel = fs::relative(fs::canonical(beads_dir, ec), fs::canonical(git.root(), ec), ec);
  if (ec || rel.empty() || rel.string().starts_with(".."))
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("{} is not inside the git repository at {}", beads_dir, git.root()));
  Layout layout;
  layout.rel = rel.string();
  layout.log = layout.rel + "/log";
  for (const char* name :
       {"log", "members.jsonl", "config.toml", ".gitignore", "formulas", "issues.jsonl"})
    if (fs::exists(fs::path(beads_dir) / name)) layout.paths.push_back(layout.rel + "/" + name);
  return layout;
}

/// Resolves a conflicted chain file: both versions are kept, the one whose
/// first differing line sorts first stays the chain, the other is saved whole
/// under log/forks/. Every clone resolves the same conflict the same way.
Result<ChainFork> ResolveChainConflict(const GitRepo& git, const Layout& layout,
                                       const std::string& path) {
  auto ours = git.Output({"show", ":2:" + path});
  auto theirs = git.Output({"show", ":3:" + path});
  if (!ours || !theirs)
    return Fail(ErrorKind::kConflict, fmt::format("{} was removed on one side", path));
  std::vector<std::string> a = CompleteLines(*ours + "\n"), b = CompleteLines(*theirs + "\n");
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  if (i == a.size() || i == b.size())  // one extends the other: no fork
    return Fail(ErrorKind::kConflict, fmt::format("{} cannot be merged", path));
  const auto& kept = a[i] < b[i] ? a : b;
  const auto& forked = a[i] < b[i] ? b : a;
  std::string keyid = fs::path(path).stem().string();
  std::string fork_name = fmt::format("{}-{}.jsonl", keyid, LineHash(forked[i]).substr(0, 16));
  fs::path root(git.root());
  std::error_code ec;
  fs::create_directories(root / layout.log / "forks", ec);
  if (auto st = WriteFileAtomically((root / path).string(), JoinLines(kept)); !st)
    return tl::unexpected(st.error());
  if (auto st = WriteFileAtomically((root / layout.log / "forks" / fork_name).string(),
                                    JoinLines(forked));
      !st)
    return tl::unexpected(st.error());
  return ChainFork{keyid,   int64_t(i + 1), "log/" + keyid + ".jsonl", "log/forks/" + fork_name,
                   kept[i], forked[i]};
}

/// Merges `ref` into HEAD, resolving chain forks; any other conflict aborts
/// the merge and is an error.
Status MergeRef(const GitRepo& git, const Layout& layout, const std::string& ref,
                SyncReport* report) {
  auto identity = IdentityArgs(git);
  auto merge = git.Run(With(identity, {"merge", "--no-edit", "-q", ref}));
  if (!merge) return tl::unexpected(merge.error());
  if (merge->exit_code == 0) return {};
  auto conflicted = git.Output({"diff", "--name-only", "--diff-filter=U"});
  if (!conflicted || conflicted->empty()) {
    (void)git.Run({"merge", "--abort"});
    return Fail(ErrorKind::kConflict, fmt::format("git merge failed: {}", GitMessage(*merge)),
                "commit or stash your own changes, then run `bd sync` again");
  }
  std::vector<std::string> others, resolved;
  std::istringstream files(*conflicted);
  for (std::string path; std::getline(files, path);) {
    bool chain = path.starts_with(layout.log + "/") && path.ends_with(".jsonl") &&
                 path.find('/', layout.log.size() + 1) == std::string::npos;
    if (!chain) {
      others.push_back(path);
      continue;
    }
    auto fork = ResolveChainConflict(git, layout, path);
    if (!fork) {
      others.push_back(path);
      continue;
    }
    resolved.push_back(path);
    resolved.push_back(layout.rel + "/" + fork->fork_file);
    report->forks.push_back(std::move(*fork));
  }
  if (!others.empty()) {
    (void)git.Run({"merge", "--abort"});
    report->forks.clear();
    std::string list;
    for (const std::string& f : others) list += (list.empty() ? "" : ", ") + f;
    return Fail(ErrorKind::kConflict, fmt::format("merge conflict in {}", list),
                "bd resolves only its chain files; resolve these with git, commit, and run "
                "`bd sync` again");
  }
  if (auto added = git.Output(With({"add", "--"}, resolved)); !added)
    return tl::unexpected(added.error());
  if (auto done = git.Output(With(identity, {"commit", "--no-edit", "-q"})); !done)
    return tl::unexpected(done.error());
  return {};
}

/// Brings `ref` in: rebase when asked (merging instead if it stops), else merge.
Status Integrate(const GitRepo& git, const Layout& layout, const std::string& ref,
                 const SyncOptions& options, SyncReport* report) {
  if (options.rebase) {
    auto rebase = git.Run(With(IdentityArgs(git), {"rebase", "-q", ref}));
    if (!rebase) return tl::unexpected(rebase.error());
    if (rebase->exit_code == 0) return {};
    (void)git.Run({"rebase", "--abort"});
    report->notes.push_back("the rebase stopped on a conflict; merged instead");
  }
  return MergeRef(git, layout, ref, report);
}

Result<std::string> RemoteFor(const GitRepo& git, const std::string& branch) {
  if (auto configured = git.Output({"config", "branch." + branch + ".remote"}))
    if (!configured->empty()) return *configured;
  auto remotes = git.Output({"remote"});
  if (!remotes) return tl::unexpected(remotes.error());
  std::istringstream lines(*remotes);
  std::string first, line;
  while (std::getline(lines, line)) {
    if (line == "origin") return line;
    if (first.empty()) first = line;
  }
  return first;
}

Error Unreachable(const std::string& remote, const ProcessResult& r) {
  return {ErrorKind::kIo, fmt::format("cannot reach remote '{}': {}", remote, GitMessage(r)),
          "the ledger is committed locally and stays usable; run `bd sync` again when the "
          "remote is reachable"};
}

Error PushFailed(const std::string& remote, const ProcessResult& r) {
  // The first line says why (a hook's own message comes before git's summary).
  std::string err = r.err;
  size_t start = err.find_first_not_of(" \n");
  std::string first =
      start == std::string::npos ? "" : err.substr(start, err.find('\n', start) - start);
  return {ErrorKind::kIo, fmt::format("git push to '{}' failed: {}", remote, first),
          "the ledger is committed locally and stays usable; fix the cause and run `bd sync` "
          "again"};
}

bool Rejected(const ProcessResult& r) {
  return r.err.find("[rejected]") != std::string::npos ||
         r.err.find("cannot lock ref") != std::string::npos ||  // a push racing ours
         r.err.find("failed to update ref") != std::string::npos ||
         r.err.find("fetch first") != std::string::npos ||
         r.err.find("non-fast-forward") != std::string::npos;
}

}  // namespace

Result<SyncReport> SyncLedger(const std::string& beads_dir, const SyncOptions& options) {
  auto git = GitRepo::Find(beads_dir);
  if (!git) return tl::unexpected(git.error());
  auto layout = LedgerLayout(*git, beads_dir);
  if (!layout) return tl::unexpected(layout.error());
  // One sync at a time per clone (git's own index lock would fail the second).
  auto sync_lock = FileLock::Acquire(beads_dir + "/sync.lock");
  if (!sync_lock) return tl::unexpected(sync_lock.error());
  SyncReport report;
  report.dry_run = options.dry_run;
  auto branch = git->Output({"symbolic-ref", "--short", "-q", "HEAD"});
  if (!branch || branch->empty())
    return Fail(ErrorKind::kConflict, "HEAD is detached: bd sync needs a branch",
                "check out a branch (git switch BRANCH) and run `bd sync` again");
  report.branch = *branch;
  bool has_head = git->Succeeds({"rev-parse", "-q", "--verify", "HEAD"});

  // 1. Commit the ledger's files (only them), under the write lock so no bd
  //    write is half-way through a line while git reads the files.
  {
    auto lock = FileLock::Acquire(beads_dir + "/write.lock");
    if (!lock) return tl::unexpected(lock.error());
    if (options.dry_run) {
      auto tracked = AddedLines(*git, {has_head ? "HEAD" : kEmptyTree}, layout->log);
      if (!tracked) return tl::unexpected(tracked.error());
      report.uncommitted_events = *tracked;
      auto untracked =
          git->Output({"ls-files", "--others", "--exclude-standard", "--", layout->log});
      if (!untracked) return tl::unexpected(untracked.error());
      std::istringstream files(*untracked);
      for (std::string f; std::getline(files, f);)
        if (f.ends_with(".jsonl"))
          if (auto text = ReadFile(git->root() + "/" + f))
            report.uncommitted_events += int64_t(CompleteLines(*text).size());
    } else {
      if (auto added = git->Output(With({"add", "-A", "--"}, layout->paths)); !added)
        return tl::unexpected(added.error());
      auto staged = AddedLines(*git, {"--cached", has_head ? "HEAD" : kEmptyTree}, layout->log);
      if (!staged) return tl::unexpected(staged.error());
      bool changes = !git->Succeeds(With({"diff", "--cached", "--quiet", "--"}, layout->paths));
      if (changes) {
        std::string message = options.message.empty() ? fmt::format("bd sync: {} event(s)", *staged)
                                                      : options.message;
        auto commit = git->Output(
            With(With(IdentityArgs(*git), {"commit", "-q", "-m", message, "--"}), layout->paths));
        if (!commit) return tl::unexpected(commit.error());
        report.committed = true;
        report.events_committed = *staged;
      }
    }
  }

  // 2. Where to sync with.
  auto remote = RemoteFor(*git, report.branch);
  if (!remote) return tl::unexpected(remote.error());
  if (remote->empty()) {
    report.notes.push_back(
        "no git remote: committed locally only (add one with `git remote add origin URL`)");
    return report;
  }
  report.remote = *remote;
  report.remote_branch = report.branch;
  if (auto merge = git->Output({"config", "branch." + report.branch + ".merge"});
      merge && merge->starts_with("refs/heads/"))
    report.remote_branch = merge->substr(11);
  std::string ref = fmt::format("refs/remotes/{}/{}", report.remote, report.remote_branch);
  bool upstream = git->Succeeds({"config", "branch." + report.branch + ".remote"});

  // The remote commit this clone last synced with, kept in .git (never
  // pushed): a remote that no longer contains it was force-pushed.
  auto last_path = git->Output({"rev-parse", "--git-path", "bd-last-sync"});
  if (!last_path) return tl::unexpected(last_path.error());
  std::string last_file =
      fs::path(*last_path).is_absolute() ? *last_path : git->root() + "/" + *last_path;
  std::string last_synced;
  if (auto text = ReadFile(last_file)) last_synced = std::string(text->substr(0, 40));

  for (int attempt = 0; attempt < 8; ++attempt) {
    if (attempt > 0)  // others are pushing too: back off a little, at random
      std::this_thread::sleep_for(std::chrono::milliseconds(50 + std::rand() % (100 * attempt)));
    // 3. Fetch.
    auto fetch = git->Run({"fetch", "-q", report.remote});
    if (!fetch) return tl::unexpected(fetch.error());
    if (fetch->exit_code != 0) return tl::unexpected(Unreachable(report.remote, *fetch));
    bool remote_exists = git->Succeeds({"rev-parse", "-q", "--verify", ref});
    if (!last_synced.empty() && !options.accept_rewrite &&
        git->Succeeds({"cat-file", "-e", last_synced + "^{commit}"}) &&
        (!remote_exists || !git->Succeeds({"merge-base", "--is-ancestor", last_synced, ref})))
      return Fail(ErrorKind::kConflict,
                  fmt::format("the history of {}/{} was rewritten (force-pushed): it no longer "
                              "contains {}, which this clone synced with; nothing was merged",
                              report.remote, report.remote_branch, last_synced.substr(0, 12)),
                  "inspect it with `git log " + report.remote + "/" + report.remote_branch +
                      "`; if the rewrite is intended, run `bd sync --accept-rewrite` (your "
                      "chains are kept and `bd verify` checks the result)");
    has_head = git->Succeeds({"rev-parse", "-q", "--verify", "HEAD"});

    if (options.dry_run) {
      if (remote_exists && has_head) {
        auto in = AddedLines(*git, {"HEAD..." + ref}, layout->log);
        auto out = AddedLines(*git, {ref + "...HEAD"}, layout->log);
        if (!in || !out) return tl::unexpected(in ? out.error() : in.error());
        report.events_in = *in;
        report.events_out = *out + report.uncommitted_events;
      } else if (has_head) {
        auto out = AddedLines(*git, {kEmptyTree, "HEAD"}, layout->log);
        if (out) report.events_out = *out;
        report.events_out += report.uncommitted_events;
      } else {
        report.events_out = report.uncommitted_events;
      }
      return report;
    }

    // 4. Bring the remote's events in.
    if (remote_exists && !git->Succeeds({"merge-base", "--is-ancestor", ref, "HEAD"})) {
      std::string before = has_head ? *git->Output({"rev-parse", "HEAD"}) : "";
      auto lock = FileLock::Acquire(beads_dir + "/write.lock");
      if (!lock) return tl::unexpected(lock.error());
      if (!has_head) {
        auto reset = git->Output({"reset", "-q", "--hard", ref});
        if (!reset) return tl::unexpected(reset.error());
      } else if (auto st = Integrate(*git, *layout, ref, options, &report); !st) {
        return tl::unexpected(st.error());
      }
      auto in = AddedLines(*git, {before.empty() ? kEmptyTree : before, "HEAD"}, layout->log);
      if (!in) return tl::unexpected(in.error());
      report.events_in += *in;
      report.pulled = true;
    }
    if (!options.push) break;

    // 5. Push what the remote lacks.
    if (remote_exists && git->Succeeds({"merge-base", "--is-ancestor", "HEAD", ref})) break;
    if (!git->Succeeds({"rev-parse", "-q", "--verify", "HEAD"})) break;  // nothing at all yet
    auto out = AddedLines(*git, {remote_exists ? ref : kEmptyTree, "HEAD"}, layout->log);
    if (!out) return tl::unexpected(out.error());
    std::vector<std::string> push = {"push", "-q"};
    if (!upstream) push.push_back("-u");
    push.insert(push.end(), {report.remote, "HEAD:refs/heads/" + report.remote_branch});
    auto pushed = git->Run(push);
    if (!pushed) return tl::unexpected(pushed.error());
    if (pushed->exit_code == 0) {
      report.pushed = true;
      report.events_out = *out;
      break;
    }
    if (!Rejected(*pushed)) return tl::unexpected(PushFailed(report.remote, *pushed));
    // Someone pushed in between: fetch, merge and try again.
  }
  if (!options.dry_run && git->Succeeds({"rev-parse", "-q", "--verify", ref})) {
    auto now = git->Output({"rev-parse", ref});
    if (now) (void)WriteFileAtomically(last_file, *now + "\n");
  }
  return report;
}

Result<std::vector<ChainFork>> FindChainForks(const std::string& beads_dir) {
  std::vector<ChainFork> out;
  std::error_code ec;
  fs::path dir = fs::path(beads_dir) / "log" / "forks";
  if (!fs::exists(dir, ec)) return out;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::string stem = file.stem().string();
    std::string keyid = stem.substr(0, stem.rfind('-'));
    auto forked = ReadFile(file.string());
    if (!forked) return tl::unexpected(forked.error());
    auto kept = ReadFile((fs::path(beads_dir) / "log" / (keyid + ".jsonl")).string());
    std::vector<std::string> a = kept ? CompleteLines(*kept) : std::vector<std::string>{};
    std::vector<std::string> b = CompleteLines(*forked);
    size_t i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
    out.push_back({keyid, int64_t(i + 1), "log/" + keyid + ".jsonl",
                   "log/forks/" + file.filename().string(), i < a.size() ? a[i] : "",
                   i < b.size() ? b[i] : ""});
  }
  return out;
}

}  // namespace gt
