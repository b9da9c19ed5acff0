#include "ledger/chain_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace gt {
namespace {

Error IoError(const std::string& what, const std::string& path) {
  return Error{ErrorKind::kIo, fmt::format("{} {}: {}", what, path, strerror(errno)),
               errno == ENOSPC ? "free some disk space and retry; nothing was written" : ""};
}

/// Closes a descriptor on every path out.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

bool ReadFully(int fd, char* buf, size_t size, off_t offset) {
  while (size > 0) {
    ssize_t n = pread(fd, buf, size, offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buf += n;
    size -= n;
    offset += n;
  }
  return true;
}

}  // namespace

Result<ChainRead> ReadChain(const std::string& path, int64_t offset, int64_t first_line_number) {
  Fd f{open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) return tl::unexpected(IoError("cannot open", path));
  struct stat st;
  if (fstat(f.fd, &st) != 0) return tl::unexpected(IoError("cannot stat", path));
  ChainRead read;
  read.file_size = st.st_size;
  read.end_offset = offset;
  if (st.st_size <= offset) return read;
  auto bytes = std::make_shared<std::string>(size_t(st.st_size - offset), '\0');
  if (!ReadFully(f.fd, bytes->data(), bytes->size(), offset))
    return tl::unexpected(IoError("cannot read", path));
  read.bytes = bytes;

  std::string_view all(*bytes);
  size_t start = 0;
  int64_t number = first_line_number;
  while (start < all.size()) {
    size_t nl = all.find('\n', start);
    if (nl == std::string_view::npos) {
      read.torn_tail = true;
      break;
    }
    read.lines.push_back({all.substr(start, nl - start), offset + int64_t(start), number++});
    start = nl + 1;
  }
  read.end_offset = offset + int64_t(start);
  return read;
}

Result<std::string> ReadRange(const std::string& path, int64_t from, int64_t to) {
  Fd f{open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) return tl::unexpected(IoError("cannot open", path));
  std::string out(size_t(std::max<int64_t>(0, to - from)), '\0');
  size_t got = 0;
  while (got < out.size()) {
    ssize_t n = pread(f.fd, out.data() + got, out.size() - got, from + int64_t(got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return tl::unexpected(IoError("cannot read", path));
    if (n == 0) break;
    got += size_t(n);
  }
  out.resize(got);
  return out;
}

Result<int64_t> AppendToChain(const std::string& path, const std::vector<std::string>& lines,
                              int64_t expected_end) {
  bool existed = std::filesystem::exists(path);
  Fd f{open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)};
  if (f.fd < 0) return tl::unexpected(IoError("cannot open", path));
  if (flock(f.fd, LOCK_EX) != 0) return tl::unexpected(IoError("cannot lock", path));

  struct stat st;
  if (fstat(f.fd, &st) != 0) return tl::unexpected(IoError("cannot stat", path));
  off_t end = st.st_size;
  if (end > 0) {
    // A tail without a newline is an append that never finished; no one was
    // told it succeeded, so it is cut off before writing after it.
    char last;
    if (!ReadFully(f.fd, &last, 1, end - 1)) return tl::unexpected(IoError("cannot read", path));
    if (last != '\n') {
      off_t scan = end;
      char buf[4096];
      off_t keep = 0;
      while (scan > 0 && keep == 0) {
        off_t from = scan > off_t(sizeof buf) ? scan - off_t(sizeof buf) : 0;
        if (!ReadFully(f.fd, buf, scan - from, from))
          return tl::unexpected(IoError("cannot read", path));
        for (off_t i = scan - from; i > 0; --i) {
          if (buf[i - 1] == '\n') {
            keep = from + i;
            break;
          }
        }
        scan = from;
      }
      if (ftruncate(f.fd, keep) != 0) return tl::unexpected(IoError("cannot repair", path));
      end = keep;
    }
  }

  if (expected_end >= 0 && end != expected_end)
    return Fail(ErrorKind::kConflict,
                fmt::format("chain file {} changed underneath this writer", path),
                "run `bd verify`, then retry");
  std::string bytes;
  for (const auto& line : lines) bytes.append(line).push_back('\n');
  const char* p = bytes.data();
  size_t left = bytes.size();
  off_t at = end;
  while (left > 0) {
    ssize_t n = pwrite(f.fd, p, left, at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int saved = errno;
      if (ftruncate(f.fd, end) != 0) {  // leave no partial line behind
      }
      errno = saved;
      return tl::unexpected(IoError("cannot append to", path));
    }
    p += n;
    left -= n;
    at += n;
  }
  if (fdatasync(f.fd) != 0) return tl::unexpected(IoError("cannot sync", path));
  if (!existed) {
    std::string dir = std::filesystem::path(path).parent_path().string();
    Fd d{open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (d.fd >= 0) fsync(d.fd);
  }
  return int64_t(end);
}

}  // namespace gt
