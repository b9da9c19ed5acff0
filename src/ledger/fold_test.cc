// The fold's incremental `blocked` bookkeeping agrees with a full rebuild.
#include <gtest/gtest.h>

#include "ledger/digest.h"
#include "ledger/queries.h"
#include "testing/ledger_fixture.h"

namespace gt {
namespace {

using FoldTest = testing::LedgerTest;

TEST_F(FoldTest, RemovingAChildFreesWhatWaitsForItsOldParent) {
  Ledger l = Open();
  Bead parent = Create(l, "Parent");
  CreateRequest kid_request;
  kid_request.title = "Kid";
  kid_request.parent = parent.id;
  Bead kid = Create(l, kid_request);
  Bead waiter = Create(l, "Waiter");
  ASSERT_TRUE(AddDependency(l, waiter.id, parent.id, "waits-for"));
  EXPECT_TRUE(LoadBead(l.db(), waiter.id)->blocked);  // the kid is open
  ASSERT_TRUE(RemoveDependency(l, kid.id, parent.id));
  EXPECT_FALSE(LoadBead(l.db(), waiter.id)->blocked);
  std::string incremental = *StateDigest(l.db());
  ASSERT_TRUE(l.index().Rebuild());
  EXPECT_EQ(*StateDigest(l.db()), incremental);
}

TEST_F(FoldTest, ClosingTheLastOpenChildFreesWaitersAndBlockersChains) {
  Ledger l = Open();
  Bead a = Create(l, "A");
  Bead b = Create(l, "B");
  Bead c = Create(l, "C");
  ASSERT_TRUE(AddDependency(l, b.id, a.id, "blocks"));
  ASSERT_TRUE(AddDependency(l, c.id, b.id, "blocks"));
  EXPECT_TRUE(LoadBead(l.db(), b.id)->blocked);
  EXPECT_TRUE(LoadBead(l.db(), c.id)->blocked);
  ASSERT_TRUE(CloseBead(l, a.id, "", false));
  EXPECT_FALSE(LoadBead(l.db(), b.id)->blocked);
  EXPECT_TRUE(LoadBead(l.db(), c.id)->blocked);
  ASSERT_TRUE(ReopenBead(l, a.id, ""));
  EXPECT_TRUE(LoadBead(l.db(), b.id)->blocked);
  std::string incremental = *StateDigest(l.db());
  ASSERT_TRUE(l.index().Rebuild());
  EXPECT_EQ(*StateDigest(l.db()), incremental);
}

}  // namespace
}  // namespace gt
