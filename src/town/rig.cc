#include "town/rig.h"

#include <filesystem>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/clock.h"
#include "core/ids.h"
#include "ledger/config_store.h"
#include "ledger/git_repo.h"
#include "ledger/keys.h"
#include "ledger/workspace.h"
#include "town/git.h"

namespace gt::town {
namespace fs = std::filesystem;

namespace {

std::string FormatRig(const RigConfig& r) {
  toml::table t{{"version", kRigVersion},
                {"name", r.name},
                {"origin", r.origin},
                {"prefix", r.prefix},
                {"default_branch", r.default_branch},
                {"ledger_branch", r.ledger_branch},
                {"created", r.created}};
  std::ostringstream out;
  out << "# Gas Town rig settings (docs/formats.md).\n" << t << "\n";
  return out.str();
}

/// Creates the ledger branch as an orphan in the worktree at `ledger_dir`.
Status CreateLedgerBranch(const Town& town, const std::string& repo, const std::string& ledger_dir,
                          const RigConfig& rig) {
  if (auto st = AsStatus(Git(repo, {"worktree", "add", "-q", "--detach", ledger_dir, "HEAD"})); !st)
    return st;
  if (auto st = AsStatus(Git(ledger_dir, {"checkout", "-q", "--orphan", rig.ledger_branch})); !st)
    return st;
  if (auto st = AsStatus(Git(ledger_dir, {"rm", "-r", "-q", "-f", "--ignore-unmatch", "."})); !st)
    return st;
  auto key = LoadOrCreateKey(town.KeyDir(), kAdminActor);
  if (!key) return tl::unexpected(key.error());
  InitOptions init;
  init.prefix = rig.prefix;
  init.admin_key = PublicKeyText(key->public_key);
  init.admin_actor = kAdminActor;
  init.now = rig.created;
  auto beads = InitLedger(ledger_dir, init);
  if (!beads) return tl::unexpected(beads.error());
  if (auto st = AsStatus(SetConfigValue(*beads, "sync.branch", rig.ledger_branch)); !st) return st;
  if (auto st = AsStatus(Git(ledger_dir, {"add", "-A", "--", ".beads"})); !st) return st;
  std::vector<std::string> commit = GitIdentity(ledger_dir);
  commit.insert(commit.end(), {"commit", "-q", "-m", "gt: the rig's ledger", "--", ".beads"});
  return AsStatus(Git(ledger_dir, commit));
}

}  // namespace

std::string RepoDir(const Town& town, const std::string& rig) {
  return town.RigDir(rig) + "/repo.git";
}

std::string PolecatDir(const Town& town, const std::string& rig, const std::string& agent) {
  return town.RigDir(rig) + "/polecats/" + agent;
}

Result<RigConfig> AddRig(Town& town, const AddRigOptions& options) {
  if (auto st = ValidateName("rig", options.name); !st) return tl::unexpected(st.error());
  if (town.config.rigs.count(options.name) || fs::exists(town.RigDir(options.name)))
    return Fail(ErrorKind::kConflict, fmt::format("rig {} already exists", options.name),
                "pick another name, or `gt rig remove` it first");
  if (options.source.empty())
    return Fail(ErrorKind::kInvalidArgument, "a git URL or path is required",
                "e.g. gt rig add myproj https://github.com/me/myproj.git");
  RigConfig rig;
  rig.name = options.name;
  rig.ledger_branch = options.ledger_branch.empty() ? "beads" : options.ledger_branch;
  rig.created = FormatTimestamp(DefaultClock().NowNanos());
  std::error_code ec;
  // A local path is recorded absolute, so the rig does not depend on where gt ran.
  rig.origin = options.source;
  if (options.source.find("://") == std::string::npos && fs::exists(options.source, ec))
    rig.origin = fs::absolute(options.source, ec).lexically_normal().string();
  if (!options.prefix.empty()) {
    auto p = NormalizePrefix(options.prefix);
    if (!p) return tl::unexpected(p.error());
    rig.prefix = *p;
  }

  std::string dir = town.RigDir(rig.name), repo = RepoDir(town, rig.name);
  std::string ledger_dir = dir + "/ledger", refinery = dir + "/refinery";
  auto undo = [&](Error e) -> Result<RigConfig> {
    fs::remove_all(dir, ec);
    return tl::unexpected(std::move(e));
  };
  fs::create_directories(dir, ec);
  auto clone = GitRun(town.root, {"clone", "-q", "--bare", rig.origin, repo});
  if (!clone) return undo(clone.error());
  if (clone->exit_code != 0)
    return undo({ErrorKind::kInvalidArgument,
                 fmt::format("cannot clone {}: {}", options.source, GitMessage(*clone)),
                 "check the URL or path (it must be a git repository you can read)"});
  // Remote-tracking refs record what the origin has, so unpushed work shows.
  Status st =
      AsStatus(Git(repo, {"config", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"}));
  if (st) st = AsStatus(Git(repo, {"fetch", "-q", "origin"}));
  if (!st) return undo(st.error());
  auto head = Git(repo, {"symbolic-ref", "--short", "HEAD"});
  if (!head || !GitOk(repo, {"rev-parse", "-q", "--verify", "HEAD^{commit}"}))
    return undo({ErrorKind::kInvalidArgument,
                 fmt::format("{} has no commits on its default branch", options.source),
                 "commit something to the project first"});
  rig.default_branch = *head;

  // The ledger: the project's own ledger branch when it has one, else a new one.
  std::string branch_ref = "refs/heads/" + rig.ledger_branch;
  bool has_branch = GitOk(repo, {"rev-parse", "-q", "--verify", branch_ref + "^{commit}"}) &&
                    GitOk(repo, {"cat-file", "-e", branch_ref + ":.beads/config.toml"});
  if (has_branch) {
    st = AsStatus(Git(repo, {"worktree", "add", "-q", ledger_dir, rig.ledger_branch}));
    if (!st) return undo(st.error());
    auto config = LoadConfig(ledger_dir + "/.beads");
    if (!config) return undo(config.error());
    if (!rig.prefix.empty() && rig.prefix != config->prefix)
      return undo(
          {ErrorKind::kConflict,
           fmt::format("the project's ledger has prefix {}, not {}", config->prefix, rig.prefix),
           "drop --prefix to use the project's"});
    rig.prefix = config->prefix;
    rig.ledger_existed = true;
  } else {
    if (rig.prefix.empty()) {
      auto p = NormalizePrefix(rig.name);
      if (!p) return undo(p.error());
      rig.prefix = *p;
    }
  }
  if (rig.prefix == town.config.prefix)
    return undo({ErrorKind::kConflict, fmt::format("prefix {} is the town ledger's", rig.prefix),
                 "pass --prefix"});
  for (const auto& [other, p] : town.config.rigs)
    if (p == rig.prefix)
      return undo({ErrorKind::kConflict,
                   fmt::format("prefix {} is already rig {}'s", rig.prefix, other),
                   "pass another --prefix"});
  if (!has_branch) {
    st = CreateLedgerBranch(town, repo, ledger_dir, rig);
    if (!st) {
      (void)GitRun(repo, {"worktree", "prune"});
      return undo(st.error());
    }
  }
  st = AsStatus(Git(repo, {"worktree", "add", "-q", refinery, rig.default_branch}));
  if (st) st = WriteFileAtomically(dir + "/rig.toml", FormatRig(rig));
  if (st)
    st = UpdateTown(town, [&](TownConfig& c) -> Status {
      for (const auto& [other, p] : c.rigs)
        if (other == rig.name || p == rig.prefix)
          return Fail(ErrorKind::kConflict,
                      fmt::format("rig {} (prefix {}) was added meanwhile", other, p));
      c.rigs[rig.name] = rig.prefix;
      return {};
    });
  if (!st) return undo(st.error());
  return rig;
}

Result<RigConfig> LoadRig(const Town& town, const std::string& name) {
  if (!town.config.rigs.count(name))
    return Fail(ErrorKind::kNotFound, fmt::format("no rig named \"{}\"", name),
                "see `gt rig list`");
  std::string path = town.RigDir(name) + "/rig.toml";
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& err) {
    return Fail(ErrorKind::kCorruption,
                fmt::format("{}:{}: {}", path, err.source().begin.line, err.description()));
  }
  if (t["version"].value_or(int64_t(0)) != kRigVersion)
    return Fail(ErrorKind::kCorruption, fmt::format("{}: unsupported version", path), "upgrade gt");
  RigConfig r;
  r.name = t["name"].value_or(name);
  r.origin = t["origin"].value_or(std::string());
  r.prefix = t["prefix"].value_or(std::string());
  r.default_branch = t["default_branch"].value_or(std::string("main"));
  r.ledger_branch = t["ledger_branch"].value_or(std::string("beads"));
  r.created = t["created"].value_or(std::string());
  return r;
}

Result<std::vector<RigConfig>> ListRigs(const Town& town) {
  std::vector<RigConfig> out;
  for (const auto& [name, prefix] : town.config.rigs) {
    auto rig = LoadRig(town, name);
    if (!rig) return tl::unexpected(rig.error());
    out.push_back(*rig);
  }
  return out;
}

Result<std::vector<std::string>> UnsavedWork(const Town& town, const std::string& rig) {
  std::string repo = RepoDir(town, rig);
  std::vector<std::string> out;
  auto branches = Git(repo, {"for-each-ref", "--format=%(refname:short)", "refs/heads/polecat/"});
  if (!branches) return tl::unexpected(branches.error());
  std::istringstream lines(*branches);
  for (std::string b; std::getline(lines, b);) {
    if (b.empty()) continue;
    auto ahead = Git(repo, {"rev-list", "--count", b, "--not", "--remotes=origin"});
    if (ahead && *ahead != "0")
      out.push_back(fmt::format("branch {} has {} commit(s) not pushed", b, *ahead));
  }
  std::error_code ec;
  // The ledger: events written since the last `bd sync` live only here.
  std::string ledger_dir = town.RigDir(rig) + "/ledger";
  bool has_events = false;
  for (const auto& entry : fs::directory_iterator(ledger_dir + "/.beads/log", ec))
    has_events = has_events || entry.path().extension() == ".jsonl";
  if (has_events) {
    auto dirty = Git(ledger_dir, {"status", "--porcelain", "--", ".beads"});
    auto ahead = Git(ledger_dir, {"rev-list", "--count", "HEAD", "--not", "--remotes=origin"});
    if ((dirty && !dirty->empty()) || (ahead && *ahead != "0"))
      out.push_back("the rig's ledger has events not pushed (run `bd sync` in its ledger/)");
  }
  fs::path polecats = fs::path(town.RigDir(rig)) / "polecats";
  if (fs::is_directory(polecats, ec))
    for (const auto& entry : fs::directory_iterator(polecats, ec)) {
      auto dirty = Git(entry.path().string(), {"status", "--porcelain"});
      if (dirty && !dirty->empty())
        out.push_back(
            fmt::format("worktree {} has uncommitted changes", entry.path().filename().string()));
    }
  return out;
}

Status RemoveRig(Town& town, const std::string& name, bool force) {
  if (!town.config.rigs.count(name))
    return Fail(ErrorKind::kNotFound, fmt::format("no rig named \"{}\"", name),
                "see `gt rig list`");
  if (!force) {
    auto unsaved = UnsavedWork(town, name);
    if (!unsaved) return tl::unexpected(unsaved.error());
    if (!unsaved->empty())
      return Fail(
          ErrorKind::kConflict,
          fmt::format(
              "rig {} holds work that would be lost: {}", name,
              (*unsaved)[0] +
                  (unsaved->size() > 1 ? fmt::format(" (and {} more)", unsaved->size() - 1) : "")),
          "push or finish it (gt done), or pass --force to delete it anyway");
  }
  if (auto st = UpdateTown(town,
                           [&](TownConfig& c) -> Status {
                             c.rigs.erase(name);
                             return {};
                           });
      !st)
    return st;
  std::error_code ec;
  fs::remove_all(town.RigDir(name), ec);
  if (ec)
    return Fail(ErrorKind::kIo,
                fmt::format("cannot remove {}: {}", town.RigDir(name), ec.message()));
  return {};
}

}  // namespace gt::town
