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

FileLock::~FileLock() {
  if (fd_ >= 0) close(fd_);  // closing releases the flock
}

}  // namespace gt
