// gt: the town's command line. Parses, calls src/town, prints.
#include <iostream>
#include <string_view>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/gt_context.h"
#include "runtime/record_exit.h"

int main(int argc, char** argv) {
  // gt __record-exit EXIT_FILE -- ARGV: how the tmux runtime runs a worker.
  if (argc >= 5 && std::string_view(argv[1]) == gt::runtime::kRecordExitCommand &&
      std::string_view(argv[3]) == "--")
    return gt::runtime::RunRecordingExit(argv[2], std::vector<std::string>(argv + 4, argv + argc));
  gt::cli::GtContext ctx;
  // A worker's command follows a bare `--`; keep it away from CLI11.
  std::vector<char*> args(argv, argv + argc);
  for (int i = 1; i < argc; ++i)
    if (std::string_view(argv[i]) == "--") {
      ctx.command.assign(argv + i + 1, argv + argc);
      args.resize(i);
      break;
    }
  for (char* a : args)
    if (std::string_view(a) == "--json") ctx.json = true;
  CLI::App app{
      "gt - Gas Town: rigs, workers with signed identities, sling/done, mail, convoys\n\n"
      "A town holds projects (rigs), each with its ledger (bd) on its own branch,\n"
      "and workers that take beads into their own worktrees.",
      "gt"};
  app.require_subcommand(1);
  app.fallthrough();
  app.footer(
      "Examples:\n"
      "  gt init ~/town --org acme && cd ~/town\n"
      "  gt rig add app https://github.com/acme/app.git --prefix app\n"
      "  gt sling app-12 --agent ann -- ./agent.sh\n"
      "  gt status\n\n"
      "Run `gt COMMAND --help` for a command's flags. Docs: docs/town.md");
  app.add_flag("--json", ctx.json, "Print JSON for machines (errors too)");
  gt::cli::AddTownCommands(app, ctx);
  gt::cli::AddAgentCommands(app, ctx);
  gt::cli::AddWorkCommands(app, ctx);
  gt::cli::AddPolecatCommands(app, ctx);
  gt::cli::AddMailCommands(app, ctx);
  gt::cli::AddConvoyCommands(app, ctx);
  gt::cli::AddRefineryCommands(app, ctx);
  gt::cli::AddDaemonCommands(app, ctx);
  gt::cli::AddServiceCommands(app, ctx);
  gt::cli::AddDaemonConfigCommands(app, ctx);

  // Name an unknown command instead of CLI11's "A subcommand is required".
  CLI::App* command = &app;
  std::string path = "gt";
  for (size_t i = 1; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg.starts_with("-")) continue;
    auto subs = command->get_subcommands([](CLI::App*) { return true; });
    if (subs.empty()) break;
    CLI::App* next = nullptr;
    for (CLI::App* sub : subs)
      if (sub->check_name(std::string(arg))) next = sub;
    if (!next) {
      ctx.Fail({gt::ErrorKind::kInvalidArgument,
                fmt::format("unknown command \"{}\" for \"{}\"", arg, path),
                fmt::format("run `{} --help` for the list of commands", path)});
      return 1;
    }
    command = next;
    path += " " + next->get_name();
  }
  try {
    app.parse(int(args.size()), args.data());
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    if (what.empty()) what = "invalid arguments";
    ctx.Fail({gt::ErrorKind::kInvalidArgument, what, fmt::format("see `{} --help`", path)});
    return 1;
  }
  return ctx.exit_code;
}
