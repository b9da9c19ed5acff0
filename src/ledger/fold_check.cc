// The fold of check.run events (see checks.h and docs/formats.md).
#include "ledger/fold.h"

namespace gt {

Status Folder::ApplyCheckRun(const Event& event) {
  auto row = LoadLive(event.bead);
  if (!row || !*row) return row ? Status{} : Status(tl::unexpected(row.error()));
  auto code = event.data.find("exit_code");
  if (code == event.data.end() || !code->is_number_integer())
    return Reject("check.run without an integer exit_code");
  auto argv = event.data.find("argv");
  if (argv == event.data.end() || !argv->is_array() || argv->empty())
    return Reject("check.run without an argv");
  return {};
}

}  // namespace gt
