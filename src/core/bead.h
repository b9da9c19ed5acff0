// The bead (an issue in the beads sense) and the rules for its fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace gt {

/// Folded state of one bead, as the index holds it. Empty strings mean "unset".
struct Bead {
  std::string id;
  std::string title;
  std::string description;
  std::string design;
  std::string acceptance_criteria;
  std::string notes;
  std::string status = "open";
  int priority = 2;
  std::string issue_type = "task";
  std::string assignee;
  std::string owner;
  std::string created_by;
  std::string created_at;
  std::string updated_at;
  std::string started_at;
  std::string closed_at;
  std::string close_reason;
  std::string external_ref;
  std::string defer_until;
  std::optional<int64_t> estimated_minutes;
  std::string parent;  // id of the parent-child target, if any
  std::vector<std::string> labels;
  bool blocked = false;  // has an open blocker, directly or through its parent
  bool deleted = false;
  int dependency_count = 0;
  int dependent_count = 0;
  int comment_count = 0;
};

/// A dependency edge: `issue_id` depends on `depends_on_id`.
struct Dependency {
  std::string issue_id;
  std::string depends_on_id;
  std::string type;
  std::string created_at;
  std::string created_by;
};

/// A comment on a bead.
struct Comment {
  std::string id;
  std::string issue_id;
  std::string author;
  std::string text;
  std::string created_at;
};

inline constexpr const char* kStatuses[] = {"open",   "in_progress", "blocked", "deferred",
                                            "closed", "pinned",      "hooked"};
inline constexpr const char* kIssueTypes[] = {
    "bug",      "feature", "task",  "epic",  "chore",     "decision",      "message",
    "molecule", "gate",    "spike", "story", "milestone", "merge-request", "event"};
/// Dependency kinds that keep the dependent out of `ready`.
inline constexpr const char* kBlockingDepTypes[] = {"blocks", "parent-child", "conditional-blocks",
                                                    "waits-for"};
/// Dependency kinds that `create --deps` accepts by name.
inline constexpr const char* kKnownDepTypes[] = {
    "blocks",          "parent-child", "conditional-blocks", "waits-for",     "related",
    "discovered-from", "replies-to",   "relates-to",         "duplicates",    "supersedes",
    "authored-by",     "assigned-to",  "approved-by",        "attests",       "tracks",
    "until",           "caused-by",    "validates",          "delegated-from"};

/// "2", "P2" or "p2" → 2; anything else is an error naming the accepted forms.
Result<int> ParsePriority(std::string_view text);
/// Checks a status name; the error lists the built-in statuses.
Status ValidateStatus(std::string_view status);
/// Resolves aliases (feat → feature, …) and checks the type.
Result<std::string> NormalizeIssueType(std::string_view type);
Status ValidateTitle(std::string_view title);
bool IsKnownDepType(std::string_view type);
/// A dependency type given to `dep add --type`: 1–50 characters, no spaces.
Status ValidateDepType(std::string_view type);

/// A label: non-empty, at most 100 characters, no whitespace or commas
/// (a comma separates labels in `-l a,b`); `provides:` is reserved.
Status ValidateLabel(std::string_view label);

/// True for statuses that no longer block dependents.
inline bool IsDoneStatus(std::string_view status) {
  return status == "closed" || status == "pinned";
}

}  // namespace gt
