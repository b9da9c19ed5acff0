#include "ledger/gates.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "core/clock.h"
#include "core/json_fields.h"
#include "core/process.h"
#include "ledger/queries.h"

namespace gt {
namespace fs = std::filesystem;
namespace {

constexpr const char* kKindLabel = "gate:";
constexpr const char* kStepLabel = "mol-gate:";

std::string LabelValue(const Bead& bead, const std::string& prefix) {
  for (const std::string& l : bead.labels)
    if (l.starts_with(prefix)) return l.substr(prefix.size());
  return {};
}

GateSpec SpecFromJson(const nlohmann::json& g) {
  GateSpec s;
  s.kind = JsonString(g, "kind");
  s.name = JsonString(g, "name");
  s.step = JsonString(g, "step");
  s.await_id = JsonString(g, "await_id");
  s.timeout = JsonString(g, "timeout");
  s.opens_at = JsonString(g, "opens_at");
  s.workdir = JsonString(g, "workdir");
  if (auto c = g.find("command"); c != g.end() && c->is_array())
    for (const auto& a : *c)
      if (a.is_string()) s.command.push_back(a.get<std::string>());
  return s;
}

/// The gate's bead.close data: the reason and, under `gate`, how it opened.
nlohmann::json OpeningData(const GateInfo& gate, const std::string& reason,
                           const std::string& how) {
  return {{"reason", reason}, {"gate", {{"kind", gate.spec.kind}, {"opened", how}}}};
}

/// Whether a timer or bead gate is satisfied now (false for other kinds);
/// `detail` says why, either way.
Result<bool> Satisfied(Database& db, const std::string& prefix, const GateInfo& gate, int64_t now,
                       std::string* detail) {
  const GateSpec& s = gate.spec;
  if (s.kind == "timer") {
    auto at = ParseTimestamp(s.opens_at);
    if (!at) {
      *detail = fmt::format("bad opens_at \"{}\"", s.opens_at);
      return false;
    }
    *detail = now >= *at ? fmt::format("time reached ({})", s.opens_at)
                         : fmt::format("opens at {}", s.opens_at);
    return now >= *at;
  }
  if (s.kind == "bead") {
    std::string id = s.await_id;
    auto bead = LoadBead(db, id);
    if (!bead && bead.error().kind == ErrorKind::kNotFound)
      if (auto resolved = ResolveId(db, prefix, id)) bead = LoadBead(db, *resolved);
    if (!bead) {
      if (bead.error().kind != ErrorKind::kNotFound) return tl::unexpected(bead.error());
      *detail = fmt::format("waits for {}, which does not exist", id);
      return false;
    }
    bool done = IsDoneStatus(bead->status);
    *detail = done ? fmt::format("{} is {}", bead->id, bead->status)
                   : fmt::format("waits for {} ({})", bead->id, bead->status);
    return done;
  }
  return false;
}

/// Id order with child numbers compared as numbers: E.9 before E.10.
bool ChildOrder(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    bool da = isdigit(static_cast<unsigned char>(a[i])) != 0;
    bool db = isdigit(static_cast<unsigned char>(b[j])) != 0;
    if (da && db) {
      size_t ei = a.find_first_not_of("0123456789", i), ej = b.find_first_not_of("0123456789", j);
      std::string na = a.substr(i, ei - i), nb = b.substr(j, ej - j);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = ei == std::string::npos ? a.size() : ei;
      j = ej == std::string::npos ? b.size() : ej;
      continue;
    }
    if (a[i] != b[j]) return a[i] < b[j];
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

/// The directory that holds `.beads/`.
fs::path LedgerRoot(const std::string& beads_dir) {
  std::error_code ec;
  fs::path b = fs::absolute(beads_dir, ec).lexically_normal();
  if (b.filename().empty()) b = b.parent_path();
  return b.parent_path();
}

Result<std::vector<std::string>> GateIds(Database& db, bool all) {
  auto q =
      db.Prepare(all ? "SELECT id FROM beads WHERE issue_type = 'gate' AND deleted = 0 ORDER BY id"
                     : "SELECT id FROM beads WHERE status IN ('open', 'in_progress', 'blocked', "
                       "'deferred', 'hooked') AND issue_type = 'gate' AND deleted = 0 ORDER BY id");
  if (!q) return tl::unexpected(q.error());
  std::vector<std::string> ids;
  while (q->Step()) ids.push_back(q->Text(0));
  if (!q->status()) return tl::unexpected(q->status().error());
  return ids;
}

}  // namespace

Result<GateSpec> GateSpecFor(const FormulaGate& gate, const std::string& step, int64_t poured_at,
                             const std::string& workdir) {
  GateSpec s;
  s.kind = gate.kind;
  s.name = gate.id;
  s.step = step;
  if (gate.kind == "bead") s.await_id = gate.await_id;
  if (gate.kind == "command") {
    s.command = gate.command;
    s.workdir = workdir;
  }
  if (gate.kind == "timer") {  // cook checked these; a hand-made FormulaGate may not be
    if (!gate.at.empty()) {
      auto at = ParseTimestamp(gate.at);
      if (!at)
        return Fail(ErrorKind::kInvalidArgument,
                    fmt::format("step {}: gate.at \"{}\" is not a time (2026-12-01T09:00:00Z)",
                                step, gate.at));
      s.opens_at = FormatTimestamp(*at);
    } else {
      auto d = ParseDuration(gate.timeout);
      if (!d)
        return Fail(ErrorKind::kInvalidArgument,
                    fmt::format("step {}: gate.timeout: {}", step, d.error().message));
      s.timeout = gate.timeout;
      s.opens_at = FormatTimestamp(poured_at + *d);
    }
  }
  return s;
}

nlohmann::json GateCreateFields(const GateSpec& s, int64_t poured_at) {
  nlohmann::json g = {{"kind", s.kind}, {"step", s.step}};
  auto put = [&](const char* name, const std::string& value) {
    if (!value.empty()) g[name] = value;
  };
  put("name", s.name);
  put("await_id", s.await_id);
  put("timeout", s.timeout);
  put("opens_at", s.opens_at);
  put("workdir", s.workdir);
  if (!s.command.empty()) g["command"] = s.command;
  nlohmann::json fields = {{"metadata", {{"gate", g}}}, {"await_type", s.kind}};
  if (!s.await_id.empty()) fields["await_id"] = s.await_id;
  if (auto at = ParseTimestamp(s.opens_at); at && !s.opens_at.empty())
    fields["timeout"] = std::max<int64_t>(0, *at - poured_at);
  return fields;
}

Result<GateInfo> LoadGate(Database& db, const std::string& id) {
  auto bead = LoadBead(db, id);
  if (!bead) return tl::unexpected(bead.error());
  if (bead->issue_type != "gate")
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("{} is not a gate (it is a {})", id, bead->issue_type),
                "see the gates with `bd gate list`");
  GateInfo info;
  auto q = db.Prepare("SELECT extra FROM beads WHERE id = ?");
  if (!q) return tl::unexpected(q.error());
  q->Bind(1, id);
  std::string extra = q->Step() ? q->Text(0) : std::string();
  if (!q->status()) return tl::unexpected(q->status().error());
  nlohmann::json e = nlohmann::json::parse(extra.empty() ? "{}" : extra, nullptr, false);
  const nlohmann::json* g = nullptr;
  if (e.is_object())
    if (auto m = e.find("metadata"); m != e.end() && m->is_object())
      if (auto it = m->find("gate"); it != m->end() && it->is_object()) g = &*it;
  if (g) {
    info.spec = SpecFromJson(*g);
  } else {  // poured before gates were stored: the labels say the kind and step
    info.legacy = true;
    info.spec.kind = LabelValue(*bead, kKindLabel);
    info.spec.step = LabelValue(*bead, kStepLabel);
  }
  info.molecule = bead->parent;
  auto deps = DependentsOf(db, id);
  if (!deps) return tl::unexpected(deps.error());
  for (const Dependency& d : *deps)
    if (d.type == "blocks" && info.step_bead.empty()) info.step_bead = d.issue_id;
  info.bead = std::move(*bead);
  return info;
}

Result<std::vector<GateInfo>> ListGates(Database& db, bool all) {
  auto ids = GateIds(db, all);
  if (!ids) return tl::unexpected(ids.error());
  std::sort(ids->begin(), ids->end(), ChildOrder);
  std::vector<GateInfo> out;
  for (const std::string& id : *ids) {
    auto gate = LoadGate(db, id);
    if (!gate) return tl::unexpected(gate.error());
    out.push_back(std::move(*gate));
  }
  return out;
}

Result<bool> ApproveGate(Ledger& ledger, const std::string& id, const std::string& reason) {
  bool opened = false;
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    auto gate = LoadGate(db, id);
    if (!gate) return tl::unexpected(gate.error());
    if (gate->spec.kind != "human")
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("{} is a {} gate; only human gates are approved", id,
                              gate->spec.kind.empty() ? "unknown" : gate->spec.kind),
                  "machine gates open with `bd gate check`");
    if (gate->open()) return std::vector<EventDraft>{};
    opened = true;
    std::string text = fmt::format("Approved by {}", ledger.actor());
    if (!reason.empty()) text += ": " + reason;
    return std::vector<EventDraft>{{"bead.close", id, OpeningData(*gate, text, "approved")}};
  });
  if (!events) return tl::unexpected(events.error());
  return opened;
}

Result<std::vector<GateCheck>> CheckGates(Ledger& ledger, const std::vector<std::string>& ids,
                                          const GateCheckOptions& options) {
  std::vector<GateInfo> gates;
  if (ids.empty()) {
    auto all = ListGates(ledger.db(), false);
    if (!all) return tl::unexpected(all.error());
    gates = std::move(*all);
  } else {
    for (const std::string& id : ids) {
      auto gate = LoadGate(ledger.db(), id);
      if (!gate) return tl::unexpected(gate.error());
      gates.push_back(std::move(*gate));
    }
  }
  // Evaluate first (commands outside the write lock), then open in one write.
  std::vector<GateCheck> out;
  std::map<std::string, nlohmann::json> to_open;  // gate id → its bead.close data
  int64_t now = ledger.NowNanos();
  for (const GateInfo& g : gates) {
    GateCheck c{g.bead.id, g.spec.kind, "waiting", ""};
    if (g.open()) {
      c.state = "open";
      c.detail = g.bead.close_reason;
    } else if (g.spec.kind == "human") {
      c.state = "manual";
      c.detail = fmt::format("waits for `bd gate approve {}`", g.bead.id);
    } else if (g.legacy) {
      c.state = "manual";
      c.detail = "poured before gates were stored: close it by hand with `bd close`";
    } else if (g.spec.kind == "command") {
      if (!options.run_commands) continue;
      std::string dir = ResolveWorkdir(ledger.beads_dir(), g.spec.workdir);
      std::error_code ec;
      if (!fs::is_directory(dir, ec)) {
        c.detail = fmt::format("working directory {} does not exist", dir);
      } else {
        auto run = RunProcess(g.spec.command, ProcessOptions{dir, {}, options.command_timeout_ms});
        if (!run) {
          c.detail = run.error().message;
        } else if (run->timed_out) {
          c.detail = fmt::format("timed out after {} ms", options.command_timeout_ms);
        } else if (run->exit_code != 0) {
          c.detail = fmt::format("exit {}", run->exit_code);
        } else {
          c.state = "opened";
          c.detail = "command passed (exit 0)";
          std::string argv = nlohmann::json(g.spec.command).dump();
          to_open[g.bead.id] =
              OpeningData(g, fmt::format("Command {} passed (checked by {})", argv, ledger.actor()),
                          "command passed");
        }
      }
    } else {
      auto ok = Satisfied(ledger.db(), ledger.config().prefix, g, now, &c.detail);
      if (!ok) return tl::unexpected(ok.error());
      if (*ok) {
        c.state = "opened";
        std::string how = g.spec.kind == "timer" ? "time reached" : "bead closed";
        to_open[g.bead.id] =
            OpeningData(g,
                        g.spec.kind == "timer" ? fmt::format("Timer reached {}", g.spec.opens_at)
                                               : fmt::format("Awaited bead closed: {}", c.detail),
                        how);
      }
    }
    out.push_back(std::move(c));
  }
  if (to_open.empty()) return out;
  std::map<std::string, bool> wrote;
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    wrote.clear();
    std::vector<EventDraft> drafts;
    for (auto& [id, data] : to_open) {
      auto bead = LoadBead(db, id);  // someone may have opened or deleted it meanwhile
      if (!bead || IsDoneStatus(bead->status)) continue;
      wrote[id] = true;
      drafts.push_back({"bead.close", id, data});
    }
    return drafts;
  });
  if (!events) return tl::unexpected(events.error());
  for (GateCheck& c : out)
    if (c.state == "opened" && !wrote.count(c.id)) c.state = "open";
  return out;
}

Result<int> OpenDueGates(Ledger& ledger) {
  // Through the label index: this runs on every `bd ready`, and most
  // ledgers have no waiting timer or bead gate at all.
  auto q = ledger.db().Prepare(
      "SELECT l.issue_id FROM labels l JOIN beads b ON b.id = l.issue_id "
      "WHERE l.label IN ('gate:timer', 'gate:bead') AND b.issue_type = 'gate' AND b.deleted = 0 "
      "AND b.status IN ('open', 'in_progress', 'blocked', 'deferred', 'hooked') "
      "ORDER BY l.issue_id");
  if (!q) return tl::unexpected(q.error());
  std::vector<std::string> ids;
  while (q->Step()) ids.push_back(q->Text(0));
  if (!q->status()) return tl::unexpected(q->status().error());
  if (ids.empty()) return 0;
  GateCheckOptions options;
  options.run_commands = false;
  auto checked = CheckGates(ledger, ids, options);
  if (!checked) return tl::unexpected(checked.error());
  return static_cast<int>(std::count_if(checked->begin(), checked->end(),
                                        [](const GateCheck& c) { return c.state == "opened"; }));
}

std::string StoredWorkdir(const std::string& beads_dir, const std::string& dir) {
  std::error_code ec;
  fs::path root = fs::weakly_canonical(LedgerRoot(beads_dir), ec);
  fs::path d = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  fs::path rel = d.lexically_relative(root);
  if (!rel.empty() && *rel.begin() != "..") return rel.string();
  return d.string();
}

std::string ResolveWorkdir(const std::string& beads_dir, const std::string& stored) {
  fs::path p(stored.empty() ? "." : stored);
  if (p.is_absolute()) return p.string();
  fs::path dir = (LedgerRoot(beads_dir) / p).lexically_normal();
  std::string text = dir.string();
  if (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

}  // namespace gt
