// bd export, bd import, and the export.auto hook.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "ledger/export.h"
#include "ledger/import.h"
#include "ledger/markdown_export.h"
#include "ledger/workspace.h"

namespace gt::cli {
namespace {

Result<std::string> ReadSource(const std::string& source) {
  if (source == "-") {
    std::ostringstream in;
    in << std::cin.rdbuf();
    return in.str();
  }
  std::ifstream in(source, std::ios::binary);
  if (!in)
    return gt::Fail(ErrorKind::kNotFound, fmt::format("cannot read {}: no such file", source),
                    "give the path of a beads JSONL file, or - for stdin");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return gt::Fail(ErrorKind::kIo, fmt::format("cannot read {}", source));
  return text;
}

void AddExportCommand(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string output, format = "jsonl";
    bool all = false, force = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("export", "Write every bead as beads' JSONL (or Markdown)");
  cmd->add_option("-o,--output", o->output, "Write to FILE (atomically) instead of stdout");
  cmd->add_flag("--all", o->all,
                "Include infra types (agent, rig, role, message), templates "
                "and ephemeral wisps");
  cmd->add_option("--format", o->format, "jsonl (default) or markdown (needs -o DIR)");
  cmd->add_flag("--force", o->force,
                "With --format markdown: replace a non-empty DIR that is not a bd export");
  cmd->footer(
      "Examples:\n"
      "  bd export > issues.jsonl\n"
      "  bd export -o .beads/issues.jsonl --all\n"
      "  bd export --format markdown -o docs/issues");
  cmd->callback([o, &ctx] {
    if (o->format != "jsonl" && o->format != "markdown")
      return ctx.Fail({ErrorKind::kInvalidArgument, fmt::format("unknown format \"{}\"", o->format),
                       "use jsonl or markdown"});
    if (o->format == "markdown" && o->output.empty())
      return ctx.Fail({ErrorKind::kInvalidArgument, "--format markdown needs -o DIR",
                       "bd export --format markdown -o docs/issues"});
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    if (o->format == "markdown") {
      MarkdownOptions options;
      options.all = o->all;
      options.force = o->force;
      auto written = ExportMarkdown(*ledger, o->output, options);
      if (!written) return ctx.Fail(written.error());
      if (ctx.json)
        return ctx.PrintJson(
            {{"exported", *written}, {"output", o->output}, {"format", "markdown"}});
      if (!ctx.quiet) std::cerr << fmt::format("Exported {} issues to {}/\n", *written, o->output);
      return;
    }
    auto exported = ExportJsonl(ledger->db(), {o->all});
    if (!exported) return ctx.Fail(exported.error());
    if (o->output.empty() || o->output == "-") {
      std::cout << exported->text << std::flush;
      return;
    }
    if (auto st = WriteFileAtomically(o->output, exported->text); !st) return ctx.Fail(st.error());
    if (ctx.json) return ctx.PrintJson({{"exported", exported->count}, {"output", o->output}});
    if (!ctx.quiet)
      std::cerr << fmt::format("Exported {} issues to {}\n", exported->count, o->output);
  });
}

void AddImportCommand(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string file, input;
    bool dry_run = false, skip_bad = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("import", "Import beads' JSONL (a beads project's issues.jsonl)");
  cmd->add_option("file", o->file, "JSONL file, or - for stdin (default .beads/issues.jsonl)");
  cmd->add_option("-i,--input", o->input, "JSONL file (instead of the positional one)");
  cmd->add_flag("--dry-run", o->dry_run, "Say what would change; write nothing");
  cmd->add_flag("--skip-bad", o->skip_bad, "Import the good lines and report the bad ones");
  cmd->footer(
      "Each bead becomes one signed bead.import event. A bead already here is\n"
      "replaced when the file's updated_at is newer, else skipped; a bead deleted\n"
      "here is never brought back. A malformed line stops the import before\n"
      "anything is written, unless --skip-bad.\n\n"
      "Examples:\n"
      "  bd import ../old-project/.beads/issues.jsonl\n"
      "  bd import - --dry-run --json < issues.jsonl");
  cmd->callback([o, &ctx] {
    if (!o->file.empty() && !o->input.empty() && o->file != o->input)
      return ctx.Fail({ErrorKind::kInvalidArgument, "give the file once: FILE or -i FILE"});
    auto ledger = ctx.Open();
    if (!ledger) return ctx.Fail(ledger.error());
    std::string source = !o->input.empty() ? o->input : o->file;
    if (source.empty()) source = ledger->beads_dir() + "/issues.jsonl";
    auto text = ReadSource(source);
    if (!text) return ctx.Fail(text.error());
    ImportOptions options;
    options.dry_run = o->dry_run;
    options.skip_bad = o->skip_bad;
    options.chunk = 10000;
    bool bar = !ctx.json && !ctx.quiet && isatty(STDERR_FILENO);
    if (bar)
      options.progress = [](int64_t done, int64_t total) {
        if (total <= 10000) return;
        int width = 30, filled = int(width * done / total);
        std::cerr << fmt::format("\rImporting [{}{}] {}/{}", std::string(filled, '#'),
                                 std::string(width - filled, ' '), done, total)
                  << (done == total ? "\n" : "") << std::flush;
      };
    auto report = ImportJsonl(*ledger, *text, options);
    if (!report) return ctx.Fail(report.error());
    std::string shown = source == "-" ? "stdin" : source;
    if (ctx.json) {
      nlohmann::json j = {{"source", shown},
                          {"created", report->created},
                          {"updated", report->updated},
                          {"unchanged", report->unchanged},
                          {"skipped", report->skipped()},
                          {"ids", report->ids}};
      if (!report->stale_skipped_ids.empty()) j["stale_skipped_ids"] = report->stale_skipped_ids;
      if (!report->deleted_skipped_ids.empty())
        j["deleted_skipped_ids"] = report->deleted_skipped_ids;
      if (!report->bad_lines.empty()) {
        j["bad_lines"] = nlohmann::json::array();
        for (const BadLine& b : report->bad_lines)
          j["bad_lines"].push_back({{"line", b.line}, {"error", b.reason}});
      }
      if (report->memories) j["memories"] = report->memories;
      if (report->tombstones) j["tombstones"] = report->tombstones;
      if (o->dry_run) j["dry_run"] = true;
      return ctx.PrintJson(j);
    }
    for (const BadLine& b : report->bad_lines)
      std::cerr << fmt::format("Skipped line {}: {}\n", b.line, b.reason);
    for (const std::string& id : report->deleted_skipped_ids)
      std::cerr << fmt::format("Skipped {}: deleted in this ledger\n", id);
    for (const std::string& id : report->stale_skipped_ids)
      std::cerr << fmt::format("Skipped {}: this ledger's copy is as new or newer\n", id);
    if (report->memories)
      std::cerr << fmt::format("Skipped {} memory line(s): memories are not supported\n",
                               report->memories);
    if (report->tombstones)
      std::cerr << fmt::format("Skipped {} tombstone line(s)\n", report->tombstones);
    if (ctx.quiet) return;
    std::cerr << fmt::format(
        "{} {} issues from {} ({} created, {} updated, {} unchanged, {} "
        "skipped)\n",
        o->dry_run ? "Would import" : "Imported", report->created + report->updated, shown,
        report->created, report->updated, report->unchanged, report->skipped());
  });
}

}  // namespace

void AddImportExportCommands(CLI::App& app, Context& ctx) {
  AddExportCommand(app, ctx);
  AddImportCommand(app, ctx);
  // export.auto: after any command that succeeded, keep .beads/issues.jsonl
  // current. Off (the default), this costs reading config.toml.
  app.final_callback([&ctx] {
    if (ctx.exit_code != 0) return;
    auto dir = ctx.BeadsDir();
    if (!dir || !AutoExportEnabled(*dir)) return;
    auto ledger = ctx.Open(false);
    if (!ledger) return;
    if (auto written = RefreshAutoExport(*ledger); !written)
      std::cerr << fmt::format("warning: export.auto: {}\n", written.error().message);
  });
}

}  // namespace gt::cli
