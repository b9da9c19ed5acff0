// rig.toml dispatch keys and daemon.toml on real files.
#include "daemon/config.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "refinery/policy.h"
#include "testing/temp_dir.h"

namespace gt::daemon {
namespace {

constexpr int64_t kDay = 86400 * kSecond;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class DaemonConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    town_.root = dir_.path();
    rig_toml_ = dir_ / "rig.toml";
    std::ofstream(rig_toml_) << "version = 1\nname = \"app\"\nbatch = 4\n"
                                "[[gate]]\nname = \"test\"\nrun = [\"make\", \"test\"]\n";
  }
  /// Writes `text` as rig.toml and returns the error of loading it ("" if none).
  std::string RigError(const std::string& text) {
    std::ofstream(rig_toml_) << text;
    auto p = LoadDispatchPolicy(rig_toml_);
    return p ? "" : p.error().message;
  }
  std::string DaemonError(const std::string& text) {
    std::ofstream(DaemonConfigPath(town_)) << text;
    auto c = LoadDaemonConfig(town_);
    return c ? "" : c.error().message;
  }
  int64_t At(const std::string& rfc3339) { return *ParseTimestamp(rfc3339); }

  testing::TempDir dir_;
  town::Town town_;
  std::string rig_toml_;
};

TEST_F(DaemonConfigTest, DefaultsWhenTheKeysAreMissing) {
  auto p = LoadDispatchPolicy(rig_toml_);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->dispatch, "label");
  EXPECT_EQ(p->max_workers, 2);
  EXPECT_EQ(p->stall_after_ns, 5 * kMinute);
  EXPECT_EQ(p->max_restarts, 3);
  EXPECT_EQ(p->worker_runtime, "script");
  EXPECT_TRUE(p->worker_command.empty());

  auto c = LoadDaemonConfig(town_);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->max_workers, 8);
  EXPECT_EQ(c->tick_ns, kSecond);
  EXPECT_EQ(c->overseer, "mayor");
  EXPECT_TRUE(c->resources.empty());
  EXPECT_TRUE(c->schedules.empty());
  EXPECT_FALSE(std::filesystem::exists(DaemonConfigPath(town_)));
}

TEST_F(DaemonConfigTest, SetDispatchValuesRoundTripKeepingOtherKeys) {
  ASSERT_TRUE(SetDispatchValue(rig_toml_, "dispatch", {"auto"}));
  ASSERT_TRUE(SetDispatchValue(rig_toml_, "max_workers", {"4"}));
  ASSERT_TRUE(SetDispatchValue(rig_toml_, "stall_after", {"30s"}));
  ASSERT_TRUE(SetDispatchValue(rig_toml_, "max_restarts", {"0"}));
  ASSERT_TRUE(SetDispatchValue(rig_toml_, "worker.runtime", {"claude"}));
  ASSERT_TRUE(SetDispatchValue(rig_toml_, "worker.command", {"./agent.sh", "--fast"}));
  auto p = LoadDispatchPolicy(rig_toml_);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->dispatch, "auto");
  EXPECT_EQ(p->max_workers, 4);
  EXPECT_EQ(p->stall_after_ns, 30 * kSecond);
  EXPECT_EQ(p->max_restarts, 0);
  EXPECT_EQ(p->worker_runtime, "claude");
  EXPECT_EQ(p->worker_command, (std::vector<std::string>{"./agent.sh", "--fast"}));
  // The refinery's keys and the rig's own are still there.
  auto refinery = refinery::LoadPolicy(rig_toml_);
  ASSERT_TRUE(refinery) << refinery.error().message;
  EXPECT_EQ(refinery->batch, 4);
  ASSERT_EQ(refinery->gates.size(), 1u);
  EXPECT_EQ(refinery->gates[0].argv, (std::vector<std::string>{"make", "test"}));
  std::string text = Read(rig_toml_);
  EXPECT_NE(text.find("name = 'app'"), std::string::npos) << text;
  EXPECT_NE(text.find("version = 1"), std::string::npos) << text;
  // Setting it again replaces, never duplicates.
  ASSERT_TRUE(SetDispatchValue(rig_toml_, "worker.command", {"./other.sh"}));
  EXPECT_EQ(LoadDispatchPolicy(rig_toml_)->worker_command,
            (std::vector<std::string>{"./other.sh"}));
}

TEST_F(DaemonConfigTest, SetDispatchValueRefusesBadKeysAndValuesWithoutWriting) {
  std::string before = Read(rig_toml_);
  struct Case {
    std::string key;
    std::vector<std::string> values;
    std::string error;
  };
  for (const Case& c : std::vector<Case>{
           {"dispatch", {"sometimes"}, "dispatch must be \"auto\", \"label\" or \"off\""},
           {"max_workers", {"0"}, "max_workers must be a number from 1 to 64, not \"0\""},
           {"max_workers", {"65"}, "not \"65\""},
           {"max_workers", {"four"}, "not \"four\""},
           {"stall_after", {"soon"}, "stall_after must be a duration"},
           {"max_restarts", {"21"}, "max_restarts must be a number from 0 to 20"},
           {"max_restarts", {"-1"}, "not \"-1\""},
           {"worker.runtime", {""}, "worker.runtime must be a runtime's name"},
           {"worker.command", {}, "worker.command needs an argument vector"},
           {"worker.command", {"./a.sh", ""}, "non-empty strings"},
           {"dispatch", {"auto", "label"}, "dispatch takes one value"},
           {"batch", {"4"}, "unknown dispatch setting \"batch\""},
       }) {
    auto st = SetDispatchValue(rig_toml_, c.key, c.values);
    ASSERT_FALSE(st) << c.key;
    EXPECT_NE(st.error().message.find(c.error), std::string::npos)
        << c.key << ": " << st.error().message;
  }
  EXPECT_EQ(Read(rig_toml_), before);
  EXPECT_TRUE(IsDispatchKey("worker.command"));
  EXPECT_FALSE(IsDispatchKey("batch"));
}

TEST_F(DaemonConfigTest, BadRigTomlValuesNameFileLineAndKey) {
  std::string head = "name = \"app\"\n";
  std::string p = rig_toml_;
  EXPECT_EQ(RigError(head + "dispatch = \"always\"\n"),
            p + ":2: dispatch: must be \"auto\", \"label\" or \"off\"");
  EXPECT_EQ(RigError(head + "max_workers = 0\n"),
            p + ":2: max_workers: must be a number from 1 to 64");
  EXPECT_EQ(RigError(head + "max_workers = \"4\"\n"),
            p + ":2: max_workers: must be a number from 1 to 64");
  EXPECT_EQ(RigError(head + "max_restarts = 21\n"),
            p + ":2: max_restarts: must be a number from 0 to 20");
  EXPECT_NE(
      RigError(head + "stall_after = \"5 minutes\"\n").find(p + ":2: stall_after: bad duration"),
      std::string::npos);
  EXPECT_EQ(RigError(head + "stall_after = 30\n"),
            p + ":2: stall_after: must be a duration (\"5m\")");
  EXPECT_EQ(RigError(head + "worker = \"script\"\n"), p + ":2: worker: must be a table ([worker])");
  EXPECT_EQ(RigError(head + "[worker]\nruntime = \"\"\n"),
            p + ":3: worker.runtime: must be a runtime's name (e.g. \"script\")");
  std::string vector = "must be an argument vector";
  EXPECT_NE(RigError(head + "[worker]\ncommand = \"./agent.sh --fast\"\n")
                .find(p + ":3: worker.command: " + vector),
            std::string::npos);
  EXPECT_NE(RigError(head + "[worker]\ncommand = []\n").find(vector), std::string::npos);
  EXPECT_EQ(RigError(head + "[worker]\ncommand = [\"a\", 1]\n"),
            p + ":3: worker.command: must be an array of non-empty strings");
  EXPECT_EQ(RigError(head + "[worker]\nimage = \"x\"\n"),
            p + ":3: worker.image: unknown key (runtime, command)");
  EXPECT_NE(RigError("dispatch = \n").find(p + ":1:"), std::string::npos);
  EXPECT_EQ(RigError(head + "[worker]\nruntime = \"tmux\"\ncommand = [\"./a.sh\"]\n"), "");
}

TEST_F(DaemonConfigTest, ResourcesAreSetAndRemovedKeepingTheRest) {
  std::ofstream(DaemonConfigPath(town_)) << "max_workers = 3\ncustom = \"kept\"\n";
  ASSERT_TRUE(SetResource(town_, "gpu", 1));
  ASSERT_TRUE(SetResource(town_, "db-slot", 4));
  ASSERT_TRUE(SetResource(town_, "gpu", 2));  // a new capacity
  auto c = LoadDaemonConfig(town_);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->max_workers, 3);
  EXPECT_EQ(c->resources, (std::map<std::string, int>{{"db-slot", 4}, {"gpu", 2}}));
  ASSERT_TRUE(RemoveResource(town_, "gpu"));
  auto missing = RemoveResource(town_, "gpu");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(LoadDaemonConfig(town_)->resources, (std::map<std::string, int>{{"db-slot", 4}}));
  EXPECT_NE(Read(DaemonConfigPath(town_)).find("custom = 'kept'"), std::string::npos);

  for (auto [name, capacity] :
       {std::pair{"GPU", 1}, {"1gpu", 1}, {"", 1}, {"gpu", 0}, {"gpu", 1001}})
    EXPECT_FALSE(SetResource(town_, name, capacity)) << name << " " << capacity;
}

TEST_F(DaemonConfigTest, SchedulesAreAddedAndRemoved) {
  Schedule nightly{"nightly", "release", "app",
                   0,         2 * 60,    {{"version", "1.0"}, {"channel", "beta"}}};
  Schedule often{"often", "sweep", "app", 90 * kMinute, -1, {}};
  ASSERT_TRUE(AddSchedule(town_, nightly));
  ASSERT_TRUE(AddSchedule(town_, often));
  auto dup = AddSchedule(town_, often);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().kind, ErrorKind::kConflict);
  auto c = LoadDaemonConfig(town_);
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->schedules.size(), 2u);
  EXPECT_EQ(c->schedules[0].name, "nightly");
  EXPECT_EQ(c->schedules[0].at_minute, 120);
  EXPECT_EQ(c->schedules[0].every_ns, 0);
  EXPECT_EQ(c->schedules[0].vars, nightly.vars);
  EXPECT_EQ(c->schedules[1].every_ns, 90 * kMinute);
  EXPECT_EQ(c->schedules[1].at_minute, -1);
  std::string text = Read(DaemonConfigPath(town_));
  EXPECT_NE(text.find("at = '02:00'"), std::string::npos) << text;
  EXPECT_NE(text.find("every = '1h30m'"), std::string::npos) << text;

  ASSERT_TRUE(RemoveSchedule(town_, "nightly"));
  EXPECT_EQ(RemoveSchedule(town_, "nightly").error().kind, ErrorKind::kNotFound);
  c = LoadDaemonConfig(town_);
  ASSERT_EQ(c->schedules.size(), 1u);
  EXPECT_EQ(c->schedules[0].name, "often");

  for (const Schedule& bad : std::vector<Schedule>{
           {"", "f", "app", kMinute, -1, {}},
           {"x", "", "app", kMinute, -1, {}},
           {"x", "f", "", kMinute, -1, {}},
           {"x", "f", "app", 0, -1, {}},             // neither
           {"x", "f", "app", kMinute, 60, {}},       // both
           {"x", "f", "app", 30 * kSecond, -1, {}},  // under a minute
           {"x", "f", "app", 0, 24 * 60, {}},        // not a time of day
       })
    EXPECT_FALSE(AddSchedule(town_, bad)) << bad.name << bad.formula << bad.rig << bad.every_ns;
}

TEST_F(DaemonConfigTest, SetDaemonValue) {
  town_.config.agents["ann"].name = "ann";
  ASSERT_TRUE(SetDaemonValue(town_, "max_workers", "12"));
  ASSERT_TRUE(SetDaemonValue(town_, "tick", "250ms"));
  ASSERT_TRUE(SetDaemonValue(town_, "overseer", "ann"));
  auto c = LoadDaemonConfig(town_);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->max_workers, 12);
  EXPECT_EQ(c->tick_ns, 250 * 1000000);
  EXPECT_EQ(c->overseer, "ann");
  ASSERT_TRUE(SetDaemonValue(town_, "overseer", "mayor"));
  for (auto [key, value] : {std::pair{"max_workers", "0"},
                            {"max_workers", "x"},
                            {"tick", "50ms"},
                            {"tick", "2m"},
                            {"tick", "often"},
                            {"overseer", "nobody"},
                            {"color", "blue"}})
    EXPECT_FALSE(SetDaemonValue(town_, key, value)) << key << " " << value;
  EXPECT_EQ(LoadDaemonConfig(town_)->max_workers, 12);
}

TEST_F(DaemonConfigTest, BadDaemonTomlValuesNameFileLineAndKey) {
  std::string p = DaemonConfigPath(town_);
  EXPECT_EQ(DaemonError("max_workers = 65\n"),
            p + ":1: max_workers: must be a number from 1 to 64");
  EXPECT_EQ(DaemonError("\ntick = \"10ms\"\n"),
            p + ":2: tick: must be a duration from 100ms to 1m (e.g. \"1s\")");
  EXPECT_EQ(DaemonError("tick = \"2m\"\n"),
            p + ":1: tick: must be a duration from 100ms to 1m (e.g. \"1s\")");
  EXPECT_EQ(DaemonError("overseer = 3\n"),
            p + ":1: overseer: must be a worker's name or \"mayor\"");
  EXPECT_EQ(DaemonError("[resources]\ngpu = 0\n"),
            p + ":2: resources.gpu: must be a number from 1 to 1000");
  EXPECT_EQ(DaemonError("[resources]\nGPU = 1\n"),
            p + ":2: resources.GPU: use lower-case letters, digits, '-' or '_', starting with a "
                "letter");
  EXPECT_EQ(DaemonError("resources = 1\n"), p + ":1: resources: must be a table ([resources])");
  std::string s = "[[schedule]]\nname = \"n\"\nformula = \"f\"\nrig = \"app\"\n";
  EXPECT_EQ(DaemonError(s + "every = \"30m\"\n"), "");
  EXPECT_EQ(DaemonError(s + "at = \"23:59\"\nvars = { a = \"1\" }\n"), "");
  EXPECT_EQ(DaemonError(s),
            p + ":1: schedule \"n\": needs exactly one of every = \"30m\" or at = \"02:00\"");
  EXPECT_EQ(DaemonError(s + "every = \"30m\"\nat = \"02:00\"\n"),
            p + ":1: schedule \"n\": needs exactly one of every = \"30m\" or at = \"02:00\"");
  EXPECT_EQ(DaemonError(s + "every = \"30s\"\n"),
            p + ":5: schedule \"n\".every: must be a duration of at least 1m (e.g. \"30m\")");
  EXPECT_EQ(DaemonError(s + "at = \"24:00\"\n"),
            p + ":5: schedule \"n\".at: must be a time of day \"HH:MM\" (UTC), e.g. \"02:00\"");
  EXPECT_EQ(DaemonError(s + "at = \"2:00\"\n"),
            p + ":5: schedule \"n\".at: must be a time of day \"HH:MM\" (UTC), e.g. \"02:00\"");
  EXPECT_EQ(DaemonError(s + "every = \"1h\"\nvars = { a = 1 }\n"),
            p + ":6: schedule \"n\".vars.a: must be a string");
  EXPECT_EQ(DaemonError(s + "every = \"1h\"\nvars = \"a=1\"\n"),
            p + ":6: schedule \"n\".vars: must be a table of strings");
  EXPECT_EQ(DaemonError(s + "every = \"1h\"\ncron = \"* * *\"\n"),
            p + ":6: schedule \"n\".cron: unknown key (name, formula, rig, every, at, vars)");
  EXPECT_EQ(DaemonError("[[schedule]]\nformula = \"f\"\nrig = \"app\"\nevery = \"1h\"\n"),
            p + ":1: schedule[0].name: is required");
  EXPECT_EQ(DaemonError("[[schedule]]\nname = \"n\"\nrig = \"app\"\nevery = \"1h\"\n"),
            p + ":1: schedule \"n\".formula: is required");
  EXPECT_EQ(DaemonError(s + "every = \"1h\"\n" + s + "every = \"2h\"\n"),
            p + ":6: schedule \"n\": the name is used twice");
  EXPECT_EQ(DaemonError("schedule = 1\n"), p + ":1: schedule: must be [[schedule]] tables");
  // A broken file is never edited.
  EXPECT_FALSE(SetResource(town_, "gpu", 1));
}

TEST_F(DaemonConfigTest, LatestDueForEveryCountsPeriodsFromTheEpoch) {
  Schedule s{"s", "f", "app", 30 * kMinute, -1, {}};
  EXPECT_EQ(LatestDue(s, At("2026-12-04T10:00:00Z")), At("2026-12-04T10:00:00Z"));
  EXPECT_EQ(LatestDue(s, At("2026-12-04T10:29:59Z")), At("2026-12-04T10:00:00Z"));
  EXPECT_EQ(LatestDue(s, At("2026-12-04T10:30:00Z")), At("2026-12-04T10:30:00Z"));
  EXPECT_EQ(LatestDue(s, 29 * kMinute), 0);  // never due yet
  Schedule odd{"s", "f", "app", 7 * kMinute, -1, {}};
  int64_t now = At("2026-12-04T10:00:00Z");
  int64_t due = LatestDue(odd, now);
  EXPECT_EQ(due % (7 * kMinute), 0);
  EXPECT_LE(due, now);
  EXPECT_GT(due + 7 * kMinute, now);
}

TEST_F(DaemonConfigTest, LatestDueForAtIsTodayOrYesterday) {
  Schedule s{"s", "f", "app", 0, 2 * 60, {}};
  EXPECT_EQ(LatestDue(s, At("2026-12-04T01:59:59Z")), At("2026-12-03T02:00:00Z"));
  EXPECT_EQ(LatestDue(s, At("2026-12-04T02:00:00Z")), At("2026-12-04T02:00:00Z"));
  EXPECT_EQ(LatestDue(s, At("2026-12-04T23:00:00Z")), At("2026-12-04T02:00:00Z"));
  Schedule midnight{"s", "f", "app", 0, 0, {}};
  EXPECT_EQ(LatestDue(midnight, At("2026-12-04T00:00:00Z")), At("2026-12-04T00:00:00Z"));
  Schedule late{"s", "f", "app", 0, 23 * 60 + 59, {}};
  EXPECT_EQ(LatestDue(late, At("2026-12-04T23:58:00Z")), At("2026-12-03T23:59:00Z"));
  EXPECT_EQ(LatestDue(Schedule{}, At("2026-12-04T23:58:00Z")), 0);
}

TEST_F(DaemonConfigTest, NextDueAndDescriptions) {
  Schedule at{"s", "f", "app", 0, 2 * 60, {}};
  Schedule every{"s", "f", "app", 90 * kMinute, -1, {}};
  EXPECT_EQ(NextDue(at, At("2026-12-04T02:00:00Z")), At("2026-12-05T02:00:00Z"));
  EXPECT_EQ(NextDue(at, At("2026-12-04T01:00:00Z")), At("2026-12-04T02:00:00Z"));
  EXPECT_EQ(NextDue(every, At("2026-12-04T00:00:00Z")), At("2026-12-04T01:30:00Z"));
  EXPECT_EQ(DescribeWhen(at), "at 02:00 UTC");
  EXPECT_EQ(DescribeWhen(every), "every 1h30m");
  EXPECT_EQ(*ParseTimeOfDay("00:00"), 0);
  EXPECT_EQ(*ParseTimeOfDay("23:59"), 23 * 60 + 59);
  for (const char* bad : {"24:00", "12:60", "2:00", "02:00:00", "ab:cd", "-1:00", ""})
    EXPECT_FALSE(ParseTimeOfDay(bad)) << bad;
}

TEST_F(DaemonConfigTest, AClockThatJumpsDaysAheadGivesOneDueTimeNotMany) {
  // The daemon fires a schedule when LatestDue moves past what it last fired.
  for (const Schedule& s : {Schedule{"a", "f", "app", 0, 2 * 60, {}},
                            Schedule{"e", "f", "app", 30 * kMinute, -1, {}}}) {
    int64_t now = At("2026-12-01T12:00:00Z");
    int64_t fired = LatestDue(s, now);
    int runs = 0;
    now += 3 * kDay + 5 * kMinute;  // the machine slept for three days
    for (int tick = 0; tick < 10; ++tick, now += kSecond) {
      int64_t due = LatestDue(s, now);
      if (due > fired) {
        ++runs;
        fired = due;
      }
    }
    EXPECT_EQ(runs, 1) << s.name;
    EXPECT_EQ(fired, s.every_ns ? At("2026-12-04T12:00:00Z") : At("2026-12-04T02:00:00Z"));
  }
}

}  // namespace
}  // namespace gt::daemon
