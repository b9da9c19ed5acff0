#include "daemon/control_socket.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace gt::daemon {
namespace {

socklen_t Address(const std::string& name, sockaddr_un& addr) {
  std::memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  // Abstract namespace: a leading NUL byte, then the name (no file).
  size_t n = std::min(name.size(), sizeof(addr.sun_path) - 1);
  std::memcpy(addr.sun_path + 1, name.data(), n);
  return socklen_t(offsetof(sockaddr_un, sun_path) + 1 + n);
}

/// Reads until a newline, the peer closes, or `timeout_ms` passes.
std::string ReadLine(int fd, int timeout_ms) {
  std::string out;
  char buf[4096];
  while (out.find('\n') == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) break;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, size_t(n));
  }
  if (auto nl = out.find('\n'); nl != std::string::npos) out.resize(nl);
  return out;
}

bool WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = send(fd, text.data() + done, text.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += size_t(n);
  }
  return true;
}

}  // namespace

std::string ControlSocketName(const std::string& root) {
  return fmt::format("gastown-daemon-{:016x}", std::hash<std::string>()(root));
}

Result<ControlSocket> ControlSocket::Listen(const std::string& name) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return Fail(ErrorKind::kIo, fmt::format("socket: {}", strerror(errno)));
  sockaddr_un addr;
  socklen_t len = Address(name, addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0) {
    int saved = errno;
    close(fd);
    if (saved == EADDRINUSE)
      return Fail(ErrorKind::kConflict, "another daemon of this town is listening",
                  "see gt daemon status");
    return Fail(ErrorKind::kIo,
                fmt::format("cannot bind the daemon's socket: {}", strerror(saved)));
  }
  if (listen(fd, 16) != 0) {
    int saved = errno;
    close(fd);
    return Fail(ErrorKind::kIo, fmt::format("cannot listen: {}", strerror(saved)));
  }
  return ControlSocket(fd);
}

ControlSocket::~ControlSocket() {
  if (fd_ >= 0) close(fd_);
}

void ControlSocket::Serve(int timeout_ms,
                          const std::function<std::string(const std::string&)>& answer) {
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0) return;
  for (;;) {
    int client = accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) return;  // EAGAIN: none left
    std::string request = ReadLine(client, 1000);
    (void)WriteAll(client, answer(request) + "\n");
    close(client);
  }
}

Result<std::string> AskDaemon(const std::string& name, const std::string& request, int timeout_ms) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Fail(ErrorKind::kIo, fmt::format("socket: {}", strerror(errno)));
  sockaddr_un addr;
  socklen_t len = Address(name, addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0) {
    close(fd);
    return Fail(ErrorKind::kNotFound, "the daemon is not running", "start it: gt daemon start");
  }
  bool sent = WriteAll(fd, request + "\n");
  std::string reply = sent ? ReadLine(fd, timeout_ms) : "";
  close(fd);
  if (reply.empty())
    return Fail(ErrorKind::kIo, "the daemon did not answer", "see logs/daemon.log");
  return reply;
}

}  // namespace gt::daemon
