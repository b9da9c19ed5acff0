// The town's activity feed: one JSON line per thing that happened (slings,
// dones, merges, bounces, nudges, restarts, escalations, ...) appended to
// logs/feed.jsonl, which `gt feed` reads and follows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "town/town.h"

namespace gt::town {

struct FeedEvent {
  std::string at;    // RFC 3339; filled in by AppendFeed when empty
  std::string kind;  // sling, done, blocked, merge, bounce, nudge, restart, escalate, ...
  std::string rig;
  std::string bead;
  std::string agent;
  std::string text;  // one line for a person
};

std::string FeedPath(const Town& town);
nlohmann::json FeedEventJson(const FeedEvent& event);
/// Appends the event as one line (a single write with O_APPEND, so
/// concurrent writers never interleave). Best effort for callers that must
/// not fail because of the feed: they may ignore the status.
Status AppendFeed(const Town& town, FeedEvent event);
/// Complete lines from byte `offset` on; advances `offset` past them (a
/// partly written last line is left for the next call). Lines that are not
/// feed events are skipped.
Result<std::vector<FeedEvent>> ReadFeed(const Town& town, uint64_t& offset);

}  // namespace gt::town
