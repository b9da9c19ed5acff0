// Test helper: a fresh ledger in a temp dir, written through the real path.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "ledger/keys.h"
#include "ledger/ledger.h"
#include "ledger/ops.h"
#include "ledger/workspace.h"
#include "testing/temp_dir.h"

namespace gt::testing {

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = LoadOrCreateKey(dir_ / "keys", "alice");
    ASSERT_TRUE(key);
    auto beads = InitLedger(dir_ / "repo", {"gt", PublicKeyText(key->public_key), "alice", "now"});
    ASSERT_TRUE(beads) << beads.error().message;
    beads_ = *beads;
  }
  Ledger Open(const std::string& actor = "alice", const std::string& beads_dir = "") {
    auto ledger = Ledger::Open({beads_dir.empty() ? beads_ : beads_dir, actor, dir_ / "keys"});
    EXPECT_TRUE(ledger) << ledger.error().message;
    return std::move(*ledger);
  }
  Bead Create(Ledger& ledger, CreateRequest r) {
    auto bead = CreateBead(ledger, r);
    EXPECT_TRUE(bead) << bead.error().message;
    return bead ? *bead : Bead{};
  }
  Bead Create(Ledger& ledger, const std::string& title, const std::string& description = "") {
    CreateRequest r;
    r.title = title;
    r.description = description;
    return Create(ledger, r);
  }
  /// The public key text of an actor's key (created on first use).
  std::string KeyOf(const std::string& actor) {
    auto key = LoadOrCreateKey(dir_ / "keys", actor);
    EXPECT_TRUE(key);
    return key ? PublicKeyText(key->public_key) : "";
  }
  /// Writes one raw event (ops that have no helper yet: comments, deletes).
  void Write(Ledger& ledger, const std::string& op, const std::string& bead,
             nlohmann::json data = nlohmann::json::object()) {
    auto written = ledger.Write([&](Database&) -> Result<std::vector<EventDraft>> {
      return std::vector<EventDraft>{{op, bead, data}};
    });
    ASSERT_TRUE(written) << written.error().message;
  }

  TempDir dir_;
  std::string beads_;
};

}  // namespace gt::testing
