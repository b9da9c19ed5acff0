// Ctrl-C and SIGTERM end gt's long-running loops (daemon, refinery, feed -f)
// at their next check instead of killing them mid-write.
#pragma once

#include <csignal>

namespace gt::cli {

/// Becomes 1 on SIGINT or SIGTERM once CatchStopSignals has run.
extern volatile std::sig_atomic_t g_stop;

void CatchStopSignals();

}  // namespace gt::cli
