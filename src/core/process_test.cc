#include "core/process.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "testing/temp_dir.h"

namespace gt {

TEST(RunProcess, ReportsExitCodeOutputAndDuration) {
  auto ok = RunProcess({"true"}, ProcessOptions{});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->exit_code, 0);
  EXPECT_FALSE(ok->timed_out);
  auto bad = RunProcess({"false"}, ProcessOptions{});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->exit_code, 1);
  auto echo = RunProcess({"echo", "a b"}, ProcessOptions{});
  ASSERT_TRUE(echo);
  EXPECT_EQ(echo->out, "a b\n");
  EXPECT_GE(echo->duration_ms, 0);
}

TEST(RunProcess, RunsInTheGivenDirectory) {
  testing::TempDir dir;
  auto pwd = RunProcess({"pwd", "-P"}, ProcessOptions{dir.path(), {}, 5000});
  ASSERT_TRUE(pwd);
  EXPECT_NE(pwd->out.find("gt-test-"), std::string::npos) << pwd->out;
}

TEST(RunProcess, KillsAProgramThatRunsPastItsTimeout) {
  auto slow = RunProcess({"sleep", "30"}, ProcessOptions{{}, {}, 200});
  ASSERT_TRUE(slow);
  EXPECT_TRUE(slow->timed_out);
  EXPECT_EQ(slow->exit_code, -1);
  EXPECT_LT(slow->duration_ms, 5000);
}

TEST(RunProcess, AMissingProgramIsNotFound) {
  auto missing = RunProcess({"no-such-program-gt"}, ProcessOptions{{}, {}, 1000});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

TEST(ParseDuration, AcceptsUnitsAndSums) {
  constexpr int64_t s = 1000000000;
  EXPECT_EQ(*ParseDuration("90s"), 90 * s);
  EXPECT_EQ(*ParseDuration("15m"), 900 * s);
  EXPECT_EQ(*ParseDuration("24h"), 86400 * s);
  EXPECT_EQ(*ParseDuration("1h30m"), 5400 * s);
  EXPECT_EQ(*ParseDuration("2d"), 2 * 86400 * s);
  EXPECT_EQ(*ParseDuration("1w"), 7 * 86400 * s);
  for (const char* bad : {"", "h", "24", "0s", "5x", "-1h", "1.5h", "1000000000000w"}) {
    auto d = ParseDuration(bad);
    EXPECT_FALSE(d) << bad;
    if (!d) {
      EXPECT_NE(d.error().message.find("bad duration"), std::string::npos);
    }
  }
}

}  // namespace gt
