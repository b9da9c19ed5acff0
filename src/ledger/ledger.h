// A ledger opened for use: its config, its caught-up index, and the write path.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/result.h"
#include "ledger/event.h"
#include "ledger/index.h"
#include "ledger/keys.h"
#include "ledger/workspace.h"

namespace gt {

struct LedgerOptions {
  std::string beads_dir;
  std::string actor;    // who writes; names the signing key
  std::string key_dir;  // where keys live (DefaultKeyDirectory())
  const Clock* clock = &DefaultClock();
  /// Resolves the actor on first need when `actor` is empty (finding it may
  /// start a process, which read-only commands should not pay for).
  std::function<std::string()> resolve_actor;
};

/// An event a command wants written; the ledger fills in the chain fields.
struct EventDraft {
  std::string op;
  std::string bead;
  nlohmann::json data = nlohmann::json::object();
};

class Ledger {
 public:
  /// Opens the index and applies whatever the log gained since last time.
  static Result<Ledger> Open(const LedgerOptions& options);

  /// Decides what to write from the current state, inside the write lock.
  using Planner = std::function<Result<std::vector<EventDraft>>(Database&)>;

  /// The write path: write lock, catch up, plan (the precondition check),
  /// append + fsync to the writer's chain, apply, commit. Returns the events
  /// written (none if the planner wants none). On any error nothing is
  /// acknowledged, and anything appended is applied by the next command.
  Result<std::vector<Event>> Write(const Planner& plan);

  Database& db() { return index_.db(); }
  Index& index() { return index_; }
  const LedgerConfig& config() const { return config_; }
  const std::string& beads_dir() const { return options_.beads_dir; }
  const std::string& actor() const;
  const CatchUpReport& catch_up() const { return catch_up_; }
  int64_t NowNanos() const { return options_.clock->NowNanos(); }
  /// The writer's key, created on first use.
  Result<KeyPair> Key();

 private:
  Ledger(LedgerOptions options, LedgerConfig config, Index index)
      : options_(std::move(options)), config_(std::move(config)), index_(std::move(index)) {}
  mutable LedgerOptions options_;
  LedgerConfig config_;
  Index index_;
  CatchUpReport catch_up_;
  std::optional<KeyPair> key_;
};

}  // namespace gt
