#include "ledger/molecule_lifecycle.h"

#include <algorithm>
#include <deque>

#include <fmt/format.h>

#include "core/ids.h"
#include "ledger/molecule.h"
#include "ledger/ops.h"
#include "ledger/queries.h"

namespace gt {
namespace {

constexpr const char* kDigestLabel = "mol-digest";
constexpr const char* kSquashOfLabel = "squash-of:";

/// The epic and every bead under it, parents before children.
Result<std::vector<Bead>> MoleculeBeads(Database& db, const Bead& epic) {
  std::vector<Bead> out{epic};
  std::deque<std::string> parents{epic.id};
  while (!parents.empty()) {
    ListFilter filter;
    filter.all = true;
    filter.limit = 0;
    filter.parent = parents.front();
    filter.sort = "id";
    parents.pop_front();
    auto children = ListBeads(db, filter);
    if (!children) return tl::unexpected(children.error());
    for (Bead& child : *children) {
      parents.push_back(child.id);
      out.push_back(std::move(child));
    }
  }
  return out;
}

/// Who closed a bead and why, from its history ("" when it never closed).
Result<std::pair<std::string, std::string>> LastClose(Ledger& ledger, const std::string& id) {
  auto history = BeadHistory(ledger.db(), ledger.index().log_dir(), id);
  if (!history) return tl::unexpected(history.error());
  std::pair<std::string, std::string> out;
  for (const HistoryEntry& h : *history) {
    if (h.op != "bead.close" || !h.applied) continue;
    out.first = h.actor;
    out.second = h.data.value("reason", "");
  }
  return out;
}

/// The digest's text: the summary, then one line per step.
Result<std::string> DigestText(Ledger& ledger, const MoleculeState& mol,
                               const std::string& summary) {
  std::string text = summary.empty() ? "" : summary + "\n\n";
  text += fmt::format("Molecule {} (formula {}): {} of {} steps closed.\n\n", mol.epic.id,
                      mol.formula, mol.closed, mol.steps.size());
  for (const MoleculeStep& step : mol.steps) {
    auto closed = LastClose(ledger, step.bead.id);
    if (!closed) return tl::unexpected(closed.error());
    std::string line = fmt::format("- [{}] {} ({}): {}", IsDoneStatus(step.bead.status) ? "x" : " ",
                                   step.step_id, step.bead.id, step.bead.title);
    if (!step.bead.assignee.empty()) line += fmt::format("; held by {}", step.bead.assignee);
    if (!closed->first.empty())
      line += fmt::format("; closed by {}: {}", closed->first, closed->second);
    else
      line += fmt::format("; {}", step.bead.status);
    text += line + "\n";
  }
  return text;
}

std::vector<std::string> OpenStepIds(const MoleculeState& mol) {
  std::vector<std::string> open;
  for (const MoleculeStep& step : mol.steps)
    if (!IsDoneStatus(step.bead.status)) open.push_back(step.bead.id);
  return open;
}

Status RefuseOpenSteps(const MoleculeState& mol, bool force) {
  auto open = OpenStepIds(mol);
  if (open.empty() || force) return {};
  std::string list;
  for (const std::string& id : open) list += (list.empty() ? "" : ", ") + id;
  return Fail(ErrorKind::kConflict,
              fmt::format("molecule {} is not finished: {} step(s) still open ({})", mol.epic.id,
                          open.size(), list),
              "close them first, or pass --force to squash anyway: it closes them as squashed");
}

/// A poured molecule: the digest becomes a closed child of the epic, and
/// open steps, gates and the epic are closed, all in one write.
Result<SquashResult> SquashShared(Ledger& ledger, const std::string& epic_id,
                                  const std::string& summary, bool force) {
  SquashResult result;
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    result = SquashResult{};
    auto mol = LoadMolecule(db, epic_id);
    if (!mol) return tl::unexpected(mol.error());
    result.molecule_id = mol->epic.id;
    for (const MoleculeStep& step : mol->steps) result.squashed_ids.push_back(step.bead.id);
    auto beads = MoleculeBeads(db, mol->epic);
    if (!beads) return tl::unexpected(beads.error());
    for (const Bead& b : *beads)
      if (std::find(b.labels.begin(), b.labels.end(), kDigestLabel) != b.labels.end()) {
        result.digest_id = b.id;  // squashed before
        result.existing = true;
        return std::vector<EventDraft>{};
      }
    if (auto st = RefuseOpenSteps(*mol, force); !st) return tl::unexpected(st.error());
    auto text = DigestText(ledger, *mol, summary);
    if (!text) return tl::unexpected(text.error());
    auto number = NextChildNumber(db, mol->epic.id);
    if (!number) return tl::unexpected(number.error());
    result.digest_id = fmt::format("{}.{}", mol->epic.id, *number);
    std::string reason = "squashed into " + result.digest_id;
    std::vector<EventDraft> drafts{
        {"bead.create",
         result.digest_id,
         {{"title", "Digest: " + mol->epic.title},
          {"issue_type", "task"},
          {"priority", mol->epic.priority},
          {"parent", mol->epic.id},
          {"description", *text},
          {"labels", {kDigestLabel}}}},
        {"bead.close",
         result.digest_id,
         {{"reason", fmt::format("Squashed from {} steps", mol->steps.size())}}}};
    // Everything under the epic that is still open: steps and their gates.
    for (const Bead& b : *beads) {
      if (b.id == mol->epic.id || IsDoneStatus(b.status)) continue;
      drafts.push_back({"bead.close", b.id, {{"reason", reason}, {"force", true}}});
      result.closed_ids.push_back(b.id);
    }
    if (!IsDoneStatus(mol->epic.status))
      drafts.push_back({"bead.close", mol->epic.id, {{"reason", reason}}});
    return drafts;
  });
  if (!events) return tl::unexpected(events.error());
  return result;
}

/// A wisp: a shared digest (found again by its `squash-of:` label, so a
/// squash interrupted between its writes completes when run again), then
/// the wisp is burned.
Result<SquashResult> SquashWisp(Ledger& ledger, const MoleculeState& mol,
                                const std::string& summary, bool force) {
  SquashResult result;
  result.molecule_id = mol.epic.id;
  result.wisp = true;
  for (const MoleculeStep& step : mol.steps) result.squashed_ids.push_back(step.bead.id);
  if (auto st = RefuseOpenSteps(mol, force); !st) return tl::unexpected(st.error());
  ListFilter filter;
  filter.all = true;
  filter.limit = 1;
  filter.labels = {kSquashOfLabel + mol.epic.id};
  auto found = ListBeads(ledger.db(), filter);
  if (!found) return tl::unexpected(found.error());
  if (found->empty()) {
    auto text = DigestText(ledger, mol, summary);
    if (!text) return tl::unexpected(text.error());
    CreateRequest request;
    request.title = "Digest: " + mol.epic.title;
    request.description = *text;
    request.priority = mol.epic.priority;
    request.labels = {kDigestLabel, kSquashOfLabel + mol.epic.id};
    auto digest = CreateBead(ledger, request);
    if (!digest) return tl::unexpected(digest.error());
    found->push_back(*digest);
  }
  result.digest_id = found->front().id;
  if (!IsDoneStatus(found->front().status)) {
    auto closed = CloseBead(ledger, result.digest_id,
                            fmt::format("Squashed from {} wisp steps", mol.steps.size()), true);
    if (!closed) return tl::unexpected(closed.error());
  }
  auto burned = BurnMolecule(ledger, mol.epic.id, false);
  if (!burned) return tl::unexpected(burned.error());
  result.deleted = int(burned->deleted_ids.size());
  return result;
}

}  // namespace

Result<SquashResult> SquashMolecule(Ledger& ledger, const std::string& id,
                                    const std::string& summary, bool force) {
  auto mol = LoadMolecule(ledger.db(), id);
  if (!mol) return tl::unexpected(mol.error());
  if (IsWispId(mol->epic.id)) return SquashWisp(ledger, *mol, summary, force);
  return SquashShared(ledger, mol->epic.id, summary, force);
}

Result<BurnResult> BurnMolecule(Ledger& ledger, const std::string& id, bool force) {
  auto mol = LoadMolecule(ledger.db(), id);
  if (!mol) return tl::unexpected(mol.error());
  BurnResult result;
  result.molecule_id = mol->epic.id;
  result.wisp = IsWispId(mol->epic.id);
  if (!result.wisp && !force)
    return Fail(ErrorKind::kConflict,
                fmt::format("{} is a poured molecule, not a wisp: burning it deletes it for every "
                            "clone",
                            mol->epic.id),
                "pass --force to delete it, or `bd mol squash` to keep a digest");
  auto beads = MoleculeBeads(ledger.db(), mol->epic);
  if (!beads) return tl::unexpected(beads.error());
  for (const Bead& b : *beads) result.deleted_ids.push_back(b.id);
  auto deleted = DeleteBeads(ledger, result.deleted_ids, false,
                             result.wisp ? "wisp burned" : "molecule burned");
  if (!deleted) return tl::unexpected(deleted.error());
  return result;
}

}  // namespace gt
