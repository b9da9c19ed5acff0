// bd export --format markdown: the ledger as a tree of Markdown files that
// people can read on a git host (docs/import-export.md).
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "ledger/ledger.h"

namespace gt {

struct MarkdownOptions {
  bool all = false;    // as ExportOptions::all
  bool force = false;  // replace a non-empty directory that is not a previous export
};

/// Name of the marker file that identifies a directory as a Markdown export.
inline constexpr const char* kMarkdownMarker = ".bd-export";

/// Writes one page per bead under `dir`: a bead with children is a
/// directory `<id>/README.md` (its page and the list of its children), any
/// other bead `<id>.md` beside its siblings; `dir/README.md` is the index.
/// Pages have front matter, the text fields, dependencies, comments and the
/// bead's signed events. The tree is built in `dir.tmp` and swapped in, so a
/// reader sees the old export or the new one. Returns the number of beads.
Result<int64_t> ExportMarkdown(Ledger& ledger, const std::string& dir,
                               const MarkdownOptions& options);

}  // namespace gt
