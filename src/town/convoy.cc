#include "town/convoy.h"

#include <map>
#include <optional>

#include <fmt/format.h>

#include "ledger/ops.h"
#include "ledger/queries.h"

namespace gt::town {

namespace {

constexpr std::string_view kTracks = "tracks:";

/// Opens each ledger once per command.
class Ledgers {
 public:
  explicit Ledgers(const Town& town) : town_(town) {}
  Result<Ledger*> For(const std::string& beads_dir) {
    auto it = open_.find(beads_dir);
    if (it == open_.end()) {
      auto l = OpenLedgerAs(town_, beads_dir, kAdminActor);
      if (!l) return tl::unexpected(l.error());
      it = open_.emplace(beads_dir, std::move(*l)).first;
    }
    return &it->second;
  }

 private:
  const Town& town_;
  std::map<std::string, Ledger> open_;
};

/// The bead ids as stored: resolved in their own ledgers.
Result<std::vector<std::string>> ResolveTracked(const Town& town, Ledgers& ledgers,
                                                const std::vector<std::string>& beads) {
  if (beads.empty())
    return Fail(ErrorKind::kInvalidArgument, "a convoy needs at least one bead",
                "e.g. gt convoy create release-1 gx-1 gx-2");
  std::vector<std::string> out;
  for (const std::string& input : beads) {
    auto dir = town.BeadsDirForBead(input);
    if (!dir) return tl::unexpected(dir.error());
    auto ledger = ledgers.For(*dir);
    if (!ledger) return tl::unexpected(ledger.error());
    auto id = ResolveId((*ledger)->db(), (*ledger)->config().prefix, input);
    if (!id) return tl::unexpected(id.error());
    out.push_back(*id);
  }
  return out;
}

Result<ConvoyInfo> Describe(Town& town, Ledgers& ledgers, const Bead& convoy) {
  ConvoyInfo info;
  info.id = convoy.id;
  info.name = convoy.title;
  info.closed = convoy.status == "closed";
  for (const std::string& label : convoy.labels) {
    if (!label.starts_with(kTracks)) continue;
    ConvoyItem item;
    item.id = label.substr(kTracks.size());
    item.status = "missing";
    auto rig = town.RigForBead(item.id);
    if (rig) item.rig = *rig;
    if (auto dir = town.BeadsDirForBead(item.id))
      if (auto ledger = ledgers.For(*dir))
        if (auto b = LoadBead((*ledger)->db(), item.id)) {
          item.title = b->title;
          item.status = b->status;
          item.assignee = b->assignee;
          item.blocked = b->blocked;
        }
    if (item.status == "closed") ++info.done;
    info.items.push_back(item);
  }
  return info;
}

Result<Bead> LoadConvoy(Ledger& ledger, const std::string& input) {
  auto id = ResolveId(ledger.db(), ledger.config().prefix, input);
  if (!id) return tl::unexpected(id.error());
  auto bead = LoadBead(ledger.db(), *id);
  if (!bead) return tl::unexpected(bead.error());
  if (std::find(bead->labels.begin(), bead->labels.end(), kConvoyLabel) == bead->labels.end())
    return Fail(ErrorKind::kInvalidArgument, fmt::format("{} is not a convoy", *id),
                "see gt convoy list");
  return bead;
}

/// Closes the convoy when all its beads are closed.
Result<ConvoyInfo> Settle(Town& town, Ledgers& ledgers, Ledger& hq, const Bead& convoy) {
  auto info = Describe(town, ledgers, convoy);
  if (!info) return info;
  if (!info->closed && !info->items.empty() && info->done == int(info->items.size())) {
    auto closed = CloseBead(hq, convoy.id, "all its beads are closed", true);
    if (!closed) return tl::unexpected(closed.error());
    info->closed = true;
  }
  return info;
}

}  // namespace

Result<ConvoyInfo> CreateConvoy(Town& town, const std::string& name,
                                const std::vector<std::string>& beads) {
  Ledgers ledgers(town);
  auto ids = ResolveTracked(town, ledgers, beads);
  if (!ids) return tl::unexpected(ids.error());
  auto hq = ledgers.For(town.BeadsDir());
  if (!hq) return tl::unexpected(hq.error());
  CreateRequest request;
  request.title = name;
  request.issue_type = "epic";
  request.description = "A convoy: beads that ship together (gt convoy status).";
  request.labels = {kConvoyLabel};
  for (const auto& id : *ids) request.labels.push_back(std::string(kTracks) + id);
  auto bead = CreateBead(**hq, request);
  if (!bead) return tl::unexpected(bead.error());
  return Describe(town, ledgers, *bead);
}

Result<ConvoyInfo> AddToConvoy(Town& town, const std::string& convoy,
                               const std::vector<std::string>& beads) {
  Ledgers ledgers(town);
  auto hq = ledgers.For(town.BeadsDir());
  if (!hq) return tl::unexpected(hq.error());
  auto bead = LoadConvoy(**hq, convoy);
  if (!bead) return tl::unexpected(bead.error());
  if (bead->status == "closed")
    return Fail(ErrorKind::kConflict, fmt::format("convoy {} is closed", bead->id),
                "create a new convoy");
  auto ids = ResolveTracked(town, ledgers, beads);
  if (!ids) return tl::unexpected(ids.error());
  for (const auto& id : *ids)
    if (auto st = AddLabel(**hq, bead->id, std::string(kTracks) + id); !st)
      return tl::unexpected(st.error());
  auto fresh = LoadBead((*hq)->db(), bead->id);
  if (!fresh) return tl::unexpected(fresh.error());
  return Describe(town, ledgers, *fresh);
}

Result<ConvoyInfo> ConvoyStatus(Town& town, const std::string& convoy) {
  Ledgers ledgers(town);
  auto hq = ledgers.For(town.BeadsDir());
  if (!hq) return tl::unexpected(hq.error());
  auto bead = LoadConvoy(**hq, convoy);
  if (!bead) return tl::unexpected(bead.error());
  return Settle(town, ledgers, **hq, *bead);
}

Result<std::vector<ConvoyInfo>> ListConvoys(Town& town) {
  Ledgers ledgers(town);
  auto hq = ledgers.For(town.BeadsDir());
  if (!hq) return tl::unexpected(hq.error());
  ListFilter filter;
  filter.all = true;
  filter.labels = {kConvoyLabel};
  filter.limit = 0;
  filter.sort = "created";
  auto beads = ListBeads((*hq)->db(), filter);
  if (!beads) return tl::unexpected(beads.error());
  std::vector<ConvoyInfo> out;
  for (const Bead& b : *beads) {
    auto info = Settle(town, ledgers, **hq, b);
    if (!info) return tl::unexpected(info.error());
    out.push_back(*info);
  }
  return out;
}

Result<ConvoySling> SlingConvoy(Town& town, const std::string& convoy, const SlingRequest& base) {
  {
    auto hq = OpenLedgerAs(town, town.BeadsDir(), kAdminActor);
    if (!hq) return tl::unexpected(hq.error());
    auto id = ResolveId(hq->db(), hq->config().prefix, convoy);
    if (!id) return tl::unexpected(id.error());
    auto bead = LoadBead(hq->db(), *id);
    if (!bead) return tl::unexpected(bead.error());
    if (std::find(bead->labels.begin(), bead->labels.end(), kConvoyLabel) == bead->labels.end())
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("{} is a town bead, not a convoy; only rig beads and convoys can "
                              "be slung",
                              *id),
                  "gt rig list shows the rigs' prefixes");
  }
  auto info = ConvoyStatus(town, convoy);
  if (!info) return tl::unexpected(info.error());
  if (info->closed)
    return Fail(ErrorKind::kConflict, fmt::format("convoy {} is closed", info->id),
                "nothing to sling");
  ConvoySling out;
  bool out_of_workers = false;
  for (const ConvoyItem& item : info->items) {
    if (item.status != "open" || !item.assignee.empty()) continue;
    if (out_of_workers) {
      out.skipped.push_back(item.id + ": no free worker");
      continue;
    }
    SlingRequest request = base;
    request.bead = item.id;
    request.rig.clear();
    if (!out.slung.empty()) request.agent.clear();  // a named worker takes one bead
    auto slung = Sling(town, request);
    if (slung) {
      out.slung.push_back(*slung);
      continue;
    }
    out_of_workers = slung.error().message == "no free worker";
    out.skipped.push_back(item.id + ": " + slung.error().message);
  }
  if (out.slung.empty() && out.skipped.empty())
    return Fail(ErrorKind::kConflict,
                fmt::format("convoy {} has no open, unassigned bead to sling", info->id),
                "see gt convoy status " + info->id);
  return out;
}

}  // namespace gt::town
