#include "ledger/chain_verify.h"

#include <filesystem>

#include <fmt/format.h>

#include "ledger/chain_file.h"

namespace gt {

std::string ChainKeyId(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

Result<ChainBatch> ReadVerifiedChain(const std::string& path, const ChainCursor& from, bool deep) {
  auto read = ReadChain(path, from.offset, from.line + 1);
  if (!read) return tl::unexpected(read.error());

  ChainBatch batch;
  batch.end = from;
  if (batch.end.keyid.empty()) batch.end.keyid = ChainKeyId(path);
  batch.torn_tail = read->torn_tail;
  batch.file_size = read->file_size;
  std::string file = std::filesystem::path(path).filename().string();
  auto problem = [&](int64_t line, std::string reason) {
    batch.problems.push_back({file, line, std::move(reason)});
  };

  // Structure and links, line by line; stop at the first break.
  std::vector<ChainCursor> cursors;  // cursor after each accepted line
  ChainCursor cur = batch.end;
  for (const ChainLine& line : read->lines) {
    auto event = DecodeEvent(line.text);
    if (!event) {
      problem(line.number, event.error().message);
      break;
    }
    if (cur.key.empty()) {
      auto pub = ParsePublicKeyText(event->key);
      if (KeyId(*pub) != cur.keyid) {
        problem(line.number, fmt::format("signed by key {} which does not belong in this file",
                                         KeyId(*pub)));
        break;
      }
    } else if (event->key != cur.key) {
      problem(line.number, "signed by a different key than the rest of the chain");
      break;
    }
    if (event->seq != cur.seq + 1) {
      problem(line.number, fmt::format("seq {} where {} was expected (a line was removed, "
                                       "duplicated or reordered)",
                                       event->seq, cur.seq + 1));
      break;
    }
    if (event->prev != cur.last_hash) {
      problem(line.number, "prev does not match the previous line (a line was changed, removed "
                           "or reordered)");
      break;
    }
    if (event->lc <= cur.lc) {
      problem(line.number, fmt::format("Lamport clock {} does not exceed the previous {}", event->lc,
                                       cur.lc));
      break;
    }
    if (deep) {
      ++batch.signatures_checked;
      if (!VerifyEventSignature(*event)) {
        problem(line.number, "signature does not match its key");
        break;
      }
    }
    cur.key = event->key;
    cur.seq = event->seq;
    cur.lc = event->lc;
    cur.last_hash = LineHash(line.text);
    cur.last_offset = line.offset;
    cur.offset = line.offset + int64_t(line.text.size()) + 1;
    cur.line = line.number;
    cursors.push_back(cur);
    batch.offsets.push_back(line.offset);
    batch.events.push_back(std::move(*event));
  }

  // One valid signature on the newest line vouches for the prefix. If it
  // fails, fall back to the newest line whose signature holds.
  if (!deep) {
    size_t accepted = batch.events.size();
    while (accepted > 0) {
      ++batch.signatures_checked;
      if (VerifyEventSignature(batch.events[accepted - 1])) break;
      --accepted;
    }
    if (accepted < batch.events.size()) {
      int64_t first_bad = cursors[accepted].line;
      batch.problems.insert(batch.problems.begin(),
                            {file, first_bad,
                             fmt::format("signature does not match its key ({} line(s) from here "
                                         "not applied)",
                                         batch.events.size() - accepted)});
      batch.events.resize(accepted);
      batch.offsets.resize(accepted);
      cursors.resize(accepted);
    }
  }
  if (!cursors.empty()) batch.end = cursors.back();
  return batch;
}

}  // namespace gt
