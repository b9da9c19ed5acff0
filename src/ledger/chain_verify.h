// Reading a chain file and proving it: structure, hash links, the signer's
// binding to the file, and signatures.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "ledger/chain_file.h"
#include "ledger/event.h"

namespace gt {

/// Where a chain was left: enough to check the next line without rereading.
struct ChainCursor {
  std::string keyid;        // from the file name
  int64_t offset = 0;       // bytes consumed (all complete, valid lines)
  int64_t line = 0;         // lines consumed
  int64_t seq = 0;          // seq of the last accepted event
  int64_t lc = 0;           // its Lamport clock
  std::string last_hash;    // LineHash of the last accepted line
  int64_t last_offset = 0;  // where the last accepted line starts
  std::string key;          // "ed25519:…" once the first event is seen
};

struct ChainProblem {
  std::string file;
  int64_t line = 0;  // 0 when the problem is the whole file
  std::string reason;
};

/// A line that passed every check, with what the fold needs to order it.
struct AcceptedLine {
  std::string_view text;  // points into ChainBatch::read.bytes
  int64_t offset = 0;
  int64_t lc = 0;
  int64_t seq = 0;
};

struct ChainBatch {
  ChainRead read;                   // owns the bytes `lines` point into
  std::vector<AcceptedLine> lines;  // accepted lines, in chain order
  ChainCursor end;                  // cursor after the accepted lines
  std::vector<ChainProblem> problems;
  bool torn_tail = false;
  int64_t file_size = 0;
  int64_t signatures_checked = 0;
};

/// Reads `path` from `from` and accepts the longest prefix of new lines that
/// is well formed, correctly linked and signed. Without `deep` one signature
/// (the newest accepted line's) vouches for the whole prefix, since each
/// line's `prev` hashes the one before; with `deep` every line's is checked,
/// on all cores. Lines past the first problem are not accepted; the problem
/// says why.
Result<ChainBatch> ReadVerifiedChain(const std::string& path, const ChainCursor& from, bool deep);

/// The keyid a chain file is named for ("log/0a1b….jsonl" → "0a1b…").
std::string ChainKeyId(const std::string& path);

}  // namespace gt
