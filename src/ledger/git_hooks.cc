#include "ledger/git_hooks.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "ledger/git_repo.h"
#include "ledger/workspace.h"

namespace gt {
namespace fs = std::filesystem;
namespace {

constexpr const char* kMarker = "# installed by `bd hooks install`";

std::string HookText(const std::string& bd_path) {
  // A hook is a program git runs; the bd it calls gets arguments, not a string.
  return fmt::format(
      "#!/bin/sh\n{}: refuse to push a ledger that fails `bd verify`.\n"
      "BD=$(command -v bd || echo '{}')\n"
      "if \"$BD\" verify >/dev/null 2>&1; then exit 0; fi\n"
      "echo 'bd: the ledger fails `bd verify`; not pushing (run `bd verify` to see why)' >&2\n"
      "exit 1\n",
      kMarker, bd_path);
}

Result<std::string> HookPath(const std::string& beads_dir) {
  auto git = GitRepo::Find(beads_dir);
  if (!git) return tl::unexpected(git.error());
  auto hooks = git->Output({"rev-parse", "--git-path", "hooks"});
  if (!hooks) return tl::unexpected(hooks.error());
  fs::path dir = fs::path(*hooks).is_absolute() ? fs::path(*hooks) : fs::path(git->root()) / *hooks;
  return (dir / "pre-push").string();
}

bool IsOurs(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str().find(kMarker) != std::string::npos;
}

}  // namespace

Result<HookStatus> PrePushHookStatus(const std::string& beads_dir) {
  auto path = HookPath(beads_dir);
  if (!path) return tl::unexpected(path.error());
  HookStatus status{*path};
  if (fs::exists(*path)) (IsOurs(*path) ? status.installed : status.foreign) = true;
  return status;
}

Result<HookStatus> InstallPrePushHook(const std::string& beads_dir, const std::string& bd_path,
                                      bool force) {
  auto status = PrePushHookStatus(beads_dir);
  if (!status) return status;
  if (status->foreign) {
    if (!force)
      return Fail(ErrorKind::kConflict,
                  fmt::format("{} already exists and is not bd's", status->path),
                  "run `bd hooks install --force` to keep it as pre-push.bd-backup and install "
                  "bd's");
    std::error_code ec;
    fs::rename(status->path, status->path + ".bd-backup", ec);
    if (ec)
      return Fail(ErrorKind::kIo, fmt::format("cannot back up {}: {}", status->path, ec.message()));
  }
  std::error_code ec;
  fs::create_directories(fs::path(status->path).parent_path(), ec);
  if (auto st = WriteFileAtomically(status->path, HookText(bd_path)); !st)
    return tl::unexpected(st.error());
  if (chmod(status->path.c_str(), 0755) != 0)
    return Fail(ErrorKind::kIo, fmt::format("cannot make {} executable", status->path));
  status->installed = true;
  status->foreign = false;
  return status;
}

Result<bool> UninstallPrePushHook(const std::string& beads_dir) {
  auto status = PrePushHookStatus(beads_dir);
  if (!status) return tl::unexpected(status.error());
  if (!status->installed) return false;
  std::error_code ec;
  fs::remove(status->path, ec);
  if (fs::exists(status->path + ".bd-backup"))
    fs::rename(status->path + ".bd-backup", status->path, ec);
  if (ec)
    return Fail(ErrorKind::kIo, fmt::format("cannot remove {}: {}", status->path, ec.message()));
  return true;
}

}  // namespace gt
