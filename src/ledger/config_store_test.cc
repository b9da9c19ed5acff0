#include "ledger/config_store.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "testing/ledger_fixture.h"

namespace gt {
namespace {

class ConfigStoreTest : public testing::LedgerTest {
 protected:
  std::string File() {
    std::ifstream in(beads_ + "/config.toml");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
};

TEST_F(ConfigStoreTest, SetsGetsListsAndUnsetsKeepingOtherKeys) {
  EXPECT_EQ(**GetConfigValue(beads_, "issue_prefix"), "gt");
  EXPECT_EQ(**GetConfigValue(beads_, "prefix"), "gt");  // alias
  EXPECT_FALSE(*GetConfigValue(beads_, "export.auto"));
  EXPECT_EQ(*SetConfigValue(beads_, "export.auto", "Yes"), "true");
  EXPECT_EQ(*SetConfigValue(beads_, "output.title-length", "40"), "40");
  EXPECT_EQ(*SetConfigValue(beads_, "status.custom", "review:wip, qa"), "review:wip,qa");
  EXPECT_NE(File().find("[export]"), std::string::npos);
  EXPECT_NE(File().find("version = 1"), std::string::npos);
  auto all = ListConfigValues(beads_);
  ASSERT_TRUE(all);
  std::vector<std::string> keys;
  for (auto& [k, v] : *all) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"export.auto", "issue_prefix", "name",
                                            "output.title-length", "status.custom"}));
  EXPECT_TRUE(*UnsetConfigValue(beads_, "export.auto"));
  EXPECT_FALSE(*UnsetConfigValue(beads_, "export.auto"));
  EXPECT_EQ(File().find("[export]"), std::string::npos);
  EXPECT_EQ(**GetConfigValue(beads_, "output.title-length"), "40");
  // The ledger still opens, and new ids take a new prefix.
  EXPECT_EQ(*SetConfigValue(beads_, "issue_prefix", "np"), "np");
  Ledger l = Open();
  EXPECT_EQ(l.config().prefix, "np");
  EXPECT_TRUE(Create(l, "New").id.starts_with("np-"));
}

TEST_F(ConfigStoreTest, RefusesUnknownKeysAndBadValuesWritingNothing) {
  std::string before = File();
  auto unknown = SetConfigValue(beads_, "colour", "red");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().hint.find("export.auto"), std::string::npos);
  for (auto [key, value] :
       std::vector<std::pair<const char*, const char*>>{{"export.auto", "maybe"},
                                                        {"output.title-length", "-1"},
                                                        {"output.title-length", "ten"},
                                                        {"status.custom", "open"},
                                                        {"status.custom", "Review"},
                                                        {"status.custom", "review:later"},
                                                        {"types.custom", "bug"},
                                                        {"sync.branch", "a b"},
                                                        {"sync.branch", "x..y"},
                                                        {"export.path", "/etc/passwd"},
                                                        {"issue_prefix", "!!"},
                                                        {"actor", ""}}) {
    auto r = SetConfigValue(beads_, key, value);
    EXPECT_FALSE(r) << key << "=" << value;
    if (!r) {
      EXPECT_EQ(r.error().kind, ErrorKind::kInvalidArgument) << key;
    }
  }
  EXPECT_FALSE(UnsetConfigValue(beads_, "issue_prefix"));
  EXPECT_EQ(File(), before);
}

}  // namespace
}  // namespace gt
