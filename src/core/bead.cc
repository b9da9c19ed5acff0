#include "core/bead.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace gt {

Result<int> ParsePriority(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && (digits[0] == 'P' || digits[0] == 'p')) digits.remove_prefix(1);
  if (digits.size() == 1 && digits[0] >= '0' && digits[0] <= '4') return digits[0] - '0';
  return Fail(ErrorKind::kInvalidArgument,
              fmt::format("invalid priority \"{}\" (expected 0-4 or P0-P4, not words like "
                          "high/medium/low)",
                          text),
              "0 is the most urgent, 4 the least; the default is 2");
}

Status ValidateStatus(std::string_view status) {
  for (const char* s : kStatuses)
    if (status == s) return {};
  return Fail(ErrorKind::kInvalidArgument,
              fmt::format("invalid status \"{}\" (built-in: open, in_progress, blocked, "
                          "deferred, closed, pinned, hooked)",
                          status));
}

Result<std::string> NormalizeIssueType(std::string_view type) {
  static const std::map<std::string_view, std::string_view> kAliases = {
      {"enhancement", "feature"}, {"feat", "feature"},        {"dec", "decision"},
      {"adr", "decision"},        {"investigation", "spike"}, {"timebox", "spike"},
      {"user-story", "story"},    {"user_story", "story"},    {"ms", "milestone"},
      {"mr", "merge-request"}};
  if (auto it = kAliases.find(type); it != kAliases.end()) return std::string(it->second);
  for (const char* t : kIssueTypes)
    if (type == t) return std::string(type);
  return Fail(ErrorKind::kInvalidArgument, fmt::format("invalid issue type: {}", type),
              "use one of bug, feature, task, epic, chore, decision, spike, story, milestone");
}

Status ValidateTitle(std::string_view title) {
  bool blank =
      std::all_of(title.begin(), title.end(), [](char c) { return isspace((unsigned char)c); });
  if (title.empty() || blank)
    return Fail(ErrorKind::kInvalidArgument, "title is required", "give the bead a short title");
  // Characters, not bytes: count UTF-8 lead bytes (beads' Go len() counts bytes).
  size_t characters = std::count_if(title.begin(), title.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  });
  if (characters > 500)
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("title must be 500 characters or less (got {})", characters));
  return {};
}

bool IsKnownDepType(std::string_view type) {
  for (const char* t : kKnownDepTypes)
    if (type == t) return true;
  return false;
}

Status ValidateDepType(std::string_view type) {
  bool ok =
      !type.empty() && type.size() <= 50 &&
      std::none_of(type.begin(), type.end(), [](char c) { return isspace((unsigned char)c); });
  if (!ok)
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("invalid dependency type \"{}\" (1-50 characters, no spaces)", type),
                "common types: blocks, related, parent-child, discovered-from");
  return {};
}

Status ValidateLabel(std::string_view label) {
  if (label.empty()) return Fail(ErrorKind::kInvalidArgument, "label cannot be empty");
  if (label.size() > 100)
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("label must be 100 characters or less (got {})", label.size()));
  bool bad = std::any_of(label.begin(), label.end(), [](char c) {
    return isspace(static_cast<unsigned char>(c)) || c == ',' || (c >= 0 && c < 32);
  });
  if (bad)
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("invalid label \"{}\": labels cannot contain spaces or commas", label),
                "use dashes, e.g. needs-review");
  if (label.starts_with("provides:"))
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("label \"{}\" uses the reserved prefix \"provides:\"", label));
  return {};
}

}  // namespace gt
