#include "runtime/headless_runtime.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

namespace gt::runtime {

std::vector<nlohmann::json> ReadEvents(const std::string& log_path) {
  std::vector<nlohmann::json> out;
  std::ifstream in(log_path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] != '{') continue;
    auto event = nlohmann::json::parse(line, nullptr, false);
    if (!event.is_discarded() && event.is_object()) out.push_back(std::move(event));
  }
  return out;
}

std::vector<std::string> TakeQueuedNudges(const std::string& nudge_path) {
  std::vector<std::string> out;
  std::ifstream in(nudge_path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  if (!out.empty()) unlink(nudge_path.c_str());
  return out;
}

std::string HeadlessRuntime::LastEvent(const Session& session) {
  auto events = ReadEvents(session.log_path);
  if (events.empty()) return "";
  return events.back().value("type", "");
}

bool HeadlessRuntime::IsIdle(const Session& session) {
  return !IsAlive(session) || LastEvent(session) == "result";
}

Status HeadlessRuntime::Send(const Session& session, const std::string& text) {
  // Same file as the script runtime's nudges; here it is read at the next turn.
  return AppendNudge(session, text);
}

}  // namespace gt::runtime
