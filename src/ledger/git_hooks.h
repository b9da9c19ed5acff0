// bd hooks: a git pre-push hook that refuses to push a ledger failing verify.
#pragma once

#include <string>

#include "core/result.h"

namespace gt {

struct HookStatus {
  std::string path;        // where git looks for the pre-push hook
  bool installed = false;  // ours is there
  bool foreign = false;    // another pre-push hook is there
};

Result<HookStatus> PrePushHookStatus(const std::string& beads_dir);
/// Writes the hook (runs `bd verify`; `bd_path` is used when bd is not on
/// PATH). Refuses to replace another program's hook unless `force`, and then
/// keeps it as pre-push.bd-backup.
Result<HookStatus> InstallPrePushHook(const std::string& beads_dir, const std::string& bd_path,
                                      bool force);
/// Removes our hook (and puts a backed-up one back); false if none was there.
Result<bool> UninstallPrePushHook(const std::string& beads_dir);

}  // namespace gt
