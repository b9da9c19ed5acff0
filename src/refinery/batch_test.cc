#include "refinery/batch.h"

#include <fstream>

#include <gtest/gtest.h>

#include "core/process.h"
#include "testing/temp_dir.h"

namespace gt::refinery {
namespace {

/// A rig's repositories: a bare origin, the refinery's bare clone of it,
/// and a workers' clone that pushes branches to the refinery's repository.
class RefineryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Git({"init", "-q", "--bare", "-b", "main", dir_ / "origin.git"});
    Git({"clone", "-q", dir_ / "origin.git", dir_ / "seed"});
    Commit("seed", "README", "hello\n", "first", "main");
    Git({"-C", dir_ / "seed", "push", "-q", "origin", "HEAD:main"});
    Git({"clone", "-q", "--bare", dir_ / "origin.git", dir_ / "repo.git"});
    Git({"clone", "-q", dir_ / "repo.git", dir_ / "work"});
  }

  void Git(std::vector<std::string> args) {
    args.insert(args.begin(), "git");
    auto r = RunProcess(args, {},
                        {"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@x", "GIT_COMMITTER_NAME=t",
                         "GIT_COMMITTER_EMAIL=t@x"});
    ASSERT_TRUE(r);
    ASSERT_EQ(r->exit_code, 0) << r->err;
  }
  std::string Out(const std::vector<std::string>& args) {
    auto r = RunProcess(args);
    EXPECT_TRUE(r && r->exit_code == 0);
    std::string out = r ? r->out : "";
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }
  void Commit(const std::string& clone, const std::string& file, const std::string& text,
              const std::string& message, const std::string& branch) {
    std::string dir = dir_ / clone;
    if (branch != "main") Git({"-C", dir, "checkout", "-q", "-B", branch, "origin/main"});
    std::ofstream(dir + "/" + file) << text;
    Git({"-C", dir, "add", file});
    Git({"-C", dir, "commit", "-q", "-m", message});
  }
  /// A worker's branch with one commit adding `file`, pushed to repo.git.
  Candidate Request(const std::string& name, const std::string& file,
                    const std::string& text = "x\n") {
    Commit("work", file, text, "work " + name, "polecat/" + name);
    Git({"-C", dir_ / "work", "push", "-q", "-f", "origin", "polecat/" + name});
    return {"mr-" + name, "polecat/" + name, {}};
  }
  MergeEngine Engine(Strategy strategy = Strategy::kRebase) {
    return MergeEngine({dir_ / "repo.git", "main", dir_ / "scratch", strategy, "origin"});
  }
  std::string Main(const std::string& repo = "repo.git") {
    return Out({"git", "-C", dir_ / repo, "rev-parse", "refs/heads/main"});
  }

  // Fails when the tree has a file named BAD: a request's "broken test".
  std::vector<GateSpec> gates_ = {{"no-bad-file", {"test", "!", "-e", "BAD"}, 10000}};
  testing::TempDir dir_;
};

TEST_F(RefineryTest, ACleanRequestMergesAndIsPushed) {
  Candidate c = Request("nux", "feature.txt");
  MergeEngine engine = Engine();
  auto report = ProcessBatch(engine, gates_, {c});
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->outcomes.size(), 1u);
  EXPECT_EQ(report->outcomes[0].verdict, Verdict::kMerged);
  // Already on top of main: fast-forwarded, the worker's commit unchanged.
  EXPECT_EQ(Main(), Out({"git", "-C", dir_ / "repo.git", "rev-parse", "refs/heads/polecat/nux"}));
  EXPECT_EQ(Main("origin.git"), Main());
  EXPECT_EQ(report->tests, 1);
}

TEST_F(RefineryTest, AFailingGateBouncesWithItsOutputAndMainStays) {
  std::string before = Main();
  Candidate c = Request("toast", "BAD");
  MergeEngine engine = Engine();
  auto report = ProcessBatch(engine, gates_, {c});
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->outcomes.size(), 1u);
  EXPECT_EQ(report->outcomes[0].verdict, Verdict::kFailed);
  EXPECT_NE(report->outcomes[0].message.find("gate no-bad-file failed (exit 1)"), std::string::npos)
      << report->outcomes[0].message;
  EXPECT_EQ(Main(), before);
}

TEST_F(RefineryTest, AConflictBouncesAndTheBranchIsNotRewritten) {
  Candidate first = Request("a", "same.txt", "one\n");
  Candidate second = Request("b", "same.txt", "two\n");
  std::string branch_before =
      Out({"git", "-C", dir_ / "repo.git", "rev-parse", "refs/heads/polecat/b"});
  MergeEngine engine = Engine();
  auto report = ProcessBatch(engine, gates_, {first, second});
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->outcomes.size(), 2u);
  EXPECT_EQ(report->outcomes[0].verdict, Verdict::kMerged);
  EXPECT_EQ(report->outcomes[1].verdict, Verdict::kConflict);
  EXPECT_NE(report->outcomes[1].message.find("does not apply on main"), std::string::npos);
  EXPECT_EQ(Out({"git", "-C", dir_ / "repo.git", "rev-parse", "refs/heads/polecat/b"}),
            branch_before);
}

TEST_F(RefineryTest, ABatchOfEightWithOneBadMergesSevenInFewerTests) {
  std::vector<Candidate> batch;
  for (int i = 0; i < 8; ++i)
    batch.push_back(Request("w" + std::to_string(i), i == 5 ? "BAD" : "f" + std::to_string(i)));
  MergeEngine engine = Engine();
  auto report = ProcessBatch(engine, gates_, batch);
  ASSERT_TRUE(report) << report.error().message;
  int merged = 0, failed = 0;
  for (const Outcome& o : report->outcomes) {
    merged += o.verdict == Verdict::kMerged;
    if (o.verdict == Verdict::kFailed) {
      ++failed;
      EXPECT_EQ(o.candidate.id, "mr-w5");
    }
  }
  EXPECT_EQ(merged, 7);
  EXPECT_EQ(failed, 1);
  EXPECT_LT(report->tests, 8);  // 8 separate tests would be needed one by one
  for (int i = 0; i < 8; ++i)
    EXPECT_EQ(
        RunProcess({"git", "-C", dir_ / "repo.git", "cat-file", "-e", "main:f" + std::to_string(i)})
                ->exit_code == 0,
        i != 5);
}

TEST_F(RefineryTest, ABatchThatPassesIsOneTest) {
  std::vector<Candidate> batch;
  for (int i = 0; i < 8; ++i)
    batch.push_back(Request("g" + std::to_string(i), "g" + std::to_string(i)));
  MergeEngine engine = Engine();
  auto report = ProcessBatch(engine, gates_, batch);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->tests, 1);
  EXPECT_EQ(report->outcomes.size(), 8u);
  for (const Outcome& o : report->outcomes) EXPECT_EQ(o.verdict, Verdict::kMerged);
}

TEST_F(RefineryTest, RunningAgainAfterAMergeNeverMergesTwice) {
  Candidate base = Request("early", "early.txt");
  MergeEngine engine = Engine();
  ASSERT_TRUE(ProcessBatch(engine, gates_, {base}));
  // Branched from the main before "early" (the workers' clone has not
  // fetched): cherry-picked onto main, not fast-forwarded.
  Candidate late = Request("late", "late.txt");
  ASSERT_TRUE(ProcessBatch(engine, gates_, {late}));
  std::string main = Main();
  ASSERT_NE(main, Out({"git", "-C", dir_ / "repo.git", "rev-parse", "refs/heads/polecat/late"}));
  // A refinery killed after moving main but before recording: run it again.
  auto again = ProcessBatch(engine, gates_, {base, late});
  ASSERT_TRUE(again) << again.error().message;
  ASSERT_EQ(again->outcomes.size(), 2u);
  EXPECT_EQ(again->outcomes[0].verdict, Verdict::kAlreadyMerged);
  EXPECT_EQ(again->outcomes[1].verdict, Verdict::kAlreadyMerged);
  EXPECT_EQ(Main(), main);
  EXPECT_EQ(again->tests, 0);
}

TEST_F(RefineryTest, WhatAKilledRunLeftInTheScratchWorktreeIsCleared) {
  Candidate c = Request("k", "k.txt");
  MergeEngine engine = Engine();
  ASSERT_TRUE(engine.BuildStack({c}));
  // Killed mid-test: files written by a gate, a half-applied pick.
  std::ofstream(dir_ / "scratch/BAD") << "left by a gate\n";
  std::ofstream(dir_ / "scratch/k.txt") << "edited\n";
  auto report = ProcessBatch(engine, gates_, {c});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->outcomes[0].verdict, Verdict::kMerged);
  EXPECT_FALSE(std::ifstream(dir_ / "scratch/BAD").good());
}

TEST_F(RefineryTest, MainMovesOnlyFromTheCommitTested) {
  MergeEngine engine = Engine();
  std::string main = Main();
  auto stale = engine.Advance("0000000000000000000000000000000000000001", main);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(Main(), main);
}

TEST_F(RefineryTest, TheMergeStrategyMakesMergeCommits) {
  Candidate c = Request("m", "m.txt");
  MergeEngine engine = Engine(Strategy::kMerge);
  auto report = ProcessBatch(engine, gates_, {c});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->outcomes[0].verdict, Verdict::kMerged);
  EXPECT_EQ(
      Out({"git", "-C", dir_ / "repo.git", "rev-list", "--parents", "-n", "1", "main"}).size(),
      3 * 40 + 2);  // a commit with two parents
}

}  // namespace
}  // namespace gt::refinery
