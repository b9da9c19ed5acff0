// Tampering: every edit of a committed chain (a changed byte, a dropped,
// swapped, duplicated or inserted line, a forged signature) is caught by
// `bd verify`, which names the file, the line and a reason; and a line whose
// signature does not hold is never applied.
#include <algorithm>
#include <cctype>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fault/bd_runner.h"
#include "fault/fault_ledger.h"
#include "ledger/event.h"
#include "ledger/keys.h"

namespace gt::fault {
namespace {

/// One problem as `bd verify` reports it.
struct Problem {
  std::string file;  // "log/<keyid>.jsonl"
  int64_t line = 0;
  std::string reason;
};

/// The "✗ log/FILE:LINE: REASON" lines of `bd verify`'s text output.
std::vector<Problem> ParseVerifyText(const std::string& out) {
  std::vector<Problem> problems;
  const std::string cross = "✗ ";  // several bytes in UTF-8
  for (const std::string& line : CompleteLines(out)) {
    if (line.rfind(cross + "log/", 0) != 0) continue;
    size_t colon = line.find(':', cross.size());
    size_t reason = line.find(": ", colon + 1);
    if (colon == std::string::npos || reason == std::string::npos) continue;
    problems.push_back({line.substr(cross.size(), colon - cross.size()),
                        std::stoll(line.substr(colon + 1, reason - colon - 1)),
                        line.substr(reason + 2)});
  }
  return problems;
}

std::vector<Problem> ParseVerifyJson(const nlohmann::json& report) {
  std::vector<Problem> problems;
  for (const auto& p : report.value("problems", nlohmann::json::array()))
    problems.push_back({p.value("file", ""), p.value("line", int64_t(0)), p.value("reason", "")});
  return problems;
}

bool Names(const std::vector<Problem>& problems, const std::string& file,
           const std::set<int64_t>& lines) {
  return std::any_of(problems.begin(), problems.end(), [&](const Problem& p) {
    return p.file == file && lines.count(p.line) && !p.reason.empty();
  });
}

/// `bd verify` and `bd verify --json` both fail and name `chain` at one of
/// `lines` with a reason. `what` describes the tampering for messages.
void ExpectVerifyNames(const FaultLedger& ledger, const std::string& chain,
                       const std::set<int64_t>& lines, const std::string& what) {
  std::string file = "log/" + chain.substr(chain.rfind('/') + 1);
  RunResult text = ledger.Bd("alice", {"verify"});
  EXPECT_NE(text.exit_code, 0) << what << ": bd verify passed";
  EXPECT_TRUE(Names(ParseVerifyText(text.out), file, lines))
      << what << ": bd verify does not name " << file << " at line " << *lines.begin() << "\n"
      << text.Describe();

  RunResult json = ledger.Bd("alice", {"verify", "--json"});
  nlohmann::json report = ParseJson(json.out);
  EXPECT_NE(json.exit_code, 0) << what << ": bd verify --json passed";
  ASSERT_TRUE(report.is_object()) << what << ": " << json.Describe();
  EXPECT_EQ(report.value("ok", true), false) << what;
  EXPECT_TRUE(Names(ParseVerifyJson(report), file, lines))
      << what << ": bd verify --json does not name " << file << " at line " << *lines.begin()
      << "\n"
      << json.Describe();
}

/// A ledger of three actors and about 30 events, committed to git once;
/// each test tampers with its own fresh clone of it.
class TamperTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    origin_ = new FaultLedger();
    if (!origin_->ok()) return;
    BuildHistory(*origin_);
    RunGit(origin_->root(), {"add", "-A"});
    RunResult commit = RunGit(origin_->root(), {"commit", "-q", "-m", "ledger"});
    if (!commit.ok()) ADD_FAILURE() << "git commit: " << commit.Describe();
  }
  static void TearDownTestSuite() {
    delete origin_;
    origin_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(origin_->ok()) << origin_->setup_error();
    copy_ = std::make_unique<FaultLedger>(CloneOf{*origin_});
    ASSERT_TRUE(copy_->ok()) << copy_->setup_error();
    RunResult clean = copy_->Bd("alice", {"verify"});
    ASSERT_TRUE(clean.ok()) << "the untouched clone must verify: " << clean.Describe();
    alice_chain_ = copy_->ChainOf("alice");
    alice_lines_ = CompleteLines(ReadFile(alice_chain_));
    bob_lines_ = CompleteLines(ReadFile(copy_->ChainOf("bob")));
    ASSERT_GE(alice_lines_.size(), 8u);
  }

  /// Creates, updates, claims, dependencies and a close by alice, bob, carol.
  static void BuildHistory(const FaultLedger& l) {
    std::vector<std::string> ids;
    for (int i = 0; i < 6; ++i) ids.push_back(l.Create("alice", "alice task " + std::to_string(i)));
    for (int i = 0; i < 4; ++i) ids.push_back(l.Create("bob", "bob task " + std::to_string(i)));
    for (int i = 0; i < 3; ++i) ids.push_back(l.Create("carol", "carol task " + std::to_string(i)));
    auto run = [&](const std::string& actor, const std::vector<std::string>& args) {
      RunResult r = l.Bd(actor, args);
      if (!r.ok()) ADD_FAILURE() << actor << " bd " << args[0] << ": " << r.Describe();
    };
    for (int i = 0; i < 3; ++i)
      run("alice", {"update", ids[i], "--notes", "n" + std::to_string(i)});
    run("alice", {"dep", "add", ids[1], ids[0]});
    run("alice", {"dep", "add", ids[2], ids[1]});
    run("alice", {"update", ids[3], "-p", "0", "--design", "alice design"});
    run("bob", {"update", ids[6], "--claim"});
    run("bob", {"update", ids[7], "--claim"});
    for (int i = 3; i < 6; ++i) run("bob", {"update", ids[i], "--notes", "bob note"});
    run("bob", {"close", ids[7], "--reason", "done"});
    run("carol", {"update", ids[10], "--claim"});
    for (int i = 8; i < 11; ++i) run("carol", {"update", ids[i], "-p", "1"});
  }

  /// Writes `lines` as alice's chain.
  void WriteAliceChain(const std::vector<std::string>& lines) {
    WriteFile(alice_chain_, JoinLines(lines));
  }
  int64_t AliceLineCount() const { return int64_t(alice_lines_.size()); }

  static FaultLedger* origin_;
  std::unique_ptr<FaultLedger> copy_;
  std::string alice_chain_;
  std::vector<std::string> alice_lines_;
  std::vector<std::string> bob_lines_;
};

FaultLedger* TamperTest::origin_ = nullptr;

/// A byte different from `c`, keeping hex digits hex and letters letters
/// where it can, so that most changes are caught by hashing, not by parsing.
char Different(char c) {
  if (isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f')) return c == '0' ? '1' : '0';
  if (isalpha(static_cast<unsigned char>(c))) return c == 'x' ? 'y' : 'x';
  return 'x';
}

/// Offsets in `line` worth changing: inside each member (actor, bead, data,
/// key, lc, op, prev, seq, ts, id, the middle of the signature), the first
/// and last byte, the newline (line.size()), and a stride across it.
std::vector<size_t> InterestingOffsets(const std::string& line) {
  std::vector<size_t> out = {0, line.size() - 1, line.size()};
  const std::vector<std::pair<std::string, size_t>> members = {
      {"\"actor\":\"", 1}, {"\"bead\":\"", 2}, {"\"data\":{", 1},   {"\"key\":\"ed25519:", 20},
      {"\"lc\":", 0},      {"\"op\":\"", 5},   {"\"prev\":\"", 10}, {"\"seq\":", 0},
      {"\"ts\":\"", 12},   {"\"id\":\"", 30},  {"\"sig\":\"", 64}};
  for (const auto& [name, into] : members) {
    size_t at = line.find(name);
    if (at != std::string::npos) out.push_back(std::min(at + name.size() + into, line.size() - 1));
  }
  for (size_t at = 7; at < line.size(); at += 53) out.push_back(at);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// (a) One changed byte anywhere: in the first, a middle and the last line.
TEST_F(TamperTest, ChangedByteIsCaughtAndNamed) {
  std::string original = ReadFile(alice_chain_);
  int64_t n = AliceLineCount();
  int cases = 0;
  for (int64_t line : {int64_t(1), n / 2, n}) {
    int64_t start = 0;
    for (int64_t i = 1; i < line; ++i) start += int64_t(alice_lines_[i - 1].size()) + 1;
    for (size_t offset : InterestingOffsets(alice_lines_[line - 1])) {
      std::string bytes = original;
      char& c = bytes[size_t(start) + offset];
      c = Different(c);
      WriteFile(alice_chain_, bytes);
      // Exactly this line: even a changed signature, which also breaks the
      // next line's `prev`, is reported where it is.
      ExpectVerifyNames(*copy_, alice_chain_, {line},
                        "byte " + std::to_string(offset) + " of line " + std::to_string(line));
      ++cases;
    }
  }
  WriteFile(alice_chain_, original);
  EXPECT_GE(cases, 40);
  std::cout << "[          ] " << cases << " single-byte changes caught\n";
}

// (b) A line dropped: the first, or one in the middle.
TEST_F(TamperTest, DroppedLineIsCaughtAndNamed) {
  for (int64_t drop : {int64_t(1), AliceLineCount() / 2}) {
    std::vector<std::string> lines = alice_lines_;
    lines.erase(lines.begin() + drop - 1);
    WriteAliceChain(lines);
    ExpectVerifyNames(*copy_, alice_chain_, {drop}, "line " + std::to_string(drop) + " dropped");
  }
}

// (c) Two lines swapped: neighbours, and two far apart.
TEST_F(TamperTest, SwappedLinesAreCaughtAndNamed) {
  int64_t n = AliceLineCount();
  for (auto [a, b] : {std::pair<int64_t, int64_t>{3, 4}, {2, n - 1}}) {
    std::vector<std::string> lines = alice_lines_;
    std::swap(lines[a - 1], lines[b - 1]);
    WriteAliceChain(lines);
    ExpectVerifyNames(*copy_, alice_chain_, {a},
                      "lines " + std::to_string(a) + " and " + std::to_string(b) + " swapped");
  }
}

// (d) A line duplicated: in place, and the last line again at the end.
TEST_F(TamperTest, DuplicatedLineIsCaughtAndNamed) {
  int64_t n = AliceLineCount();
  for (int64_t dup : {int64_t(3), n}) {
    std::vector<std::string> lines = alice_lines_;
    lines.insert(lines.begin() + dup, lines[dup - 1]);
    WriteAliceChain(lines);
    ExpectVerifyNames(*copy_, alice_chain_, {dup + 1},
                      "line " + std::to_string(dup) + " duplicated");
  }
}

// (e) A line copied from bob's chain into alice's: first, middle, last.
TEST_F(TamperTest, LineFromAnotherChainIsCaughtAndNamed) {
  int64_t n = AliceLineCount();
  for (int64_t at : {int64_t(1), n / 2, n + 1}) {
    std::vector<std::string> lines = alice_lines_;
    lines.insert(lines.begin() + at - 1, bob_lines_[1]);
    WriteAliceChain(lines);
    ExpectVerifyNames(*copy_, alice_chain_, {at}, "bob's line inserted at " + std::to_string(at));
  }
}

/// A well-formed event that claims the key of the chain it is put in and
/// links correctly after `prev_line`, but is signed by mallory's key: it sets
/// `bead`'s title to `title`, with a Lamport clock above `lc_floor`.
std::string ForgeAfter(const std::string& prev_line, const std::string& bead,
                       const std::string& title, int64_t lc_floor, const std::string& key_dir) {
  auto prev = DecodeEvent(prev_line);
  auto mallory = LoadOrCreateKey(key_dir, "mallory");
  if (!prev || !mallory) {
    ADD_FAILURE() << "cannot forge: " << (prev ? mallory.error() : prev.error()).message;
    return "";
  }
  Event forged;
  forged.op = "bead.update";
  forged.bead = bead;
  forged.actor = prev->actor;
  forged.key = prev->key;  // the victim's key, not the signer's
  forged.lc = std::max(lc_floor, prev->lc) + 1;
  forged.seq = prev->seq + 1;
  forged.prev = LineHash(prev_line);
  forged.ts = prev->ts;
  forged.data = {{"fields", {{"title", title}}}};
  return EncodeEvent(forged, *mallory);
}

// (f) A forged line in the middle of a chain.
TEST_F(TamperTest, ForgedSignatureInTheMiddleIsCaughtAndNamed) {
  int64_t at = AliceLineCount() / 2;
  std::vector<std::string> lines = alice_lines_;
  std::string bead = ParseJson(alice_lines_[0]).value("bead", "");
  lines.insert(lines.begin() + at - 1,
               ForgeAfter(lines[at - 2], bead, "FORGED", 0, copy_->scratch() + "/mallory"));
  WriteAliceChain(lines);
  ExpectVerifyNames(*copy_, alice_chain_, {at}, "forged line inserted at " + std::to_string(at));
}

/// The highest Lamport clock in the ledger's log.
int64_t MaxLamport(const FaultLedger& ledger) {
  int64_t lc = 0;
  for (const auto& e : ReadLogEvents(ledger.log_dir()))
    lc = std::max(lc, e.value("lc", int64_t(0)));
  return lc;
}

/// The forged change is nowhere: not in any bead, not in the bead's history;
/// and bd warns that a line was not applied.
void ExpectForgeryNotApplied(const FaultLedger& ledger, const std::string& bead,
                             const std::string& forged_id, const std::string& how) {
  RunResult list = ledger.Bd("bob", {"list", "--all", "--json", "-n", "0"});
  ASSERT_TRUE(list.ok()) << how << ": " << list.Describe();
  EXPECT_EQ(list.out.find("FORGED"), std::string::npos) << how << ": the forgery was applied";
  EXPECT_NE(list.err.find("not applied"), std::string::npos) << how << ": no warning\n"
                                                             << list.Describe();
  RunResult history = ledger.Bd("bob", {"history", bead, "--json"});
  ASSERT_TRUE(history.ok()) << how << ": " << history.Describe();
  EXPECT_EQ(history.out.find(forged_id), std::string::npos) << how << ": history lists it";
  EXPECT_EQ(history.out.find("FORGED"), std::string::npos) << how << ": history lists it";
}

// (f) A forged line at the end: every hash link holds, only the signature is
// wrong. It is reported, and never applied, whether the index saw the clean
// chain first (catch-up) or is rebuilt from the log.
TEST_F(TamperTest, ForgedSignatureAtTheEndIsNeverApplied) {
  ASSERT_TRUE(ListAll(*copy_, "bob").size() > 0);  // index the clean chains first
  std::string bead = ParseJson(alice_lines_[0]).value("bead", "");
  std::string forged = ForgeAfter(alice_lines_.back(), bead, "FORGED", MaxLamport(*copy_),
                                  copy_->scratch() + "/mallory");
  std::string forged_id = ParseJson(forged).value("id", "");
  ASSERT_FALSE(forged_id.empty());
  AppendFile(alice_chain_, forged + "\n");

  ExpectVerifyNames(*copy_, alice_chain_, {AliceLineCount() + 1}, "forged line at the end");
  RunResult deep = copy_->Bd("bob", {"verify", "--deep"});
  EXPECT_NE(deep.exit_code, 0) << deep.Describe();
  ExpectForgeryNotApplied(*copy_, bead, forged_id, "after catch-up");
  copy_->DeleteIndex();
  ExpectForgeryNotApplied(*copy_, bead, forged_id, "after a rebuild");
}

}  // namespace
}  // namespace gt::fault
