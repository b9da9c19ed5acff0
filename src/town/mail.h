// Mail between workers and the person running the town: message beads in
// the town ledger, signed by the sender. Nudges: text for a running session.
#pragma once

#include <string>
#include <vector>

#include "core/bead.h"
#include "core/result.h"
#include "town/town.h"

namespace gt::town {

struct Message {
  std::string id;
  std::string from;
  std::string to;
  std::string subject;
  std::string body;
  std::string thread;  // the id of the thread's first message
  std::string reply_to;
  std::string created_at;
  bool read = false;
};

/// Who is asking: $GT_AGENT (a worker), else the town itself ("mayor").
std::string CurrentIdentity(const Town& town);
/// An address to a mailbox name: a worker's name or entity URI, or the role
/// "mayor" (the town's owner).
Result<std::string> ResolveAddress(const Town& town, const std::string& address);

Result<Message> SendMail(Town& town, const std::string& from, const std::string& to,
                         const std::string& subject, const std::string& body);
/// Replies to the sender of `id`, in its thread.
Result<Message> ReplyMail(Town& town, const std::string& from, const std::string& id,
                          const std::string& body);
/// Messages to `me`, oldest first; read ones too with `all`.
Result<std::vector<Message>> Inbox(Town& town, const std::string& me, bool all);
/// The message, marked read when it is addressed to `me`; with its thread.
Result<std::vector<Message>> ReadMail(Town& town, const std::string& me, const std::string& id);

/// Delivers `text` to the worker's running session (script: appended to
/// its nudge file, $GT_NUDGE_FILE; tmux: typed and confirmed). Fails
/// clearly when none is running. A headless worker gets it at its next turn
/// (its next session's prompt): the result is then true (queued).
Result<bool> Nudge(Town& town, const std::string& agent, const std::string& text);

}  // namespace gt::town
