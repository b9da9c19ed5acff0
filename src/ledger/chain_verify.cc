#include "ledger/chain_verify.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fmt/format.h>
#include <sodium.h>

#include "core/encoding.h"

namespace gt {
namespace {

using Hash = std::array<unsigned char, 32>;

Hash HashLine(std::string_view line) {
  Hash out;
  crypto_generichash(out.data(), 32, reinterpret_cast<const unsigned char*>(line.data()),
                     line.size(), nullptr, 0);
  return out;
}

/// Index of the first header whose signature fails, or headers.size();
/// spread over every core, since each check is independent (~65 µs).
size_t FirstBadSignature(const std::vector<EventHeader>& headers) {
  size_t threads = std::max(1u, std::thread::hardware_concurrency());
  if (headers.size() < 64) threads = 1;
  std::atomic<size_t> first_bad{headers.size()};
  std::atomic<size_t> next{0};
  auto work = [&] {
    constexpr size_t kChunk = 256;
    for (;;) {
      size_t start = next.fetch_add(kChunk);
      if (start >= headers.size() || start >= first_bad.load()) return;
      size_t stop = std::min(headers.size(), start + kChunk);
      for (size_t i = start; i < stop; ++i) {
        if (!VerifyHeaderSignature(headers[i])) {
          size_t seen = first_bad.load();
          while (i < seen && !first_bad.compare_exchange_weak(seen, i)) {
          }
          return;
        }
      }
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return first_bad.load();
}

}  // namespace

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
  Hash last{};
  bool has_last = !from.last_hash.empty();
  if (has_last) {
    auto bytes = FromHex(from.last_hash);
    if (!bytes || bytes->size() != 32) return Fail(ErrorKind::kCorruption, "bad chain cursor");
    std::memcpy(last.data(), bytes->data(), 32);
  }
  std::array<unsigned char, 32> key{};
  bool has_key = !from.key.empty();
  if (has_key) key = *ParsePublicKeyText(from.key);
  int64_t seq = from.seq, lc = from.lc;
  std::vector<EventHeader> headers;
  for (const ChainLine& line : read->lines) {
    auto h = DecodeEventHeader(line.text);
    if (!h) {
      problem(line.number, h.error().message);
      break;
    }
    if (!has_key) {
      if (KeyId(h->key) != batch.end.keyid) {
        problem(line.number,
                fmt::format("signed by key {} which does not belong in this file", KeyId(h->key)));
        break;
      }
    } else if (h->key != key) {
      problem(line.number, "signed by a different key than the rest of the chain");
      break;
    }
    if (h->seq != seq + 1) {
      problem(line.number, fmt::format("seq {} where {} was expected (a line was removed, "
                                       "duplicated or reordered)",
                                       h->seq, seq + 1));
      break;
    }
    if (h->has_prev != has_last || (has_last && h->prev != last)) {
      problem(line.number,
              "prev does not match the previous line (a line was changed, removed "
              "or reordered)");
      break;
    }
    if (h->lc <= lc) {
      problem(line.number,
              fmt::format("Lamport clock {} does not exceed the previous {}", h->lc, lc));
      break;
    }
    key = h->key;
    has_key = true;
    seq = h->seq;
    lc = h->lc;
    last = HashLine(line.text);
    has_last = true;
    batch.lines.push_back({line.text, line.offset, h->lc, h->seq});
    headers.push_back(*h);
  }

  // Signatures: every one with `deep`; otherwise the newest, falling back to
  // the newest line whose signature holds.
  size_t accepted = headers.size();
  if (deep) {
    batch.signatures_checked = int64_t(headers.size());
    accepted = FirstBadSignature(headers);
    if (accepted < headers.size()) {
      batch.problems.clear();  // the signature failure comes first
      problem(read->lines[accepted].number, "signature does not match its key");
    }
  } else {
    while (accepted > 0) {
      ++batch.signatures_checked;
      if (VerifyHeaderSignature(headers[accepted - 1])) break;
      --accepted;
    }
    if (accepted < headers.size())
      batch.problems.insert(batch.problems.begin(),
                            {file, read->lines[accepted].number,
                             fmt::format("signature does not match its key ({} line(s) from here "
                                         "not applied)",
                                         headers.size() - accepted)});
  }
  batch.lines.resize(accepted);
  if (accepted > 0) {
    const AcceptedLine& tail = batch.lines.back();
    const ChainLine& tail_line = read->lines[accepted - 1];
    batch.end.key = PublicKeyText(headers[accepted - 1].key);
    batch.end.seq = tail.seq;
    batch.end.lc = tail.lc;
    batch.end.last_hash = LineHash(tail.text);
    batch.end.last_offset = tail.offset;
    batch.end.offset = tail.offset + int64_t(tail.text.size()) + 1;
    batch.end.line = tail_line.number;
  }
  batch.read = std::move(*read);
  return batch;
}

}  // namespace gt
