// Mail threads and convoys across ledgers, on a real town.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/process.h"
#include "ledger/ops.h"
#include "ledger/queries.h"
#include "testing/temp_dir.h"
#include "town/agent.h"
#include "town/convoy.h"
#include "town/mail.h"
#include "town/rig.h"

namespace gt::town {
namespace {

class MailConvoyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* var : {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"}) setenv(var, "Test", 1);
    for (const char* var : {"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"})
      setenv(var, "test@example.com", 1);
    unsetenv("GT_TOWN");
    unsetenv("GT_AGENT");
    std::string project = dir_ / "app";
    ASSERT_EQ(RunProcess({"git", "init", "-q", "-b", "main", project})->exit_code, 0);
    std::ofstream(project + "/README") << "hello\n";
    ASSERT_EQ(RunProcess({"git", "-C", project, "add", "README"})->exit_code, 0);
    ASSERT_EQ(RunProcess({"git", "-C", project, "commit", "-q", "-m", "init"})->exit_code, 0);
    auto town = InitTown(dir_ / "town", {"t", "acme", "local", "hq"});
    ASSERT_TRUE(town) << town.error().message;
    town_ = *town;
    ASSERT_TRUE(AddRig(town_, {"app", project, "ap", "beads"}));
    ASSERT_TRUE(AddAgent(town_, {"ann", "script", {"true"}}));
    ASSERT_TRUE(AddAgent(town_, {"bob", "script", {"true"}}));
  }
  std::string CreateRigBead(const std::string& title) {
    auto ledger = OpenLedgerAs(town_, town_.RigBeadsDir("app"), kAdminActor);
    EXPECT_TRUE(ledger);
    CreateRequest r;
    r.title = title;
    auto bead = CreateBead(*ledger, r);
    EXPECT_TRUE(bead);
    return bead->id;
  }
  testing::TempDir dir_;
  Town town_;
};

TEST_F(MailConvoyTest, RepliesStayInTheirThreadAndReadingMarksRead) {
  auto first = SendMail(town_, kAdminActor, "ann", "Plan", "do X first");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->thread, first->id);
  auto inbox = Inbox(town_, "ann", false);
  ASSERT_TRUE(inbox);
  ASSERT_EQ(inbox->size(), 1u);
  EXPECT_EQ(inbox->front().from, kAdminActor);
  EXPECT_FALSE(inbox->front().read);

  auto reply = ReplyMail(town_, "ann", first->id, "ok");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->to, kAdminActor);
  EXPECT_EQ(reply->subject, "Re: Plan");
  EXPECT_EQ(reply->thread, first->id);
  auto again = ReplyMail(town_, kAdminActor, reply->id, "thanks");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->subject, "Re: Plan");  // not "Re: Re: Plan"
  EXPECT_EQ(again->thread, first->id);

  auto read = ReadMail(town_, "ann", first->id);
  ASSERT_TRUE(read);
  EXPECT_TRUE(read->front().read);
  EXPECT_EQ(read->size(), 3u);                           // the message and the two replies
  EXPECT_TRUE(Inbox(town_, "ann", false)->size() == 1);  // "thanks" is unread
  EXPECT_EQ(Inbox(town_, "ann", true)->size(), 2u);

  // Only the recipient's reading marks a message read.
  ASSERT_TRUE(ReadMail(town_, "bob", again->id));
  EXPECT_FALSE(Inbox(town_, "ann", false)->empty());

  EXPECT_EQ(*ResolveAddress(town_, "entity://local/acme/bob"), "bob");
  EXPECT_FALSE(ResolveAddress(town_, "carol"));
  EXPECT_FALSE(SendMail(town_, "ann", "bob", "", "no subject"));
}

TEST_F(MailConvoyTest, AConvoyClosesWhenAllItsBeadsDo) {
  std::string a = CreateRigBead("A"), b = CreateRigBead("B");
  auto convoy = CreateConvoy(town_, "release", {a, b});
  ASSERT_TRUE(convoy) << convoy.error().message;
  EXPECT_EQ(convoy->items.size(), 2u);
  EXPECT_EQ(convoy->items[0].rig, "app");
  EXPECT_FALSE(CreateConvoy(town_, "bad", {"zz-1"}));  // no such ledger
  EXPECT_FALSE(CreateConvoy(town_, "empty", {}));

  std::string c = CreateRigBead("C");
  auto grown = AddToConvoy(town_, convoy->id, {c});
  ASSERT_TRUE(grown);
  EXPECT_EQ(grown->items.size(), 3u);

  auto ledger = OpenLedgerAs(town_, town_.RigBeadsDir("app"), kAdminActor);
  ASSERT_TRUE(ledger);
  ASSERT_TRUE(CloseBead(*ledger, a, "done", false));
  ASSERT_TRUE(CloseBead(*ledger, b, "done", false));
  auto partly = ConvoyStatus(town_, convoy->id);
  ASSERT_TRUE(partly);
  EXPECT_EQ(partly->done, 2);
  EXPECT_FALSE(partly->closed);
  ASSERT_TRUE(CloseBead(*ledger, c, "done", false));
  auto all = ListConvoys(town_);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_TRUE(all->front().closed);
  EXPECT_EQ(all->front().done, 3);
  auto hq = OpenLedgerAs(town_, town_.BeadsDir(), kAdminActor);
  EXPECT_EQ(LoadBead(hq->db(), convoy->id)->status, "closed");
  EXPECT_FALSE(AddToConvoy(town_, convoy->id, {a}));  // closed convoys take no more
}

}  // namespace
}  // namespace gt::town
