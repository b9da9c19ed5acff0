#include "cli/context.h"
#include "cli/output.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "core/bead_json.h"
#include "core/process.h"
#include "ledger/config_store.h"
#include "ledger/keys.h"
#include "ledger/queries.h"
#include "ledger/workspace.h"
#include "town/route.h"

namespace gt::cli {

std::string Context::Actor() const {
  if (!actor_flag.empty()) return actor_flag;
  for (const char* var : {"BD_ACTOR", "BEADS_ACTOR"})
    if (const char* v = std::getenv(var); v && *v) return v;
  // `bd config set actor NAME`: the ledger's default, before git's.
  if (auto dir = BeadsDir())
    if (auto v = GetConfigValue(*dir, "actor"); v && *v && !(*v)->empty()) return **v;
  if (auto git = RunProcess({"git", "config", "user.name"}); git && git->exit_code == 0) {
    std::string name = git->out;
    while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.pop_back();
    if (!name.empty()) return name;
  }
  if (const char* user = std::getenv("USER"); user && *user) return user;
  return "unknown";
}

std::string Context::Owner() const {
  if (const char* email = std::getenv("GIT_AUTHOR_EMAIL"); email && *email) return email;
  if (auto git = RunProcess({"git", "config", "user.email"}); git && git->exit_code == 0) {
    std::string email = git->out;
    while (!email.empty() && isspace(static_cast<unsigned char>(email.back()))) email.pop_back();
    return email;
  }
  return "";
}

Result<std::string> Context::BeadsDir() const {
  namespace fs = std::filesystem;
  std::string dir = db_flag;
  if (dir.empty())
    if (const char* env = std::getenv("BEADS_DIR"); env && *env) dir = env;
  if (dir.empty()) {
    std::string cwd = fs::current_path().string();
    if (auto routed = town::RouteBeadsDir(cwd, route_args)) return *routed;
    return FindBeadsDir(cwd);
  }
  fs::path p(dir);
  if (fs::is_regular_file(p)) p = p.parent_path();
  if (!fs::exists(p / "config.toml"))
    return gt::Fail(ErrorKind::kNotInitialized, fmt::format("no beads database found at {}", dir),
                    "run `bd init` there, or point --db/BEADS_DIR at a .beads directory");
  return fs::absolute(p).string();
}

Result<Ledger> Context::Open(bool warn) const {
  auto dir = BeadsDir();
  if (!dir) return tl::unexpected(dir.error());
  LedgerOptions options;
  options.beads_dir = *dir;
  options.resolve_actor = [this] { return Actor(); };
  options.key_dir = DefaultKeyDirectory();
  auto ledger = Ledger::Open(options);
  if (auto n = GetConfigValue(*dir, "output.title-length"); n && *n && !(*n)->empty())
    title_length = std::stoi(**n);
  if (!ledger || !warn) return ledger;
  for (const ChainProblem& p : ledger->catch_up().problems)
    std::cerr << fmt::format("warning: log/{}:{}: {} (see `bd verify`)\n", p.file, p.line,
                             p.reason);
  return ledger;
}

Result<std::string> Context::Resolve(Ledger& ledger, const std::string& input) const {
  return ResolveId(ledger.db(), ledger.config().prefix, input);
}

Result<std::vector<std::string>> Context::ResolveAll(Ledger& ledger,
                                                     const std::vector<std::string>& inputs) const {
  std::vector<std::string> out;
  for (const std::string& input : inputs) {
    auto id = Resolve(ledger, input);
    if (!id) return tl::unexpected(id.error());
    out.push_back(*id);
  }
  return out;
}

void Context::Fail(const Error& error) {
  exit_code = 1;
  PrintError(error, json);
}

void Context::PrintJson(nlohmann::json payload) const {
  PrintJsonPayload(std::move(payload));
}

bool Context::Color() const {
  // NO_COLOR counts when set and not empty (no-color.org).
  static const bool color = [] {
    const char* no_color = std::getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && !(no_color && *no_color);
  }();
  return color;
}

std::string PriorityTag(const Context& ctx, int priority) {
  std::string tag = fmt::format("[● P{}]", priority);
  if (!ctx.Color()) return tag;
  static const char* kColors[] = {"\033[1;31m", "\033[31m", "\033[33m", "\033[36m", "\033[2m"};
  return fmt::format("{}{}\033[0m", kColors[priority < 0 || priority > 4 ? 2 : priority], tag);
}

std::string StatusIcon(const std::string& status) {
  if (status == "open") return "○";
  if (status == "in_progress") return "◐";
  if (status == "blocked") return "●";
  if (status == "closed") return "✓";
  if (status == "deferred") return "❄";
  if (status == "pinned") return "📌";
  if (status == "hooked") return "⚓";
  return "?";
}

std::string ShortTitle(const Context& ctx, const std::string& title) {
  if (ctx.title_length <= 0) return title;
  // Cut at a character (not byte) count: UTF-8 continuation bytes do not count.
  int chars = 0;
  for (size_t i = 0; i < title.size(); ++i) {
    if ((static_cast<unsigned char>(title[i]) & 0xC0) == 0x80) continue;
    if (chars++ == ctx.title_length) return title.substr(0, i) + "…";
  }
  return title;
}

std::string BeadLine(const Context& ctx, const Bead& b) {
  std::string line =
      fmt::format("{} {} {} [{}] {}", StatusIcon(b.status), b.id, PriorityTag(ctx, b.priority),
                  b.issue_type, ShortTitle(ctx, b.title));
  if (!b.assignee.empty()) line += fmt::format(" (@{})", b.assignee);
  return line;
}

Status ParseOptionalPriority(const std::string& text, std::optional<int>* out) {
  if (text.empty()) return {};
  auto p = ParsePriority(text);
  if (!p) return tl::unexpected(p.error());
  *out = *p;
  return {};
}

Status ParseOptionalType(const std::string& text, std::string* out) {
  if (text.empty()) return {};
  auto t = NormalizeIssueType(text);
  if (!t) return tl::unexpected(t.error());
  *out = *t;
  return {};
}

nlohmann::json BeadsToJson(const std::vector<Bead>& beads) {
  nlohmann::json out = nlohmann::json::array();
  for (const Bead& b : beads) out.push_back(BeadToJson(b));
  return out;
}

std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? comma : comma - start);
    while (!item.empty() && isspace((unsigned char)item.front())) item.erase(item.begin());
    while (!item.empty() && isspace((unsigned char)item.back())) item.pop_back();
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace gt::cli
