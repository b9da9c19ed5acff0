// bd_bench report: the records of a run as a table, with the targets.
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench.h"

namespace gt::bench {
namespace {

/// What run.sh measures, in the order the table shows it. A rate figure is
/// the ledger's events divided by the median wall time of the command.
struct Figure {
  const char* key;
  const char* label;
  bool rate;
  const char* unit = "events";  // what the rate counts
};
constexpr Figure kFigures[] = {
    {"true", "/bin/true (spawn floor)", false},
    {"sqlite3_ready", "sqlite3 ready query (floor)", false},
    {"ready", "bd ready --json", false},
    {"list_open", "bd list --status open --json", false},
    {"show", "bd show ID --json", false},
    {"sqlite3_search", "sqlite3 search query (floor)", false},
    {"search", "bd search login timeout --json", false},
    {"search_rare", "bd search ID --json", false},
    {"search_build", "FTS5 bulk build (first search)", false},
    {"create", "bd create TITLE --silent", false},
    {"claim", "bd update ID --claim", false},
    {"close", "bd close ID", false},
    {"mol_pour", "bd mol pour (50 steps)", false},
    {"mol_status", "bd mol status ID --json (50 steps)", false},
    {"mol_ready", "bd mol ready ID --json (50 steps)", false},
    {"rebuild", "bd doctor --rebuild", true},
    {"verify", "bd verify", true},
    {"verify_deep", "bd verify --deep", true},
    {"import", "bd import (new ledger)", true, "beads"},
    {"export", "bd export --all", true, "beads"},
};
/// Sync figures, shown in a section of their own: their size is a count of
/// events (or operations), not a ledger's beads.
constexpr Figure kSyncFigures[] = {
    {"sync_in", "bd sync (events in) + bd ready", true},
    {"converge", "convergence test (ops)", true, "ops"},
};

bool IsSyncFigure(const std::string& key) {
  for (const Figure& f : kSyncFigures)
    if (key == f.key) return true;
  return false;
}

constexpr double kMinEventsPerSecond = 200000;
constexpr double kMaxWriteMs = 10;
constexpr double kDeepShareOfLimit = 0.8;
constexpr double kMinImportBeadsPerSecond = 10000;

struct Verdict {
  std::string target;
  bool pass;
};

std::string Thousands(double value) {
  std::string digits = fmt::format("{:.0f}", value), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

/// The target for one figure, judged on `size`'s records.
std::optional<Verdict> Judge(const std::string& key, const nlohmann::json& record,
                             const std::map<std::string, nlohmann::json>& size,
                             double limit_per_s) {
  double median = record["median_ms"].get<double>();
  double rate = record.value("events_per_s", 0.0);
  if (key == "ready") {
    auto floor = size.find("sqlite3_ready");
    if (floor == size.end()) return std::nullopt;
    double bound = 2 * floor->second["median_ms"].get<double>();
    return Verdict{fmt::format("<= 2x sqlite3 = {:.1f} ms", bound), median <= bound};
  }
  if (key == "search") {
    auto floor = size.find("sqlite3_search");
    if (floor == size.end()) return std::nullopt;
    double bound = 2 * floor->second["median_ms"].get<double>();
    return Verdict{fmt::format("<= 2x sqlite3 = {:.1f} ms", bound), median <= bound};
  }
  if (key == "create" || key == "claim")
    return Verdict{fmt::format("median < {:.0f} ms", kMaxWriteMs), median < kMaxWriteMs};
  if (key == "rebuild" || key == "verify")
    return Verdict{fmt::format(">= {} events/s", Thousands(kMinEventsPerSecond)),
                   rate >= kMinEventsPerSecond};
  if (key == "import")
    return Verdict{fmt::format(">= {} beads/s", Thousands(kMinImportBeadsPerSecond)),
                   rate >= kMinImportBeadsPerSecond};
  if (key == "verify_deep" && limit_per_s > 0)
    return Verdict{fmt::format(">= {:.0f}% of 2-core limit", kDeepShareOfLimit * 100),
                   rate >= kDeepShareOfLimit * limit_per_s};
  return std::nullopt;
}

}  // namespace

int ReportCommand(const Args& args) {
  std::ifstream in(args.Get("in"));
  if (!in) {
    std::cerr << "bd_bench report: cannot read --in " << args.Get("in") << "\n";
    return 2;
  }
  double us_per_verify = 0;
  std::map<int64_t, std::map<std::string, nlohmann::json>> sizes;  // beads → key → record
  std::map<std::string, nlohmann::json> sync;                      // key → record
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    auto record = nlohmann::json::parse(line, nullptr, false);
    if (record.is_discarded()) continue;
    std::string kind = record.value("kind", "");
    if (kind == "ed25519") us_per_verify = record["us_per_verify"].get<double>();
    if (kind == "time" && IsSyncFigure(record.value("name", "")))
      sync[record["name"]] = record;
    else if (kind == "time")
      sizes[record["size"].get<int64_t>()][record["name"]] = record;
  }
  double limit_per_s = us_per_verify > 0 ? 2e6 / us_per_verify : 0;  // two cores

  nlohmann::json out = {{"cpus", std::thread::hardware_concurrency()},
                        {"ed25519_verify_us", us_per_verify},
                        {"ed25519_two_core_limit_per_s", limit_per_s},
                        {"sizes", nlohmann::json::array()}};
  int misses = 0;
  std::cout << "\n";
  if (us_per_verify > 0)
    std::cout << fmt::format(
        "Ed25519 verify: {:.1f} us on one core; 2-core limit {} signatures/s\n\n", us_per_verify,
        Thousands(limit_per_s));
  // The records of one group as table rows; returns them with their verdicts.
  auto table = [&](std::map<std::string, nlohmann::json>& records, const auto& table_figures) {
    std::cout << fmt::format("  {:<30} {:>9} {:>9}  {:<24} {:<26} {}\n", "", "min ms", "median ms",
                             "throughput", "target", "");
    nlohmann::json figures = nlohmann::json::array();
    for (const Figure& f : table_figures) {
      auto it = records.find(f.key);
      if (it == records.end()) continue;
      nlohmann::json& r = it->second;
      std::string throughput;
      if (f.rate && r["median_ms"].get<double>() > 0) {
        double rate = double(r.value("events", int64_t(0))) / (r["median_ms"].get<double>() / 1000);
        r["events_per_s"] = rate;
        throughput = Thousands(rate) + " " + f.unit + "/s";
        if (std::string(f.key) == "verify_deep" && limit_per_s > 0) {
          r["share_of_limit"] = rate / limit_per_s;
          throughput += fmt::format(" ({:.0f}%)", 100 * rate / limit_per_s);
        }
      }
      auto verdict = Judge(f.key, r, records, limit_per_s);
      if (verdict) {
        r["target"] = verdict->target;
        r["pass"] = verdict->pass;
        misses += verdict->pass ? 0 : 1;
      }
      r["label"] = f.label;
      r.erase("kind");
      std::cout << fmt::format("  {:<30} {:>9.2f} {:>9.2f}  {:<24} {:<26} {}\n", f.label,
                               r["min_ms"].get<double>(), r["median_ms"].get<double>(), throughput,
                               verdict ? verdict->target : "",
                               verdict ? (verdict->pass ? "PASS" : "MISS") : "");
      figures.push_back(r);
    }
    return figures;
  };
  for (auto& [beads, records] : sizes) {
    int64_t events = records.begin()->second.value("events", int64_t(0));
    std::cout << fmt::format("{} beads, {} events\n", Thousands(double(beads)),
                             Thousands(double(events)));
    nlohmann::json figures = table(records, kFigures);
    out["sizes"].push_back({{"beads", beads}, {"events", events}, {"figures", figures}});
    std::cout << "\n";
  }
  if (!sync.empty()) {
    std::cout << "sync\n";
    out["sync"] = table(sync, kSyncFigures);
    std::cout << "\n";
  }
  std::cout << fmt::format("{} target(s) missed\n", misses);
  if (!args.Get("out").empty()) {
    std::ofstream file(args.Get("out"));
    file << out.dump(2) << "\n";
    if (!file) {
      std::cerr << "bd_bench report: cannot write " << args.Get("out") << "\n";
      return 1;
    }
    std::cout << "written to " << args.Get("out") << "\n";
  }
  return 0;
}

}  // namespace gt::bench
