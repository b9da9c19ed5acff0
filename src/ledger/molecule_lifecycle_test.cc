#include "ledger/molecule_lifecycle.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/ids.h"
#include "ledger/digest.h"
#include "ledger/formula.h"
#include "ledger/member_ops.h"
#include "ledger/molecule.h"
#include "ledger/queries.h"
#include "testing/ledger_fixture.h"

namespace gt {
namespace {
namespace fs = std::filesystem;

constexpr const char* kTwoSteps = R"toml(formula = "pair"
version = 1

[[steps]]
id = "first"
title = "First"

[[steps]]
id = "second"
title = "Second"
needs = ["first"]
)toml";

class WispTest : public testing::LedgerTest {
 protected:
  CookedFormula Cooked() {
    auto f = ParseFormula(kTwoSteps, "pair.formula.toml");
    EXPECT_TRUE(f);
    auto cooked = CookFormula(*f, {});
    EXPECT_TRUE(cooked);
    return *cooked;
  }
  std::string Digest(Ledger& ledger) {
    auto d = StateDigest(ledger.db());
    EXPECT_TRUE(d);
    return d ? *d : "";
  }
  size_t LinesIn(const std::string& dir) {
    size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(beads_ + "/" + dir, ec)) {
      if (e.path().extension() != ".jsonl") continue;
      std::ifstream in(e.path());
      for (std::string line; std::getline(in, line);) ++n;
    }
    return n;
  }
};

TEST_F(WispTest, AWispIsWrittenToTheLocalChainOnly) {
  Ledger ledger = Open();
  Create(ledger, "Shared");
  std::string digest = Digest(ledger);
  size_t shared = LinesIn("log");
  auto poured = PourMolecule(ledger, Cooked(), "", "", true);
  ASSERT_TRUE(poured) << poured.error().message;
  EXPECT_TRUE(IsWispId(poured->epic_id)) << poured->epic_id;
  EXPECT_EQ(LinesIn("log"), shared);
  EXPECT_EQ(LinesIn("wisp"), 4u);  // epic, two steps, one blocks edge
  ASSERT_TRUE(CloseBead(ledger, poured->epic_id + ".1", "done", false));
  EXPECT_EQ(LinesIn("log"), shared);
  EXPECT_EQ(Digest(ledger), digest);  // wisps are not part of the shared state
  // A rebuild from both directories gives the same state.
  ASSERT_TRUE(ledger.index().Rebuild());
  auto state = LoadMolecule(ledger.db(), poured->epic_id);
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->closed, 1);
  EXPECT_TRUE(state->steps[1].ready);
}

TEST_F(WispTest, ASharedBeadCannotPointAtAWisp) {
  Ledger ledger = Open();
  Bead shared = Create(ledger, "Shared");
  auto poured = PourMolecule(ledger, Cooked(), "", "", true);
  ASSERT_TRUE(poured);
  size_t before = LinesIn("log") + LinesIn("wisp");
  auto refused = AddDependency(ledger, shared.id, poured->epic_id + ".1", "blocks");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(LinesIn("log") + LinesIn("wisp"), before);
  // The other way is local and allowed: a wisp's step may wait for shared work.
  EXPECT_TRUE(AddDependency(ledger, poured->epic_id + ".1", shared.id, "blocks"));
}

TEST_F(WispTest, WispsWorkOnAMembersOnlyLedger) {
  Ledger ledger = Open();
  ASSERT_TRUE(AddMember(ledger, KeyOf("bob"), "writer", ""));
  ASSERT_TRUE(SetLedgerPolicy(ledger, "members"));
  Ledger bob = Open("bob");
  auto poured = PourMolecule(bob, Cooked(), "", "", true);
  ASSERT_TRUE(poured) << poured.error().message;
  ASSERT_TRUE(ledger.index().Rebuild());
  auto state = LoadMolecule(ledger.db(), poured->epic_id);
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->steps.size(), 2u);
}

TEST_F(WispTest, SquashOfAPouredMoleculeIsIdempotent) {
  Ledger ledger = Open();
  auto poured = PourMolecule(ledger, Cooked(), "", "", false);
  ASSERT_TRUE(poured);
  auto refused = SquashMolecule(ledger, poured->epic_id, "", false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
  ASSERT_TRUE(CloseBead(ledger, poured->epic_id + ".1", "first done", false));
  auto squashed = SquashMolecule(ledger, poured->epic_id, "summary", true);
  ASSERT_TRUE(squashed) << squashed.error().message;
  EXPECT_EQ(squashed->closed_ids, std::vector<std::string>{poured->epic_id + ".2"});
  auto digest = LoadBead(ledger.db(), squashed->digest_id);
  ASSERT_TRUE(digest);
  EXPECT_EQ(digest->status, "closed");
  EXPECT_EQ(digest->parent, poured->epic_id);
  EXPECT_NE(digest->description.find("closed by alice: first done"), std::string::npos)
      << digest->description;
  auto again = SquashMolecule(ledger, poured->epic_id, "summary", true);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->existing);
  EXPECT_EQ(again->digest_id, squashed->digest_id);
}

TEST_F(WispTest, BurnNeedsForceForAPouredMolecule) {
  Ledger ledger = Open();
  auto poured = PourMolecule(ledger, Cooked(), "", "", false);
  ASSERT_TRUE(poured);
  EXPECT_FALSE(BurnMolecule(ledger, poured->epic_id, false));
  auto burned = BurnMolecule(ledger, poured->epic_id, true);
  ASSERT_TRUE(burned) << burned.error().message;
  EXPECT_EQ(burned->deleted_ids.size(), 3u);
  EXPECT_FALSE(LoadBead(ledger.db(), poured->epic_id));
}

}  // namespace
}  // namespace gt
