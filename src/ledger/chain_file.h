// Append-only chain files: .beads/log/<keyid>.jsonl, one event a line.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace gt {

struct ChainLine {
  std::string_view text;  // without the newline; points into ChainRead::bytes
  int64_t offset = 0;     // byte offset of the line in the file
  int64_t number = 0;     // 1-based line number in the file
};

/// The complete lines of a chain file from some offset on. The lines point
/// into `bytes`, which is shared so that copies and moves keep them valid.
struct ChainRead {
  std::shared_ptr<const std::string> bytes;
  std::vector<ChainLine> lines;
  int64_t end_offset = 0;  // offset just past the last complete line
  int64_t file_size = 0;   // includes a torn tail, if any
  bool torn_tail = false;  // bytes after the last newline: an interrupted append
};

/// Reads the complete lines of `path` starting at `offset` (which must be a
/// line start); `first_line_number` numbers the first of them.
Result<ChainRead> ReadChain(const std::string& path, int64_t offset = 0,
                            int64_t first_line_number = 1);

/// The bytes of `path` in [from, to); shorter if the file is.
Result<std::string> ReadRange(const std::string& path, int64_t from, int64_t to);

/// Appends `lines` (each without newline) to `path` durably: takes an
/// exclusive flock, cuts off a torn tail left by an interrupted append, writes
/// everything in one write, and fsyncs the file (and the directory when the
/// file is new). Refuses (kConflict, nothing written) when the file's complete
/// part does not end at `expected_end` (when given). Returns the offset where
/// the first line starts.
Result<int64_t> AppendToChain(const std::string& path, const std::vector<std::string>& lines,
                              int64_t expected_end = -1);

}  // namespace gt
