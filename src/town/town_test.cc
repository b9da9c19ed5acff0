// Towns and rigs on real directories and real git repositories.
#include "town/town.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/process.h"
#include "ledger/keys.h"
#include "ledger/member_ops.h"
#include "ledger/ops.h"
#include "ledger/queries.h"
#include "testing/temp_dir.h"
#include "town/agent.h"
#include "town/rig.h"
#include "town/route.h"

namespace gt::town {
namespace fs = std::filesystem;
namespace {

int Mode(const std::string& path) {
  struct stat st {};
  stat(path.c_str(), &st);
  return st.st_mode & 0777;
}

class TownTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* var : {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"}) setenv(var, "Test", 1);
    for (const char* var : {"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"})
      setenv(var, "test@example.com", 1);
    unsetenv("GT_TOWN");
  }
  /// A project with one commit on main.
  std::string Project(const std::string& name) {
    std::string dir = dir_ / name;
    EXPECT_EQ(RunProcess({"git", "init", "-q", "-b", "main", dir})->exit_code, 0);
    std::ofstream(dir + "/README") << "hello\n";
    EXPECT_EQ(RunProcess({"git", "-C", dir, "add", "README"})->exit_code, 0);
    EXPECT_EQ(RunProcess({"git", "-C", dir, "commit", "-q", "-m", "init"})->exit_code, 0);
    return dir;
  }
  Town MakeTown() {
    auto town = InitTown(dir_ / "town", {"hq-town", "acme", "local", "hq"});
    EXPECT_TRUE(town) << town.error().message;
    return *town;
  }
  testing::TempDir dir_;
};

TEST_F(TownTest, InitMakesTheLayoutWithPrivateKeys) {
  Town town = MakeTown();
  for (const char* p : {"town.toml", ".beads/config.toml", "keys", "run", "logs", "rigs"})
    EXPECT_TRUE(fs::exists(town.root + "/" + p)) << p;
  EXPECT_EQ(Mode(town.KeyDir()), 0700);
  EXPECT_EQ(Mode(town.KeyDir() + "/mayor.key"), 0600);
  auto loaded = LoadTown(town.root);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->config.name, "hq-town");
  EXPECT_EQ(loaded->config.org, "acme");
  EXPECT_EQ(loaded->EntityUri("ann"), "entity://local/acme/ann");
  auto again = InitTown(town.root, {});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
}

TEST_F(TownTest, InitRefusesANonEmptyDirectoryAndABadNameLeavesNothing) {
  fs::create_directories(dir_ / "full");
  std::ofstream(dir_ / "full/file") << "x";
  EXPECT_FALSE(InitTown(dir_ / "full", {}));
  EXPECT_TRUE(fs::exists(dir_ / "full/file"));
  auto bad = InitTown(dir_ / "bad", {"Bad Name", "", "local", "hq"});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("invalid town name"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "bad"));
}

TEST_F(TownTest, ARigGetsABareCloneALedgerBranchAndARoutedPrefix) {
  Town town = MakeTown();
  auto rig = AddRig(town, {"app", Project("app"), "gx", "beads"});
  ASSERT_TRUE(rig) << rig.error().message;
  EXPECT_EQ(rig->prefix, "gx");
  EXPECT_EQ(rig->default_branch, "main");
  EXPECT_FALSE(rig->ledger_existed);
  EXPECT_TRUE(fs::exists(town.RigBeadsDir("app") + "/config.toml"));
  EXPECT_TRUE(fs::exists(town.RigDir("app") + "/refinery/README"));
  EXPECT_FALSE(fs::exists(town.RigDir("app") + "/refinery/.beads"));  // code never carries it
  auto reloaded = LoadTown(town.root);
  ASSERT_TRUE(reloaded);
  EXPECT_EQ(reloaded->config.rigs.at("app"), "gx");
  EXPECT_EQ(*reloaded->RigForBead("gx-12"), "app");
  EXPECT_EQ(*reloaded->RigForBead("hq-3"), "");
  EXPECT_FALSE(reloaded->RigForBead("zz-1"));

  // bd's routing: by id prefix from anywhere in the town, else by rig directory.
  std::string rig_beads = fs::canonical(town.RigBeadsDir("app")).string();
  auto routed = RouteBeadsDir(town.root + "/logs", {"gx-12"});
  ASSERT_TRUE(routed);
  EXPECT_EQ(fs::canonical(*routed).string(), rig_beads);
  EXPECT_EQ(fs::canonical(*RouteBeadsDir(town.root, {"--x", "hq-1"})).string(),
            fs::canonical(town.BeadsDir()).string());
  EXPECT_EQ(fs::canonical(*RouteBeadsDir(town.RigDir("app") + "/refinery", {"title"})).string(),
            rig_beads);
  EXPECT_FALSE(RouteBeadsDir(town.root, {"Fix the thing"}));
  EXPECT_FALSE(RouteBeadsDir(dir_.path(), {"gx-12"}));  // outside the town

  // A second rig may not take a prefix already in use.
  auto clash = AddRig(town, {"other", Project("other"), "gx", "beads"});
  ASSERT_FALSE(clash);
  EXPECT_NE(clash.error().message.find("prefix gx is already rig app's"), std::string::npos);
  EXPECT_FALSE(fs::exists(town.RigDir("other")));
}

TEST_F(TownTest, ABadSourceLeavesNothingBehind) {
  Town town = MakeTown();
  auto rig = AddRig(town, {"app", dir_ / "nowhere", "", "beads"});
  ASSERT_FALSE(rig);
  EXPECT_NE(rig.error().message.find("cannot clone"), std::string::npos);
  EXPECT_FALSE(fs::exists(town.RigDir("app")));
  EXPECT_TRUE(LoadTown(town.root)->config.rigs.empty());
}

TEST_F(TownTest, AProjectsOwnLedgerBranchIsPickedUpWithItsPrefix) {
  Town first = MakeTown();
  std::string project = Project("app");
  ASSERT_TRUE(AddRig(first, {"app", project, "ab", "beads"}));
  // Publish the rig's ledger branch to the project, then a second town adds it.
  ASSERT_EQ(
      RunProcess({"git", "-C", RepoDir(first, "app"), "push", "-q", "origin", "beads"})->exit_code,
      0);
  auto second = InitTown(dir_ / "town2", {});
  ASSERT_TRUE(second);
  auto wrong = AddRig(*second, {"app", project, "zz", "beads"});
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("has prefix ab"), std::string::npos);
  auto rig = AddRig(*second, {"app", project, "", "beads"});
  ASSERT_TRUE(rig) << rig.error().message;
  EXPECT_TRUE(rig->ledger_existed);
  EXPECT_EQ(rig->prefix, "ab");
}

TEST_F(TownTest, AgentsGetKeysAndBecomeWritersOfEveryLedger) {
  Town town = MakeTown();
  ASSERT_TRUE(AddRig(town, {"app", Project("app"), "gx", "beads"}));
  auto added = AddAgent(town, {"ann", "script", {"true"}});
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->agent.uri, "entity://local/acme/ann");
  EXPECT_EQ(added->admitted, (std::vector<std::string>{"hq", "gx"}));
  EXPECT_EQ(Mode(town.KeyDir() + "/ann.key"), 0600);
  auto ledger = OpenLedgerAs(town, town.RigBeadsDir("app"), kAdminActor);
  ASSERT_TRUE(ledger);
  auto members = ListMembers(ledger->db());
  ASSERT_TRUE(members);
  bool writer = false;
  for (const auto& m : *members) writer = writer || (m.actor == "ann" && m.role == "writer");
  EXPECT_TRUE(writer);
  EXPECT_FALSE(AddAgent(town, {"ann", "script", {"true"}}));            // exists
  EXPECT_FALSE(AddAgent(town, {"bob", "script", {}}));                  // no command
  EXPECT_FALSE(AddAgent(town, {"cy", "tmux", {"no-such-agent-cli"}}));  // not on PATH
  EXPECT_FALSE(AddAgent(town, {"cy", "headless", {}}));                 // no command
  EXPECT_FALSE(AddAgent(town, {"cy", "screen", {"true"}}));             // no such runtime
  EXPECT_FALSE(AddAgent(town, {"mayor", "script", {"true"}}));          // the town's own
  EXPECT_EQ(FindAgent(town, "entity://local/acme/ann")->name, "ann");   // by URI
}

TEST_F(TownTest, RemovingARigRefusesUnpushedWorkUnlessForced) {
  Town town = MakeTown();
  ASSERT_TRUE(AddRig(town, {"app", Project("app"), "gx", "beads"}));
  EXPECT_TRUE(UnsavedWork(town, "app")->empty());
  auto ledger = OpenLedgerAs(town, town.RigBeadsDir("app"), kAdminActor);
  ASSERT_TRUE(ledger);
  CreateRequest r;
  r.title = "Unsynced";
  ASSERT_TRUE(CreateBead(*ledger, r));
  auto refused = RemoveRig(town, "app", false);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("ledger has events not pushed"), std::string::npos);
  EXPECT_TRUE(fs::exists(town.RigDir("app")));
  ASSERT_TRUE(RemoveRig(town, "app", true));
  EXPECT_FALSE(fs::exists(town.RigDir("app")));
  EXPECT_TRUE(LoadTown(town.root)->config.rigs.empty());
}

TEST_F(TownTest, TownTomlAddsAndOverridesAdaptersFieldByField) {
  Town town = MakeTown();
  EXPECT_EQ(town.AdapterFor("claude")->prompt, "arg");  // built in
  EXPECT_FALSE(town.AdapterFor("script"));              // a plain runtime
  std::ofstream(town.root + "/town.toml", std::ios::app)
      << "[runtimes.claude]\ncommand = [\"claude-beta\"]\n"
         "[runtimes.mine]\ncommand = [\"mine\", \"--go\"]\nprompt = \"type\"\nready = \"$ \"\n";
  auto loaded = LoadTown(town.root);
  ASSERT_TRUE(loaded) << loaded.error().message;
  auto claude = loaded->AdapterFor("claude");
  EXPECT_EQ(claude->command, std::vector<std::string>{"claude-beta"});
  EXPECT_EQ(claude->prompt, "arg");  // kept from the built-in adapter
  auto mine = loaded->AdapterFor("mine");
  EXPECT_EQ(mine->base, "tmux");
  EXPECT_EQ(mine->ready, "$ ");
  // Saving keeps the town's adapters (and only those).
  ASSERT_TRUE(SaveTown(*loaded));
  auto again = LoadTown(town.root);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->config.runtimes.size(), 2u);
  EXPECT_EQ(again->AdapterFor("mine")->command, (std::vector<std::string>{"mine", "--go"}));

  std::ofstream(town.root + "/town.toml", std::ios::app)
      << "[runtimes.bad]\ncommand = [\"x\"]\nbase = \"screen\"\n";
  auto bad = LoadTown(town.root);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("runtime bad: base must be tmux, script or headless"),
            std::string::npos);
}

}  // namespace
}  // namespace gt::town
