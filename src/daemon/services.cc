#include "daemon/services.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ledger/ops.h"
#include "ledger/queries.h"
#include "ledger/workspace.h"
#include "runtime/script_runtime.h"

namespace gt::daemon {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kTitlePrefix = "Service: ";
constexpr std::string_view kRecordPrefix = "service-";
constexpr std::string_view kRecordSuffix = ".json";

std::string Describe(const std::string& name, const std::vector<std::string>& command,
                     const std::string& cwd) {
  return fmt::format("service: {}\nrun: {}\ncwd: {}\n", name, nlohmann::json(command).dump(), cwd);
}

/// The spec in a service bead's description; the name falls back to the
/// title, and a command that does not parse is left empty (never run).
ServiceSpec ParseSpec(const Bead& bead) {
  ServiceSpec spec;
  spec.id = bead.id;
  std::istringstream lines(bead.description);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("service: ")) {
      spec.name = line.substr(9);
    } else if (line.starts_with("cwd: ")) {
      spec.cwd = line.substr(5);
    } else if (line.starts_with("run: ")) {
      auto j = nlohmann::json::parse(line.substr(5), nullptr, false);
      if (j.is_array() && std::all_of(j.begin(), j.end(), [](auto& a) { return a.is_string(); }))
        spec.command = j.get<std::vector<std::string>>();
    }
  }
  if (spec.name.empty() && bead.title.starts_with(kTitlePrefix))
    spec.name = bead.title.substr(kTitlePrefix.size());
  return spec;
}

Result<std::vector<ServiceSpec>> ListIn(Ledger& hq) {
  ListFilter filter;
  filter.statuses = {"pinned", "open"};
  filter.labels = {kServiceLabel};
  filter.limit = 0;
  filter.sort = "created";
  auto beads = ListBeads(hq.db(), filter);
  if (!beads) return tl::unexpected(beads.error());
  std::vector<ServiceSpec> out;
  for (const Bead& b : *beads) out.push_back(ParseSpec(b));
  return out;
}

Result<ServiceSpec> FindIn(Ledger& hq, const std::string& name) {
  auto all = ListIn(hq);
  if (!all) return tl::unexpected(all.error());
  for (const ServiceSpec& s : *all)
    if (s.name == name) return s;
  return Fail(ErrorKind::kNotFound, fmt::format("no service named \"{}\"", name),
              "see gt service list");
}

/// The names with a run/service-NAME.json.
std::vector<std::string> RecordedNames(const town::Town& town) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(town.RunDir(), ec)) {
    std::string file = entry.path().filename().string();
    if (file.starts_with(kRecordPrefix) && file.ends_with(kRecordSuffix))
      out.push_back(file.substr(kRecordPrefix.size(),
                                file.size() - kRecordPrefix.size() - kRecordSuffix.size()));
  }
  return out;
}

std::string ExitPath(const town::Town& town, const std::string& name) {
  return fmt::format("{}/service-{}.exit", town.RunDir(), name);
}

/// "2s", "5m", "1.5s".
std::string Seconds(int64_t ns) {
  if (ns % 60000000000LL == 0 && ns > 0) return fmt::format("{}m", ns / 60000000000LL);
  if (ns % 1000000000LL == 0) return fmt::format("{}s", ns / 1000000000LL);
  return fmt::format("{:.1f}s", double(ns) / 1e9);
}

/// A comment stays one short line, whatever an error message holds.
std::string OneLine(std::string text, size_t max = 160) {
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  if (text.size() <= max) return text;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

std::string ExitText(int code) {
  return code >= 0 ? fmt::format("exit code {}", code) : std::string("killed");
}

/// Starts the service's process and records it; on failure the state is as
/// after a death with code 127.
Status Launch(const town::Town& town, const ServiceSpec& spec, ServiceState& state,
              std::map<std::string, runtime::Session>& sessions, int64_t now_ns) {
  runtime::StartRequest request;
  request.argv = spec.command;
  request.cwd = spec.cwd.empty() ? town.root : spec.cwd;
  request.env = {"GT_TOWN=" + town.root, "GT_SERVICE=" + spec.name};
  request.log_path = ServiceLogPath(town, spec.name);
  request.exit_path = ExitPath(town, spec.name);
  state.started_ns = now_ns;
  state.log_path = request.log_path;
  runtime::ScriptRuntime rt;
  auto session = rt.Start(request);
  if (!session) {
    state.running = false;
    state.pid = 0;
    state.last_exit = 127;
    return tl::unexpected(session.error());
  }
  // Unrecorded, a later daemon could not adopt it and would start a second copy.
  if (auto saved =
          SaveServiceRecord(town, {spec.name, spec.id, *session, state.restarts, state.backoff_ns});
      !saved) {
    (void)rt.Stop(*session);
    state.running = false;
    state.pid = 0;
    return saved;
  }
  state.running = true;
  state.pid = session->pid;
  sessions[spec.name] = *session;
  return {};
}

/// A death seen at `now_ns`: the next delay and when it ends.
void ScheduleRestart(ServiceState& state, int64_t now_ns) {
  bool long_run = now_ns - state.started_ns >= kServiceResetNs;
  state.backoff_ns = state.backoff_ns == 0 || long_run
                         ? kServiceBackoffMinNs
                         : std::min(state.backoff_ns * 2, kServiceBackoffMaxNs);
  state.next_start_ns = now_ns + state.backoff_ns;
  state.running = false;
  state.pid = 0;
}

town::FeedEvent Event(const std::string& kind, const std::string& bead, std::string text) {
  town::FeedEvent e;
  e.kind = kind;
  e.bead = bead;
  e.text = std::move(text);
  return e;
}

}  // namespace

std::string ServiceRecordPath(const town::Town& town, const std::string& name) {
  return fmt::format("{}/{}{}{}", town.RunDir(), kRecordPrefix, name, kRecordSuffix);
}

std::string ServiceLogPath(const town::Town& town, const std::string& name) {
  return fmt::format("{}/service-{}.log", town.LogDir(), name);
}

Result<std::optional<ServiceRecord>> LoadServiceRecord(const town::Town& town,
                                                       const std::string& name) {
  std::string path = ServiceRecordPath(town, name);
  std::ifstream in(path);
  if (!in) return std::optional<ServiceRecord>();
  std::stringstream text;
  text << in.rdbuf();
  auto j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Fail(ErrorKind::kCorruption, fmt::format("{} is not a service record", path),
                "remove it; the daemon starts the service again");
  ServiceRecord r;
  r.name = j.value("service", name);
  r.id = j.value("bead", "");
  r.session.runtime = j.value("runtime", "script");
  r.session.pid = j.value("pid", 0);
  r.session.start_ticks = j.value("start_ticks", int64_t(0));
  r.session.log_path = j.value("log", "");
  r.session.exit_path = j.value("exit_file", "");
  r.restarts = j.value("restarts", 0);
  r.backoff_ns = j.value("backoff_ns", int64_t(0));
  return std::optional<ServiceRecord>(r);
}

Status SaveServiceRecord(const town::Town& town, const ServiceRecord& r) {
  nlohmann::json j = {{"version", 1},
                      {"service", r.name},
                      {"bead", r.id},
                      {"runtime", r.session.runtime},
                      {"pid", r.session.pid},
                      {"start_ticks", r.session.start_ticks},
                      {"log", r.session.log_path},
                      {"exit_file", r.session.exit_path},
                      {"restarts", r.restarts},
                      {"backoff_ns", r.backoff_ns}};
  return WriteFileAtomically(ServiceRecordPath(town, r.name), j.dump(2) + "\n");
}

bool ServiceRecordAlive(const ServiceRecord& record) {
  return runtime::ScriptRuntime().IsAlive(record.session);
}

Result<ServiceSpec> AddService(town::Town& town, const std::string& name,
                               const std::vector<std::string>& command, const std::string& cwd) {
  if (auto st = town::ValidateName("service", name); !st) return tl::unexpected(st.error());
  if (command.empty() || command[0].empty())
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("service \"{}\" needs a command after --", name),
                fmt::format("e.g. gt service add {} -- ./serve.sh --port 8080", name));
  std::string dir = cwd.empty() ? town.root : cwd;
  std::error_code ec;
  if (!fs::path(dir).is_absolute() || !fs::is_directory(dir, ec))
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("the service's directory {} is not a directory", dir),
                "pass an existing directory with --cwd");
  // Under the town's lock, so two adds of one name cannot both pass the check.
  auto lock = town::LockTown(town);
  if (!lock) return tl::unexpected(lock.error());
  auto hq = town::OpenLedgerAs(town, town.BeadsDir(), town::kAdminActor);
  if (!hq) return tl::unexpected(hq.error());
  auto existing = FindIn(*hq, name);
  if (existing)
    return Fail(ErrorKind::kConflict,
                fmt::format("service \"{}\" already exists ({})", name, existing->id),
                fmt::format("remove it first (gt service remove {}) or pick another name", name));
  if (existing.error().kind != ErrorKind::kNotFound) return tl::unexpected(existing.error());
  CreateRequest request;
  request.title = std::string(kTitlePrefix) + name;
  request.issue_type = "chore";
  request.description = Describe(name, command, dir);
  request.labels = {kServiceLabel};
  auto bead = CreateBead(*hq, request);
  if (!bead) return tl::unexpected(bead.error());
  // Beads are created open; pinned keeps it out of ready work.
  UpdateRequest pin;
  pin.status = "pinned";
  if (auto pinned = UpdateBead(*hq, bead->id, pin); !pinned) return tl::unexpected(pinned.error());
  return ServiceSpec{bead->id, name, command, dir};
}

Result<std::vector<ServiceSpec>> ListServices(town::Town& town) {
  auto hq = town::OpenLedgerAs(town, town.BeadsDir(), town::kAdminActor);
  if (!hq) return tl::unexpected(hq.error());
  return ListIn(*hq);
}

Status RemoveService(town::Town& town, const std::string& name) {
  auto hq = town::OpenLedgerAs(town, town.BeadsDir(), town::kAdminActor);
  if (!hq) return tl::unexpected(hq.error());
  auto spec = FindIn(*hq, name);
  if (!spec) return tl::unexpected(spec.error());
  // The bead first: a daemon that restarts the process meanwhile stops it at
  // its next look.
  if (auto closed = CloseBead(*hq, spec->id, "removed", true); !closed)
    return tl::unexpected(closed.error());
  auto record = LoadServiceRecord(town, name);
  if (record && *record) {
    if (auto st = runtime::ScriptRuntime().Stop((*record)->session); !st) return st;
  }
  std::error_code ec;
  fs::remove(ServiceRecordPath(town, name), ec);
  return {};
}

void ServiceSupervisor::Tick(town::Town& town, int64_t now_ns,
                             std::vector<town::FeedEvent>& events) {
  auto hq = town::OpenLedgerAs(town, town.BeadsDir(), town::kAdminActor);
  if (!hq) return;
  auto specs = ListIn(*hq);
  if (!specs) return;  // never mistake an unreadable ledger for removed services
  runtime::ScriptRuntime rt;
  std::set<std::string> names;
  for (const ServiceSpec& s : *specs) names.insert(s.name);

  // Closed beads: ours, or recorded under run/ by an earlier daemon.
  std::set<std::string> gone;
  for (const auto& [name, state] : states_)
    if (!names.count(name)) gone.insert(name);
  for (const std::string& name : RecordedNames(town))
    if (!names.count(name)) gone.insert(name);
  for (const std::string& name : gone) {
    std::optional<runtime::Session> session;
    std::string id;
    if (auto it = sessions_.find(name); it != sessions_.end()) session = it->second;
    if (auto it = states_.find(name); it != states_.end()) id = it->second.id;
    if (auto record = LoadServiceRecord(town, name); record && *record) {
      if (!session) session = (*record)->session;
      if (id.empty()) id = (*record)->id;
    }
    if (session && rt.IsAlive(*session)) {
      (void)rt.Stop(*session);
      events.push_back(Event("service-stop", id,
                             fmt::format("service {} stopped: its bead {} is closed", name, id)));
    }
    std::error_code ec;
    fs::remove(ServiceRecordPath(town, name), ec);
    states_.erase(name);
    sessions_.erase(name);
  }

  for (const ServiceSpec& spec : *specs) {
    if (spec.command.empty() || spec.name.empty()) continue;
    auto it = states_.find(spec.name);
    if (it == states_.end()) {
      ServiceState state;
      state.name = spec.name;
      state.id = spec.id;
      state.log_path = ServiceLogPath(town, spec.name);
      auto record = LoadServiceRecord(town, spec.name);
      if (record && *record) {
        const ServiceRecord& r = **record;
        state.restarts = r.restarts;
        if (rt.IsAlive(r.session) && r.id == spec.id) {
          // A daemon before us started it: adopt it, never a second copy.
          state.running = true;
          state.pid = r.session.pid;
          state.backoff_ns = r.backoff_ns;
          state.started_ns = now_ns;
          sessions_[spec.name] = r.session;
          states_[spec.name] = state;
          continue;
        }
        if (rt.IsAlive(r.session)) (void)rt.Stop(r.session);  // a removed service's namesake
        if (r.id != spec.id) state.restarts = 0;
      }
      ServiceState& s = states_[spec.name] = state;
      auto started = Launch(town, spec, s, sessions_, now_ns);
      if (!started) ScheduleRestart(s, now_ns);
      events.push_back(
          started ? Event("service-start", spec.id,
                          fmt::format("service {} started (pid {})", spec.name, s.pid))
                  : Event("service-start", spec.id,
                          fmt::format("service {} cannot start: {}; next try in {}", spec.name,
                                      started.error().message, Seconds(s.backoff_ns))));
      continue;
    }
    ServiceState& state = it->second;
    if (state.running) {
      const runtime::Session& session = sessions_[spec.name];
      if (rt.IsAlive(session)) {
        // A run that lasted: the next death starts the back-off over.
        if (now_ns - state.started_ns >= kServiceResetNs) state.backoff_ns = 0;
        continue;
      }
      state.last_exit = runtime::RecordedExitCode(session);
      ScheduleRestart(state, now_ns);
      continue;
    }
    if (now_ns < state.next_start_ns) continue;
    int64_t waited = state.backoff_ns;
    int exit_code = state.last_exit;
    ++state.restarts;
    auto started = Launch(town, spec, state, sessions_, now_ns);
    if (!started) ScheduleRestart(state, now_ns);
    int64_t next = started ? std::min(waited * 2, kServiceBackoffMaxNs) : state.backoff_ns;
    std::string what = OneLine(
        started ? fmt::format("restart {}: {}, waited {}", state.restarts, ExitText(exit_code),
                              Seconds(waited))
                : fmt::format("restart {} failed: {}", state.restarts, started.error().message));
    events.push_back(
        Event("service-restart", spec.id,
              fmt::format("service {} {}; next back-off {}{}", spec.name, what, Seconds(next),
                          started ? fmt::format(" (pid {})", state.pid) : "")));
    (void)AddComment(*hq, spec.id, what, town::kAdminActor);
  }
}

Status ServiceSupervisor::StopAll(town::Town& town) {
  runtime::ScriptRuntime rt;
  std::vector<runtime::Session> all;
  for (const auto& [name, session] : sessions_) all.push_back(session);
  for (const std::string& name : RecordedNames(town))
    if (auto record = LoadServiceRecord(town, name); record && *record)
      all.push_back((*record)->session);
  Status result;
  for (const runtime::Session& session : all)
    if (auto st = rt.Stop(session); !st && result) result = st;
  states_.clear();
  sessions_.clear();
  return result;
}

std::vector<ServiceState> ServiceSupervisor::States() const {
  std::vector<ServiceState> out;
  for (const auto& [name, state] : states_) out.push_back(state);
  return out;
}

}  // namespace gt::daemon
