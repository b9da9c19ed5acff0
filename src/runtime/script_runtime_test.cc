// The script runtime with real processes: detached start, environment,
// log, recorded exit code, nudges, stop.
#include "runtime/script_runtime.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace gt::runtime {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

StartRequest Request(const testing::TempDir& dir, std::vector<std::string> argv) {
  StartRequest r;
  r.argv = std::move(argv);
  r.cwd = dir.path();
  r.log_path = dir / "out.log";
  r.exit_path = dir / "exit";
  r.nudge_path = dir / "nudge";
  return r;
}

bool WaitFor(const std::function<bool()>& done) {
  for (int i = 0; i < 200; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

TEST(ScriptRuntimeTest, RunsTheArgumentVectorInItsDirectoryWithItsEnvironment) {
  testing::TempDir dir;
  ScriptRuntime rt;
  auto r = Request(
      dir, {"sh", "-c", "pwd; echo \"$GT_AGENT:$1\"; echo err >&2; exit 3", "sh", "two words"});
  r.env = {"GT_AGENT=ann"};
  auto session = rt.Start(r);
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_GT(session->pid, 0);
  ASSERT_TRUE(WaitFor([&] { return RecordedExitCode(*session) >= 0; }));
  EXPECT_EQ(RecordedExitCode(*session), 3);
  EXPECT_FALSE(rt.IsAlive(*session));
  EXPECT_TRUE(rt.IsIdle(*session));
  std::string log = ReadFile(r.log_path);
  EXPECT_NE(log.find(std::filesystem::canonical(dir.path()).string()), std::string::npos);
  EXPECT_NE(log.find("ann:two words"), std::string::npos);  // one argument, no shell splitting
  EXPECT_NE(log.find("err"), std::string::npos);
}

TEST(ScriptRuntimeTest, AMissingProgramIsAnErrorAtStart) {
  testing::TempDir dir;
  ScriptRuntime rt;
  auto session = rt.Start(Request(dir, {"/no/such/program"}));
  ASSERT_FALSE(session);
  EXPECT_NE(session.error().message.find("cannot run /no/such/program"), std::string::npos);
}

TEST(ScriptRuntimeTest, NudgesReachALiveSessionAndADeadOneIsAnError) {
  testing::TempDir dir;
  ScriptRuntime rt;
  auto session = rt.Start(Request(dir, {"sleep", "30"}));
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_TRUE(rt.IsAlive(*session));
  EXPECT_FALSE(rt.IsIdle(*session));
  ASSERT_TRUE(rt.Send(*session, "check\nyour inbox"));
  EXPECT_EQ(ReadFile(dir / "nudge"), "check your inbox\n");
  ASSERT_TRUE(rt.Stop(*session));
  EXPECT_FALSE(rt.IsAlive(*session));
  auto sent = rt.Send(*session, "hello?");
  ASSERT_FALSE(sent);
  EXPECT_NE(sent.error().message.find("not running"), std::string::npos);
}

TEST(ScriptRuntimeTest, StopEndsTheWholeProcessGroup) {
  testing::TempDir dir;
  ScriptRuntime rt;
  // The child writes its pid, then both wait.
  auto session = rt.Start(Request(dir, {"sh", "-c", "sleep 30 & echo $! > child; wait"}));
  ASSERT_TRUE(session);
  ASSERT_TRUE(WaitFor([&] { return !ReadFile(dir / "child").empty(); }));
  int child = std::stoi(ReadFile(dir / "child"));
  EXPECT_GT(ProcessStartTicks(child), 0);
  ASSERT_TRUE(rt.Stop(*session));
  EXPECT_TRUE(WaitFor([&] { return ProcessStartTicks(child) == 0; }));
}

TEST(ScriptRuntimeTest, APidReusedByAnotherProcessIsNotTheSession) {
  Session s;
  s.pid = getpid();
  s.start_ticks = ProcessStartTicks(getpid()) + 1;
  ScriptRuntime rt;
  EXPECT_FALSE(rt.IsAlive(s));
  s.start_ticks -= 1;
  EXPECT_TRUE(rt.IsAlive(s));
}

}  // namespace
}  // namespace gt::runtime
