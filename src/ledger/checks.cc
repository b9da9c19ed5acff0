#include "ledger/checks.h"

#include <filesystem>

#include <fmt/format.h>

#include "core/json_fields.h"
#include "core/process.h"
#include "ledger/gates.h"
#include "ledger/queries.h"

namespace gt {
namespace {

int64_t Int(const nlohmann::json& j, const char* name, int64_t fallback) {
  auto it = j.find(name);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
}

/// The last `max` bytes of `text`, cut at a UTF-8 character boundary.
std::string Tail(const std::string& text, size_t max) {
  if (text.size() <= max) return text;
  size_t start = text.size() - max;
  while (start < text.size() && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) ++start;
  return "…" + text.substr(start);
}

}  // namespace

nlohmann::json CheckCreateFields(const CheckSpec& spec) {
  nlohmann::json c = {{"argv", spec.argv}, {"workdir", spec.workdir}};
  if (spec.timeout_ms != kDefaultCheckTimeoutMs) c["timeout_ms"] = spec.timeout_ms;
  return {{"metadata", {{"check", c}}}};
}

Result<std::optional<CheckSpec>> LoadCheck(Database& db, const std::string& id) {
  auto q = db.Prepare("SELECT extra FROM beads WHERE id = ? AND deleted = 0");
  if (!q) return tl::unexpected(q.error());
  q->Bind(1, id);
  std::string extra = q->Step() ? q->Text(0) : std::string();
  if (!q->status()) return tl::unexpected(q->status().error());
  if (extra.empty()) return std::optional<CheckSpec>();
  nlohmann::json e = nlohmann::json::parse(extra, nullptr, false);
  if (!e.is_object()) return std::optional<CheckSpec>();
  auto m = e.find("metadata");
  if (m == e.end() || !m->is_object()) return std::optional<CheckSpec>();
  auto c = m->find("check");
  if (c == m->end() || !c->is_object()) return std::optional<CheckSpec>();
  CheckSpec spec;
  if (auto a = c->find("argv"); a != c->end() && a->is_array())
    for (const auto& x : *a)
      if (x.is_string()) spec.argv.push_back(x.get<std::string>());
  if (spec.argv.empty()) return std::optional<CheckSpec>();
  spec.workdir = JsonString(*c, "workdir");
  spec.timeout_ms = Int(*c, "timeout_ms", kDefaultCheckTimeoutMs);
  return std::optional<CheckSpec>(std::move(spec));
}

CheckRun RunCheck(const CheckSpec& spec, const std::string& beads_dir) {
  CheckRun run;
  run.argv = spec.argv;
  run.workdir = ResolveWorkdir(beads_dir, spec.workdir);
  std::error_code ec;
  if (!std::filesystem::is_directory(run.workdir, ec)) {
    run.output = fmt::format("working directory {} does not exist", run.workdir);
    return run;
  }
  auto result = RunProcess(spec.argv, ProcessOptions{run.workdir, {}, spec.timeout_ms});
  if (!result) {
    run.output = result.error().message;
    return run;
  }
  run.exit_code = result->timed_out ? -1 : result->exit_code;
  run.timed_out = result->timed_out;
  run.duration_ms = result->duration_ms;
  std::string output = result->out + result->err;
  if (run.timed_out)
    output +=
        fmt::format("{}killed after {} s (timeout)\n",
                    output.empty() || output.back() == '\n' ? "" : "\n", spec.timeout_ms / 1000);
  run.output = Tail(output, kCheckOutputTail);
  return run;
}

nlohmann::json CheckRunData(const CheckRun& run) {
  nlohmann::json d = {
      {"argv", run.argv},       {"workdir", run.workdir},         {"exit_code", run.exit_code},
      {"passed", run.passed()}, {"duration_ms", run.duration_ms}, {"output", run.output}};
  if (run.timed_out) d["timed_out"] = true;
  if (run.forced) d["forced"] = true;
  return d;
}

CheckRun CheckRunFromData(const nlohmann::json& d) {
  CheckRun run;
  if (auto a = d.find("argv"); a != d.end() && a->is_array())
    for (const auto& x : *a)
      if (x.is_string()) run.argv.push_back(x.get<std::string>());
  run.workdir = JsonString(d, "workdir");
  run.exit_code = static_cast<int>(Int(d, "exit_code", -1));
  run.timed_out = d.value("timed_out", false);
  run.forced = d.value("forced", false);
  run.duration_ms = Int(d, "duration_ms", 0);
  run.output = JsonString(d, "output");
  return run;
}

Result<std::optional<CheckRun>> LastCheckRun(Database& db, const std::string& log_dir,
                                             const std::string& id) {
  auto history = BeadHistory(db, log_dir, id);
  if (!history) return tl::unexpected(history.error());
  for (auto it = history->rbegin(); it != history->rend(); ++it) {
    if (it->op != "check.run" || !it->applied) continue;
    CheckRun run = CheckRunFromData(it->data);
    run.actor = it->actor;
    run.ts = it->ts;
    return std::optional<CheckRun>(std::move(run));
  }
  return std::optional<CheckRun>();
}

Result<StepClose> CloseStep(Ledger& ledger, const std::string& id, const std::string& reason,
                            bool force) {
  auto spec = LoadCheck(ledger.db(), id);
  if (!spec) return tl::unexpected(spec.error());
  StepClose result;
  if (!*spec) {
    auto closed = CloseBead(ledger, id, reason, force);
    if (!closed) return tl::unexpected(closed.error());
    result.outcome = std::move(*closed);
    return result;
  }
  // The cheap refusals first, so a blocked step never runs its check.
  bool already = false;
  auto plan = PlanClose(ledger.db(), id, reason, force, &already);
  if (!plan) return tl::unexpected(plan.error());
  if (!already) {
    result.run = RunCheck(**spec, ledger.beads_dir());
    result.run->forced = force && !result.run->passed();
    result.refused = !result.run->passed() && !force;
  }
  auto events = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
    // Under the lock: someone may have closed it while the check ran.
    auto drafts = PlanClose(db, id, reason, force, &already);
    if (!drafts) return tl::unexpected(drafts.error());
    if (already || !result.run) return std::vector<EventDraft>{};
    std::vector<EventDraft> out{{"check.run", id, CheckRunData(*result.run)}};
    if (result.refused) return out;
    for (EventDraft& d : *drafts) {
      d.data["check"] = {{"exit_code", result.run->exit_code}, {"passed", result.run->passed()}};
      if (!result.run->passed() && reason.empty())
        d.data["reason"] =
            fmt::format("Closed with --force; check failed (exit {})", result.run->exit_code);
      out.push_back(std::move(d));
    }
    return out;
  });
  if (!events) return tl::unexpected(events.error());
  if (already) {
    result.run.reset();
    result.refused = false;
  }
  auto bead = LoadBead(ledger.db(), id);
  if (!bead) return tl::unexpected(bead.error());
  result.outcome = CloseOutcome{std::move(*bead), already};
  return result;
}

}  // namespace gt
