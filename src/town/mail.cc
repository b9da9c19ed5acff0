#include "town/mail.h"

#include <cstdlib>

#include <fmt/format.h>

#include "ledger/ops.h"
#include "ledger/queries.h"
#include "runtime/runtime.h"
#include "town/agent.h"
#include "town/feed.h"
#include "town/session.h"

namespace gt::town {

namespace {

std::string LabelValue(const Bead& b, std::string_view key) {
  for (const auto& l : b.labels)
    if (l.starts_with(key)) return l.substr(key.size());
  return "";
}

Message ToMessage(const Bead& b) {
  Message m;
  m.id = b.id;
  m.from = LabelValue(b, "from:");
  m.to = b.assignee;
  m.subject = b.title;
  m.body = b.description;
  m.thread = LabelValue(b, "thread:");
  if (m.thread.empty()) m.thread = b.id;
  m.reply_to = LabelValue(b, "reply-to:");
  m.created_at = b.created_at;
  m.read = std::find(b.labels.begin(), b.labels.end(), "read") != b.labels.end();
  return m;
}

Result<Message> Create(Town& town, const std::string& from, const std::string& to,
                       const std::string& subject, const std::string& body, const Message* parent) {
  if (subject.empty())
    return Fail(ErrorKind::kInvalidArgument, "a message needs a subject", "pass --subject TEXT");
  auto ledger = OpenLedgerAs(town, town.BeadsDir(), from);
  if (!ledger) return tl::unexpected(ledger.error());
  CreateRequest request;
  request.title = subject;
  request.description = body;
  request.issue_type = "message";
  request.assignee = to;
  request.labels = {"from:" + from};
  if (parent) {
    request.labels.push_back("thread:" + parent->thread);
    request.labels.push_back("reply-to:" + parent->id);
    request.deps.push_back({"replies-to", parent->id, false});
  }
  auto bead = CreateBead(*ledger, request);
  if (!bead) return tl::unexpected(bead.error());
  return ToMessage(*bead);
}

Result<Bead> LoadMessage(Ledger& ledger, const std::string& input) {
  auto id = ResolveId(ledger.db(), ledger.config().prefix, input);
  if (!id) return tl::unexpected(id.error());
  auto bead = LoadBead(ledger.db(), *id);
  if (!bead) return tl::unexpected(bead.error());
  if (bead->issue_type != "message")
    return Fail(ErrorKind::kInvalidArgument, fmt::format("{} is not a message", *id),
                "see gt mail inbox");
  return bead;
}

}  // namespace

std::string CurrentIdentity(const Town& town) {
  if (const char* a = std::getenv("GT_AGENT"); a && *a && town.config.agents.count(a)) return a;
  return kAdminActor;
}

Result<std::string> ResolveAddress(const Town& town, const std::string& address) {
  if (address == kAdminActor || address == town.EntityUri(kAdminActor))
    return std::string(kAdminActor);
  auto agent = FindAgent(town, address);
  if (!agent)
    return Fail(ErrorKind::kNotFound, fmt::format("no mailbox \"{}\"", address),
                "address a worker by name or entity URI, or the role mayor (gt agent list)");
  return agent->name;
}

Result<Message> SendMail(Town& town, const std::string& from, const std::string& to,
                         const std::string& subject, const std::string& body) {
  auto address = ResolveAddress(town, to);
  if (!address) return tl::unexpected(address.error());
  return Create(town, from, *address, subject, body, nullptr);
}

Result<Message> ReplyMail(Town& town, const std::string& from, const std::string& id,
                          const std::string& body) {
  auto ledger = OpenLedgerAs(town, town.BeadsDir(), from);
  if (!ledger) return tl::unexpected(ledger.error());
  auto bead = LoadMessage(*ledger, id);
  if (!bead) return tl::unexpected(bead.error());
  Message parent = ToMessage(*bead);
  if (parent.from.empty())
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("{} has no sender to reply to", parent.id));
  std::string subject =
      parent.subject.starts_with("Re: ") ? parent.subject : "Re: " + parent.subject;
  return Create(town, from, parent.from, subject, body, &parent);
}

Result<std::vector<Message>> Inbox(Town& town, const std::string& me, bool all) {
  auto ledger = OpenLedgerAs(town, town.BeadsDir(), me);
  if (!ledger) return tl::unexpected(ledger.error());
  ListFilter filter;
  filter.issue_type = "message";
  filter.assignee = me;
  filter.all = true;
  filter.sort = "created";
  filter.limit = 0;
  auto beads = ListBeads(ledger->db(), filter);
  if (!beads) return tl::unexpected(beads.error());
  std::vector<Message> out;
  for (const Bead& b : *beads) {
    Message m = ToMessage(b);
    if (all || !m.read) out.push_back(m);
  }
  return out;
}

Result<std::vector<Message>> ReadMail(Town& town, const std::string& me, const std::string& id) {
  auto ledger = OpenLedgerAs(town, town.BeadsDir(), me);
  if (!ledger) return tl::unexpected(ledger.error());
  auto bead = LoadMessage(*ledger, id);
  if (!bead) return tl::unexpected(bead.error());
  Message m = ToMessage(*bead);
  if (m.to == me && !m.read) {
    if (auto st = AddLabel(*ledger, m.id, "read"); !st) return tl::unexpected(st.error());
    m.read = true;
  }
  // The thread: every message with this thread, in order.
  ListFilter filter;
  filter.issue_type = "message";
  filter.all = true;
  filter.sort = "created";
  filter.limit = 0;
  auto beads = ListBeads(ledger->db(), filter);
  if (!beads) return tl::unexpected(beads.error());
  std::vector<Message> out = {m};
  for (const Bead& b : *beads) {
    Message other = ToMessage(b);
    if (other.thread == m.thread && other.id != m.id) out.push_back(other);
  }
  return out;
}

Result<bool> Nudge(Town& town, const std::string& agent, const std::string& text) {
  auto a = FindAgent(town, agent);
  if (!a) return tl::unexpected(a.error());
  if (text.empty())
    return Fail(ErrorKind::kInvalidArgument, "nothing to send", "gt nudge NAME TEXT");
  auto record = LoadSession(town, a->name);
  if (!record) return tl::unexpected(record.error());
  if (!*record)
    return Fail(ErrorKind::kConflict,
                fmt::format("{} has no session (it was never slung)", a->name),
                "sling it a bead first (gt sling BEAD --agent " + a->name + ")");
  auto rt = runtime::MakeRuntime((*record)->session.runtime);
  if (!rt) return tl::unexpected(rt.error());
  auto st = (*rt)->Send((*record)->session, text);
  if (!st)
    return Fail(st.error().kind, fmt::format("cannot nudge {}: {}", a->name, st.error().message),
                st.error().hint);
  const SessionRecord& r = **record;
  (void)AppendFeed(town, {"", "nudge", r.rig, r.bead, a->name, text.substr(0, text.find('\n'))});
  return r.session.runtime == "headless";
}

}  // namespace gt::town
