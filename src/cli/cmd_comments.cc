// bd comments [add], bd comment.
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "core/bead_json.h"
#include "ledger/annotations.h"
#include "ledger/ops.h"

namespace gt::cli {
namespace {

/// The comment's text: the words given, or a file ("-" is stdin).
Result<std::string> CommentText(const std::vector<std::string>& words, const std::string& file) {
  if (!file.empty() && !words.empty())
    return gt::Fail(ErrorKind::kInvalidArgument,
                    "give the comment as text or with --file, not both");
  if (file.empty()) return Join(words, " ");
  std::stringstream text;
  if (file == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(file);
    if (!in)
      return gt::Fail(ErrorKind::kNotFound, fmt::format("cannot read comment file {}", file),
                      "check the path");
    text << in.rdbuf();
  }
  std::string out = text.str();
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

struct AddOpts {
  std::string id;
  std::vector<std::string> words;
  std::string author;
  std::string file;
};

void RunAdd(const AddOpts& o, Context& ctx, bool check_mark) {
  auto text = CommentText(o.words, o.file);
  if (!text) return ctx.Fail(text.error());
  auto ledger = ctx.Open();
  if (!ledger) return ctx.Fail(ledger.error());
  auto id = ctx.Resolve(*ledger, o.id);
  if (!id) return ctx.Fail(id.error());
  auto comment = AddComment(*ledger, *id, *text, o.author);
  if (!comment) return ctx.Fail(comment.error());
  if (ctx.json) return ctx.PrintJson(CommentToJson(*comment));
  if (!ctx.quiet) std::cout << fmt::format("{}Comment added to {}\n", check_mark ? "✓ " : "", *id);
}

void AddAddOptions(CLI::App* cmd, AddOpts& o) {
  cmd->add_option("id", o.id, "Bead id")->required();
  cmd->add_option("text", o.words, "The comment (quote it, or give several words)");
  cmd->add_option("-a,--author", o.author, "Who wrote it (default: the actor)");
  cmd->add_option("-f,--file", o.file, "Read the comment from a file (- for stdin)");
}

}  // namespace

void AddCommentsCommands(CLI::App& app, Context& ctx) {
  auto id = std::make_shared<std::string>();
  auto* comments = app.add_subcommand("comments", "List a bead's comments, or add one");
  comments->add_option("id", *id, "Bead id");
  comments->footer(
      "Examples:\n  bd comments gt-a3f\n  bd comments add gt-a3f \"Reproduced on 2.1\"\n  bd "
      "comments gt-a3f --json");
  comments->callback([id, comments, &ctx] {
    if (comments->get_subcommands().size() > 0) return;  // `comments add` ran
    if (id->empty())
      return ctx.Fail({ErrorKind::kInvalidArgument, "an issue ID is required",
                       "bd comments ID, or bd comments add ID TEXT"});
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    auto resolved = ctx.Resolve(*ledger, *id);
    if (!resolved) return ctx.Fail(resolved.error());
    auto list = CommentsOf(ledger->db(), *resolved);
    if (!list) return ctx.Fail(list.error());
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const Comment& c : *list) out.push_back(CommentToJson(c));
      return ctx.PrintJson(out);
    }
    if (list->empty()) {
      std::cout << fmt::format("No comments on {}\n", *resolved);
      return;
    }
    std::cout << fmt::format("Comments on {}:\n", *resolved);
    for (const Comment& c : *list) {
      // "2026-11-25T06:04:28.123Z" → "2026-11-25 06:04"
      std::string when = c.created_at.substr(0, 16);
      if (when.size() > 10) when[10] = ' ';
      std::cout << fmt::format("\n[{}] at {}\n", c.author, when);
      std::istringstream lines(c.text);
      for (std::string line; std::getline(lines, line);) std::cout << "  " << line << "\n";
    }
  });

  auto add = std::make_shared<AddOpts>();
  auto* add_cmd = comments->add_subcommand("add", "Add a comment to a bead");
  AddAddOptions(add_cmd, *add);
  add_cmd->footer(
      "Examples:\n  bd comments add gt-a3f \"Reproduced on 2.1\"\n  bd comments add gt-a3f -f "
      "notes.md -a alice");
  add_cmd->callback([add, &ctx] { RunAdd(*add, ctx, false); });

  auto one = std::make_shared<AddOpts>();
  auto* comment = app.add_subcommand("comment", "Add a comment to a bead");
  AddAddOptions(comment, *one);
  comment->footer(
      "Examples:\n  bd comment gt-a3f Reproduced on 2.1\n  echo text | bd comment "
      "gt-a3f --file -");
  comment->callback([one, &ctx] { RunAdd(*one, ctx, true); });
}

}  // namespace gt::cli
