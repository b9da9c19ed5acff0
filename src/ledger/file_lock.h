// An exclusive advisory lock on a file that is never deleted.
#pragma once

#include <string>

#include "core/result.h"

namespace gt {

/// Holds flock(LOCK_EX) on `path` (created if missing) until destroyed.
/// The ledger's writers take `.beads/write.lock` around every write
/// transaction and around creating or replacing the index: unlike the index
/// itself, the lock file cannot be deleted and recreated under a writer.
class FileLock {
 public:
  static Result<FileLock> Acquire(const std::string& path);
  /// As Acquire, but kConflict at once when a live process holds it.
  static Result<FileLock> TryAcquire(const std::string& path);
  /// Whether someone (a live process) holds the lock on `path` now.
  static bool IsHeld(const std::string& path);
  FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace gt
