// bd: the ledger's command line. Parses, calls the library, prints.
#include <iostream>
#include <string_view>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/context.h"

int main(int argc, char** argv) {
  gt::cli::Context ctx;
  CLI::App app{
      "bd - a signed, git-backed ledger of work (beads-compatible)\n\n"
      "Issues (\"beads\") with priorities, dependencies and ready work, stored as\n"
      "append-only signed event chains in .beads/log/ and indexed by SQLite.",
      "bd"};
  app.require_subcommand(1);
  app.fallthrough();
  app.footer(
      "Examples:\n"
      "  bd init --prefix gt\n"
      "  bd create \"Fix login\" -t bug -p 1\n"
      "  bd ready --json\n"
      "  bd update gt-a3f --claim\n"
      "  bd close gt-a3f --reason \"Fixed in abc123\"\n\n"
      "Run `bd COMMAND --help` for a command's flags. Docs: docs/bd.md");
  app.add_flag("--json", ctx.json, "Print JSON for machines (errors too)");
  app.add_flag("-q,--quiet", ctx.quiet, "Print less");
  app.add_option("--actor", ctx.actor_flag,
                 "Who is writing (default: $BD_ACTOR, git user.name, $USER)");
  app.add_option("--db", ctx.db_flag,
                 "The .beads directory to use (default: $BEADS_DIR or search upwards)");

  gt::cli::AddInitCommand(app, ctx);
  gt::cli::AddCreateCommand(app, ctx);
  gt::cli::AddShowCommand(app, ctx);
  gt::cli::AddListCommand(app, ctx);
  gt::cli::AddUpdateCommand(app, ctx);
  gt::cli::AddCloseCommands(app, ctx);
  gt::cli::AddDepCommand(app, ctx);
  gt::cli::AddReadyCommands(app, ctx);
  gt::cli::AddHistoryCommand(app, ctx);
  gt::cli::AddVerifyCommand(app, ctx);
  gt::cli::AddWhoamiCommand(app, ctx);
  gt::cli::AddDoctorCommand(app, ctx);
  gt::cli::AddLabelCommands(app, ctx);
  gt::cli::AddCommentsCommands(app, ctx);
  gt::cli::AddDeleteCommands(app, ctx);
  gt::cli::AddStructureCommands(app, ctx);
  gt::cli::AddSyncCommand(app, ctx);
  gt::cli::AddMemberCommands(app, ctx);
  gt::cli::AddHooksCommands(app, ctx);
  gt::cli::AddImportExportCommands(app, ctx);
  gt::cli::AddSearchCommand(app, ctx);
  gt::cli::AddCountCommand(app, ctx);
  gt::cli::AddStatsCommands(app, ctx);
  gt::cli::AddConfigCommand(app, ctx);
  gt::cli::AddLintCommand(app, ctx);
  gt::cli::AddPrimeCommands(app, ctx);
  gt::cli::AddFormulaCommands(app, ctx);
  gt::cli::AddMolCommands(app, ctx);
  gt::cli::AddGateCommands(app, ctx);

  // Inside a town, bead ids route to their ledger by prefix (docs/town.md).
  for (int i = 2; i < argc; ++i)
    if (argv[i][0] != '-') ctx.route_args.push_back(argv[i]);

  // CLI11 would only say "A subcommand is required"; name the unknown one.
  CLI::App* command = &app;
  std::string path = "bd";
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg.starts_with("-")) {
      if (command == &app && (arg == "--actor" || arg == "--db")) ++i;  // takes a value
      continue;
    }
    // A leaf, or a command whose positionals may come instead of a subcommand.
    if (command->get_subcommands([](CLI::App*) { return true; }).empty() ||
        command->get_require_subcommand_min() == 0)
      break;
    CLI::App* next = nullptr;
    for (CLI::App* sub : command->get_subcommands([](CLI::App*) { return true; }))
      if (sub->check_name(std::string(arg))) next = sub;
    if (!next) {
      for (int j = 1; j < argc; ++j)
        if (std::string_view(argv[j]) == "--json") ctx.json = true;
      ctx.Fail({gt::ErrorKind::kInvalidArgument,
                fmt::format("unknown command \"{}\" for \"{}\"", arg, path),
                fmt::format("run `{} --help` for the list of commands", path)});
      return 1;
    }
    command = next;
    path += " " + next->get_name();
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line, non-zero, JSON under --json: the same contract as every error.
    for (int i = 1; i < argc; ++i)
      if (std::string_view(argv[i]) == "--json") ctx.json = true;
    std::string what = e.what();
    if (what.empty()) what = "invalid arguments";
    ctx.Fail({gt::ErrorKind::kInvalidArgument, what, "see `bd --help`"});
    return 1;
  }
  return ctx.exit_code;
}
