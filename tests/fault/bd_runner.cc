#include "fault/bd_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

extern char** environ;

namespace gt::fault {
namespace {

/// The inherited environment with `overrides` applied, as "K=V" strings.
std::vector<std::string> BuildEnvironment(const EnvOverrides& overrides) {
  std::map<std::string, std::string> vars;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    size_t eq = entry.find('=');
    if (eq != std::string::npos) vars[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [name, value] : overrides) {
    if (value.empty())
      vars.erase(name);
    else
      vars[name] = value;
  }
  std::vector<std::string> out;
  for (const auto& [name, value] : vars) out.push_back(name + "=" + value);
  return out;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

/// Everything written to an in-memory file, from its start.
std::string ReadAll(int fd) {
  std::string out;
  char buf[65536];
  off_t at = 0;
  for (;;) {
    ssize_t n = pread(fd, buf, sizeof buf, at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return out;
    out.append(buf, size_t(n));
    at += n;
  }
}

}  // namespace

std::string RunResult::Describe() const {
  return "exit " + std::to_string(exit_code) + ", signal " + std::to_string(signal) +
         "\nstdout: " + out + "\nstderr: " + err;
}

Child Child::Start(const std::vector<std::string>& argv, const std::string& cwd,
                   const EnvOverrides& env) {
  Child child;
  child.out_fd_ = memfd_create("stdout", MFD_CLOEXEC);
  child.err_fd_ = memfd_create("stderr", MFD_CLOEXEC);
  if (child.out_fd_ < 0 || child.err_fd_ < 0) {
    child.start_error_ = std::string("memfd_create: ") + strerror(errno);
    return child;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, child.out_fd_, 1);
  posix_spawn_file_actions_adddup2(&actions, child.err_fd_, 2);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());

  std::vector<std::string> args = argv;
  std::vector<std::string> vars = BuildEnvironment(env);
  std::vector<char*> c_args = CStrings(args);
  std::vector<char*> c_vars = CStrings(vars);
  int rc = posix_spawnp(&child.pid_, c_args[0], &actions, nullptr, c_args.data(), c_vars.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    child.pid_ = -1;
    child.start_error_ = "cannot start " + argv[0] + ": " + strerror(rc);
  }
  return child;
}

Child& Child::operator=(Child&& other) noexcept {
  if (this == &other) return *this;
  Release();
  pid_ = std::exchange(other.pid_, -1);
  out_fd_ = std::exchange(other.out_fd_, -1);
  err_fd_ = std::exchange(other.err_fd_, -1);
  start_error_ = std::move(other.start_error_);
  return *this;
}

Child::~Child() {
  Release();
}

void Child::Release() {
  if (pid_ > 0) {
    Kill();
    Wait();
  }
  CloseFiles();
}

void Child::CloseFiles() {
  if (out_fd_ >= 0) close(out_fd_);
  if (err_fd_ >= 0) close(err_fd_);
  out_fd_ = err_fd_ = -1;
}

bool Child::Ended() {
  if (pid_ <= 0) return true;
  siginfo_t info{};
  // WNOWAIT leaves the child a zombie: its pid stays ours until Wait().
  while (waitid(P_PID, id_t(pid_), &info, WEXITED | WNOHANG | WNOWAIT) < 0 && errno == EINTR) {
  }
  return info.si_pid == pid_;
}

void Child::Kill() {
  if (pid_ > 0) kill(pid_, SIGKILL);
}

RunResult Child::Wait() {
  RunResult result;
  if (pid_ <= 0) {
    result.exit_code = 127;
    result.err = start_error_;
    CloseFiles();
    return result;
  }
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  result.out = ReadAll(out_fd_);
  result.err = ReadAll(err_fd_);
  CloseFiles();
  return result;
}

Child StartBd(const BdEnv& env, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {GT_BD_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  // Only what the test chooses may steer bd: no ledger, actor, key directory
  // or fake clock leaking in from the environment of whoever runs the tests.
  EnvOverrides overrides = {{"BD_ACTOR", env.actor}, {"XDG_CONFIG_HOME", env.config_home},
                            {"BEADS_DIR", ""},       {"BEADS_ACTOR", ""},
                            {"GT_KEY_DIR", ""},      {"GT_FAKE_NOW", ""},
                            {"NO_COLOR", "1"}};
  return Child::Start(argv, env.cwd, overrides);
}

RunResult RunBd(const BdEnv& env, const std::vector<std::string>& args) {
  return StartBd(env, args).Wait();
}

RunResult RunProgram(const std::vector<std::string>& argv, const std::string& cwd,
                     const EnvOverrides& env) {
  return Child::Start(argv, cwd, env).Wait();
}

RunResult RunGit(const std::string& cwd, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"git", "-c", "user.name=Fault Test", "-c",
                                   "user.email=fault@example.com"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProgram(argv, cwd, {{"GIT_CONFIG_NOSYSTEM", "1"}, {"GIT_TERMINAL_PROMPT", "0"}});
}

}  // namespace gt::fault
