#include "runtime/script_runtime.h"
#include "runtime/headless_runtime.h"
#include "runtime/tmux_runtime.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

extern char** environ;

namespace gt::runtime {

namespace {

std::string VarName(const std::string& entry) {
  return entry.substr(0, entry.find('='));
}

void WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += size_t(n);
  }
}

/// Closes every descriptor above 2 but `keep`. The supervisor is a fork that
/// never execs and outlives its parent: it must not hold the parent's files
/// open (a daemon's lock and socket would outlive the daemon).
void CloseAllBut(std::vector<int> keep) {
  std::sort(keep.begin(), keep.end());
  unsigned next = 3;
  for (int fd : keep) {
    if (fd < int(next)) continue;
    if (unsigned(fd) > next) close_range(next, unsigned(fd) - 1, 0);
    next = unsigned(fd) + 1;
  }
  close_range(next, ~0U, 0);
}

}  // namespace

int64_t ProcessStartTicks(int pid) {
  std::ifstream in(fmt::format("/proc/{}/stat", pid));
  std::string stat;
  if (!std::getline(in, stat)) return 0;
  size_t close_paren = stat.rfind(')');
  if (close_paren == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close_paren + 2));
  std::string state;
  fields >> state;
  if (state == "Z" || state == "X") return 0;
  // Field 22 overall is the start time; after the state (field 3) that is the 19th.
  std::string value;
  for (int i = 4; i <= 22 && fields >> value; ++i) {
  }
  return std::atoll(value.c_str());
}

Result<Session> ScriptRuntime::Start(const StartRequest& request) {
  if (request.argv.empty())
    return Fail(ErrorKind::kInvalidArgument, "the script runtime needs a command");
  // Everything the children need is prepared before fork.
  std::vector<std::string> env_text;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e, name = VarName(entry);
    bool replaced = false;
    for (const auto& x : request.env) replaced = replaced || VarName(x) == name;
    for (const auto& x : request.unset) replaced = replaced || x == name;
    if (!replaced) env_text.push_back(entry);
  }
  env_text.insert(env_text.end(), request.env.begin(), request.env.end());
  std::vector<char*> envp, argv;
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = request.argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::string exit_tmp = request.exit_path + ".tmp";
  unlink(request.exit_path.c_str());

  int log = open(request.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0)
    return Fail(ErrorKind::kIo,
                fmt::format("cannot open log {}: {}", request.log_path, strerror(errno)));
  int null_in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) {
    close(log);
    close(null_in);
    return Fail(ErrorKind::kIo, fmt::format("pipe: {}", strerror(errno)));
  }
  pid_t first = fork();
  if (first < 0) {
    close(log), close(null_in), close(report[0]), close(report[1]);
    return Fail(ErrorKind::kIo, fmt::format("fork: {}", strerror(errno)));
  }
  if (first == 0) {
    // Leader of a new session (so the whole group can be stopped), then the
    // supervisor is reparented to init when this one exits.
    close(report[0]);
    CloseAllBut({log, null_in, report[1]});
    // Nor the caller's terminal or pipes: `gt daemon start | cat` must end.
    dup2(null_in, 0);
    dup2(log, 1);
    dup2(log, 2);
    setsid();
    pid_t supervisor = fork();
    if (supervisor > 0) {
      WriteAll(report[1], fmt::format("P{} {}\n", supervisor, getpgrp()));
      _exit(0);
    }
    if (supervisor < 0) _exit(1);
    pid_t worker = fork();
    if (worker == 0) {
      dup2(null_in, 0);
      dup2(log, 1);
      dup2(log, 2);
      if (!request.cwd.empty() && chdir(request.cwd.c_str()) != 0) {
        WriteAll(report[1], fmt::format("E{}\n", errno));
        _exit(127);
      }
      execvpe(argv[0], argv.data(), envp.data());
      WriteAll(report[1], fmt::format("E{}\n", errno));
      _exit(127);
    }
    close(report[1]);
    int status = 0;
    while (worker > 0 && waitpid(worker, &status, 0) < 0 && errno == EINTR) {
    }
    int code = worker < 0 ? 127 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    int fd = open(exit_tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      WriteAll(fd, fmt::format("{}\n", code));
      fsync(fd);
      close(fd);
      rename(exit_tmp.c_str(), request.exit_path.c_str());
    }
    _exit(0);
  }
  close(report[1]);
  close(log);
  close(null_in);
  std::string messages;
  char buffer[256];
  for (ssize_t n; (n = read(report[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    messages.append(buffer, size_t(n));
  }
  close(report[0]);
  int status = 0;
  waitpid(first, &status, 0);
  Session session;
  session.runtime = "script";
  session.log_path = request.log_path;
  session.exit_path = request.exit_path;
  session.nudge_path = request.nudge_path;
  std::istringstream lines(messages);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("P")) {
      session.pid = std::atoi(line.c_str() + 1);
    } else if (line.starts_with("E")) {
      int err = std::atoi(line.c_str() + 1);
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("cannot run {}: {}", request.argv[0], strerror(err)),
                  "check the worker's command (gt agent show NAME)");
    }
  }
  if (session.pid <= 0) return Fail(ErrorKind::kIo, "the worker's supervisor did not start");
  session.start_ticks = ProcessStartTicks(session.pid);
  return session;
}

bool ScriptRuntime::IsAlive(const Session& session) {
  if (session.pid <= 0) return false;
  int64_t ticks = ProcessStartTicks(session.pid);
  return ticks != 0 && (session.start_ticks == 0 || ticks == session.start_ticks);
}

Status ScriptRuntime::Send(const Session& session, const std::string& text) {
  if (!IsAlive(session)) {
    int code = RecordedExitCode(session);
    return Fail(ErrorKind::kConflict,
                code >= 0 ? fmt::format("the session is not running (it exited with code {})", code)
                          : std::string("the session is not running (it was stopped or killed)"),
                "restart the work with `gt sling` (its worktree is kept)");
  }
  return AppendNudge(session, text);
}

Status ScriptRuntime::Stop(const Session& session) {
  if (!IsAlive(session)) return {};
  pid_t group = getpgid(session.pid);
  auto signal_all = [&](int sig) {
    if (group > 0) kill(-group, sig);
    kill(session.pid, sig);
  };
  signal_all(SIGTERM);
  for (int i = 0; i < 40 && IsAlive(session); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (IsAlive(session)) signal_all(SIGKILL);
  for (int i = 0; i < 40 && IsAlive(session); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (IsAlive(session))
    return Fail(ErrorKind::kIo, fmt::format("process {} did not stop", session.pid));
  return {};
}

int Runtime::ExitCode(const Session& session) {
  return RecordedExitCode(session);
}

Status AppendNudge(const Session& session, const std::string& text) {
  int fd = open(session.nudge_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    return Fail(ErrorKind::kIo,
                fmt::format("cannot write {}: {}", session.nudge_path, strerror(errno)));
  std::string line = text;
  for (char& c : line)
    if (c == '\n') c = ' ';
  line += "\n";
  bool ok = write(fd, line.data(), line.size()) == ssize_t(line.size()) && fsync(fd) == 0;
  close(fd);
  if (!ok) return Fail(ErrorKind::kIo, fmt::format("cannot write {}", session.nudge_path));
  return {};
}

int RecordedExitCode(const Session& session) {
  std::ifstream in(session.exit_path);
  int code = -1;
  if (in >> code) return code;
  return -1;
}

Result<std::unique_ptr<Runtime>> MakeRuntime(const std::string& name) {
  if (name == "script") return std::unique_ptr<Runtime>(new ScriptRuntime());
  if (name == "tmux") return std::unique_ptr<Runtime>(new TmuxRuntime());
  if (name == "headless") return std::unique_ptr<Runtime>(new HeadlessRuntime());
  return Fail(ErrorKind::kInvalidArgument, fmt::format("unknown runtime \"{}\"", name),
              "use script, tmux or headless");
}

}  // namespace gt::runtime
