#include "ledger/ledger.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/bead_json.h"
#include "ledger/chain_verify.h"
#include "ledger/digest.h"
#include "ledger/ops.h"
#include "ledger/queries.h"
#include "testing/temp_dir.h"

namespace gt {
namespace fs = std::filesystem;

namespace {

/// A ledger in a temp dir, opened as any actor.
class LedgerFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = LoadOrCreateKey(KeyDir(), "alice");
    ASSERT_TRUE(key);
    auto beads =
        InitLedger(dir_.path() + "/repo", {"gt", PublicKeyText(key->public_key), "alice", "now"});
    ASSERT_TRUE(beads) << beads.error().message;
    beads_ = *beads;
  }
  std::string KeyDir() const { return dir_ / "keys"; }
  Ledger Open(const std::string& actor, const std::string& beads_dir = "") {
    auto ledger = Ledger::Open({beads_dir.empty() ? beads_ : beads_dir, actor, KeyDir()});
    EXPECT_TRUE(ledger) << ledger.error().message;
    return std::move(*ledger);
  }
  /// Every live bead as beads' JSON, in id order: the state to compare.
  static std::string Snapshot(Ledger& ledger) {
    ListFilter all;
    all.all = true;
    all.limit = 0;
    all.sort = "id";
    auto beads = ListBeads(ledger.db(), all);
    EXPECT_TRUE(beads);
    nlohmann::json out = nlohmann::json::array();
    for (const Bead& b : *beads) {
      nlohmann::json j = BeadToJson(b);
      j["blocked"] = b.blocked;
      out.push_back(j);
    }
    return out.dump(1);
  }
  std::string CopyLedger(const std::string& name) {
    std::string to = dir_ / name;
    fs::copy(fs::path(beads_).parent_path(), to, fs::copy_options::recursive);
    fs::remove(to + "/.beads/beads.db");
    fs::remove(to + "/.beads/beads.db-wal");
    fs::remove(to + "/.beads/beads.db-shm");
    return to + "/.beads";
  }
  /// What a git merge does to append-only chains: each file ends up as the
  /// longer of its two versions.
  static void MergeChains(const std::string& from, const std::string& to) {
    for (const auto& e : fs::directory_iterator(from + "/log")) {
      if (e.path().extension() != ".jsonl") continue;
      fs::path target = to + "/log/" + e.path().filename().string();
      if (!fs::exists(target) || fs::file_size(target) < fs::file_size(e.path()))
        fs::copy_file(e.path(), target, fs::copy_options::overwrite_existing);
    }
  }
  Bead Create(Ledger& ledger, const std::string& title,
              std::vector<CreateRequest::NewDep> deps = {}, const std::string& parent = "") {
    CreateRequest r;
    r.title = title;
    r.deps = std::move(deps);
    r.parent = parent;
    auto bead = CreateBead(ledger, r);
    EXPECT_TRUE(bead) << bead.error().message;
    return *bead;
  }

  testing::TempDir dir_;
  std::string beads_;
};

}  // namespace

TEST_F(LedgerFixture, ReadyFollowsBlockersAndParents) {
  Ledger l = Open("alice");
  Bead design = Create(l, "Design");
  Bead build = Create(l, "Build", {{"blocks", design.id, false}});
  Bead epic = Create(l, "Epic");
  Bead step = Create(l, "Step", {}, epic.id);
  EXPECT_EQ(step.id, epic.id + ".1");
  ASSERT_TRUE(AddDependency(l, epic.id, build.id, "blocks"));

  auto ready_ids = [&] {
    ReadyFilter f;
    f.now = "9999";
    auto beads = ReadyBeads(l.db(), f, nullptr);
    std::set<std::string> ids;
    for (const Bead& b : *beads) ids.insert(b.id);
    return ids;
  };
  // Build waits for Design; Epic waits for Build, so Step (its child) waits too.
  EXPECT_EQ(ready_ids(), std::set<std::string>{design.id});
  ASSERT_TRUE(CloseBead(l, design.id, "done", false));
  EXPECT_EQ(ready_ids(), std::set<std::string>{build.id});
  ASSERT_TRUE(CloseBead(l, build.id, "done", false));
  EXPECT_EQ(ready_ids(), (std::set<std::string>{epic.id, step.id}));
  // An epic with an open child cannot close without force.
  auto refused = CloseBead(l, epic.id, "", false);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("1 open child"), std::string::npos);
  // Reopening Build blocks the epic again, and with it the epic's subtree.
  ASSERT_TRUE(ReopenBead(l, build.id, ""));
  EXPECT_EQ(ready_ids(), std::set<std::string>{build.id});
}

TEST_F(LedgerFixture, CyclesAreRefusedAndNamed) {
  Ledger l = Open("alice");
  Bead a = Create(l, "A"), b = Create(l, "B"), c = Create(l, "C");
  ASSERT_TRUE(AddDependency(l, a.id, b.id, "blocks"));
  ASSERT_TRUE(AddDependency(l, b.id, c.id, "blocks"));
  auto cycle = AddDependency(l, c.id, a.id, "blocks");
  ASSERT_FALSE(cycle);
  EXPECT_EQ(cycle.error().message, "adding dependency would create a cycle: " + c.id + " -> " +
                                       a.id + " -> " + b.id + " -> " + c.id);
  EXPECT_FALSE(AddDependency(l, a.id, a.id, "blocks"));
  // `related` edges never gate, so they may point anywhere.
  EXPECT_TRUE(AddDependency(l, c.id, a.id, "related"));
}

TEST_F(LedgerFixture, ClaimIsACompareAndSet) {
  Ledger alice = Open("alice");
  Bead bead = Create(alice, "Contended");
  ASSERT_TRUE(ClaimBead(alice, bead.id));
  ASSERT_TRUE(ClaimBead(alice, bead.id));  // idempotent for the holder
  Ledger bob = Open("bob");
  auto lost = ClaimBead(bob, bead.id);
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().message, "issue " + bead.id + " already claimed by alice");
  auto held = LoadBead(bob.db(), bead.id);
  EXPECT_EQ(held->assignee, "alice");
  EXPECT_EQ(held->status, "in_progress");
}

TEST_F(LedgerFixture, SecondHandleCatchesUpAndRebuildMatchesIncremental) {
  Ledger a = Open("alice");
  Ledger b = Open("bob");
  Bead x = Create(a, "X");
  Bead y = Create(b, "Y", {{"blocks", x.id, false}});
  ASSERT_TRUE(ClaimBead(a, x.id));
  ASSERT_TRUE(UpdateBead(b, y.id, UpdateRequest{.notes = "from bob"}));
  ASSERT_TRUE(a.index().CatchUp());
  std::string incremental = Snapshot(a);
  EXPECT_NE(incremental.find("from bob"), std::string::npos);
  ASSERT_TRUE(a.index().Rebuild());
  EXPECT_EQ(Snapshot(a), incremental);
  fs::remove(beads_ + "/beads.db");
  fs::remove(beads_ + "/beads.db-wal");
  fs::remove(beads_ + "/beads.db-shm");
  Ledger fresh = Open("carol");
  EXPECT_EQ(Snapshot(fresh), incremental);
}

TEST_F(LedgerFixture, MergedClonesConvergeAndTheFirstClaimInFoldOrderWins) {
  Bead shared;
  {
    Ledger l = Open("alice");
    shared = Create(l, "Shared");
  }
  std::string clone = CopyLedger("clone");
  // Concurrent work in both clones, then exchange chains both ways.
  {
    Ledger alice = Open("alice");
    Create(alice, "Only in origin");
    ASSERT_TRUE(ClaimBead(alice, shared.id));
  }
  {
    Ledger bob = Open("bob", clone);
    ASSERT_TRUE(ClaimBead(bob, shared.id));
    Create(bob, "Only in clone");
  }
  MergeChains(clone, beads_);
  MergeChains(beads_, clone);
  Ledger origin = Open("alice");
  Ledger other = Open("bob", clone);
  std::string a = Snapshot(origin), b = Snapshot(other);
  EXPECT_EQ(a, b);
  EXPECT_NE(a.find("Only in origin"), std::string::npos);
  EXPECT_NE(a.find("Only in clone"), std::string::npos);
  // Both claims have lc 3 here; (lc, keyid, seq) decides, the same everywhere.
  auto winner = LoadBead(origin.db(), shared.id);
  auto history = BeadHistory(origin.db(), origin.index().log_dir(), shared.id);
  ASSERT_TRUE(history);
  int applied_claims = 0, rejected_claims = 0;
  for (const HistoryEntry& h : *history) {
    if (h.op != "bead.claim") continue;
    (h.applied ? applied_claims : rejected_claims)++;
    if (h.applied)
      EXPECT_EQ(h.actor, winner->assignee);
    else
      EXPECT_EQ(h.note, "already claimed by " + winner->assignee);
  }
  EXPECT_EQ(applied_claims, 1);
  EXPECT_EQ(rejected_claims, 1);
  // The digest agrees too, and equals a fold of all events in one place.
  auto da = StateDigest(origin.db()), db = StateDigest(other.db());
  ASSERT_TRUE(da && db);
  EXPECT_EQ(*da, *db);
  ASSERT_TRUE(origin.index().Rebuild());
  EXPECT_EQ(*StateDigest(origin.db()), *da);
  ASSERT_TRUE(UpdateBead(origin, shared.id, [] {
    UpdateRequest r;
    r.notes = "changed";
    return r;
  }()));
  EXPECT_NE(*StateDigest(origin.db()), *da);
}

TEST_F(LedgerFixture, TornTailIsIgnoredThenRepairedByTheNextWrite) {
  Ledger l = Open("alice");
  Bead first = Create(l, "Survives");
  auto key = LoadOrCreateKey(KeyDir(), "alice");
  std::string chain = beads_ + "/log/" + KeyId(key->public_key) + ".jsonl";
  auto before = fs::file_size(chain);
  {
    std::ofstream out(chain, std::ios::app);
    out << "{\"actor\":\"alice\",\"bead\":\"gt-half";  // a crash mid-append
  }
  Ledger again = Open("alice");
  EXPECT_TRUE(again.catch_up().problems.empty());
  EXPECT_TRUE(LoadBead(again.db(), first.id));
  Create(again, "After the crash");
  auto batch = ReadVerifiedChain(chain, {}, true);
  ASSERT_TRUE(batch);
  EXPECT_TRUE(batch->problems.empty());
  EXPECT_FALSE(batch->torn_tail);
  EXPECT_EQ(batch->lines.size(), 2u);
  EXPECT_GT(fs::file_size(chain), before);
}

TEST_F(LedgerFixture, ATamperedLineStopsItsChainAndIsReportedWithItsLine) {
  Ledger l = Open("alice");
  for (int i = 0; i < 5; ++i) Create(l, "Bead " + std::to_string(i));
  auto key = LoadOrCreateKey(KeyDir(), "alice");
  std::string chain = beads_ + "/log/" + KeyId(key->public_key) + ".jsonl";
  std::ifstream in(chain);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  in.close();
  lines[2].replace(lines[2].find("Bead 2"), 6, "Bead X");
  std::ofstream out(chain, std::ios::trunc);
  for (const auto& line : lines) out << line << "\n";
  out.close();

  auto batch = ReadVerifiedChain(chain, {}, false);
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->problems.size(), 1u);
  EXPECT_EQ(batch->problems[0].line, 3);
  EXPECT_NE(batch->problems[0].reason.find("id does not match"), std::string::npos);
  EXPECT_EQ(batch->lines.size(), 2u);
  // The index re-folds and keeps only the intact prefix; writes are refused.
  Ledger after = Open("alice");
  ASSERT_EQ(after.catch_up().problems.size(), 1u);
  EXPECT_EQ(Snapshot(after).find("Bead X"), std::string::npos);
  CreateRequest r;
  r.title = "refused";
  auto refused = CreateBead(after, r);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kCorruption);
}

}  // namespace gt

namespace gt {

TEST_F(LedgerFixture, RemovingTheNewestLinesIsReportedByTheIndexThatSawThem) {
  {
    Ledger l = Open("alice");
    for (int i = 0; i < 3; ++i) Create(l, "Bead " + std::to_string(i));
  }
  auto key = LoadOrCreateKey(KeyDir(), "alice");
  std::string chain = beads_ + "/log/" + KeyId(key->public_key) + ".jsonl";
  std::ifstream in(chain);
  std::string kept, line;
  for (int i = 0; i < 2 && std::getline(in, line); ++i) kept += line + "\n";
  in.close();
  std::ofstream(chain, std::ios::trunc) << kept;

  // The shortened chain is valid on its own; only this index knows better.
  Ledger after = Open("alice");
  ASSERT_EQ(after.catch_up().problems.size(), 1u);
  EXPECT_NE(
      after.catch_up().problems[0].reason.find("ends at event 2 but this index had applied 3"),
      std::string::npos);
  EXPECT_EQ(Snapshot(after).find("Bead 2"), std::string::npos);
  CreateRequest r;
  r.title = "refused until resolved";
  EXPECT_FALSE(CreateBead(after, r));
  // An explicit rebuild accepts the files as they are.
  ASSERT_TRUE(after.index().Rebuild());
  auto lost = after.index().LostEvents();
  ASSERT_TRUE(lost);
  EXPECT_TRUE(lost->empty());
  EXPECT_TRUE(CreateBead(after, r));
}

}  // namespace gt
