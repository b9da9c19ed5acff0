#include "cli/gt_stop.h"

namespace gt::cli {

volatile std::sig_atomic_t g_stop = 0;

namespace {
void OnStop(int) {
  g_stop = 1;
}
}  // namespace

void CatchStopSignals() {
  std::signal(SIGINT, OnStop);
  std::signal(SIGTERM, OnStop);
}

}  // namespace gt::cli
