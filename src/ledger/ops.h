// The ledger's write operations, each a precondition check and the events it
// implies, run inside Ledger::Write so the check and the write are atomic.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/bead.h"
#include "core/result.h"
#include "ledger/ledger.h"

namespace gt {

struct CreateRequest {
  std::string title;
  std::string description;
  std::string design;
  std::string acceptance_criteria;
  std::string notes;
  std::string issue_type = "task";
  int priority = 2;
  std::string assignee;
  std::string owner;
  std::vector<std::string> labels;
  std::string parent;  // resolved id; the new bead becomes parent.N
  /// Edges to existing beads: the new bead depends on `id` with `type`, or,
  /// when `reverse` ("blocks:X"), X depends on the new bead.
  struct NewDep {
    std::string type;
    std::string id;
    bool reverse = false;
  };
  std::vector<NewDep> deps;
  std::string explicit_id;
  bool force = false;  // allow an explicit id with another prefix
  std::string external_ref;
  std::string defer_until;
  std::optional<int64_t> estimated_minutes;
};
Result<Bead> CreateBead(Ledger& ledger, const CreateRequest& request);

struct UpdateRequest {
  std::optional<std::string> title, description, design, acceptance_criteria, notes, status,
      issue_type, assignee, external_ref, defer_until;
  std::optional<int> priority;
  std::optional<int64_t> estimated_minutes;
  bool empty() const {
    return !title && !description && !design && !acceptance_criteria && !notes && !status &&
           !issue_type && !assignee && !external_ref && !defer_until && !priority &&
           !estimated_minutes;
  }
};
/// Applies the changed fields; a no-op (no event) when nothing differs.
Result<Bead> UpdateBead(Ledger& ledger, const std::string& id, const UpdateRequest& request);

/// Compare-and-set: assignee := actor and status := in_progress, only if the
/// bead is open and unassigned (or already the actor's).
Result<Bead> ClaimBead(Ledger& ledger, const std::string& id);

struct CloseOutcome {
  Bead bead;
  bool already_closed = false;
};
/// The events that close `id` (none when it is closed already), after the
/// checks CloseBead makes; for callers that add events to the same write.
Result<std::vector<EventDraft>> PlanClose(Database& db, const std::string& id,
                                          const std::string& reason, bool force,
                                          bool* already_closed);
/// Refuses an epic with open children or a bead with open blockers unless `force`.
/// Runs no check: see CloseStep (checks.h).
Result<CloseOutcome> CloseBead(Ledger& ledger, const std::string& id, const std::string& reason,
                               bool force);

struct ReopenOutcome {
  Bead bead;
  bool already_open = false;
};
Result<ReopenOutcome> ReopenBead(Ledger& ledger, const std::string& id, const std::string& reason);

struct DepChange {
  bool changed = false;  // false: the edge was already as asked
};
/// `from` depends on `to`. Refuses self edges, cycles (naming them), an
/// existing edge of another type, and a child blocking on its own ancestor.
Result<DepChange> AddDependency(Ledger& ledger, const std::string& from, const std::string& to,
                                const std::string& type);
Result<DepChange> RemoveDependency(Ledger& ledger, const std::string& from, const std::string& to);

/// Removes the dependencies that point at or from missing or deleted beads;
/// returns the ones removed.
Result<std::vector<Dependency>> RemoveDanglingDependencies(Ledger& ledger);

/// Adds or removes one label; `false` when it was already so (no event).
Result<bool> AddLabel(Ledger& ledger, const std::string& id, const std::string& label);
Result<bool> RemoveLabel(Ledger& ledger, const std::string& id, const std::string& label);

/// Adds a comment by `author` (default: the actor) and returns it.
Result<Comment> AddComment(Ledger& ledger, const std::string& id, const std::string& text,
                           const std::string& author);

/// What deleting some beads implies, worked out before anything is written.
struct DeletePlan {
  std::vector<std::string> ids;         // to delete: the asked ones, then cascaded dependents
  std::vector<Dependency> edges;        // every edge touching them, to remove
  std::vector<std::string> neighbours;  // live beads outside the set with an edge to it
  std::vector<std::string> references;  // neighbours whose text mentions a deleted id
};
/// With `cascade`, beads that depend on the deleted ones (and children) go too.
Result<DeletePlan> PlanDelete(Database& db, const std::vector<std::string>& ids, bool cascade);
/// Deletes as planned, in one write: edges removed, mentions in neighbours'
/// text rewritten to "[deleted:ID]", then a tombstone event per bead.
Result<DeletePlan> DeleteBeads(Ledger& ledger, const std::vector<std::string>& ids, bool cascade,
                               const std::string& reason);
/// Brings a deleted bead back (its removed edges stay removed).
Result<Bead> RestoreBead(Ledger& ledger, const std::string& id);

/// status := deferred, defer_until := `until` ("" = until undeferred).
Result<Bead> DeferBead(Ledger& ledger, const std::string& id, const std::string& until);
/// status := open and defer_until cleared; `false` when it was not deferred.
Result<std::pair<Bead, bool>> UndeferBead(Ledger& ledger, const std::string& id);

/// Marks `id` as a duplicate of `canonical` (a `duplicates` edge) and closes it.
Result<Bead> MarkDuplicate(Ledger& ledger, const std::string& id, const std::string& canonical);
/// Marks `id` as superseded by `replacement` (`replacement` supersedes `id`)
/// and closes it.
Result<Bead> MarkSuperseded(Ledger& ledger, const std::string& id, const std::string& replacement);

}  // namespace gt
