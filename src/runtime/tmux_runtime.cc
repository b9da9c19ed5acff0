#include "runtime/tmux_runtime.h"
#include "runtime/record_exit.h"

#include <chrono>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "core/process.h"
#include "ledger/workspace.h"

namespace gt::runtime {

namespace {

Result<ProcessResult> Tmux(const std::string& socket, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"tmux", "-L", socket};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = RunProcess(argv);
  if (!r)
    return Fail(ErrorKind::kNotFound, "tmux is not installed",
                "install tmux, or use --runtime script");
  return r;
}

std::string LastLine(const ProcessResult& r) {
  std::string text = r.err.empty() ? r.out : r.err;
  while (!text.empty() && isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text.substr(text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1);
}

void Sleep(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

/// Whether the pane is dead, and its exit code (-1 when not known), or
/// nothing when the session is gone. The code written by `gt __record-exit`
/// wins: tmux leaves `pane_dead_status` empty when it could not reap the
/// program itself.
std::optional<std::pair<bool, int>> PaneState(const Session& s) {
  auto r = Tmux(s.socket, {"list-panes", "-t", s.name, "-F", "#{pane_dead} #{pane_dead_status}"});
  if (!r || r->exit_code != 0 || r->out.empty()) return std::nullopt;
  bool dead = r->out[0] == '1';
  if (!dead) return std::make_pair(false, -1);
  int status = RecordedExitCode(s);
  if (status < 0 && r->out.size() > 2 && isdigit(static_cast<unsigned char>(r->out[2])))
    status = std::atoi(r->out.c_str() + 2);
  return std::make_pair(true, status);
}

}  // namespace

Result<std::string> TmuxCapture(const Session& s, bool history) {
  // -J joins wrapped lines, so long typed text is found whole.
  std::vector<std::string> args = {"capture-pane", "-p", "-J", "-t", s.name};
  if (history) args.insert(args.end(), {"-S", "-"});
  auto r = Tmux(s.socket, args);
  if (!r) return tl::unexpected(r.error());
  if (r->exit_code != 0)
    return Fail(ErrorKind::kNotFound, fmt::format("no tmux session {}: {}", s.name, LastLine(*r)));
  return r->out;
}

Result<Session> TmuxRuntime::Start(const StartRequest& request) {
  if (request.argv.empty())
    return Fail(ErrorKind::kInvalidArgument, "the tmux runtime needs a command");
  Session s;
  s.runtime = "tmux";
  s.socket = request.socket;
  s.name = request.name;
  s.log_path = request.log_path;
  s.exit_path = request.exit_path;
  s.nudge_path = request.nudge_path;
  s.idle_marker = request.idle_marker;
  if (auto old = PaneState(s)) {
    if (!old->first)
      return Fail(ErrorKind::kConflict, fmt::format("tmux session {} is running", s.name),
                  "stop it first (gt polecat stop)");
    (void)Tmux(s.socket, {"kill-session", "-t", s.name});
  }
  // A dead pane stays (remain-on-exit) so its exit status can be read.
  std::vector<std::string> args = {"start-server", ";",  "set-option",  "-g", "remain-on-exit",
                                   "on",           ";",  "new-session", "-d", "-s",
                                   s.name,         "-x", "200",         "-y", "50"};
  if (!request.cwd.empty()) args.insert(args.end(), {"-c", request.cwd});
  for (const auto& e : request.env) args.insert(args.end(), {"-e", e});
  for (const auto& u : request.unset) args.insert(args.end(), {"-e", u + "="});
  args.push_back("--");
  std::vector<std::string> argv = request.argv;
  if (!request.exit_recorder.empty() && !s.exit_path.empty()) {
    unlink(s.exit_path.c_str());  // a previous session's code is not this one's
    argv.insert(argv.begin(), {request.exit_recorder, kRecordExitCommand, s.exit_path, "--"});
  }
  // An argument that is exactly ";" would end tmux's command: escape it.
  for (const auto& a : argv) args.push_back(a == ";" ? "\\;" : a);
  auto r = Tmux(s.socket, args);
  if (!r) return tl::unexpected(r.error());
  if (r->exit_code != 0)
    return Fail(ErrorKind::kIo, fmt::format("tmux could not start {}: {}", s.name, LastLine(*r)));
  auto pid = Tmux(s.socket, {"list-panes", "-t", s.name, "-F", "#{pane_pid}"});
  if (pid && pid->exit_code == 0) s.pid = std::atoi(pid->out.c_str());
  return s;
}

bool TmuxRuntime::IsAlive(const Session& s) {
  auto state = PaneState(s);
  if (!state) return false;
  if (state->first && state->second >= 0 && !s.exit_path.empty())
    (void)WriteFileAtomically(s.exit_path, fmt::format("{}\n", state->second));
  return !state->first;
}

bool TmuxRuntime::IsIdle(const Session& s) {
  if (!IsAlive(s)) return false;
  auto before = TmuxCapture(s);
  Sleep(300);
  auto after = TmuxCapture(s);
  if (!before || !after || *before != *after) return false;
  std::string text = *after;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  std::string last = text.substr(text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1);
  if (!s.idle_marker.empty()) {
    // tmux drops trailing blanks from captured lines: match without them.
    std::string marker = s.idle_marker;
    while (!marker.empty() && marker.back() == ' ') marker.pop_back();
    return last.find(marker) != std::string::npos;
  }
  for (const char* prompt : {">", "$", "❯"})
    if (last.ends_with(prompt) || last.ends_with(std::string(prompt) + " ")) return true;
  return false;
}

Status TmuxRuntime::Send(const Session& s, const std::string& text) {
  if (!IsAlive(s))
    return Fail(ErrorKind::kConflict, "the session is not running",
                "restart the work with `gt sling` (its worktree is kept)");
  std::string line = text;
  for (char& c : line)
    if (c == '\n') c = ' ';
  // Typed literally (-l), then checked on screen; retried once.
  bool shown = false;
  for (int attempt = 0; attempt < 2 && !shown; ++attempt) {
    auto r = Tmux(s.socket, {"send-keys", "-t", s.name, "-l", "--", line});
    if (!r || r->exit_code != 0) continue;
    for (int i = 0; i < 20 && !shown; ++i) {
      auto screen = TmuxCapture(s);
      shown = screen && screen->find(line) != std::string::npos;
      if (!shown) Sleep(50);
    }
  }
  if (!shown)
    return Fail(ErrorKind::kIo, "the text did not appear in the worker's pane",
                "the program may not be reading input; see gt attach");
  auto before = TmuxCapture(s);
  auto r = Tmux(s.socket, {"send-keys", "-t", s.name, "Enter"});
  if (!r || r->exit_code != 0)
    return Fail(ErrorKind::kIo, "could not press Enter in the worker's pane");
  for (int i = 0; i < 40; ++i) {
    auto after = TmuxCapture(s);
    if (!after || !before || *after != *before) return {};
    Sleep(50);
  }
  return Fail(ErrorKind::kIo, "the worker's pane did not react to the text",
              "the program may be busy; try again or see gt attach");
}

std::string TmuxRuntime::LogPath(const Session& s) {
  if (auto text = TmuxCapture(s, true)) (void)WriteFileAtomically(s.log_path, *text);
  return s.log_path;
}

Status TmuxRuntime::Stop(const Session& s) {
  if (!PaneState(s)) return {};
  (void)LogPath(s);
  (void)IsAlive(s);  // records the exit status of a dead pane
  auto r = Tmux(s.socket, {"kill-session", "-t", s.name});
  if (!r) return tl::unexpected(r.error());
  if (r->exit_code != 0)
    return Fail(ErrorKind::kIo, fmt::format("tmux could not stop {}: {}", s.name, LastLine(*r)));
  return {};
}

int TmuxRuntime::ExitCode(const Session& s) {
  auto state = PaneState(s);
  if (state && state->first) {
    if (state->second >= 0)
      (void)WriteFileAtomically(s.exit_path, fmt::format("{}\n", state->second));
    return state->second;
  }
  return state ? -1 : RecordedExitCode(s);
}

std::vector<std::string> TmuxAttachCommand(const Session& s) {
  return {"tmux", "-L", s.socket, "attach-session", "-t", s.name};
}

}  // namespace gt::runtime
