// bd sync: the ledger's files through git — commit, pull (merge or rebase),
// push — with the only conflict append-only chains can have (one key writing
// two different chains: equivocation) resolved the same way on every clone.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace gt {

struct SyncOptions {
  bool push = true;
  bool dry_run = false;         // fetch and report; change nothing
  bool rebase = false;          // rebase local commits instead of merging (falls back to merge)
  bool accept_rewrite = false;  // merge a remote whose history was rewritten (force-pushed)
  std::string message;          // commit message; default "bd sync: N event(s)"
};

/// One key's two versions of its chain, met in a merge.
struct ChainFork {
  std::string keyid;
  int64_t seq = 0;        // the first seq where they differ
  std::string kept_file;  // "log/<keyid>.jsonl": the version that sorts first
  std::string fork_file;  // "log/forks/<keyid>-<hash>.jsonl": the other, whole
  std::string kept_line;  // the two events at `seq`
  std::string forked_line;
};

struct SyncReport {
  std::string remote;  // empty: no remote configured
  std::string branch;
  std::string remote_branch;
  bool committed = false;
  int64_t events_committed = 0;  // new local events put in a commit
  bool pulled = false;
  int64_t events_in = 0;   // events the pull brought
  int64_t events_out = 0;  // events the push sent (or would send)
  bool pushed = false;
  bool dry_run = false;
  int64_t uncommitted_events = 0;  // dry run: what a commit would hold
  std::vector<ChainFork> forks;
  std::vector<std::string> notes;  // what the user should know
};

/// Runs a sync of the ledger at `beads_dir`. Holds `.beads/write.lock` while
/// git changes ledger files, so concurrent bd writes wait rather than race.
/// On an unreachable remote it fails with kIo after committing locally: the
/// ledger stays usable and nothing is lost.
Result<SyncReport> SyncLedger(const std::string& beads_dir, const SyncOptions& options);

/// The forks recorded under log/forks/: each fork file against its chain.
Result<std::vector<ChainFork>> FindChainForks(const std::string& beads_dir);

}  // namespace gt
