// The daemon's local socket: a client sends one line (a request such as
// "status") and reads one line back (JSON). It is a Linux abstract-namespace
// Unix socket named after the town's root, so a long town path is no problem
// and a killed daemon leaves no stale file behind.
#pragma once

#include <functional>
#include <string>

#include "core/result.h"

namespace gt::daemon {

/// The socket's name for the town at `root` (shown by gt daemon status).
std::string ControlSocketName(const std::string& root);

class ControlSocket {
 public:
  /// Listens on `name`; kConflict when someone already does.
  static Result<ControlSocket> Listen(const std::string& name);
  ControlSocket(ControlSocket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  ControlSocket(const ControlSocket&) = delete;
  ControlSocket& operator=(const ControlSocket&) = delete;
  ~ControlSocket();

  /// Waits up to `timeout_ms` for clients and answers each with `answer`.
  void Serve(int timeout_ms, const std::function<std::string(const std::string&)>& answer);

 private:
  explicit ControlSocket(int fd) : fd_(fd) {}
  int fd_ = -1;
};

/// Sends `request` to the daemon listening on `name`; its one-line answer.
/// kNotFound when nothing listens.
Result<std::string> AskDaemon(const std::string& name, const std::string& request,
                              int timeout_ms = 3000);

}  // namespace gt::daemon
