// gt mail send|inbox|read|reply, gt nudge.
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/gt_context.h"
#include "town/mail.h"

namespace gt::cli {

namespace {

nlohmann::json MessageJson(const town::Message& m) {
  return {{"id", m.id},
          {"from", m.from},
          {"to", m.to},
          {"subject", m.subject},
          {"body", m.body},
          {"thread", m.thread},
          {"reply_to", m.reply_to.empty() ? nlohmann::json() : nlohmann::json(m.reply_to)},
          {"created_at", m.created_at},
          {"read", m.read}};
}

}  // namespace

void AddMailCommands(CLI::App& app, GtContext& ctx) {
  auto* mail = app.add_subcommand("mail", "Messages between workers and you (town ledger)");
  mail->require_subcommand(1);
  mail->footer(
      "Example:\n  gt mail send ann --subject 'Use the v2 API' --body 'see hq-4'\n\n"
      "You are $GT_AGENT in a worker's session, else the town's owner, \"mayor\".\n"
      "Addresses: a worker's name or entity URI, or mayor.");

  struct SendOpts {
    std::string to, subject, body;
  };
  auto s = std::make_shared<SendOpts>();
  auto* send = mail->add_subcommand("send", "Send a message");
  send->add_option("to", s->to, "Worker name, entity URI or mayor")->required();
  send->add_option("-s,--subject", s->subject, "Subject")->required();
  send->add_option("-b,--body", s->body, "Body");
  send->footer("Example:\n  gt mail send ann -s 'Rebase first' -b 'main moved'");
  send->callback([s, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto m = town::SendMail(*t, town::CurrentIdentity(*t), s->to, s->subject, s->body);
    if (!m) return ctx.Fail(m.error());
    if (ctx.json) return ctx.PrintJson(MessageJson(*m));
    std::cout << fmt::format("✓ Sent {} to {}\n", m->id, m->to);
  });

  auto all = std::make_shared<bool>(false);
  auto* inbox = mail->add_subcommand("inbox", "List your unread messages");
  inbox->add_flag("-a,--all", *all, "Read ones too");
  inbox->footer("Example:\n  gt mail inbox --all");
  inbox->callback([all, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    std::string me = town::CurrentIdentity(*t);
    auto ms = town::Inbox(*t, me, *all);
    if (!ms) return ctx.Fail(ms.error());
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& m : *ms) out.push_back(MessageJson(m));
      return ctx.PrintJson(out);
    }
    if (ms->empty()) std::cout << fmt::format("No {}messages for {}\n", *all ? "" : "unread ", me);
    for (const auto& m : *ms)
      std::cout << fmt::format("{} {} from {}: {}\n", m.read ? " " : "●", m.id, m.from, m.subject);
  });

  auto id = std::make_shared<std::string>();
  auto* read = mail->add_subcommand("read", "Show a message and its thread (marks it read)");
  read->add_option("id", *id, "The message")->required();
  read->footer("Example:\n  gt mail read hq-3f");
  read->callback([id, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto ms = town::ReadMail(*t, town::CurrentIdentity(*t), *id);
    if (!ms) return ctx.Fail(ms.error());
    if (ctx.json) {
      nlohmann::json thread = nlohmann::json::array();
      for (size_t i = 1; i < ms->size(); ++i) thread.push_back(MessageJson((*ms)[i]));
      auto j = MessageJson(ms->front());
      j["thread_messages"] = thread;
      return ctx.PrintJson(j);
    }
    const auto& m = ms->front();
    std::cout << fmt::format("{}  {}\nFrom: {}\nTo:   {}\nDate: {}\n\n{}\n", m.id, m.subject,
                             m.from, m.to, m.created_at, m.body);
    if (ms->size() > 1) {
      std::cout << fmt::format("\nThread {}:\n", m.thread);
      for (size_t i = 1; i < ms->size(); ++i)
        std::cout << fmt::format("  {} {} -> {}: {}\n", (*ms)[i].id, (*ms)[i].from, (*ms)[i].to,
                                 (*ms)[i].subject);
    }
  });

  struct ReplyOpts {
    std::string id, body;
  };
  auto r = std::make_shared<ReplyOpts>();
  auto* reply = mail->add_subcommand("reply", "Reply to a message's sender, in its thread");
  reply->add_option("id", r->id, "The message")->required();
  reply->add_option("-b,--body", r->body, "Body")->required();
  reply->footer("Example:\n  gt mail reply hq-3f -b 'done, see gx-12'");
  reply->callback([r, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto m = town::ReplyMail(*t, town::CurrentIdentity(*t), r->id, r->body);
    if (!m) return ctx.Fail(m.error());
    if (ctx.json) return ctx.PrintJson(MessageJson(*m));
    std::cout << fmt::format("✓ Replied {} to {} (thread {})\n", m->id, m->to, m->thread);
  });

  struct NudgeOpts {
    std::string name, text;
  };
  auto n = std::make_shared<NudgeOpts>();
  auto* nudge = app.add_subcommand("nudge", "Send text to a worker's running session");
  nudge->add_option("name", n->name, "The worker")->required();
  nudge->add_option("text", n->text, "What to tell it")->required();
  nudge->footer(
      "Example:\n  gt nudge ann 'check your inbox'\n\nscript runtime: the text is appended, one "
      "line, to the file named by\nthe worker's $GT_NUDGE_FILE. A session that is not running "
      "is an error.");
  nudge->callback([n, &ctx] {
    auto t = ctx.OpenTown();
    if (!t) return ctx.Fail(t.error());
    auto queued = town::Nudge(*t, n->name, n->text);
    if (!queued) return ctx.Fail(queued.error());
    if (ctx.json)
      return ctx.PrintJson({{"agent", n->name}, {"delivered", !*queued}, {"queued", *queued}});
    std::cout << (*queued ? fmt::format("✓ Queued for {}'s next turn\n", n->name)
                          : fmt::format("✓ Nudged {}\n", n->name));
  });
}

}  // namespace gt::cli
