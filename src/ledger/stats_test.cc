#include "ledger/stats.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "ledger/lint.h"
#include "testing/ledger_fixture.h"

namespace gt {
namespace {

class StatsTest : public testing::LedgerTest {};

TEST_F(StatsTest, CountsAKnownLedger) {
  Ledger l = Open();
  CreateRequest epic_r;
  epic_r.title = "Epic";
  epic_r.issue_type = "epic";
  Bead epic = Create(l, epic_r);
  CreateRequest child_r;
  child_r.title = "Child";
  child_r.parent = epic.id;
  child_r.priority = 0;
  Bead child = Create(l, child_r);
  Bead blocker = Create(l, "Blocker");
  CreateRequest waiting_r;
  waiting_r.title = "Waiting";
  waiting_r.issue_type = "bug";
  waiting_r.deps = {{"blocks", blocker.id, false}};
  Create(l, waiting_r);
  Bead claimed = Create(l, "Claimed");
  ASSERT_TRUE(ClaimBead(l, claimed.id));
  ASSERT_TRUE(CloseBead(l, child.id, "done", false));

  auto s = ComputeStats(l.db(), FormatTimestamp(DefaultClock().NowNanos()));
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->total, 5);
  EXPECT_EQ(s->open, 3);  // epic, blocker, waiting
  EXPECT_EQ(s->in_progress, 1);
  EXPECT_EQ(s->closed, 1);
  EXPECT_EQ(s->blocked, 1);  // waiting
  EXPECT_EQ(s->ready, 2);    // epic, blocker
  EXPECT_EQ(s->epics_eligible_for_closure, 1);
  EXPECT_GE(s->average_lead_time_hours, 0.0);
  EXPECT_LT(s->average_lead_time_hours, 1.0);
  EXPECT_EQ(s->by_type["task"], 3);
  EXPECT_EQ(s->by_type["bug"], 1);
  EXPECT_EQ(s->by_type["epic"], 1);
  EXPECT_EQ(s->by_priority[0], 1);
  EXPECT_EQ(s->by_priority[2], 4);

  ListFilter open;
  open.statuses = {"open"};
  auto counted = CountBeads(l.db(), open, "type");
  ASSERT_TRUE(counted);
  EXPECT_EQ(counted->total, 3);
  ASSERT_EQ(counted->groups.size(), 3u);
  ListFilter everything;
  everything.all = true;
  EXPECT_EQ(CountBeads(l.db(), everything)->total, 5);
  EXPECT_FALSE(CountBeads(l.db(), everything, "colour"));
}

TEST(Lint, ChecksEachTypesSections) {
  Bead bug;
  bug.issue_type = "bug";
  bug.description = "## steps to reproduce\n1. open";
  EXPECT_EQ(MissingSections(bug), std::vector<std::string>{"Acceptance Criteria"});
  bug.acceptance_criteria = "it works";
  EXPECT_TRUE(MissingSections(bug).empty());
  Bead epic;
  epic.issue_type = "epic";
  EXPECT_EQ(MissingSections(epic), std::vector<std::string>{"Success Criteria"});
  epic.acceptance_criteria = " \n";  // blank does not count
  EXPECT_EQ(MissingSections(epic).size(), 1u);
  Bead decision;
  decision.issue_type = "decision";
  decision.description = "Decision: x. RATIONALE: y.";
  EXPECT_EQ(MissingSections(decision), std::vector<std::string>{"Alternatives Considered"});
  Bead spike;
  spike.issue_type = "spike";
  EXPECT_EQ(MissingSections(spike).size(), 2u);
  Bead chore;
  chore.issue_type = "chore";
  EXPECT_TRUE(MissingSections(chore).empty());
}

}  // namespace
}  // namespace gt
