#include "town/session.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "ledger/workspace.h"
#include "runtime/headless_runtime.h"
#include "runtime/tmux_runtime.h"

namespace gt::town {
namespace fs = std::filesystem;

std::string SessionPath(const Town& town, const std::string& agent) {
  return town.RunDir() + "/" + agent + ".json";
}

Result<std::optional<SessionRecord>> LoadSession(const Town& town, const std::string& agent) {
  std::ifstream in(SessionPath(town, agent));
  if (!in) return std::optional<SessionRecord>();
  std::stringstream text;
  text << in.rdbuf();
  auto j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Fail(ErrorKind::kCorruption,
                fmt::format("{} is not a session record", SessionPath(town, agent)),
                "remove it (the worker's worktree is not affected)");
  SessionRecord r;
  r.agent = j.value("agent", agent);
  r.rig = j.value("rig", "");
  r.bead = j.value("bead", "");
  r.worktree = j.value("worktree", "");
  r.branch = j.value("branch", "");
  r.started = j.value("started", "");
  r.state = j.value("state", "running");
  r.session.runtime = j.value("runtime", "script");
  r.session.pid = j.value("pid", 0);
  r.session.start_ticks = j.value("start_ticks", int64_t(0));
  r.session.log_path = j.value("log", "");
  r.session.exit_path = j.value("exit_file", "");
  r.session.nudge_path = j.value("nudge_file", "");
  r.session.socket = j.value("tmux_socket", "");
  r.session.name = j.value("tmux_session", "");
  r.session.idle_marker = j.value("idle_marker", "");
  return std::optional<SessionRecord>(r);
}

Status SaveSession(const Town& town, const SessionRecord& r) {
  nlohmann::json j = {{"version", 1},
                      {"agent", r.agent},
                      {"rig", r.rig},
                      {"bead", r.bead},
                      {"worktree", r.worktree},
                      {"branch", r.branch},
                      {"started", r.started},
                      {"state", r.state},
                      {"runtime", r.session.runtime},
                      {"pid", r.session.pid},
                      {"start_ticks", r.session.start_ticks},
                      {"log", r.session.log_path},
                      {"exit_file", r.session.exit_path},
                      {"nudge_file", r.session.nudge_path}};
  if (!r.session.socket.empty()) {
    j["tmux_socket"] = r.session.socket;
    j["tmux_session"] = r.session.name;
    j["idle_marker"] = r.session.idle_marker;
  }
  return WriteFileAtomically(SessionPath(town, r.agent), j.dump(2) + "\n");
}

Result<std::vector<SessionRecord>> ListSessions(const Town& town) {
  std::vector<SessionRecord> out;
  for (const auto& [name, agent] : town.config.agents) {
    auto r = LoadSession(town, name);
    if (!r) return tl::unexpected(r.error());
    if (*r) out.push_back(**r);
  }
  return out;
}

namespace {

std::string ExeDir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
}

}  // namespace

Result<SessionRecord> StartSession(const Town& town, const AgentConfig& agent,
                                   const std::string& rig, const std::string& bead,
                                   const std::string& worktree, const std::string& branch,
                                   const std::string& prompt) {
  SessionRecord record;
  record.agent = agent.name;
  record.rig = rig;
  record.bead = bead;
  record.worktree = worktree;
  record.branch = branch;
  record.started = FormatTimestamp(DefaultClock().NowNanos());
  record.state = "running";
  runtime::StartRequest start;
  start.argv = agent.command;
  // An adapter: its command line, then the worker's own arguments.
  std::string base = agent.runtime;
  auto adapter = town.AdapterFor(agent.runtime);
  if (adapter) {
    base = adapter->base;
    start.argv = adapter->command;
    start.argv.insert(start.argv.end(), agent.command.begin(), agent.command.end());
    if (adapter->prompt == "arg") start.argv.push_back(prompt);
    start.idle_marker = adapter->idle;
  }
  start.cwd = worktree;
  start.log_path = fmt::format("{}/{}-{}.log", town.LogDir(), agent.name, bead);
  start.exit_path = fmt::format("{}/{}.exit", town.RunDir(), agent.name);
  start.nudge_path = fmt::format("{}/{}.nudge", town.RunDir(), agent.name);
  if (access((ExeDir() + "/gt").c_str(), X_OK) == 0) start.exit_recorder = ExeDir() + "/gt";
  std::string path = ExeDir();
  if (const char* p = std::getenv("PATH"); p && *p) path += std::string(":") + p;
  std::string email = fmt::format("{}@{}.{}", agent.name, town.config.org, town.config.platform);
  start.env = {"GT_TOWN=" + town.root,
               "GT_RIG=" + rig,
               "GT_AGENT=" + agent.name,
               "GT_BEAD=" + bead,
               "GT_WORKTREE=" + worktree,
               "GT_NUDGE_FILE=" + start.nudge_path,
               "GT_PROMPT=" + prompt,
               "BD_ACTOR=" + agent.name,
               "GT_KEY_DIR=" + town.KeyDir(),
               "GIT_AUTHOR_NAME=" + agent.name,
               "GIT_COMMITTER_NAME=" + agent.name,
               "GIT_AUTHOR_EMAIL=" + email,
               "GIT_COMMITTER_EMAIL=" + email,
               "PATH=" + path};
  start.unset = {"BEADS_DIR", "BEADS_ACTOR", "BD_DB"};
  // One tmux server per town, named after its root (tmux -L), one session per worker.
  start.socket = fmt::format("gt-{:08x}", std::hash<std::string>()(town.root) & 0xffffffffu);
  start.name = agent.name;
  if (base == "headless") {
    // Nudges wait for the next turn: this one.
    auto queued = runtime::TakeQueuedNudges(start.nudge_path);
    if (!queued.empty()) {
      std::string extra = "\nMessages while you were away:\n";
      for (const auto& q : queued) extra += "- " + q + "\n";
      for (auto& e : start.env)
        if (e.starts_with("GT_PROMPT=")) e += extra;
      if (adapter && adapter->prompt == "arg") start.argv.back() += extra;
    }
  }
  auto rt = runtime::MakeRuntime(base);
  if (!rt) return tl::unexpected(rt.error());
  auto session = (*rt)->Start(start);
  if (!session) return tl::unexpected(session.error());
  session->runtime = base;  // headless starts like a script but reads differently
  if (adapter && adapter->prompt == "type") {
    // Typed once the program shows it is ready (or has at least drawn something).
    bool ready = false;
    // tmux drops trailing blanks from captured lines: match without them.
    std::string ready_text = adapter->ready;
    while (!ready_text.empty() && ready_text.back() == ' ') ready_text.pop_back();
    for (int i = 0; i < 300 && !ready && (*rt)->IsAlive(*session); ++i) {
      auto screen = runtime::TmuxCapture(*session);
      ready =
          screen && (adapter->ready.empty() ? screen->find_first_not_of(" \n") != std::string::npos
                                            : screen->find(ready_text) != std::string::npos);
      if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    Status sent = ready ? (*rt)->Send(*session, prompt)
                        : Status(Fail(ErrorKind::kIo,
                                      fmt::format("{} did not get ready (no \"{}\" on its screen)",
                                                  agent.name, adapter->ready),
                                      "see its log; adjust ready in town.toml [runtimes]"));
    if (!sent) {
      (void)(*rt)->Stop(*session);
      return tl::unexpected(sent.error());
    }
  }
  record.session = *session;
  if (auto st = SaveSession(town, record); !st) return tl::unexpected(st.error());
  return record;
}

bool SessionAlive(const SessionRecord& record) {
  auto rt = runtime::MakeRuntime(record.session.runtime);
  return rt && (*rt)->IsAlive(record.session);
}

}  // namespace gt::town
