// Concurrency: many bd processes, each its own actor, on one ledger at the
// same time. Nothing acknowledged may be lost, no claim may be granted twice,
// and the index must stay exactly the fold of the log, also when it is
// missing or deleted while bd runs.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fault/bd_runner.h"
#include "fault/fault_ledger.h"
#include "fault/scale.h"

namespace gt::fault {
namespace {

constexpr int kProcesses = 8;
constexpr int kOpsPerProcess = Scaled(300);
constexpr int kContendedBeads = 20;

/// One bd run by a worker, as the worker saw it.
struct OpRecord {
  std::string kind;   // "create", "update" or "claim"
  std::string actor;  // BD_ACTOR of the run
  std::string bead;   // the id created, or the bead updated / claimed
  std::string notes;  // for updates: the unique notes text written
  int exit_code = -1;
  std::string err;
};

nlohmann::json ToJson(const OpRecord& op) {
  return {{"kind", op.kind},   {"actor", op.actor},         {"bead", op.bead},
          {"notes", op.notes}, {"exit_code", op.exit_code}, {"err", op.err}};
}

OpRecord FromJson(const nlohmann::json& j) {
  auto text = [&](const char* key) { return j[key].get<std::string>(); };
  return {text("kind"), text("actor"), text("bead"), text("notes"), j["exit_code"].get<int>(),
          text("err")};
}

std::string Pick(const std::vector<std::string>& ids, std::mt19937& rng) {
  return ids[rng() % ids.size()];
}

/// One random operation: a create, an update of priority and (unique) notes,
/// or a claim of one of the contended beads.
OpRecord RunRandomOp(const BdEnv& env, int n, const std::vector<std::string>& contended,
                     std::vector<std::string>& mine, std::mt19937& rng) {
  OpRecord op{.actor = env.actor};
  std::string priority = std::to_string(rng() % 5);
  int dice = int(rng() % 100);
  RunResult r;
  if (dice < 25) {
    op.kind = "create";
    r = RunBd(env,
              {"create", env.actor + " task " + std::to_string(n), "-p", priority, "--silent"});
    op.bead = Trim(r.out);
    if (r.ok()) mine.push_back(op.bead);
  } else if (dice < 60) {
    op.kind = "update";
    op.bead = !mine.empty() && rng() % 2 ? Pick(mine, rng) : Pick(contended, rng);
    op.notes = "notes by " + env.actor + " #" + std::to_string(n);
    r = RunBd(env, {"update", op.bead, "-p", priority, "--notes", op.notes, "-q"});
  } else {
    op.kind = "claim";
    op.bead = Pick(contended, rng);
    r = RunBd(env, {"update", op.bead, "--claim", "-q"});
  }
  op.exit_code = r.exit_code;
  op.err = r.err;
  return op;
}

/// What one worker process does: runs bd as `env.actor`, one process at a
/// time, and returns what happened.
using WorkerBody = std::function<std::vector<OpRecord>(const BdEnv& env, int worker)>;

/// Runs `body` in a forked child and writes its records to `path`, one JSON
/// line each; exits the child. _exit: the child must not run the test's
/// destructors (they would delete the ledger) or flush the parent's output.
[[noreturn]] void RunWorkerProcess(const FaultLedger& ledger, int worker, const WorkerBody& body,
                                   const std::string& path) {
  std::ofstream out(path);
  for (const OpRecord& op : body(ledger.As("actor" + std::to_string(worker)), worker))
    out << ToJson(op).dump() << "\n";
  _exit(out.flush() ? 0 : 1);
}

/// Forks kProcesses workers and calls `meanwhile` (if any) every 10 ms until
/// they have all finished; returns every record.
std::vector<OpRecord> RunWorkers(const FaultLedger& ledger, const WorkerBody& body,
                                 const std::function<void()>& meanwhile = {}) {
  auto path = [&](int w) { return ledger.scratch() + "/worker" + std::to_string(w) + ".jsonl"; };
  std::set<pid_t> running;
  for (int w = 0; w < kProcesses; ++w) {
    pid_t pid = fork();
    if (pid == 0) RunWorkerProcess(ledger, w, body, path(w));
    running.insert(pid);
  }
  while (!running.empty()) {
    int status = 0;
    pid_t pid = waitpid(-1, &status, meanwhile ? WNOHANG : 0);
    if (pid > 0) {
      running.erase(pid);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "worker " << pid << " failed";
    } else if (meanwhile) {
      meanwhile();
      usleep(10000);
    }
  }
  std::vector<OpRecord> records;
  for (int w = 0; w < kProcesses; ++w)
    for (const std::string& line : CompleteLines(ReadFile(path(w))))
      records.push_back(FromJson(ParseJson(line)));
  return records;
}

/// The mixed workload: kOpsPerProcess random creates, updates and claims.
std::vector<OpRecord> MixedWork(const BdEnv& env, int worker,
                                const std::vector<std::string>& contended) {
  std::mt19937 rng(7919 * (worker + 1));
  std::vector<std::string> mine;
  std::vector<OpRecord> records;
  for (int n = 0; n < kOpsPerProcess; ++n)
    records.push_back(RunRandomOp(env, n, contended, mine, rng));
  return records;
}

/// Claims every one of `beads`, in a random order of the worker's own.
std::vector<OpRecord> ClaimEverything(const BdEnv& env, int worker,
                                      std::vector<std::string> beads) {
  std::shuffle(beads.begin(), beads.end(), std::mt19937(31 * (worker + 1)));
  std::vector<OpRecord> records;
  for (const std::string& id : beads) {
    RunResult r = RunBd(env, {"update", id, "--claim", "-q"});
    records.push_back({"claim", env.actor, id, "", r.exit_code, r.err});
  }
  return records;
}

/// Creates and updates have no reason to fail; a claim may only lose a race.
void ExpectOnlyLostClaimsFailed(const std::vector<OpRecord>& records) {
  for (const OpRecord& op : records) {
    if (op.exit_code == 0) continue;
    if (op.kind == "claim") {
      EXPECT_NE(op.err.find("already claimed by"), std::string::npos)
          << op.actor << " claim of " << op.bead << " failed for another reason: " << op.err;
    } else {
      ADD_FAILURE() << op.kind << " " << op.bead << " by " << op.actor << " failed: " << op.err;
    }
  }
}

/// The index lists exactly the pre-created and acknowledged beads, and the
/// log holds a create event for each acknowledged one.
void ExpectCreatesListedAndLogged(const std::vector<OpRecord>& records,
                                  const std::vector<std::string>& contended,
                                  const std::map<std::string, nlohmann::json>& beads,
                                  const std::vector<nlohmann::json>& log) {
  std::set<std::string> logged;
  for (const auto& e : log)
    if (e.value("op", "") == "bead.create") logged.insert(e.value("bead", ""));
  std::set<std::string> expected(contended.begin(), contended.end());
  for (const OpRecord& op : records) {
    if (op.kind != "create" || op.exit_code != 0) continue;
    expected.insert(op.bead);
    EXPECT_TRUE(logged.count(op.bead)) << "acknowledged create " << op.bead << " not in the log";
  }
  std::set<std::string> listed;
  for (const auto& [id, bead] : beads) listed.insert(id);
  EXPECT_EQ(listed, expected) << "bd list differs from the acknowledged creates";
}

/// Every acknowledged update has its event in the log, signed as its actor.
void ExpectUpdatesLogged(const std::vector<OpRecord>& records,
                         const std::vector<nlohmann::json>& log) {
  std::set<std::tuple<std::string, std::string, std::string>> logged;  // bead, actor, notes
  for (const auto& e : log)
    if (std::string notes = NotesSetBy(e); !notes.empty())
      logged.insert({e.value("bead", ""), e.value("actor", ""), notes});
  for (const OpRecord& op : records) {
    if (op.kind != "update" || op.exit_code != 0) continue;
    EXPECT_TRUE(logged.count({op.bead, op.actor, op.notes}))
        << "acknowledged update \"" << op.notes << "\" of " << op.bead << " not in the log";
  }
}

/// Per bead, `bd history` shows every acknowledged update as applied, and
/// the bead's notes are those of the last applied update in fold order.
void ExpectUpdatesInHistory(const FaultLedger& ledger, const std::vector<OpRecord>& records,
                            const std::map<std::string, nlohmann::json>& beads) {
  std::map<std::string, std::set<std::string>> acked;  // bead → notes
  for (const OpRecord& op : records)
    if (op.kind == "update" && op.exit_code == 0) acked[op.bead].insert(op.notes);
  for (const auto& [id, notes] : acked) {
    RunResult r = ledger.Bd("reader", {"history", id, "--json"});
    nlohmann::json history = ParseJson(r.out);
    ASSERT_TRUE(r.ok() && history.is_array()) << r.Describe();
    std::set<std::string> applied;
    std::string last;
    for (const auto& h : history) {
      std::string set = NotesSetBy(h);
      if (set.empty()) continue;
      EXPECT_TRUE(h.value("applied", false)) << id << ": an update was not applied: " << h.dump();
      applied.insert(set);
      last = set;
    }
    for (const std::string& text : notes) {
      EXPECT_TRUE(applied.count(text))
          << id << ": acknowledged notes \"" << text << "\" missing from bd history";
    }
    EXPECT_EQ(beads.at(id).value("notes", ""), last) << id << ": notes are not the last update's";
  }
}

/// No bead was granted to two actors: the one told yes is the one the index
/// names, and the only one with claim events. With `all_granted` (no bd run
/// failed for another reason), each bead that was tried has a holder.
void ExpectOneClaimerPerBead(const std::vector<OpRecord>& records,
                             const std::vector<std::string>& contended,
                             const std::map<std::string, nlohmann::json>& beads,
                             const std::vector<nlohmann::json>& log, bool all_granted) {
  std::map<std::string, std::set<std::string>> winners, attempts, claim_events;
  for (const OpRecord& op : records) {
    if (op.kind != "claim") continue;
    attempts[op.bead].insert(op.actor);
    if (op.exit_code == 0) winners[op.bead].insert(op.actor);
  }
  for (const auto& e : log)
    if (e.value("op", "") == "bead.claim")
      claim_events[e.value("bead", "")].insert(e.value("actor", ""));
  for (const std::string& id : contended) {
    std::string names;
    for (const std::string& actor : winners[id]) names += " " + actor;
    EXPECT_LE(winners[id].size(), 1u) << id << " was granted to" << names;
    if (all_granted && !attempts[id].empty()) {
      EXPECT_EQ(winners[id].size(), 1u) << id << " was tried but granted to no one";
    }
    if (winners[id].size() != 1) continue;
    const std::string& winner = *winners[id].begin();
    EXPECT_EQ(beads.at(id).value("assignee", ""), winner) << id;
    EXPECT_EQ(beads.at(id).value("status", ""), "in_progress") << id;
    EXPECT_EQ(claim_events[id], std::set<std::string>{winner}) << id << ": claim events by others";
  }
}

void ExpectVerifies(const FaultLedger& ledger) {
  for (std::vector<std::string> args : {std::vector<std::string>{"verify"}, {"verify", "--deep"}}) {
    RunResult r = ledger.Bd("reader", args);
    EXPECT_TRUE(r.ok()) << "bd " << args.back() << ": " << r.Describe();
  }
}

/// The index is the fold of the log: rebuilding it, or deleting it, changes
/// no bead and no field.
void ExpectRebuildKeepsState(const FaultLedger& ledger,
                             const std::map<std::string, nlohmann::json>& before) {
  RunResult rebuild = ledger.Bd("reader", {"doctor", "--rebuild"});
  EXPECT_TRUE(rebuild.ok()) << rebuild.Describe();
  EXPECT_EQ(ListAll(ledger, "reader"), before) << "bd doctor --rebuild changed the state";
  ledger.DeleteIndex();
  EXPECT_EQ(ListAll(ledger, "reader"), before) << "a deleted index came back different";
}

/// "600 creates, 840 updates, 960 claims (20 granted)": what the run did.
std::string Summary(const std::vector<OpRecord>& records) {
  std::map<std::string, int> count, ok;
  for (const OpRecord& op : records) {
    ++count[op.kind];
    ok[op.kind] += op.exit_code == 0;
  }
  return std::to_string(count["create"]) + " creates, " + std::to_string(count["update"]) +
         " updates, " + std::to_string(count["claim"]) + " claims (" + std::to_string(ok["claim"]) +
         " granted)";
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(ConcurrencyTest, EightActorsLoseNothingAndNeverDoubleGrantAClaim) {
  FaultLedger ledger;
  ASSERT_TRUE(ledger.ok()) << ledger.setup_error();
  std::vector<std::string> contended;
  for (int i = 0; i < kContendedBeads; ++i)
    contended.push_back(ledger.Create("alice", "contended " + std::to_string(i)));
  ASSERT_FALSE(HasFailure());

  auto start = std::chrono::steady_clock::now();
  std::vector<OpRecord> records = RunWorkers(
      ledger, [&](const BdEnv& env, int worker) { return MixedWork(env, worker, contended); });
  double seconds = SecondsSince(start);
  ASSERT_EQ(records.size(), size_t(kProcesses * kOpsPerProcess));
  std::cout << "[          ] " << kProcesses << " processes ran " << Summary(records) << " in "
            << seconds << " s\n";

  ExpectOnlyLostClaimsFailed(records);
  std::map<std::string, nlohmann::json> beads = ListAll(ledger, "reader");
  std::vector<nlohmann::json> log = ReadLogEvents(ledger.log_dir());
  ExpectCreatesListedAndLogged(records, contended, beads, log);
  ExpectUpdatesLogged(records, log);
  ExpectUpdatesInHistory(ledger, records, beads);
  ExpectOneClaimerPerBead(records, contended, beads, log, /*all_granted=*/true);
  ExpectVerifies(ledger);
  ExpectRebuildKeepsState(ledger, beads);
}

// With no index yet (a fresh clone, or after beads.db was deleted), bd
// processes that start together must wait for one another, never fail.
TEST(ConcurrencyTest, ProcessesStartingTogetherOnAMissingIndexAllSucceed) {
  FaultLedger ledger;
  ASSERT_TRUE(ledger.ok()) << ledger.setup_error();
  for (int w = 0; w < kProcesses; ++w) ledger.Create("actor" + std::to_string(w), "seed");
  for (int round = 0; round < Scaled(50); ++round) {
    ledger.DeleteIndex();
    std::vector<Child> children;
    for (int w = 0; w < kProcesses; ++w) {
      std::vector<std::string> args = {"list", "--json"};
      if (w % 2 == 0) args = {"create", "round " + std::to_string(round), "--silent"};
      children.push_back(StartBd(ledger.As("actor" + std::to_string(w)), args));
    }
    for (size_t w = 0; w < children.size(); ++w) {
      RunResult r = children[w].Wait();
      EXPECT_TRUE(r.ok()) << "round " << round << ", process " << w << ": " << r.Describe();
    }
  }
  RunResult verify = ledger.Bd("reader", {"verify"});
  EXPECT_TRUE(verify.ok()) << verify.Describe();
}

// The index is a cache that may be deleted at any time ("deleting it loses
// nothing"), even while bd runs. Claims must stay exclusive meanwhile: no two
// actors may both be told that they hold a bead.
TEST(ConcurrencyTest, ClaimsStayExclusiveWhileTheIndexIsDeleted) {
  FaultLedger ledger;
  ASSERT_TRUE(ledger.ok()) << ledger.setup_error();
  std::vector<std::string> beads;
  for (int i = 0; i < Scaled(100); ++i)
    beads.push_back(ledger.Create("alice", "bead " + std::to_string(i)));
  ASSERT_FALSE(HasFailure());

  std::vector<OpRecord> records = RunWorkers(
      ledger, [&](const BdEnv& env, int worker) { return ClaimEverything(env, worker, beads); },
      [&] { ledger.DeleteIndex(); });
  int refused = 0;
  for (const OpRecord& op : records)
    refused += op.exit_code != 0 && op.err.find("already claimed") == std::string::npos;
  std::cout << "[          ] " << Summary(records) << "; " << refused
            << " refused for other reasons while the index was being deleted\n";
  ExpectOneClaimerPerBead(records, beads, ListAll(ledger, "reader"),
                          ReadLogEvents(ledger.log_dir()), /*all_granted=*/false);
}

/// Holds an exclusive flock on a file, as a writer appending to it does.
class HeldFlock {
 public:
  explicit HeldFlock(const std::string& path) : fd_(open(path.c_str(), O_RDWR | O_CLOEXEC)) {
    if (fd_ < 0 || flock(fd_, LOCK_EX) != 0) ADD_FAILURE() << "cannot lock " << path;
  }
  ~HeldFlock() { Release(); }
  void Release() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

/// Waits (up to 10 s) until process `pid` is blocked waiting for a flock:
/// /proc/locks lists waiters as "N: -> FLOCK ADVISORY WRITE <pid> …".
bool WaitUntilBlockedOnFlock(pid_t pid) {
  std::string waiter = "-> FLOCK  ADVISORY  WRITE " + std::to_string(pid) + " ";
  for (int i = 0; i < 10000; ++i) {
    if (ReadFile("/proc/locks").find(waiter) != std::string::npos) return true;
    usleep(1000);
  }
  return false;
}

// The same race made deterministic: bob's claim is held inside its write,
// after its check and before its append (the test holds the flock on bob's
// chain), while the index is deleted and alice claims the same bead.
TEST(ConcurrencyTest, DeletingTheIndexMidWriteNeverGrantsAClaimTwice) {
  FaultLedger ledger;
  ASSERT_TRUE(ledger.ok()) << ledger.setup_error();
  std::string bead = ledger.Create("alice", "contended");
  ledger.Create("bob", "bob's chain exists");
  ASSERT_FALSE(HasFailure());

  HeldFlock lock(ledger.ChainOf("bob"));
  Child bob = StartBd(ledger.As("bob"), {"update", bead, "--claim", "-q"});
  ASSERT_TRUE(WaitUntilBlockedOnFlock(bob.pid())) << "bob's claim never reached its append";
  ledger.DeleteIndex();
  Child alice = StartBd(ledger.As("alice"), {"update", bead, "--claim", "-q"});
  // A correct bd may make alice wait for bob, who waits for the test: give
  // alice a moment, then let bob go either way.
  for (int i = 0; i < 2000 && !alice.Ended(); ++i) usleep(1000);
  lock.Release();
  RunResult alice_result = alice.Wait(), bob_result = bob.Wait();
  EXPECT_FALSE(alice_result.ok() && bob_result.ok())
      << "both were told they hold " << bead << "; the index says "
      << ListAll(ledger, "reader")[bead].value("assignee", "") << "\n"
      << ledger.Bd("reader", {"history", bead}).out;
}

}  // namespace
}  // namespace gt::fault
