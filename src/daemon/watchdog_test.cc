// The watchdog on a real town with real script workers; time is passed in
// (monotonic nanoseconds), so stalls are simulated without waiting.
#include "daemon/watchdog.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "ledger/ops.h"
#include "ledger/queries.h"
#include "testing/temp_dir.h"
#include "testing/test_town.h"
#include "town/mail.h"
#include "town/rig.h"
#include "town/session.h"
#include "town/work.h"

namespace gt::daemon {
namespace {

constexpr int64_t kSec = 1000000000;

class WatchdogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::UseTestGitIdentity();
    std::string project = dir_.path() + "/proj";
    ASSERT_TRUE(testing::MakeProject(project));
    auto town = town::InitTown(dir_.path() + "/town", {"t", "acme", "local", "hq"});
    ASSERT_TRUE(town) << town.error().message;
    town_ = *town;
    auto rig = town::AddRig(town_, {"gx", project, "gx", "beads"});
    ASSERT_TRUE(rig) << rig.error().message;
    // stall_after 10s, one restart before escalating.
    std::string toml = town_.RigDir("gx") + "/rig.toml";
    std::ifstream in(toml);
    std::string rest((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(toml) << "stall_after = \"10s\"\nmax_restarts = 1\n" << rest;
    auto ledger = town::OpenLedgerAs(town_, town_.RigBeadsDir("gx"), town::kAdminActor);
    ASSERT_TRUE(ledger);
    CreateRequest req;
    req.title = "Hang";
    auto bead = CreateBead(*ledger, req);
    ASSERT_TRUE(bead);
    bead_ = bead->id;
  }

  /// Slings the bead to a worker running `command`.
  town::SessionRecord SlingTo(const std::vector<std::string>& command) {
    town::SlingRequest request{bead_, "gx", "ann", "script", command};
    auto slung = town::Sling(town_, request);
    EXPECT_TRUE(slung) << (slung ? "" : slung.error().message);
    return slung ? slung->session : town::SessionRecord{};
  }

  std::vector<std::string> Kinds(int64_t now) {
    std::vector<town::FeedEvent> events;
    auto st = Watch(town_, config_, state_, now, events);
    EXPECT_TRUE(st) << (st ? "" : st.error().message);
    std::vector<std::string> kinds;
    for (const auto& e : events) kinds.push_back(e.kind);
    return kinds;
  }

  town::SessionRecord Session() {
    auto r = town::LoadSession(town_, "ann");
    return r && *r ? **r : town::SessionRecord{};
  }

  /// Lines the watchdog's nudges left in the worker's nudge file.
  static int NudgesFor(const town::SessionRecord& record) {
    std::ifstream in(record.session.nudge_path);
    int n = 0;
    for (std::string line; std::getline(in, line);) n += line.find("no sign of life") != line.npos;
    return n;
  }

  Bead LoadWork() {
    auto ledger = town::OpenLedgerAs(town_, town_.RigBeadsDir("gx"), town::kAdminActor);
    auto bead = LoadBead(ledger->db(), bead_);
    return bead ? *bead : Bead{};
  }

  testing::TempDir dir_;
  town::Town town_;
  DaemonConfig config_;
  WatchState state_;
  std::string bead_;
};

using Strings = std::vector<std::string>;

TEST_F(WatchdogTest, ASilentWorkerIsNudgedThenRestartedThenEscalated) {
  auto first = SlingTo({"sleep", "600"});
  int64_t t = 1000 * kSec;
  EXPECT_EQ(Kinds(t), Strings{});              // first look: the lease starts
  EXPECT_EQ(Kinds(t + 9 * kSec), Strings{});   // within stall_after
  EXPECT_EQ(Kinds(t + 10 * kSec), Strings{});  // nudged: town::Nudge reports it
  EXPECT_EQ(NudgesFor(first), 1);
  EXPECT_EQ(Kinds(t + 15 * kSec), Strings{});  // nudged, waiting
  EXPECT_EQ(Kinds(t + 20 * kSec), Strings{"restart"});
  auto second = Session();
  EXPECT_NE(second.session.pid, first.session.pid);
  EXPECT_EQ(second.state, "running");
  EXPECT_EQ(second.worktree, first.worktree);
  EXPECT_FALSE(town::SessionAlive(first));
  EXPECT_EQ(state_.restarts[bead_], 1);
  EXPECT_EQ(LoadWork().status, "hooked");

  EXPECT_EQ(Kinds(t + 30 * kSec), Strings{});
  EXPECT_EQ(NudgesFor(second), 2);  // one nudge file per worker
  EXPECT_EQ(Kinds(t + 40 * kSec), Strings{"escalate"});
  EXPECT_FALSE(town::SessionAlive(second));
  EXPECT_EQ(Session().state, "escalated");
  Bead bead = LoadWork();
  EXPECT_EQ(bead.status, "open");
  EXPECT_EQ(bead.assignee, "");
  EXPECT_NE(std::find(bead.labels.begin(), bead.labels.end(), kEscalatedLabel), bead.labels.end());
  auto inbox = town::Inbox(town_, "mayor", false);
  ASSERT_TRUE(inbox);
  ASSERT_EQ(inbox->size(), 1u);
  EXPECT_NE((*inbox)[0].subject.find(bead_), std::string::npos);
  EXPECT_EQ(Kinds(t + 50 * kSec), Strings{});  // nothing left to watch
}

TEST_F(WatchdogTest, OutputRenewsTheLease) {
  SlingTo({"sh", "-c", "while true; do echo working; sleep 0.2; done"});
  int64_t t = 1000 * kSec;
  EXPECT_EQ(Kinds(t), Strings{});
  for (int i = 1; i <= 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(Kinds(t + i * 10 * kSec), Strings{}) << "look " << i;
  }
  EXPECT_EQ(state_.restarts.count(bead_), 0u);
  (void)town::StopSession(Session().session);
}

TEST_F(WatchdogTest, AWorkerThatExitsWithoutDoneIsRestartedAtOnce) {
  SlingTo({"sh", "-c", "exit 3"});
  for (int i = 0; i < 100 && town::SessionAlive(Session()); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(Kinds(1000 * kSec), Strings{"restart"});
  EXPECT_EQ(state_.restarts[bead_], 1);
}

TEST_F(WatchdogTest, AClosedBeadStopsItsSessionInsteadOfRestartingIt) {
  auto record = SlingTo({"sleep", "600"});
  auto ledger = town::OpenLedgerAs(town_, town_.RigBeadsDir("gx"), town::kAdminActor);
  ASSERT_TRUE(CloseBead(*ledger, bead_, "done elsewhere", true));
  int64_t t = 1000 * kSec;
  EXPECT_EQ(Kinds(t), Strings{});  // a grace period: the worker may be mid-command
  EXPECT_EQ(Kinds(t + 6 * kSec), Strings{"stop"});
  EXPECT_FALSE(town::SessionAlive(record));
  EXPECT_EQ(Session().state, "stopped");
  EXPECT_EQ(LoadWork().status, "closed");
}

}  // namespace
}  // namespace gt::daemon
