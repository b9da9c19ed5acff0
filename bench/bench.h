// bd_bench: generates ledgers and times bd on them (see bench/README.md).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace gt::bench {

/// The words after a subcommand: positional words, `--flag VALUE` pairs, and
/// everything after a lone `--` (a command to run).
struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> flags;
  std::vector<std::string> command;

  std::string Get(const std::string& name, const std::string& fallback = "") const;
  /// The flag as an integer; exits with a message when it is not one.
  int64_t GetInt(const std::string& name, int64_t fallback) const;
};

/// Parses argv[first..]; false, with a message, for a flag not in `known`
/// or a flag without a value.
bool ParseArgs(int argc, char** argv, int first, const std::vector<const char*>& known, Args* out,
               std::string* error);

/// Appends one JSON record (one line) to `path`; false on an I/O error.
bool AppendLine(const std::string& path, const std::string& line);

// The subcommands; each returns the process exit code.
int GenerateCommand(const Args& args);  // gen DIR --beads N [--seed S] [--writers W] [--batch B]
int TimeCommand(const Args& args);      // time --runs R [...] -- CMD ARGS...
int Ed25519Command(const Args& args);   // ed25519 [--iterations N] [--out FILE]
int ReportCommand(const Args& args);    // report --in RECORDS.jsonl [--out results.json]

}  // namespace gt::bench
