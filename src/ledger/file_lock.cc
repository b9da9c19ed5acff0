#include "ledger/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace gt {

Result<FileLock> FileLock::Acquire(const std::string& path) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return Fail(ErrorKind::kIo, fmt::format("cannot open lock {}: {}", path, strerror(errno)),
                "check that the .beads directory is writable");
  while (flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int saved = errno;
    close(fd);
    return Fail(ErrorKind::kIo, fmt::format("cannot lock {}: {}", path, strerror(saved)));
  }
  return FileLock(fd);
}

Result<FileLock> FileLock::TryAcquire(const std::string& path) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return Fail(ErrorKind::kIo, fmt::format("cannot open lock {}: {}", path, strerror(errno)));
  while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    int saved = errno;
    close(fd);
    if (saved == EWOULDBLOCK)
      return Fail(ErrorKind::kConflict, fmt::format("{} is held by another process", path));
    return Fail(ErrorKind::kIo, fmt::format("cannot lock {}: {}", path, strerror(saved)));
  }
  return FileLock(fd);
}

bool FileLock::IsHeld(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool held = flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  close(fd);  // releases it if we got it
  return held;
}

FileLock::~FileLock() {
  if (fd_ >= 0) close(fd_);  // closing releases the flock
}

}  // namespace gt
