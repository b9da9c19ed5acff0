#include "ledger/markdown_export.h"

#include <fcntl.h>
#include <stdio.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/json_fields.h"
#include "ledger/export.h"
#include "ledger/jsonl_record.h"
#include "ledger/queries.h"

namespace gt {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

/// A file-system-safe name for an id.
std::string FileName(const std::string& id) {
  std::string out = id;
  for (char& c : out)
    if (c == '/' || c == '\\' || c == ':' || (unsigned char)c < ' ') c = '_';
  if (out == "." || out == ".." || out == "README") out = "_" + out;
  return out;
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
std::string Quote(const std::string& s) {
  return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string StatusBox(const std::string& status) {
  return status == "closed" ? "[x]" : "[ ]";
}

struct Page {
  const json* record = nullptr;
  std::string parent;  // exported parent, or ""
  std::vector<std::string> children;
  fs::path path;  // relative to the export root
};

class Writer {
 public:
  Writer(Ledger& ledger, std::map<std::string, Page>& pages) : ledger_(ledger), pages_(pages) {}

  std::string Link(const Page& from, const std::string& id) const {
    auto it = pages_.find(id);
    if (it == pages_.end()) return fmt::format("`{}`", id);
    std::string rel = it->second.path.lexically_relative(from.path.parent_path()).generic_string();
    return fmt::format("[{}]({})", id, rel);
  }

  std::string Line(const Page& from, const std::string& id) const {
    auto it = pages_.find(id);
    if (it == pages_.end()) return fmt::format("- `{}` (not exported)", id);
    const json& r = *it->second.record;
    return fmt::format("- {} {} P{} {} — {}", StatusBox(JsonString(r, "status")), Link(from, id),
                       r.value("priority", 0), JsonString(r, "status"), JsonString(r, "title"));
  }

  Result<std::string> Render(const Page& page) {
    const json& r = *page.record;
    std::string id = JsonString(r, "id");
    std::string out = "---\n";
    for (const char* key : {"id", "title", "status"})
      out += fmt::format("{}: {}\n", key, Quote(JsonString(r, key)));
    out += fmt::format("priority: {}\n", r.value("priority", 0));
    for (const char* key :
         {"issue_type", "assignee", "owner", "created_by", "created_at", "updated_at", "started_at",
          "closed_at", "close_reason", "external_ref", "defer_until"})
      if (std::string v = JsonString(r, key); !v.empty())
        out += fmt::format("{}: {}\n", key, Quote(v));
    if (r.contains("estimated_minutes"))
      out += fmt::format("estimated_minutes: {}\n", r["estimated_minutes"].dump());
    if (!page.parent.empty()) out += fmt::format("parent: {}\n", Quote(page.parent));
    if (auto labels = r.find("labels"); labels != r.end()) {
      std::vector<std::string> quoted;
      for (const json& l : *labels) quoted.push_back(Quote(l.get<std::string>()));
      out += fmt::format("labels: [{}]\n", fmt::join(quoted, ", "));
    }
    out += "---\n\n";
    out += fmt::format("# {}: {}\n\n", id, JsonString(r, "title"));
    if (!page.parent.empty()) out += fmt::format("Part of {}.\n\n", Link(page, page.parent));
    if (std::string d = JsonString(r, "description"); !d.empty()) out += d + "\n\n";
    for (auto [key, heading] : {std::pair{"design", "Design"},
                                {"acceptance_criteria", "Acceptance criteria"},
                                {"notes", "Notes"}})
      if (std::string v = JsonString(r, key); !v.empty())
        out += fmt::format("## {}\n\n{}\n\n", heading, v);
    if (!page.children.empty()) {
      int closed = 0;
      for (const std::string& c : page.children)
        closed += JsonString(*pages_.at(c).record, "status") == "closed";
      out += fmt::format("## Children ({} of {} closed)\n\n", closed, page.children.size());
      for (const std::string& c : page.children) out += Line(page, c) + "\n";
      out += "\n";
    }
    if (auto deps = r.find("dependencies"); deps != r.end()) {
      out += "## Dependencies\n\n";
      for (const json& d : *deps)
        out += fmt::format("- {}: {}\n", JsonString(d, "type"),
                           Link(page, JsonString(d, "depends_on_id")));
      out += "\n";
    }
    if (auto comments = r.find("comments"); comments != r.end()) {
      out += "## Comments\n\n";
      for (const json& c : *comments) {
        out +=
            fmt::format("**{}** at {}:\n\n", JsonString(c, "author"), JsonString(c, "created_at"));
        std::string text = JsonString(c, "text");
        size_t start = 0;
        while (start <= text.size()) {
          size_t nl = text.find('\n', start);
          out += "> " + text.substr(start, nl == std::string::npos ? nl : nl - start) + "\n";
          if (nl == std::string::npos) break;
          start = nl + 1;
        }
        out += "\n";
      }
    }
    auto history = BeadHistory(ledger_.db(), ledger_.index().log_dir(), id);
    if (!history) return tl::unexpected(history.error());
    if (!history->empty()) {
      out += "## History\n\nSigned events, in fold order.\n\n";
      out += "| time | actor | op | applied | event |\n|---|---|---|---|---|\n";
      for (const HistoryEntry& h : *history)
        out += fmt::format("| {} | {} | `{}` | {} | `{}` |\n", h.ts, h.actor, h.op,
                           h.applied ? "yes" : "no: " + h.note, h.event_id.substr(0, 16));
      out += "\n";
    }
    return out;
  }

 private:
  Ledger& ledger_;
  std::map<std::string, Page>& pages_;
};

Status WriteText(const fs::path& path, const std::string& text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) return Fail(ErrorKind::kIo, fmt::format("cannot write {}", path.string()));
  return {};
}

}  // namespace

Result<int64_t> ExportMarkdown(Ledger& ledger, const std::string& dir_text,
                               const MarkdownOptions& options) {
  fs::path dir = fs::path(dir_text).lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec))
      return Fail(ErrorKind::kConflict, fmt::format("{} exists and is not a directory", dir_text),
                  "choose another -o DIR");
    bool empty = fs::is_empty(dir, ec);
    if (!empty && !fs::exists(dir / kMarkdownMarker, ec) && !options.force)
      return Fail(ErrorKind::kConflict,
                  fmt::format("{} is not empty and is not a previous bd export", dir_text),
                  "choose an empty or new directory, or pass --force to replace it");
  }

  std::vector<json> records;
  auto st = ForEachRecord(ledger.db(), [&](const json& r) {
    if (options.all || !IsExcludedByDefault(r)) records.push_back(r);
  });
  if (!st) return tl::unexpected(st.error());

  std::map<std::string, Page> pages;
  for (const json& r : records) pages[JsonString(r, "id")].record = &r;
  for (auto& [id, page] : pages) {
    if (auto deps = page.record->find("dependencies"); deps != page.record->end())
      for (const json& d : *deps)
        if (JsonString(d, "type") == "parent-child" &&
            pages.count(JsonString(d, "depends_on_id"))) {
          page.parent = JsonString(d, "depends_on_id");
          break;
        }
    if (!page.parent.empty()) pages[page.parent].children.push_back(id);
  }
  // Where each page goes: under its parent's directory, as <id>/README.md
  // when it has children. A parent-child cycle falls back to the top level.
  for (auto& [id, page] : pages) {
    std::vector<std::string> chain;
    std::set<std::string> seen{id};
    for (std::string at = page.parent; !at.empty(); at = pages[at].parent) {
      if (!seen.insert(at).second) {
        chain.clear();
        break;
      }
      chain.push_back(at);
    }
    fs::path path;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) path /= FileName(*it);
    page.path =
        page.children.empty() ? path / (FileName(id) + ".md") : path / FileName(id) / "README.md";
  }

  fs::path tmp = dir;
  tmp += ".tmp";
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp, ec);
  if (ec)
    return Fail(ErrorKind::kIo, fmt::format("cannot create {}: {}", tmp.string(), ec.message()));
  auto fail = [&](Error e) -> Result<int64_t> {
    std::error_code ignored;
    fs::remove_all(tmp, ignored);
    return tl::unexpected(std::move(e));
  };

  Writer writer(ledger, pages);
  Page root;
  root.path = "README.md";
  std::map<std::string, int> by_status;
  std::string top;
  for (auto& [id, page] : pages) {
    ++by_status[JsonString(*page.record, "status")];
    if (page.parent.empty()) top += writer.Line(root, id) + "\n";
    auto text = writer.Render(page);
    if (!text) return fail(text.error());
    if (auto w = WriteText(tmp / page.path, *text); !w) return fail(w.error());
  }
  std::string index = fmt::format("# {}\n\n{} issues:", ledger.config().name, pages.size());
  for (const auto& [status, n] : by_status) index += fmt::format(" {} {},", n, status);
  if (index.back() == ',') index.back() = '.';
  index +=
      "\n\nExported by `bd export --format markdown`; one page per issue, issues with "
      "children as directories.\n\n## Top-level issues\n\n" +
      top;
  if (auto w = WriteText(tmp / "README.md", index); !w) return fail(w.error());
  if (auto w = WriteText(tmp / kMarkdownMarker, "bd markdown export, version 1\n"); !w)
    return fail(w.error());

  // Swap the new tree in: atomically where the kernel can exchange names.
  if (fs::exists(dir, ec)) {
    if (renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) != 0) {
      fs::path old = dir;
      old += ".old";
      fs::remove_all(old, ec);
      fs::rename(dir, old, ec);
      if (!ec) fs::rename(tmp, dir, ec);
      if (ec)
        return fail({ErrorKind::kIo, fmt::format("cannot replace {}: {}", dir_text, ec.message())});
      fs::remove_all(old, ec);
      return int64_t(pages.size());
    }
    fs::remove_all(tmp, ec);  // now the previous export
    return int64_t(pages.size());
  }
  fs::rename(tmp, dir, ec);
  if (ec)
    return fail({ErrorKind::kIo, fmt::format("cannot create {}: {}", dir_text, ec.message())});
  return int64_t(pages.size());
}

}  // namespace gt
