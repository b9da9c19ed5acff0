#include "fault/fault_ledger.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace gt::fault {
namespace fs = std::filesystem;

FaultLedger::FaultLedger() {
  fs::create_directories(config_home());
  fs::create_directories(root());
  if (auto git = RunGit(root(), {"init", "-q"}); !git.ok()) {
    setup_error_ = "git init: " + git.Describe();
    return;
  }
  if (auto init = Bd("alice", {"init", "--prefix", "t", "-q"}); !init.ok())
    setup_error_ = "bd init: " + init.Describe();
}

FaultLedger::FaultLedger(CloneOf clone) {
  const FaultLedger& origin = clone.origin;
  std::error_code ec;
  fs::copy(origin.config_home(), config_home(), fs::copy_options::recursive, ec);
  if (ec) {
    setup_error_ = "copying keys: " + ec.message();
    return;
  }
  if (auto git = RunGit(scratch(), {"clone", "-q", origin.root(), root()}); !git.ok())
    setup_error_ = "git clone: " + git.Describe();
}

std::string FaultLedger::Create(const std::string& actor, const std::string& title,
                                const std::vector<std::string>& extra) const {
  std::vector<std::string> args = {"create", title, "--silent"};
  args.insert(args.end(), extra.begin(), extra.end());
  RunResult r = Bd(actor, args);
  if (!r.ok()) {
    ADD_FAILURE() << "bd create " << title << " as " << actor << ": " << r.Describe();
    return "";
  }
  return Trim(r.out);
}

void FaultLedger::DeleteIndex() const {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(beads_dir() + "/beads.db" + suffix);
}

std::string FaultLedger::ChainOf(const std::string& actor) const {
  RunResult r = Bd(actor, {"whoami", "--json"});
  nlohmann::json who = ParseJson(r.out);
  if (!r.ok() || !who.is_object() || !who.contains("keyid")) {
    ADD_FAILURE() << "bd whoami as " << actor << ": " << r.Describe();
    return "";
  }
  return log_dir() + "/" + who["keyid"].get<std::string>() + ".jsonl";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) ADD_FAILURE() << "cannot read " << path;
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  if (!out.flush()) ADD_FAILURE() << "cannot write " << path;
}

void AppendFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << bytes;
  if (!out.flush()) ADD_FAILURE() << "cannot append to " << path;
}

std::vector<std::string> ChainFiles(const std::string& log_dir) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(log_dir))
    if (entry.path().extension() == ".jsonl") out.push_back(entry.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::map<std::string, std::string> SnapshotLedgerFiles(const std::string& beads_dir) {
  std::map<std::string, std::string> out;
  for (const std::string& path : ChainFiles(beads_dir + "/log"))
    out["log/" + fs::path(path).filename().string()] = ReadFile(path);
  for (const char* name : {"members.jsonl", "config.toml"})
    out[name] = ReadFile(beads_dir + "/" + name);
  return out;
}

std::vector<std::string> CompleteLines(const std::string& bytes) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t nl; (nl = bytes.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(bytes.substr(start, nl - start));
  return out;
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

std::vector<nlohmann::json> ReadLogEvents(const std::string& log_dir) {
  std::vector<nlohmann::json> out;
  for (const std::string& path : ChainFiles(log_dir)) {
    for (const std::string& line : CompleteLines(ReadFile(path))) {
      nlohmann::json event = ParseJson(line);
      if (event.is_discarded())
        ADD_FAILURE() << path << " holds a line that is not JSON: " << line;
      else
        out.push_back(std::move(event));
    }
  }
  return out;
}

std::string NotesSetBy(const nlohmann::json& event) {
  if (event.value("op", "") != "bead.update") return "";
  nlohmann::json data = event.value("data", nlohmann::json::object());
  return data.value("fields", nlohmann::json::object()).value("notes", "");
}

nlohmann::json ParseJson(const std::string& text) {
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

std::map<std::string, nlohmann::json> ListAll(const FaultLedger& ledger, const std::string& actor) {
  RunResult r = ledger.Bd(actor, {"list", "--all", "--json", "-n", "0"});
  nlohmann::json beads = ParseJson(r.out);
  std::map<std::string, nlohmann::json> out;
  if (!r.ok() || !beads.is_array()) {
    ADD_FAILURE() << "bd list --all --json: " << r.Describe();
    return out;
  }
  for (auto& bead : beads) out[bead["id"].get<std::string>()] = bead;
  return out;
}

std::string Trim(std::string text) {
  while (!text.empty() && isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  size_t start = 0;
  while (start < text.size() && isspace(static_cast<unsigned char>(text[start]))) ++start;
  return text.substr(start);
}

int CountLines(const std::string& text) {
  int lines = int(std::count(text.begin(), text.end(), '\n'));
  return lines + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

}  // namespace gt::fault
