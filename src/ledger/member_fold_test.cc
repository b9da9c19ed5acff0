// Membership in the fold: who may write what, decided in fold order.
#include <filesystem>

#include <gtest/gtest.h>

#include "ledger/ledger.h"
#include "ledger/member_ops.h"
#include "ledger/members.h"
#include "ledger/ops.h"
#include "ledger/queries.h"
#include "ledger/workspace.h"
#include "testing/ledger_fixture.h"

namespace gt {
namespace fs = std::filesystem;
namespace {

using MemberFoldTest = testing::LedgerTest;

TEST_F(MemberFoldTest, OnlyAdminsChangeMembersAndOnlyValidatorsValidate) {
  Ledger alice = Open("alice");
  Ledger bob = Open("bob");
  EXPECT_FALSE(AddMember(bob, KeyOf("bob"), "admin", "bob"));  // not an admin
  ASSERT_TRUE(AddMember(alice, KeyOf("bob"), "writer", "bob"));
  auto plain = bob.Write([](Database&) -> Result<std::vector<EventDraft>> {
    return std::vector<EventDraft>{{"validation.record", "", {{"result", "pass"}}}};
  });
  ASSERT_FALSE(plain);  // refused before writing
  EXPECT_NE(plain.error().message.find("not a validator"), std::string::npos);
  ASSERT_TRUE(AddMember(alice, KeyOf("bob"), "validator", "bob"));
  Ledger bob2 = Open("bob");
  EXPECT_TRUE(bob2.Write([](Database&) -> Result<std::vector<EventDraft>> {
    return std::vector<EventDraft>{{"validation.record", "", {{"result", "pass"}}}};
  }));
  EXPECT_FALSE(RevokeMember(alice, KeyOf("alice")));  // the last admin
}

TEST_F(MemberFoldTest, AForgedGenesisInAnotherCloneDoesNotAdmitItsEvents) {
  {
    Ledger alice = Open("alice");
    ASSERT_TRUE(SetLedgerPolicy(alice, "members"));
  }
  // A clone whose members.jsonl admits mallory: her events are valid there.
  std::string clone = dir_ / "clone";
  fs::copy(fs::path(beads_).parent_path(), clone, fs::copy_options::recursive);
  fs::remove(clone + "/.beads/beads.db");
  Membership forged;
  forged.mode = "open";
  ASSERT_TRUE(WriteFileAtomically(clone + "/.beads/members.jsonl", FormatMembers(forged)));
  std::string mallory_bead;
  {
    Ledger mallory = Open("mallory", clone + "/.beads");
    CreateRequest r;
    r.title = "sneaky";
    auto bead = CreateBead(mallory, r);
    ASSERT_TRUE(bead) << bead.error().message;
    mallory_bead = bead->id;
  }
  // Only her chain comes back (the genesis file stays ours).
  for (const auto& e : fs::directory_iterator(clone + "/.beads/log"))
    if (!fs::exists(beads_ + "/log/" + e.path().filename().string()))
      fs::copy_file(e.path(), beads_ + "/log/" + e.path().filename().string());
  Ledger alice = Open("alice");
  EXPECT_FALSE(LoadBead(alice.db(), mallory_bead));
  auto held = QuarantinedEvents(alice.db());
  ASSERT_TRUE(held);
  ASSERT_EQ(held->size(), 1u);
  EXPECT_EQ(held->front().bead, mallory_bead);
  EXPECT_NE(held->front().note.find("not a member"), std::string::npos);
  // Admitting her later does not rewrite the past: her old event stays out.
  ASSERT_TRUE(AddMember(alice, KeyOf("mallory"), "writer", "mallory"));
  ASSERT_TRUE(alice.index().Rebuild());
  EXPECT_FALSE(LoadBead(alice.db(), mallory_bead));
}

}  // namespace
}  // namespace gt
