// bd_bench: the benchmark tool. bench/run.sh drives it; see bench/README.md.
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string_view>

#include "bench.h"

namespace gt::bench {

std::string Args::Get(const std::string& name, const std::string& fallback) const {
  auto it = flags.find(name);
  return it == flags.end() ? fallback : it->second;
}

int64_t Args::GetInt(const std::string& name, int64_t fallback) const {
  auto it = flags.find(name);
  if (it == flags.end()) return fallback;
  char* end = nullptr;
  long long value = std::strtoll(it->second.c_str(), &end, 10);
  if (it->second.empty() || *end != '\0') {
    std::cerr << "bd_bench: --" << name << " needs a whole number, not \"" << it->second << "\"\n";
    std::exit(2);
  }
  return value;
}

bool ParseArgs(int argc, char** argv, int first, const std::vector<const char*>& known, Args* out,
               std::string* error) {
  for (int i = first; i < argc; ++i) {
    std::string_view word = argv[i];
    if (word == "--") {
      out->command.assign(argv + i + 1, argv + argc);
      return true;
    }
    if (!word.starts_with("--")) {
      out->positional.emplace_back(word);
      continue;
    }
    std::string name(word.substr(2));
    bool ok = false;
    for (const char* k : known) ok |= name == k;
    if (!ok) {
      *error = "unknown flag --" + name;
      return false;
    }
    if (i + 1 >= argc) {
      *error = "--" + name + " needs a value";
      return false;
    }
    out->flags[name] = argv[++i];
  }
  return true;
}

bool AppendLine(const std::string& path, const std::string& line) {
  std::ofstream file(path, std::ios::app);
  file << line << "\n";
  return bool(file);
}

}  // namespace gt::bench

namespace {

constexpr const char* kUsage = R"(bd_bench - generates ledgers and times bd (see bench/README.md)

  bd_bench gen DIR --beads N [--seed S] [--writers W] [--batch B]
      git init DIR, create a ledger in it and write N beads through the
      ledger's write path, from W writers (default 4), B events a write
      (default 1000). The same seed gives the same beads.
  bd_bench time --runs R [--warmup K] [--each FILE] [--before PROGRAM]
                [--name KEY --size N --events E --out FILE.jsonl] -- CMD ARGS...
      Run CMD R times (after K unmeasured runs), stdout to /dev/null, and
      print the min and median wall time. With --each, run i replaces {} in
      the arguments with line i of FILE. --before runs PROGRAM (no
      arguments), untimed, before each run. --out appends a JSON record.
  bd_bench ed25519 [--iterations N] [--out FILE.jsonl]
      Microseconds per Ed25519 signature check on one core (libsodium).
  bd_bench report --in FILE.jsonl [--out results.json]
      Print the records as a table with the targets, and write them as JSON.

Example:
  bd_bench gen /tmp/l --beads 10000 && cd /tmp/l &&
  GT_KEY_DIR=/tmp/l/keys BD_ACTOR=me bd_bench time --runs 20 -- bd ready --json
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace gt::bench;
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  std::string_view sub = argv[1];
  struct Command {
    const char* name;
    std::vector<const char*> flags;
    int (*run)(const Args&);
  };
  const Command commands[] = {
      {"gen", {"beads", "seed", "writers", "batch"}, GenerateCommand},
      {"time", {"runs", "warmup", "each", "before", "name", "size", "events", "out"}, TimeCommand},
      {"ed25519", {"iterations", "out"}, Ed25519Command},
      {"report", {"in", "out"}, ReportCommand},
  };
  for (const Command& c : commands) {
    if (sub != c.name) continue;
    Args args;
    std::string error;
    if (!ParseArgs(argc, argv, 2, c.flags, &args, &error)) {
      std::cerr << "bd_bench " << c.name << ": " << error << " (see bd_bench --help)\n";
      return 2;
    }
    return c.run(args);
  }
  std::cerr << "bd_bench: unknown command \"" << sub << "\" (see bd_bench --help)\n";
  return 2;
}
