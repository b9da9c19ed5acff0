#include "town/feed.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "core/clock.h"

namespace gt::town {

std::string FeedPath(const Town& town) {
  return town.LogDir() + "/feed.jsonl";
}

nlohmann::json FeedEventJson(const FeedEvent& e) {
  nlohmann::json j = {{"at", e.at}, {"kind", e.kind}};
  if (!e.rig.empty()) j["rig"] = e.rig;
  if (!e.bead.empty()) j["bead"] = e.bead;
  if (!e.agent.empty()) j["agent"] = e.agent;
  j["text"] = e.text;
  return j;
}

Status AppendFeed(const Town& town, FeedEvent event) {
  if (event.at.empty()) event.at = FormatTimestamp(DefaultClock().NowNanos());
  std::error_code ec;
  std::filesystem::create_directories(town.LogDir(), ec);
  std::string line = FeedEventJson(event).dump() + "\n";
  int fd = open(FeedPath(town).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    return Fail(ErrorKind::kIo,
                fmt::format("cannot write {}: {}", FeedPath(town), strerror(errno)));
  bool ok = write(fd, line.data(), line.size()) == ssize_t(line.size());
  close(fd);
  if (!ok) return Fail(ErrorKind::kIo, fmt::format("cannot append to {}", FeedPath(town)));
  return {};
}

Result<std::vector<FeedEvent>> ReadFeed(const Town& town, uint64_t& offset) {
  std::vector<FeedEvent> out;
  std::ifstream in(FeedPath(town), std::ios::binary);
  if (!in) return out;
  in.seekg(0, std::ios::end);
  uint64_t size = uint64_t(in.tellg());
  if (size < offset) offset = 0;  // the feed was replaced: start over
  in.seekg(std::streamoff(offset));
  std::string line;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // no newline yet: a line still being written
    offset += line.size() + 1;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("kind")) continue;
    FeedEvent e;
    e.at = j.value("at", "");
    e.kind = j.value("kind", "");
    e.rig = j.value("rig", "");
    e.bead = j.value("bead", "");
    e.agent = j.value("agent", "");
    e.text = j.value("text", "");
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace gt::town
