#include "ledger/import.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/parallel.h"
#include "ledger/export.h"
#include "ledger/jsonl_record.h"

namespace gt {
namespace {

using json = nlohmann::json;

/// A checked line waiting to be written: its normalised record, as text
/// (a parsed tree per bead would cost several KB each on big imports).
struct Pending {
  int64_t line = 0;
  std::string id;
  std::string record;
};

Result<json> ParseLine(std::string_view line) {
  try {  // nlohmann reports where a parse failed only by exception
    return json::parse(line);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    size_t at = what.find("parse error");
    if (at != std::string::npos) what = what.substr(at);
    // "parse error at line 1, column 7: syntax error …" → "column 7: syntax error …"
    if (size_t col = what.find("column "); col != std::string::npos) what = what.substr(col);
    return Fail(ErrorKind::kInvalidArgument, "invalid JSON: " + what);
  }
}

std::string_view TrimLine(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
    line.remove_suffix(1);
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  return line;
}

/// What one line of the file holds, checked on its own.
struct CheckedLine {
  enum class Kind { kEmpty, kBad, kMemory, kTombstone, kRecord } kind = Kind::kEmpty;
  std::string id;
  std::string text;  // kRecord: the normalised record; kBad: the reason
};

CheckedLine CheckLine(std::string_view line) {
  using Kind = CheckedLine::Kind;
  CheckedLine out;
  if (line.empty()) return out;
  auto parsed = ParseLine(line);
  if (!parsed) return {Kind::kBad, "", parsed.error().message};
  RecordKind kind = KindOfRecord(*parsed);
  if (kind == RecordKind::kMemory) return {Kind::kMemory, "", ""};
  if (kind == RecordKind::kTombstone) return {Kind::kTombstone, "", ""};
  auto record = NormalizeRecord(std::move(*parsed));
  if (!record) return {Kind::kBad, "", record.error().message};
  return {Kind::kRecord, (*record)["id"].get<std::string>(), record->dump()};
}

/// Calls fn(i) for i in [0, count), in blocks spread over the cores.
void ForEachInBlocks(size_t count, const std::function<void(size_t)>& fn) {
  constexpr size_t kBlock = 256;
  ParallelFor((count + kBlock - 1) / kBlock, [&](size_t block) {
    for (size_t i = block * kBlock; i < std::min(count, (block + 1) * kBlock); ++i) fn(i);
  });
}

/// True when `incoming` is strictly newer than `existing` (by time, not text).
bool Newer(const json& incoming, const json& existing) {
  auto a = ParseTimestamp(incoming.value("updated_at", ""));
  auto b = ParseTimestamp(existing.value("updated_at", ""));
  return a && b && *a > *b;
}

/// What one chunk does, decided inside the write lock.
struct ChunkPlan {
  std::vector<EventDraft> drafts;
  ImportReport report;
};

Result<ChunkPlan> PlanChunk(Database& db, const std::vector<Pending>& pending, size_t begin,
                            size_t end, const std::string& now) {
  ChunkPlan plan;
  auto state = db.Prepare("SELECT deleted FROM beads WHERE id = ?");
  if (!state) return tl::unexpected(state.error());
  enum class Have { kNone, kDeleted, kLive };
  std::vector<Have> have;
  std::vector<std::string> live;
  for (size_t i = begin; i < end; ++i) {
    Statement& q = *state;
    q.Reset();
    q.Bind(1, pending[i].id);
    Have h = Have::kNone;
    if (q.Step()) h = q.Int(0) ? Have::kDeleted : Have::kLive;
    if (!q.status()) return tl::unexpected(q.status().error());
    if (h == Have::kLive) live.push_back(pending[i].id);
    have.push_back(h);
  }
  auto existing = LoadRecords(db, live);
  if (!existing) return tl::unexpected(existing.error());
  std::vector<json> records(end - begin);
  ForEachInBlocks(end - begin, [&](size_t i) {
    if (have[i] != Have::kDeleted) records[i] = json::parse(pending[begin + i].record);
  });
  for (size_t i = begin; i < end; ++i) {
    const Pending& p = pending[i];
    Have h = have[i - begin];
    if (h == Have::kDeleted) {
      plan.report.deleted_skipped_ids.push_back(p.id);
      continue;
    }
    json record = std::move(records[i - begin]);
    const json* old = nullptr;
    if (h == Have::kLive) {
      auto it = existing->find(p.id);
      if (it != existing->end()) old = &it->second;
    }
    FillRecordDefaults(record, old ? *old : json(), now);
    if (old) {
      if (record == *old) {
        ++plan.report.unchanged;
        continue;
      }
      if (!Newer(record, *old)) {
        plan.report.stale_skipped_ids.push_back(p.id);
        continue;
      }
      ++plan.report.updated;
    } else {
      ++plan.report.created;
    }
    plan.report.ids.push_back(p.id);
    plan.drafts.push_back({"bead.import", p.id, std::move(record)});
  }
  return plan;
}

void Merge(ImportReport& into, ImportReport&& from) {
  into.created += from.created;
  into.updated += from.updated;
  into.unchanged += from.unchanged;
  auto append = [](std::vector<std::string>& a, std::vector<std::string>& b) {
    a.insert(a.end(), std::make_move_iterator(b.begin()), std::make_move_iterator(b.end()));
  };
  append(into.ids, from.ids);
  append(into.stale_skipped_ids, from.stale_skipped_ids);
  append(into.deleted_skipped_ids, from.deleted_skipped_ids);
}

}  // namespace

Result<ImportReport> ImportJsonl(Ledger& ledger, std::string_view text,
                                 const ImportOptions& options) {
  ImportReport report;
  std::vector<Pending> pending;
  std::unordered_map<std::string, int64_t> first_line;  // id → line it was first seen on
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < text.size();) {
    size_t nl = text.find('\n', start);
    lines.push_back(TrimLine(text.substr(start, nl == std::string_view::npos ? nl : nl - start)));
    start = nl == std::string_view::npos ? text.size() : nl + 1;
  }
  // Lines are checked independently, on every core; what they mean together
  // (ids seen twice) is decided after, in file order.
  std::vector<CheckedLine> checked(lines.size());
  ForEachInBlocks(lines.size(), [&](size_t i) { checked[i] = CheckLine(lines[i]); });
  lines = {};
  for (size_t i = 0; i < checked.size(); ++i) {
    int64_t number = int64_t(i) + 1;
    CheckedLine& line = checked[i];
    switch (line.kind) {
      case CheckedLine::Kind::kEmpty:
        continue;
      case CheckedLine::Kind::kBad:
        report.bad_lines.push_back({number, std::move(line.text)});
        continue;
      case CheckedLine::Kind::kMemory:
        ++report.memories;
        continue;
      case CheckedLine::Kind::kTombstone:
        ++report.tombstones;
        continue;
      case CheckedLine::Kind::kRecord:
        break;
    }
    auto [seen, fresh] = first_line.emplace(line.id, number);
    if (!fresh) {
      report.bad_lines.push_back(
          {number, fmt::format("duplicate id {} (first on line {})", line.id, seen->second)});
      continue;
    }
    pending.push_back({number, std::move(line.id), std::move(line.text)});
  }
  checked = {};
  if (!report.bad_lines.empty() && !options.skip_bad) {
    const BadLine& first = report.bad_lines.front();
    size_t more = report.bad_lines.size() - 1;
    return Fail(ErrorKind::kInvalidArgument, fmt::format("line {}: {}", first.line, first.reason),
                more ? fmt::format("{} more bad line(s); nothing was imported (fix the file, "
                                   "or pass --skip-bad to import the good lines)",
                                   more)
                     : "nothing was imported (fix the line, or pass --skip-bad to import the "
                       "good lines)");
  }

  std::string now = FormatTimestamp(ledger.NowNanos());
  size_t chunk = std::max<size_t>(options.chunk, 1);
  for (size_t begin = 0; begin < pending.size(); begin += chunk) {
    size_t end = std::min(pending.size(), begin + chunk);
    if (options.dry_run) {
      auto plan = PlanChunk(ledger.db(), pending, begin, end, now);
      if (!plan) return tl::unexpected(plan.error());
      Merge(report, std::move(plan->report));
      continue;
    }
    ImportReport chunk_report;
    auto written = ledger.Write([&](Database& db) -> Result<std::vector<EventDraft>> {
      auto plan = PlanChunk(db, pending, begin, end, now);
      if (!plan) return tl::unexpected(plan.error());
      chunk_report = std::move(plan->report);
      return std::move(plan->drafts);
    });
    if (!written) return tl::unexpected(written.error());
    Merge(report, std::move(chunk_report));
    if (options.progress) options.progress(int64_t(end), int64_t(pending.size()));
  }
  return report;
}

}  // namespace gt
