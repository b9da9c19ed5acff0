#include "ledger/gates.h"

#include <fstream>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "ledger/molecule.h"
#include "ledger/queries.h"
#include "testing/ledger_fixture.h"

namespace gt {
namespace {

class MovableClock : public Clock {
 public:
  int64_t NowNanos() const override { return now; }
  int64_t now = 1800000000LL * 1000000000LL;
};

constexpr int64_t kHour = 3600LL * 1000000000LL;

class GatesTest : public testing::LedgerTest {
 protected:
  Ledger OpenWithClock(const std::string& actor = "alice") {
    auto ledger = Ledger::Open({beads_, actor, dir_ / "keys", &clock_});
    EXPECT_TRUE(ledger) << ledger.error().message;
    return std::move(*ledger);
  }
  /// Pours a formula with the given steps; returns step id → bead id.
  std::map<std::string, std::string> Pour(Ledger& ledger, const std::string& steps) {
    auto formula = ParseFormula("formula = \"t\"\nversion = 1\n" + steps, "t.formula.toml");
    EXPECT_TRUE(formula) << formula.error().message;
    auto cooked = CookFormula(*formula, {});
    EXPECT_TRUE(cooked) << cooked.error().message;
    auto poured = PourMolecule(ledger, *cooked, "", dir_ / "repo");
    EXPECT_TRUE(poured) << poured.error().message;
    std::map<std::string, std::string> ids(poured->id_mapping.begin(), poured->id_mapping.end());
    auto gates = ListGates(ledger.db(), true);
    for (const GateInfo& g : *gates)
      if (g.molecule == poured->epic_id) ids["gate:" + g.spec.step] = g.bead.id;
    return ids;
  }
  int64_t EventCount(Ledger& ledger) {
    auto q = ledger.db().Prepare("SELECT count(*) FROM events");
    q->Step();
    return q->Int(0);
  }
  MovableClock clock_;
};

TEST_F(GatesTest, PourStoresEachGateStructurally) {
  Ledger ledger = OpenWithClock();
  auto ids = Pour(ledger,
                  "[[steps]]\nid = \"a\"\ntitle = \"A\"\ngate = {type = \"timer\", timeout = "
                  "\"2h\"}\n[[steps]]\nid = \"b\"\ntitle = \"B\"\ngate = {type = \"command\", "
                  "command = [\"true\"]}\n");
  auto timer = LoadGate(ledger.db(), ids["gate:a"]);
  ASSERT_TRUE(timer);
  EXPECT_FALSE(timer->legacy);
  EXPECT_EQ(timer->spec.kind, "timer");
  EXPECT_EQ(timer->spec.timeout, "2h");
  EXPECT_EQ(timer->spec.opens_at, FormatTimestamp(clock_.now + 2 * kHour));
  EXPECT_EQ(timer->step_bead, ids["a"]);
  auto command = LoadGate(ledger.db(), ids["gate:b"]);
  ASSERT_TRUE(command);
  EXPECT_EQ(command->spec.command, std::vector<std::string>{"true"});
  EXPECT_EQ(command->spec.workdir, ".");  // the ledger's root, stored relative
}

TEST(GateFormula, CookRefusesBadTimesWithFileLineAndField) {
  auto cook = [](const std::string& step) -> std::string {
    auto f = ParseFormula(
        "formula = \"t\"\nversion = 1\n[[steps]]\nid = \"a\"\ntitle = \"A\"\n" + step + "\n",
        "t.formula.toml");
    if (!f) return f.error().message;
    auto cooked = CookFormula(*f, {});
    return cooked ? "ok" : cooked.error().message;
  };
  EXPECT_EQ(cook("gate = {type = \"timer\", timeout = \"soon\"}"),
            "t.formula.toml:6: steps[0].gate.timeout: bad duration \"soon\": expected e.g. 90s, "
            "15m, 24h, 1h30m or 2d");
  EXPECT_EQ(cook("gate = {type = \"timer\", at = \"tomorrow\"}"),
            "t.formula.toml:6: steps[0].gate.at: bad time \"tomorrow\": expected RFC 3339, e.g. "
            "2026-12-01T09:00:00Z");
  EXPECT_EQ(cook("gate = {type = \"timer\", timeout = \"1h\", at = \"2030-01-01T00:00:00Z\"}"),
            "t.formula.toml:6: steps[0].gate.at: give a timeout or an at time, not both");
  EXPECT_EQ(cook("gate = {type = \"human\", timeout = \"1h\"}"),
            "t.formula.toml:6: steps[0].gate.timeout: only timer gates have a time");
  EXPECT_EQ(cook("check = [\"true\"]\ncheck_timeout = \"forever\""),
            "t.formula.toml:7: steps[0].check_timeout: bad duration \"forever\": expected e.g. "
            "90s, 15m, 24h, 1h30m or 2d");
  EXPECT_EQ(cook("check_timeout = \"1m\""),
            "t.formula.toml:6: steps[0].check_timeout: a check_timeout needs a check");
  EXPECT_EQ(cook("gate = {type = \"timer\", at = \"2030-01-01T00:00:00Z\"}"), "ok");
}

TEST(GateFormula, AHandMadeBadTimerIsRefusedByName) {
  FormulaGate g;
  g.kind = "timer";
  g.timeout = "soon";
  auto spec = GateSpecFor(g, "a", 0, ".");
  ASSERT_FALSE(spec);
  EXPECT_EQ(spec.error().message.rfind("step a: gate.timeout: bad duration", 0), 0u);
}

TEST_F(GatesTest, ATimerOpensWhenItsTimeIsReachedAndOnlyOnce) {
  Ledger ledger = OpenWithClock();
  auto ids = Pour(ledger,
                  "[[steps]]\nid = \"a\"\ntitle = \"A\"\ngate = {type = \"timer\", timeout = "
                  "\"1h\"}\n");
  auto early = OpenDueGates(ledger);
  ASSERT_TRUE(early);
  EXPECT_EQ(*early, 0);
  clock_.now += kHour;
  int64_t before = EventCount(ledger);
  EXPECT_EQ(*OpenDueGates(ledger), 1);
  EXPECT_EQ(EventCount(ledger), before + 1);
  auto gate = LoadGate(ledger.db(), ids["gate:a"]);
  EXPECT_TRUE(gate->open());
  EXPECT_NE(gate->bead.close_reason.find("Timer reached"), std::string::npos);
  auto step = LoadBead(ledger.db(), ids["a"]);
  EXPECT_FALSE(step->blocked);
  EXPECT_EQ(*OpenDueGates(ledger), 0);  // idempotent: nothing more is written
  EXPECT_EQ(EventCount(ledger), before + 1);
}

TEST_F(GatesTest, ABeadGateOpensWhenItsBeadCloses) {
  Ledger ledger = OpenWithClock();
  Bead awaited = Create(ledger, "Upstream");
  auto ids = Pour(ledger,
                  "[[steps]]\nid = \"a\"\ntitle = \"A\"\ngate = {type = \"bead\", "
                  "await_id = \"" +
                      awaited.id + "\"}\n");
  auto checked = CheckGates(ledger, {ids["gate:a"]}, {});
  ASSERT_TRUE(checked);
  EXPECT_EQ(checked->at(0).state, "waiting");
  ASSERT_TRUE(CloseBead(ledger, awaited.id, "", false));
  checked = CheckGates(ledger, {ids["gate:a"]}, {});
  EXPECT_EQ(checked->at(0).state, "opened");
  checked = CheckGates(ledger, {ids["gate:a"]}, {});
  EXPECT_EQ(checked->at(0).state, "open");
}

TEST_F(GatesTest, ACommandGateOpensWhenItsCommandPasses) {
  Ledger ledger = OpenWithClock();
  auto ids = Pour(ledger,
                  "[[steps]]\nid = \"a\"\ntitle = \"A\"\ngate = {type = \"command\", "
                  "command = [\"test\", \"-f\", \"ready.txt\"]}\n");
  auto checked = CheckGates(ledger, {}, {});
  ASSERT_TRUE(checked);
  EXPECT_EQ(checked->at(0).state, "waiting");
  EXPECT_EQ(checked->at(0).detail, "exit 1");
  std::ofstream(dir_ / "repo/ready.txt") << "yes\n";
  EXPECT_EQ(*OpenDueGates(ledger), 0);  // commands do not run there
  checked = CheckGates(ledger, {}, {});
  EXPECT_EQ(checked->at(0).state, "opened");
}

TEST_F(GatesTest, OnlyHumanGatesAreApproved) {
  Ledger ledger = OpenWithClock();
  auto ids = Pour(ledger,
                  "[[steps]]\nid = \"a\"\ntitle = \"A\"\ngate = {type = \"human\"}\n"
                  "[[steps]]\nid = \"b\"\ntitle = \"B\"\ngate = {type = \"timer\", timeout = "
                  "\"1h\"}\n");
  auto refused = ApproveGate(ledger, ids["gate:b"], "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, ids["gate:b"] +
                                         " is a timer gate; only human gates are "
                                         "approved");
  auto not_gate = ApproveGate(ledger, ids["a"], "");
  ASSERT_FALSE(not_gate);
  auto approved = ApproveGate(ledger, ids["gate:a"], "looks good");
  ASSERT_TRUE(approved);
  EXPECT_TRUE(*approved);
  auto gate = LoadGate(ledger.db(), ids["gate:a"]);
  EXPECT_EQ(gate->bead.close_reason, "Approved by alice: looks good");
  int64_t before = EventCount(ledger);
  EXPECT_FALSE(*ApproveGate(ledger, ids["gate:a"], ""));
  EXPECT_EQ(EventCount(ledger), before);
}

TEST_F(GatesTest, AGatePouredBeforeGatesWereStoredIsLegacy) {
  Ledger ledger = OpenWithClock();
  CreateRequest r;
  r.title = "Gate: timer old";
  r.issue_type = "gate";
  r.labels = {"gate:timer", "mol-gate:old"};
  Bead old = Create(ledger, r);
  auto gate = LoadGate(ledger.db(), old.id);
  ASSERT_TRUE(gate);
  EXPECT_TRUE(gate->legacy);
  EXPECT_EQ(gate->spec.kind, "timer");
  auto checked = CheckGates(ledger, {old.id}, {});
  EXPECT_EQ(checked->at(0).state, "manual");
}

TEST(Workdir, StoredRelativeToTheLedgerRootWhenInside) {
  EXPECT_EQ(StoredWorkdir("/tmp/x/.beads", "/tmp/x/sub"), "sub");
  EXPECT_EQ(StoredWorkdir("/tmp/x/.beads/", "/tmp/x"), ".");
  EXPECT_EQ(StoredWorkdir("/tmp/x/.beads", "/opt/elsewhere"), "/opt/elsewhere");
  EXPECT_EQ(ResolveWorkdir("/tmp/x/.beads", "sub"), "/tmp/x/sub");
  EXPECT_EQ(ResolveWorkdir("/tmp/x/.beads", "."), "/tmp/x");
  EXPECT_EQ(ResolveWorkdir("/tmp/x/.beads", "/opt/elsewhere"), "/opt/elsewhere");
}

}  // namespace
}  // namespace gt
