// --format: one line per bead from a template such as "{{.ID}} {{.Title}}".
#include <cctype>

#include <fmt/format.h>

#include "cli/context.h"

namespace gt::cli {
namespace {

std::string Lower(std::string_view text) {
  std::string out;
  for (char c : text)
    if (c != '_' && c != '-') out += char(tolower(static_cast<unsigned char>(c)));
  return out;
}

/// The field's value, or nullopt for an unknown name. Names match without
/// case, '_' or '-': ID, id, IssueType, issue_type, type are all fine.
std::optional<std::string> Field(const Bead& b, const std::string& name) {
  std::string n = Lower(name);
  if (n == "id") return b.id;
  if (n == "title") return b.title;
  if (n == "status") return b.status;
  if (n == "priority") return std::to_string(b.priority);
  if (n == "issuetype" || n == "type") return b.issue_type;
  if (n == "assignee") return b.assignee;
  if (n == "owner") return b.owner;
  if (n == "description") return b.description;
  if (n == "design") return b.design;
  if (n == "acceptancecriteria") return b.acceptance_criteria;
  if (n == "notes") return b.notes;
  if (n == "labels") return Join(b.labels, ",");
  if (n == "parent") return b.parent;
  if (n == "createdat") return b.created_at;
  if (n == "createdby") return b.created_by;
  if (n == "updatedat") return b.updated_at;
  if (n == "startedat") return b.started_at;
  if (n == "closedat") return b.closed_at;
  if (n == "closereason") return b.close_reason;
  if (n == "externalref") return b.external_ref;
  if (n == "deferuntil") return b.defer_until;
  if (n == "estimatedminutes")
    return b.estimated_minutes ? std::to_string(*b.estimated_minutes) : "";
  if (n == "dependencycount") return std::to_string(b.dependency_count);
  if (n == "dependentcount") return std::to_string(b.dependent_count);
  if (n == "commentcount") return std::to_string(b.comment_count);
  return std::nullopt;
}

constexpr const char* kFieldNames =
    "ID, Title, Status, Priority, IssueType (Type), Assignee, Owner, Description, Design, "
    "AcceptanceCriteria, Notes, Labels, Parent, CreatedAt, CreatedBy, UpdatedAt, StartedAt, "
    "ClosedAt, CloseReason, ExternalRef, DeferUntil, EstimatedMinutes, DependencyCount, "
    "DependentCount, CommentCount";

bool IsNameChar(char c) {
  return isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

/// Expands the template for `bead`; with no bead, only checks it.
Result<std::string> Expand(const std::string& tmpl, const Bead* bead) {
  std::string out;
  bool any_field = false;
  size_t i = 0;
  while (i < tmpl.size()) {
    char c = tmpl[i];
    if (c == '\\' && i + 1 < tmpl.size() && (tmpl[i + 1] == 't' || tmpl[i + 1] == 'n')) {
      out += tmpl[i + 1] == 't' ? '\t' : '\n';
      i += 2;
      continue;
    }
    if (c != '{') {
      out += c;
      ++i;
      continue;
    }
    std::string name;
    size_t end;
    if (tmpl.compare(i, 2, "{{") == 0) {  // {{.Field}} or {{ .Field }}
      end = tmpl.find("}}", i + 2);
      if (end == std::string::npos)
        return Fail(ErrorKind::kInvalidArgument,
                    fmt::format("invalid --format template: '{{{{' without '}}}}' in \"{}\"", tmpl),
                    "write fields as {{.ID}} or {id}");
      name = tmpl.substr(i + 2, end - i - 2);
      while (!name.empty() && isspace(static_cast<unsigned char>(name.front()))) name.erase(0, 1);
      while (!name.empty() && isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
      if (!name.empty() && name[0] == '.') name.erase(0, 1);
      end += 2;
    } else {  // {field}; a brace not followed by a name is text
      size_t j = i + 1;
      while (j < tmpl.size() && IsNameChar(tmpl[j])) ++j;
      if (j == i + 1 || j >= tmpl.size() || tmpl[j] != '}') {
        out += c;
        ++i;
        continue;
      }
      name = tmpl.substr(i + 1, j - i - 1);
      end = j + 1;
    }
    std::optional<std::string> value = bead ? Field(*bead, name) : Field(Bead{}, name);
    if (!value)
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("unknown field \"{}\" in --format template", name),
                  fmt::format("fields: {}", kFieldNames));
    any_field = true;
    out += *value;
    i = end;
  }
  if (!any_field)
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("--format template \"{}\" has no fields", tmpl),
                "use a line template such as '{{.ID}} {{.Title}}' or '{id} {title}'");
  return out;
}

}  // namespace

Status CheckLineFormat(const std::string& tmpl) {
  auto checked = Expand(tmpl, nullptr);
  if (!checked) return tl::unexpected(checked.error());
  return {};
}

std::string FormatLine(const std::string& tmpl, const Bead& bead) {
  auto line = Expand(tmpl, &bead);
  return line ? *line : std::string();
}

}  // namespace gt::cli
