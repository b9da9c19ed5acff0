// Crashes: bd writers are SIGKILLed at random points (before the append,
// mid-append, between the append and the index commit, after the commit).
// After every crash the chains must verify, and every write bd acknowledged
// must be in the log and in the index, also when the index is deleted and
// rebuilt from the log alone. A torn last line must never be fatal.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <map>
#include <optional>
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
#include "ledger/sqlite.h"

namespace gt::fault {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kTrials = Scaled(120);
constexpr int kMaxWriters = 3;
const char* const kWriters[kMaxWriters] = {"w0", "w1", "w2"};

/// A write that bd confirmed by exiting 0: exactly what must survive.
struct Ack {
  std::string kind;  // "create", "update" or "claim"
  std::string actor;
  std::string bead;
  std::string notes;  // for updates: the unique notes text written
};

/// A bd run in flight and what it will have done if it exits 0. The test
/// process keeps the acknowledgements in memory: it is never killed, only
/// the bd processes it started, and it records a write only after reaping a
/// bd that exited 0, so an ack can never precede the durable write.
struct InFlight {
  Ack ack;
  Child child;
};

struct CrashStats {
  int kills = 0;                   // bd processes that SIGKILL ended
  int log_ahead = 0;               // trials that left log lines the index had not applied
  int torn_tails = 0;              // chains left with an unterminated last line
  int index_deleted = 0;           // trials checked from the log alone
  int refused = 0;                 // bd runs that exited non-zero without being killed
  std::set<std::string> refusals;  // …and what they said
};

/// Starts one bd write as `actor`: a create, or an update of (unique) notes,
/// or a claim of a bead some earlier write created.
InFlight StartRandomWrite(const FaultLedger& ledger, const std::string& actor,
                          const std::vector<std::string>& beads, std::mt19937& rng, int serial) {
  Ack ack{.actor = actor};
  std::vector<std::string> args;
  int dice = beads.empty() ? 0 : int(rng() % 100);
  if (dice < 40) {
    ack.kind = "create";
    args = {"create", actor + " crash task " + std::to_string(serial), "--silent"};
  } else if (dice < 75) {
    ack.kind = "update";
    ack.bead = beads[rng() % beads.size()];
    ack.notes = actor + " notes " + std::to_string(serial);
    args = {"update", ack.bead, "--notes", ack.notes, "-q"};
  } else {
    ack.kind = "claim";
    ack.bead = beads[rng() % beads.size()];
    args = {"update", ack.bead, "--claim", "-q"};
  }
  return {ack, StartBd(ledger.As(actor), args)};
}

/// Reaps a finished (or killed) bd and records its write if it exited 0.
void Reap(InFlight& op, std::vector<Ack>& acks, std::vector<std::string>& beads,
          CrashStats& stats) {
  RunResult r = op.child.Wait();
  if (r.signal == SIGKILL) ++stats.kills;
  // A claim may lose to another writer; anything else refused is reported.
  if (r.signal == 0 && !r.ok() && r.err.find("already claimed") == std::string::npos) {
    ++stats.refused;
    stats.refusals.insert(Trim(r.err));
  }
  if (!r.ok()) return;
  if (op.ack.kind == "create") {
    op.ack.bead = Trim(r.out);
    beads.push_back(op.ack.bead);
  }
  acks.push_back(op.ack);
}

/// Runs `writers` writers, each a loop of bd runs, for a random 5-80 ms; then
/// SIGKILLs every bd still in flight, wherever it is.
void RunCrashTrial(const FaultLedger& ledger, int writers, std::mt19937& rng,
                   std::vector<Ack>& acks, std::vector<std::string>& beads, CrashStats& stats,
                   int& serial) {
  auto deadline = Clock::now() + std::chrono::milliseconds(5 + rng() % 76);
  std::vector<std::optional<InFlight>> slots(writers);
  while (Clock::now() < deadline) {
    for (int w = 0; w < writers; ++w) {
      if (slots[w] && !slots[w]->child.Ended()) continue;
      if (slots[w]) Reap(*slots[w], acks, beads, stats);
      slots[w] = StartRandomWrite(ledger, kWriters[w], beads, rng, ++serial);
    }
    usleep(200);
  }
  for (auto& slot : slots) {
    if (!slot) continue;
    slot->child.Kill();
    Reap(*slot, acks, beads, stats);
  }
}

/// Counts what the kill left behind, before any bd repairs it: chains with a
/// torn tail, and log lines the index has not applied yet.
void CountCrashDebris(const FaultLedger& ledger, CrashStats& stats) {
  int64_t lines = 0;
  for (const std::string& path : ChainFiles(ledger.log_dir())) {
    std::string bytes = ReadFile(path);
    lines += int64_t(CompleteLines(bytes).size());
    stats.torn_tails += !bytes.empty() && bytes.back() != '\n';
  }
  std::string index = ledger.beads_dir() + "/beads.db";
  if (!std::filesystem::exists(index)) return;  // opening it would create it
  auto db = Database::Open(index);
  if (!db) return;
  auto q = db->Prepare("SELECT count(*) FROM events");
  if (q && q->Step() && q->Int(0) < lines) ++stats.log_ahead;
}

/// Every acknowledged write is in the log: a create event for each new
/// bead, an update event with each notes text, a claim event for each claim.
void ExpectAcksInLog(const FaultLedger& ledger, const std::vector<Ack>& acks) {
  std::set<std::tuple<std::string, std::string, std::string, std::string>> logged;
  for (const auto& e : ReadLogEvents(ledger.log_dir())) {
    std::string op = e.value("op", ""), kind = op.substr(op.find('.') + 1);
    logged.insert({kind, e.value("actor", ""), e.value("bead", ""), NotesSetBy(e)});
  }
  for (const Ack& ack : acks) {
    EXPECT_TRUE(logged.count({ack.kind, ack.actor, ack.bead, ack.notes}))
        << "acknowledged " << ack.kind << " of " << ack.bead << " by " << ack.actor
        << " is not in the log";
  }
}

/// Every acknowledged create is listed, and every acknowledged claim holds.
void ExpectAcksInIndex(const FaultLedger& ledger, const std::vector<Ack>& acks) {
  std::map<std::string, nlohmann::json> beads = ListAll(ledger, "reader");
  for (const Ack& ack : acks) {
    auto bead = beads.find(ack.bead);
    if (bead == beads.end()) {
      ADD_FAILURE() << "acknowledged " << ack.kind << " of " << ack.bead << " lost from the index";
      continue;
    }
    if (ack.kind != "claim") continue;
    EXPECT_EQ(bead->second.value("assignee", ""), ack.actor) << "claim of " << ack.bead << " lost";
  }
}

/// The index applied each acknowledged update (`bd history` says so).
void ExpectUpdatesApplied(const FaultLedger& ledger, const std::vector<Ack>& acks) {
  std::map<std::string, std::set<std::string>> applied;  // bead → notes, from history
  for (const Ack& ack : acks) {
    if (ack.kind != "update") continue;
    if (!applied.count(ack.bead)) {
      RunResult r = ledger.Bd("reader", {"history", ack.bead, "--json"});
      nlohmann::json history = ParseJson(r.out);
      ASSERT_TRUE(r.ok() && history.is_array()) << r.Describe();
      for (const auto& h : history) {
        if (h.value("applied", false)) applied[ack.bead].insert(NotesSetBy(h));
      }
    }
    EXPECT_TRUE(applied[ack.bead].count(ack.notes))
        << "acknowledged notes \"" << ack.notes << "\" on " << ack.bead << " not applied";
  }
}

void ExpectVerifies(const FaultLedger& ledger, int trial) {
  RunResult r = ledger.Bd("reader", {"verify"});
  bool torn = r.out.find("incomplete last line") != std::string::npos;
  EXPECT_TRUE(r.ok()) << "trial " << trial << ": bd verify failed after SIGKILL"
                      << (torn ? " (a torn last line: an append was cut by the kill)" : "") << "\n"
                      << r.Describe();
}

TEST(CrashTest, KillNineNeverLosesAnAcknowledgedWrite) {
  FaultLedger ledger;
  ASSERT_TRUE(ledger.ok()) << ledger.setup_error();
  std::mt19937 rng(20261125);
  std::vector<Ack> acks;
  std::vector<std::string> beads;
  CrashStats stats;
  int serial = 0;
  auto start = Clock::now();
  for (int trial = 0; trial < kTrials && !HasFatalFailure(); ++trial) {
    size_t checked = acks.size();
    int writers = 1 + int(rng() % kMaxWriters);
    // A lone writer sometimes starts without an index, so that kills also land
    // while bd rebuilds it from the log. (Several processes racing on a
    // missing index are ConcurrencyTest's business.)
    if (writers == 1 && trial % 2 == 1) ledger.DeleteIndex();
    RunCrashTrial(ledger, writers, rng, acks, beads, stats, serial);
    CountCrashDebris(ledger, stats);
    if (trial % 4 == 3) {  // prove that the log alone holds every write
      ledger.DeleteIndex();
      ++stats.index_deleted;
    }
    ExpectVerifies(ledger, trial);
    ExpectAcksInIndex(ledger, acks);
    ExpectAcksInLog(ledger, acks);
    ExpectUpdatesApplied(ledger, {acks.begin() + long(checked), acks.end()});
  }
  ledger.DeleteIndex();
  ExpectUpdatesApplied(ledger, acks);  // all of them, on an index rebuilt from the log
  std::cout << "[          ] " << kTrials << " trials, " << acks.size() << " acknowledged writes, "
            << stats.kills << " bd processes killed, " << stats.log_ahead
            << " trials left the log ahead of the index, " << stats.torn_tails << " torn tails, "
            << stats.index_deleted << " index deletions, in "
            << std::chrono::duration<double>(Clock::now() - start).count() << " s\n";
  EXPECT_GT(stats.kills, kTrials / 2) << "the kills should mostly hit bd in flight";
  EXPECT_EQ(stats.refused, 0) << "bd refused writes after a crash, e.g.: "
                              << (stats.refusals.empty() ? "" : *stats.refusals.begin());
}

/// Half a line appended by hand (what a crash mid-append leaves): readers
/// still see every earlier bead, and the writer's next append repairs it.
TEST(CrashTest, TornTailIsIgnoredThenRepairedByItsWriter) {
  FaultLedger ledger;
  ASSERT_TRUE(ledger.ok()) << ledger.setup_error();
  std::vector<std::string> ids;
  for (const char* title : {"one", "two", "three"}) ids.push_back(ledger.Create("alice", title));
  ids.push_back(ledger.Create("bob", "bob's"));
  std::string chain = ledger.ChainOf("alice");
  std::string intact = ReadFile(chain);
  std::string last_line = CompleteLines(intact).back();
  AppendFile(chain, last_line.substr(0, last_line.size() / 2));

  for (bool rebuild : {false, true}) {
    if (rebuild) ledger.DeleteIndex();
    std::map<std::string, nlohmann::json> beads = ListAll(ledger, "bob");
    for (const std::string& id : ids)
      EXPECT_TRUE(beads.count(id)) << id << " hidden by a torn tail";
  }
  RunResult verify = ledger.Bd("bob", {"verify"});
  std::string where = "log/" + chain.substr(chain.rfind('/') + 1) + ":" +
                      std::to_string(CompleteLines(intact).size() + 1) + ": incomplete last line";
  EXPECT_NE(verify.out.find(where), std::string::npos) << verify.Describe();

  // Another writer leaves alice's chain alone; alice's next write repairs it.
  ids.push_back(ledger.Create("bob", "bob's second"));
  EXPECT_EQ(ReadFile(chain).substr(0, intact.size()), intact);
  ids.push_back(ledger.Create("alice", "four"));
  std::string repaired = ReadFile(chain);
  ASSERT_EQ(repaired.substr(0, intact.size()), intact) << "the repair touched complete lines";
  std::string appended = repaired.substr(intact.size());
  // Exactly one whole event line: torn bytes left before it would break it.
  EXPECT_EQ(CountLines(appended), 1);
  EXPECT_EQ(appended.back(), '\n');
  EXPECT_TRUE(ParseJson(appended).is_object()) << "torn bytes left in the chain: " << appended;
  RunResult clean = ledger.Bd("bob", {"verify"});
  EXPECT_TRUE(clean.ok()) << clean.Describe();
  EXPECT_EQ(ListAll(ledger, "bob").size(), ids.size());
}

}  // namespace
}  // namespace gt::fault
