// Result<T>: the one way fallible library calls report failure.
#pragma once

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace gt {

/// What went wrong, coarse enough for callers to branch on.
enum class ErrorKind {
  kInvalidArgument,  // the caller's input is wrong
  kNotFound,         // a named thing does not exist
  kAmbiguous,        // a partial name matches several things
  kConflict,         // the state forbids it (claimed, cycle, already exists)
  kNotInitialized,   // no ledger here
  kCorruption,       // a file on disk is damaged or tampered with
  kIo,               // the operating system refused
};

/// An error a user can act on: `message` says what is wrong, `hint` what to do.
struct Error {
  ErrorKind kind = ErrorKind::kInvalidArgument;
  std::string message;
  std::string hint;
};

template <class T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;

inline tl::unexpected<Error> Fail(ErrorKind kind, std::string message, std::string hint = {}) {
  return tl::unexpected<Error>(Error{kind, std::move(message), std::move(hint)});
}

/// The outcome of `r` without its value.
template <class T>
Status AsStatus(const Result<T>& r) {
  return r ? Status{} : Status(tl::unexpected(r.error()));
}

}  // namespace gt
