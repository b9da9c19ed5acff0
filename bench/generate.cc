// bd_bench gen: a realistic ledger of N beads, written through the ledger's
// own write path (signed, chained, folded into the index) by W writers.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench.h"
#include "core/clock.h"
#include "core/process.h"
#include "ledger/keys.h"
#include "ledger/ledger.h"
#include "ledger/workspace.h"

namespace gt::bench {
namespace {

/// splitmix64: the same sequence for a seed on every platform, unlike the
/// standard distributions.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n).
  int64_t Below(int64_t n) { return int64_t(Next() % uint64_t(n)); }
  /// Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) { return lo + Below(hi - lo + 1); }
  bool Chance(double p) { return double(Next() >> 11) * 0x1.0p-53 < p; }
  template <size_t N>
  const char* Pick(const char* const (&list)[N]) {
    return list[Below(N)];
  }

 private:
  uint64_t state_;
};

constexpr const char* kVerbs[] = {
    "Fix",     "Add",   "Remove",  "Refactor", "Document",  "Investigate", "Speed up",
    "Migrate", "Test",  "Support", "Replace",  "Simplify",  "Validate",    "Cache",
    "Retry",   "Split", "Expose",  "Harden",   "Deprecate", "Profile",     "Clean up"};
constexpr const char* kWords[] = {
    "login",      "session",    "token",      "timeout",   "cache",      "index",     "query",
    "ledger",     "chain",      "signature",  "merge",     "queue",      "worker",    "daemon",
    "config",     "parser",     "schema",     "migration", "export",     "import",    "sync",
    "clone",      "branch",     "commit",     "refinery",  "convoy",     "mail",      "hook",
    "retry",      "backoff",    "lock",       "lease",     "deadline",   "metrics",   "trace",
    "log",        "error",      "message",    "handler",   "endpoint",   "request",   "response",
    "payload",    "buffer",     "stream",     "socket",    "connection", "pool",      "thread",
    "scheduler",  "priority",   "dependency", "graph",     "cycle",      "node",      "edge",
    "user",       "account",    "profile",    "dashboard", "report",     "page",      "button",
    "form",       "validation", "upload",     "download",  "file",       "directory", "path",
    "permission", "role",       "policy",     "audit",     "checkpoint", "snapshot",  "backup",
    "restore",    "crash",      "panic",      "leak",      "regression", "flaky",     "slow",
    "large",      "empty",      "missing",    "duplicate", "stale",      "invalid",   "unicode",
    "the",        "a",          "when",       "after",     "before",     "on",        "in",
    "with",       "without",    "for",        "every",     "first",      "last",      "each",
    "is",         "does",       "not",        "should",    "must",       "can",       "fails",
    "returns",    "shows",      "breaks",     "writes",    "reads",      "drops",     "keeps"};
constexpr const char* kLabels[] = {"backend",  "frontend", "cli",  "ledger", "perf",
                                   "security", "docs",     "ux",   "infra",  "flaky",
                                   "api",      "storage",  "sync", "town",   "good-first-issue"};
// Types and priorities drawn uniformly from these lists (so weighted).
constexpr const char* kTypes[] = {"bug",  "bug",  "bug",  "feature", "feature",
                                  "task", "task", "task", "task",    "chore"};
constexpr int kPriorities[] = {0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4};
constexpr const char* kCloseReasons[] = {
    "Done", "Fixed", "Duplicate", "Won't fix", "Works as intended", "Shipped in the last release"};

/// `count` words from the list: lower case for a title, or sentences (each
/// capitalised, ending with a period) for a description.
std::string Words(Rng& rng, int64_t count, bool sentences) {
  std::string out;
  int64_t in_sentence = 0;
  for (int64_t i = 0; i < count; ++i) {
    if (i > 0) out += ' ';
    std::string word = rng.Pick(kWords);
    if (sentences && in_sentence++ == 0)
      word[0] = char(std::toupper(static_cast<unsigned char>(word[0])));
    out += word;
    if (sentences && in_sentence >= 4 && i + 1 < count && rng.Chance(0.15)) {
      out += '.';
      in_sentence = 0;
    }
  }
  if (sentences) out += '.';
  return out;
}

/// Fixed-width base 36, like the hash part of a beads id.
std::string Base36(uint64_t value, int width) {
  std::string out(width, '0');
  for (int i = width - 1; i >= 0; --i, value /= 36)
    out[i] = "0123456789abcdefghijklmnopqrstuvwxyz"[value % 36];
  return out;
}

/// A clock the generator moves along a synthetic timeline, so `ts` fields
/// are spread the way a year of work would spread them.
class TimelineClock : public Clock {
 public:
  int64_t NowNanos() const override { return now; }
  int64_t now = 0;
};

struct Counts {
  int64_t creates = 0, deps = 0, claims = 0, closes = 0, writes = 0;
  int64_t Events() const { return creates + deps + claims + closes; }
};

/// Writes drafts in batches, turn by turn from each writer.
class BatchWriter {
 public:
  BatchWriter(std::vector<Ledger>& writers, size_t batch) : writers_(writers), batch_(batch) {}
  Status Add(EventDraft draft) {
    pending_.push_back(std::move(draft));
    return pending_.size() >= batch_ ? Flush() : Status{};
  }
  Status Flush() {
    if (pending_.empty()) return {};
    Ledger& ledger = writers_[turn_++ % writers_.size()];
    auto written = ledger.Write(
        [&](Database&) -> Result<std::vector<EventDraft>> { return std::move(pending_); });
    pending_.clear();
    if (!written) return tl::unexpected(written.error());
    return {};
  }
  int64_t writes() const { return int64_t(turn_); }

 private:
  std::vector<Ledger>& writers_;
  size_t batch_;
  size_t turn_ = 0;
  std::vector<EventDraft> pending_;
};

struct GenOptions {
  std::string dir;
  int64_t beads = 0;
  uint64_t seed = 1;
  int64_t writers = 4;
  int64_t batch = 1000;
};

Status Generate(const GenOptions& o, Counts* counts) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(fs::path(o.dir) / ".beads", ec))
    return Fail(ErrorKind::kConflict, fmt::format("{} already holds a ledger", o.dir),
                "remove it first, or choose another directory");
  fs::create_directories(o.dir, ec);
  std::string dir = fs::absolute(o.dir).lexically_normal().string();
  auto git = RunProcess({"git", "init", "-q", dir});
  if (!git) return tl::unexpected(git.error());
  if (git->exit_code != 0) return Fail(ErrorKind::kIo, "git init failed: " + git->err);

  // The timeline: N beads created over a year from 2025-01-01.
  TimelineClock clock;
  const int64_t start = int64_t(1735689600) * 1000000000;
  const int64_t step = int64_t(365) * 86400 * 1000000000 / std::max<int64_t>(o.beads, 1);
  clock.now = start;

  std::string key_dir = dir + "/keys";
  std::vector<std::string> actors;
  for (int64_t w = 1; w <= o.writers; ++w) actors.push_back(fmt::format("bench-writer-{}", w));
  auto admin = LoadOrCreateKey(key_dir, actors[0]);
  if (!admin) return tl::unexpected(admin.error());
  auto beads_dir = InitLedger(
      dir, {"bench", PublicKeyText(admin->public_key), actors[0], FormatTimestamp(clock.now)});
  if (!beads_dir) return tl::unexpected(beads_dir.error());
  std::vector<Ledger> writers;
  for (const std::string& actor : actors) {
    auto ledger = Ledger::Open({*beads_dir, actor, key_dir, &clock});
    if (!ledger) return tl::unexpected(ledger.error());
    writers.push_back(std::move(*ledger));
  }
  BatchWriter out(writers, size_t(o.batch));

  Rng rng(o.seed * 0x2545F4914F6CDD1Dull + 1);
  const int64_t n = o.beads;
  std::vector<std::string> ids(n);
  std::vector<int64_t> parent(n, -1);
  std::vector<int64_t> children(n, 0);
  std::vector<int64_t> epics;  // the most recent few, which take new children
  // Claims and closes happen a while after a bead is created: at step i, the
  // beads in finish[i] are claimed, and closed unless they stay in progress.
  const int64_t max_lag = 400;
  struct Finish {
    int64_t bead;
    bool close;
  };
  std::vector<std::vector<Finish>> finish(n + max_lag + 1);
  const uint64_t salt = rng.Next() % 1000000;

  auto finish_due = [&](int64_t at) -> Status {
    for (const Finish& f : finish[at]) {
      if (auto st = out.Add({"bead.claim", ids[f.bead], nlohmann::json::object()}); !st) return st;
      ++counts->claims;
      if (!f.close) continue;
      if (auto st = out.Add({"bead.close", ids[f.bead], {{"reason", rng.Pick(kCloseReasons)}}});
          !st)
        return st;
      ++counts->closes;
    }
    finish[at].clear();
    return {};
  };

  for (int64_t i = 0; i < n; ++i) {
    clock.now = start + i * step;
    // A quarter of the beads are children of a recent epic ("<epic>.<n>").
    bool epic = rng.Chance(0.04);
    if (!epic && !epics.empty() && rng.Chance(0.25)) {
      parent[i] = epics[rng.Below(int64_t(epics.size()))];
      ids[i] = fmt::format("{}.{}", ids[parent[i]], ++children[parent[i]]);
    } else {
      // A bijection of the counter onto 6 base-36 digits: short, hash-like ids.
      ids[i] = "bench-" + Base36((uint64_t(i) + salt) * 1000000007ull % 2176782336ull, 6);
    }
    if (epic) {
      epics.push_back(i);
      if (epics.size() > 8) epics.erase(epics.begin());
    }

    nlohmann::json data = {
        {"title", fmt::format("{} {}", rng.Pick(kVerbs), Words(rng, rng.Between(2, 8), false))},
        {"description", Words(rng, rng.Between(5, 60), true)},
        {"issue_type", epic ? "epic" : rng.Pick(kTypes)},
        {"priority", kPriorities[rng.Below(std::size(kPriorities))]},
        {"created_at", FormatTimestamp(clock.now)}};
    if (rng.Chance(0.3)) data["acceptance_criteria"] = Words(rng, rng.Between(5, 20), true);
    if (rng.Chance(0.4)) {
      std::vector<std::string> labels;
      for (int64_t k = rng.Between(1, 3); k > 0; --k) labels.push_back(rng.Pick(kLabels));
      std::sort(labels.begin(), labels.end());
      labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
      data["labels"] = labels;
    }
    if (parent[i] >= 0) data["parent"] = ids[parent[i]];
    if (auto st = out.Add({"bead.create", ids[i], std::move(data)}); !st) return st;
    ++counts->creates;

    // 0-3 blockers (1.5 on average), all earlier, so the graph has no
    // cycles; mostly recent work, sometimes anything before.
    std::vector<int64_t> blockers;
    for (int64_t k = i == 0 ? 0 : rng.Between(0, 3); k > 0; --k) {
      int64_t j = rng.Chance(0.7) ? i - 1 - rng.Below(std::min<int64_t>(i, 200)) : rng.Below(i);
      if (j == parent[i] || std::find(blockers.begin(), blockers.end(), j) != blockers.end())
        continue;
      blockers.push_back(j);
      if (auto st = out.Add({"dep.add", ids[i], {{"depends_on", ids[j]}, {"type", "blocks"}}}); !st)
        return st;
      ++counts->deps;
    }

    // Older work is more often done: 90% of the first beads closed, 50% of
    // the last (70% overall); 5% more are in progress; the rest are open.
    double closed = 0.9 - 0.4 * double(i) / double(n);
    double r = double(rng.Next() >> 11) * 0x1.0p-53;
    if (r < closed + 0.05) finish[i + rng.Between(1, max_lag)].push_back({i, r < closed});
    if (auto st = finish_due(i); !st) return st;
  }
  for (int64_t at = n; at < int64_t(finish.size()); ++at)
    if (auto st = finish_due(at); !st) return st;
  if (auto st = out.Flush(); !st) return st;
  counts->writes = out.writes();

  // Every event should have applied; say so if the fold refused some.
  auto q = writers[0].db().Prepare(
      "SELECT count(*), coalesce(min(note), '') FROM events WHERE applied = 0");
  if (q && q->Step() && q->Int(0) > 0)
    std::cerr << fmt::format("warning: {} events were not applied (e.g. {})\n", q->Int(0),
                             q->Text(1));
  return {};
}

}  // namespace

int GenerateCommand(const Args& args) {
  GenOptions o;
  if (args.positional.size() != 1) {
    std::cerr << "usage: bd_bench gen DIR --beads N [--seed S] [--writers W] [--batch B]\n";
    return 2;
  }
  o.dir = args.positional[0];
  o.beads = args.GetInt("beads", 0);
  o.seed = uint64_t(args.GetInt("seed", 1));
  o.writers = args.GetInt("writers", 4);
  o.batch = args.GetInt("batch", 1000);
  if (o.beads <= 0 || o.writers <= 0 || o.batch <= 0) {
    std::cerr << "bd_bench gen: --beads, --writers and --batch must be positive\n";
    return 2;
  }
  auto begin = std::chrono::steady_clock::now();
  Counts counts;
  if (auto st = Generate(o, &counts); !st) {
    std::cerr << "bd_bench gen: " << st.error().message;
    if (!st.error().hint.empty()) std::cerr << " (" << st.error().hint << ")";
    std::cerr << "\n";
    return 1;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  std::cout << fmt::format(
      "generated {} beads in {}: {} events ({} creates, {} deps, {} claims, {} closes) "
      "by {} writers in {} writes, {:.1f} s ({:.0f} events/s)\n",
      o.beads, o.dir, counts.Events(), counts.creates, counts.deps, counts.claims, counts.closes,
      o.writers, counts.writes, seconds, double(counts.Events()) / seconds);
  return 0;
}

}  // namespace gt::bench
