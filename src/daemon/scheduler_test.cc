// Plan: capacity, resources, fairness across rigs and work owed to its worker.
#include "daemon/scheduler.h"

#include <gtest/gtest.h>

namespace gt::daemon {
namespace {

Candidate Make(const std::string& rig, const std::string& id, int priority,
               const std::string& created, std::vector<std::string> resources = {}) {
  Candidate c;
  c.rig = rig;
  c.bead.id = id;
  c.bead.priority = priority;
  c.bead.created_at = created;
  c.resources = std::move(resources);
  return c;
}

TownView TwoRigs(int max_per_rig, int town_max) {
  TownView v;
  v.config.max_workers = town_max;
  for (const char* name : {"aa", "bb"}) {
    RigView r;
    r.name = name;
    r.policy.max_workers = max_per_rig;
    r.policy.worker_command = {"./w.sh"};
    v.rigs[name] = r;
  }
  return v;
}

std::vector<std::string> Dispatched(const std::vector<Decision>& plan) {
  std::vector<std::string> out;
  for (const Decision& d : plan)
    if (d.dispatch) out.push_back(d.bead + "@" + d.agent);
  return out;
}

TEST(SchedulerPlan, HighestPriorityFirstWithinCapacity) {
  TownView v = TwoRigs(2, 8);
  v.candidates = {Make("aa", "aa-1", 2, "1"), Make("aa", "aa-2", 0, "2"),
                  Make("aa", "aa-3", 1, "3")};
  auto plan = Plan(v);
  EXPECT_EQ(Dispatched(plan), (std::vector<std::string>{"aa-2@aa-1", "aa-3@aa-2"}));
  EXPECT_TRUE(plan[0].create_agent);
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_FALSE(plan[2].dispatch);
  EXPECT_EQ(plan[2].reason, "rig aa is at capacity (2 workers)");
}

TEST(SchedulerPlan, RigsTakeTurnsAtEqualPriority) {
  TownView v = TwoRigs(4, 3);
  v.candidates = {Make("aa", "aa-1", 1, "1"), Make("aa", "aa-2", 1, "2"),
                  Make("aa", "aa-3", 1, "3"), Make("bb", "bb-1", 1, "4")};
  auto plan = Plan(v);
  // aa-1 first (oldest), then bb-1 (its rig runs fewer), then aa-2; the town is full.
  EXPECT_EQ(Dispatched(plan), (std::vector<std::string>{"aa-1@aa-1", "bb-1@bb-1", "aa-2@aa-2"}));
  EXPECT_EQ(plan.back().reason, "the town is at capacity (3 workers)");
}

TEST(SchedulerPlan, ResourcesAreNeverOverbooked) {
  TownView v = TwoRigs(4, 8);
  v.config.resources = {{"gpu", 1}, {"db", 2}};
  v.resources_used = {{"db", 1}};
  v.candidates = {Make("aa", "aa-1", 1, "1", {"gpu"}), Make("aa", "aa-2", 1, "2", {"gpu"}),
                  Make("bb", "bb-1", 1, "3", {"db"}), Make("bb", "bb-2", 1, "4", {"db"}),
                  Make("bb", "bb-3", 1, "5", {"tpu"})};
  auto plan = Plan(v);
  EXPECT_EQ(Dispatched(plan), (std::vector<std::string>{"aa-1@aa-1", "bb-1@bb-1"}));
  for (const Decision& d : plan) {
    if (d.bead == "aa-2") {
      EXPECT_EQ(d.reason, "resource gpu is in use (1/1)");
    } else if (d.bead == "bb-2") {
      EXPECT_EQ(d.reason, "resource db is in use (2/2)");
    } else if (d.bead == "bb-3") {
      EXPECT_NE(d.reason.find("does not have"), std::string::npos);
    }
  }
}

TEST(SchedulerPlan, OwedWorkGoesBackToItsWorkerFirst) {
  TownView v = TwoRigs(4, 8);
  v.agents = {"aa-1", "aa-2"};
  v.busy_agents = {"aa-2"};
  Candidate owed = Make("aa", "aa-9", 3, "9");
  owed.resume_agent = "aa-1";
  Candidate busy = Make("aa", "aa-8", 3, "99");
  busy.resume_agent = "aa-2";
  v.candidates = {Make("aa", "aa-1", 0, "1"), owed, busy};
  auto plan = Plan(v);
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(plan[0].bead, "aa-9");
  EXPECT_TRUE(plan[0].resume);
  EXPECT_EQ(plan[0].agent, "aa-1");
  EXPECT_EQ(plan[1].reason, "its worker aa-2 is busy");
  // The new bead gets a new pool worker: aa-1 and aa-2 are taken.
  EXPECT_EQ(plan[2].agent, "aa-3");
  EXPECT_TRUE(plan[2].create_agent);
}

TEST(SchedulerPlan, WithoutAWorkerCommandFreeTownWorkersAreUsed) {
  TownView v = TwoRigs(4, 8);
  v.rigs["aa"].policy.worker_command.clear();
  v.agents = {"ann", "bb-1", "bob"};
  v.busy_agents = {"ann"};
  v.candidates = {Make("aa", "aa-1", 1, "1"), Make("aa", "aa-2", 1, "2")};
  auto plan = Plan(v);
  // bb-1 belongs to rig bb's pool; bob is the only free town worker.
  EXPECT_EQ(Dispatched(plan), (std::vector<std::string>{"aa-1@bob"}));
  EXPECT_NE(plan[1].reason.find("no free worker"), std::string::npos);
}

}  // namespace
}  // namespace gt::daemon
