// Bad input leaves nothing written: each refused command exits non-zero with
// one "Error: …" line on stderr (or {"error": …} under --json), and every
// chain file stays byte for byte as it was.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fault/bd_runner.h"
#include "fault/fault_ledger.h"

namespace gt::fault {
namespace {

struct BadCommand {
  std::string what;
  std::string actor;
  std::vector<std::string> args;
};

void ExpectRefusedInText(const FaultLedger& ledger, const BadCommand& c) {
  RunResult r = ledger.Bd(c.actor, c.args);
  EXPECT_NE(r.exit_code, 0) << c.what << ": " << r.Describe();
  EXPECT_EQ(r.err.rfind("Error:", 0), 0u) << c.what << ": " << r.Describe();
  EXPECT_EQ(CountLines(r.err), 1) << c.what << ": stderr is not one line\n" << r.Describe();
  EXPECT_EQ(r.out, "") << c.what;
}

void ExpectRefusedInJson(const FaultLedger& ledger, const BadCommand& c) {
  std::vector<std::string> args = c.args;
  args.push_back("--json");
  RunResult r = ledger.Bd(c.actor, args);
  nlohmann::json out = ParseJson(r.out);
  EXPECT_NE(r.exit_code, 0) << c.what << " --json: " << r.Describe();
  ASSERT_TRUE(out.is_object() && out.contains("error")) << c.what << " --json: " << r.Describe();
  EXPECT_TRUE(out["error"].is_string() && !out["error"].get<std::string>().empty()) << c.what;
  EXPECT_EQ(r.err, "") << c.what << " --json writes to stderr";
}

TEST(BadInputTest, RefusedCommandsWriteNothing) {
  FaultLedger ledger;
  ASSERT_TRUE(ledger.ok()) << ledger.setup_error();
  std::string a = ledger.Create("alice", "a");
  std::string b = ledger.Create("alice", "b", {"--deps", a});  // b waits for a
  std::string c = ledger.Create("alice", "c", {"--deps", b});  // c waits for b
  ASSERT_TRUE(ledger.Bd("alice", {"update", a, "--claim"}).ok());
  ASSERT_FALSE(HasFailure());

  const std::vector<BadCommand> commands = {
      {"priority 9", "alice", {"create", "x", "-p", "9"}},
      {"priority P7 on update", "alice", {"update", a, "-p", "P7"}},
      {"unknown id (update)", "alice", {"update", "t-zzzz", "--notes", "n"}},
      {"unknown id (close)", "alice", {"close", "t-zzzz"}},
      {"unknown dependency target", "alice", {"dep", "add", a, "t-zzzz"}},
      {"unknown parent", "bob", {"create", "x", "--parent", "t-zzzz"}},
      {"empty title", "alice", {"create", ""}},
      {"blank title", "alice", {"create", "   "}},
      {"empty title on update", "alice", {"update", a, "--title", ""}},
      {"cycle", "alice", {"dep", "add", a, c}},
      {"self dependency", "alice", {"dep", "add", a, a}},
      {"claim of alice's bead by bob", "bob", {"update", a, "--claim"}},
  };
  for (const BadCommand& command : commands) {
    auto before = SnapshotLedgerFiles(ledger.beads_dir());
    ExpectRefusedInText(ledger, command);
    ExpectRefusedInJson(ledger, command);
    EXPECT_EQ(SnapshotLedgerFiles(ledger.beads_dir()), before)
        << command.what << ": a refused command changed the ledger's files";
  }
}

}  // namespace
}  // namespace gt::fault
