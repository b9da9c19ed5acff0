#include "ledger/workspace.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/ids.h"
#include "ledger/members.h"

namespace gt {
namespace fs = std::filesystem;

std::string LedgerBranchBeadsDir(const std::string& repo_root) {
  std::error_code ec;
  fs::path git = fs::path(repo_root) / ".git";
  fs::path common;
  if (fs::is_directory(git, ec)) {
    common = git;
  } else if (fs::is_regular_file(git, ec)) {  // a linked worktree: "gitdir: PATH"
    std::ifstream in(git);
    std::string line;
    std::getline(in, line);
    if (!line.starts_with("gitdir: ")) return "";
    fs::path gitdir = fs::path(repo_root) / line.substr(8);
    std::ifstream commondir(gitdir / "commondir");
    std::string rel;
    common = std::getline(commondir, rel) ? gitdir / rel : gitdir;
  } else {
    return "";
  }
  fs::path beads = common / "bd-ledger" / ".beads";
  if (!fs::exists(beads / "config.toml", ec)) return "";
  return fs::weakly_canonical(beads, ec).string();
}

Result<std::string> FindBeadsDir(const std::string& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  while (!dir.empty()) {
    if (fs::exists(dir / ".beads" / "config.toml", ec)) return (dir / ".beads").string();
    // A ledger on its own branch lives in a worktree inside .git.
    if (std::string branch = LedgerBranchBeadsDir(dir.string()); !branch.empty()) return branch;
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return Fail(ErrorKind::kNotInitialized, "no beads database found",
              "run `bd init` in your project, or set BEADS_DIR to a .beads directory");
}

Result<LedgerConfig> LoadConfig(const std::string& beads_dir) {
  std::string path = beads_dir + "/config.toml";
  toml::table t;
  try {  // Debian's toml++ reports parse errors by exception; none leave here.
    t = toml::parse_file(path);
  } catch (const toml::parse_error& err) {
    return Fail(ErrorKind::kCorruption,
                fmt::format("{}:{}: {}", path, err.source().begin.line, err.description()),
                "fix the file (it is plain TOML) or restore it from git");
  }
  int64_t version = t["version"].value_or(int64_t(0));
  if (version != kConfigVersion)
    return Fail(
        ErrorKind::kCorruption,
        fmt::format("{}: unsupported version {} (this bd reads {})", path, version, kConfigVersion),
        "upgrade bd");
  LedgerConfig config;
  config.prefix = t["prefix"].value_or(std::string());
  config.name = t["name"].value_or(std::string());
  if (config.prefix.empty())
    return Fail(ErrorKind::kCorruption, fmt::format("{}: prefix is missing", path),
                "add a line such as prefix = \"gt\"");
  return config;
}

Status WriteFileAtomically(const std::string& path, const std::string& text) {
  std::string tmp = fmt::format("{}.tmp.{}", path, getpid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Fail(ErrorKind::kIo, fmt::format("cannot write {}: {}", tmp, strerror(errno)));
  bool ok = write(fd, text.data(), text.size()) == ssize_t(text.size()) && fsync(fd) == 0;
  int saved = errno;
  close(fd);
  if (!ok || rename(tmp.c_str(), path.c_str()) != 0) {
    if (ok) saved = errno;
    unlink(tmp.c_str());
    return Fail(ErrorKind::kIo, fmt::format("cannot write {}: {}", path, strerror(saved)));
  }
  return {};
}

Status SaveConfig(const std::string& beads_dir, const LedgerConfig& config) {
  toml::table t{{"version", kConfigVersion}, {"prefix", config.prefix}, {"name", config.name}};
  std::ostringstream out;
  out << "# Gas Town ledger settings (docs/formats.md). Tracked by git.\n" << t << "\n";
  return WriteFileAtomically(beads_dir + "/config.toml", out.str());
}

namespace {
constexpr const char* kGitignore =
    "# The index is a cache, rebuilt from log/.\nbeads.db\nbeads.db-*\n*.lock\n*.tmp.*\n"
    "# Wisps: local chains that never leave this machine.\nwisp/\n";
}  // namespace

Result<std::string> InitLedger(const std::string& dir, const InitOptions& options) {
  fs::path beads =
      options.beads_dir.empty() ? fs::absolute(dir) / ".beads" : fs::absolute(options.beads_dir);
  std::error_code ec;
  if (fs::exists(beads / "config.toml", ec))
    return Fail(ErrorKind::kConflict,
                fmt::format("this workspace is already initialized ({})", beads.string()),
                "use the existing ledger, or remove .beads/ to start over");
  std::string raw_prefix = options.prefix;
  if (raw_prefix.empty()) raw_prefix = fs::absolute(dir).lexically_normal().filename().string();
  if (raw_prefix.empty()) raw_prefix = fs::absolute(dir).parent_path().filename().string();
  auto prefix = NormalizePrefix(raw_prefix);
  if (!prefix) return tl::unexpected(prefix.error());

  fs::create_directories(beads / "log", ec);
  if (ec)
    return Fail(ErrorKind::kIo, fmt::format("cannot create {}: {}", beads.string(), ec.message()));
  LedgerConfig config{*prefix, fs::absolute(dir).lexically_normal().filename().string()};
  if (config.name.empty()) config.name = *prefix;
  Membership membership;
  membership.members.push_back({options.admin_key, options.admin_actor, "admin", options.now});
  // The index and locks are local; everything else is tracked.
  Status st = WriteFileAtomically((beads / ".gitignore").string(), kGitignore);
  if (st) st = WriteFileAtomically((beads / "members.jsonl").string(), FormatMembers(membership));
  if (st) st = WriteFileAtomically((beads / "log" / ".keep").string(), "");
  // config.toml last: its presence marks the ledger as initialised.
  if (st) st = SaveConfig(beads.string(), config);
  if (!st) return tl::unexpected(st.error());
  return beads.string();
}

Status PrepareLocalDirectory(const std::string& beads_dir) {
  std::error_code ec;
  fs::create_directories(beads_dir + "/wisp", ec);
  if (ec)
    return Fail(ErrorKind::kIo, fmt::format("cannot create {}/wisp: {}", beads_dir, ec.message()));
  std::string path = beads_dir + "/.gitignore";
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  if (in) text << in.rdbuf();
  std::string current = text.str();
  if (current.find("\nwisp/\n") != std::string::npos || current.starts_with("wisp/\n")) return {};
  if (!current.empty() && current.back() != '\n') current += '\n';
  return WriteFileAtomically(
      path, current + "# Wisps: local chains that never leave this machine.\nwisp/\n");
}

}  // namespace gt
