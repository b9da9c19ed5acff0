#include "ledger/checks.h"

#include <fstream>

#include <gtest/gtest.h>

#include "ledger/molecule.h"
#include "ledger/queries.h"
#include "testing/ledger_fixture.h"

namespace gt {
namespace {

class ChecksTest : public testing::LedgerTest {
 protected:
  /// Pours one step with `check` (a TOML array); returns its bead id.
  std::string PourChecked(Ledger& ledger, const std::string& check) {
    auto formula = ParseFormula(
        "formula = \"t\"\nversion = 1\n[[steps]]\nid = \"a\"\ntitle = \"A\"\ncheck = " + check +
            "\n",
        "t.formula.toml");
    EXPECT_TRUE(formula) << formula.error().message;
    auto poured = PourMolecule(ledger, *CookFormula(*formula, {}), "", dir_ / "repo");
    EXPECT_TRUE(poured) << poured.error().message;
    return poured->id_mapping.at(0).second;
  }
  std::vector<std::string> Ops(Ledger& ledger, const std::string& id) {
    auto history = BeadHistory(ledger.db(), ledger.index().log_dir(), id);
    std::vector<std::string> ops;
    for (const HistoryEntry& h : *history) ops.push_back(h.op);
    return ops;
  }
};

TEST_F(ChecksTest, PourStoresTheCheckAndItsDirectory) {
  Ledger ledger = Open();
  std::string id = PourChecked(ledger, "[\"make\", \"test\"]");
  auto spec = LoadCheck(ledger.db(), id);
  ASSERT_TRUE(spec && *spec);
  EXPECT_EQ((*spec)->argv, (std::vector<std::string>{"make", "test"}));
  EXPECT_EQ((*spec)->workdir, ".");
  EXPECT_EQ((*spec)->timeout_ms, kDefaultCheckTimeoutMs);
}

TEST_F(ChecksTest, ACheckTimeoutFromTheFormulaIsStored) {
  Ledger ledger = Open();
  std::string id = PourChecked(ledger, "[\"make\"]\ncheck_timeout = \"90s\"");
  auto spec = LoadCheck(ledger.db(), id);
  ASSERT_TRUE(spec && *spec);
  EXPECT_EQ((*spec)->timeout_ms, 90000);
}

TEST_F(ChecksTest, AFailingCheckRefusesTheCloseAndIsRecorded) {
  Ledger ledger = Open();
  std::string id = PourChecked(ledger, "[\"ls\", \"missing.txt\"]");
  auto closed = CloseStep(ledger, id, "", false);
  ASSERT_TRUE(closed) << closed.error().message;
  EXPECT_TRUE(closed->refused);
  ASSERT_TRUE(closed->run);
  EXPECT_NE(closed->run->exit_code, 0);
  EXPECT_NE(closed->run->output.find("missing.txt"), std::string::npos) << closed->run->output;
  EXPECT_EQ(LoadBead(ledger.db(), id)->status, "open");
  EXPECT_EQ(Ops(ledger, id), (std::vector<std::string>{"bead.create", "check.run"}));
  auto last = LastCheckRun(ledger.db(), ledger.index().log_dir(), id);
  ASSERT_TRUE(last && *last);
  EXPECT_FALSE((*last)->passed());
  EXPECT_EQ((*last)->actor, "alice");
}

TEST_F(ChecksTest, APassingCheckClosesAndAClosedStepRunsNothing) {
  Ledger ledger = Open();
  std::string id = PourChecked(ledger, "[\"test\", \"-f\", \"done.txt\"]");
  std::ofstream(dir_ / "repo/done.txt") << "done\n";
  auto closed = CloseStep(ledger, id, "Shipped", false);
  ASSERT_TRUE(closed);
  EXPECT_FALSE(closed->refused);
  EXPECT_TRUE(closed->run && closed->run->passed());
  EXPECT_EQ(closed->outcome.bead.status, "closed");
  EXPECT_EQ(closed->outcome.bead.close_reason, "Shipped");
  std::filesystem::remove(dir_ / "repo/done.txt");  // would fail now; must not run
  auto again = CloseStep(ledger, id, "", false);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->outcome.already_closed);
  EXPECT_FALSE(again->run);
  EXPECT_EQ(Ops(ledger, id), (std::vector<std::string>{"bead.create", "check.run", "bead.close"}));
}

TEST_F(ChecksTest, ForceClosesDespiteAFailingCheckAndSaysSo) {
  Ledger ledger = Open();
  std::string id = PourChecked(ledger, "[\"false\"]");
  auto closed = CloseStep(ledger, id, "", true);
  ASSERT_TRUE(closed);
  EXPECT_FALSE(closed->refused);
  EXPECT_TRUE(closed->run && closed->run->forced);
  EXPECT_EQ(closed->outcome.bead.status, "closed");
  EXPECT_EQ(closed->outcome.bead.close_reason, "Closed with --force; check failed (exit 1)");
  auto history = BeadHistory(ledger.db(), ledger.index().log_dir(), id);
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[1].data["forced"], true);
  EXPECT_EQ((*history)[2].data["force"], true);
}

TEST_F(ChecksTest, AMissingProgramOrDirectoryIsAFailedRun) {
  CheckRun run = RunCheck({{"no-such-program-gt"}, ".", 1000}, dir_ / "repo/.beads");
  EXPECT_FALSE(run.passed());
  EXPECT_NE(run.output.find("cannot run no-such-program-gt"), std::string::npos) << run.output;
  run = RunCheck({{"true"}, "gone", 1000}, dir_ / "repo/.beads");
  EXPECT_FALSE(run.passed());
  EXPECT_NE(run.output.find("does not exist"), std::string::npos);
}

TEST_F(ChecksTest, ACheckThatHangsIsKilledAtItsTimeout) {
  CheckRun run = RunCheck({{"sleep", "30"}, ".", 300}, dir_ / "repo/.beads");
  EXPECT_TRUE(run.timed_out);
  EXPECT_FALSE(run.passed());
  EXPECT_NE(run.output.find("timeout"), std::string::npos);
}

}  // namespace
}  // namespace gt
