#include "core/process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

extern char** environ;

namespace gt {

namespace {

/// The inherited environment with `extra` entries added or replacing.
std::vector<std::string> MergedEnvironment(const std::vector<std::string>& extra) {
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    std::string_view entry(*e);
    std::string_view name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const std::string& x : extra)
      replaced |= x.compare(0, name.size() + 1, std::string(name) + "=") == 0;
    if (!replaced) out.emplace_back(entry);
  }
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

}  // namespace

Result<ProcessResult> RunProcess(const std::vector<std::string>& argv, const std::string& cwd,
                                 const std::vector<std::string>& env) {
  return RunProcess(argv, ProcessOptions{cwd, env, 0});
}

Result<ProcessResult> RunProcess(const std::vector<std::string>& argv,
                                 const ProcessOptions& options) {
  const std::string& cwd = options.cwd;
  const std::vector<std::string>& env = options.env;
  if (argv.empty()) return Fail(ErrorKind::kInvalidArgument, "empty command");
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return Fail(ErrorKind::kIo, strerror(errno));
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return Fail(ErrorKind::kIo, strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  if (options.timeout_ms > 0) {  // its own group, so a timeout kills its children too
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
  }
  auto start = std::chrono::steady_clock::now();
  auto elapsed_ms = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start)
        .count();
  };

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> merged;
  std::vector<char*> envp;
  if (!env.empty()) {
    merged = MergedEnvironment(env);
    for (auto& e : merged) envp.push_back(e.data());
    envp.push_back(nullptr);
  }
  pid_t pid;
  int rc = posix_spawnp(&pid, args[0], &actions, &attr, args.data(),
                        env.empty() ? environ : envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    return Fail(ErrorKind::kNotFound, fmt::format("cannot run {}: {}", argv[0], strerror(rc)));
  }

  ProcessResult result;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    int wait_ms = -1;
    if (options.timeout_ms > 0) {
      wait_ms = int(std::max<int64_t>(0, options.timeout_ms - elapsed_ms()));
      if (wait_ms == 0) {
        kill(-pid, SIGKILL);
        result.timed_out = true;
        break;  // a grandchild that left the group may hold the pipes open
      }
    }
    int ready = poll(fds, 2, wait_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, size_t(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (pollfd& f : fds)
    if (f.fd >= 0) close(f.fd);
  int status = 0;
  bool reaped = false;
  // Its output is closed, but it may still run: wait no longer than the timeout.
  while (options.timeout_ms > 0 && !result.timed_out && !reaped) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) reaped = true;
    if (r < 0 && errno != EINTR) break;
    if (r == 0 && elapsed_ms() >= options.timeout_ms) {
      kill(-pid, SIGKILL);
      result.timed_out = true;
    }
    if (r == 0 && !result.timed_out) usleep(5000);
  }
  while (!reaped && waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.duration_ms = elapsed_ms();
  return result;
}

}  // namespace gt
