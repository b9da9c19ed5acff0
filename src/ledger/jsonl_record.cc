#include "ledger/jsonl_record.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/bead.h"
#include "core/clock.h"

namespace gt {
namespace {

using json = nlohmann::json;

// beads' Issue struct order (internal/types/types.go), for export lines.
constexpr const char* kFieldOrder[] = {"id",
                                       "title",
                                       "description",
                                       "design",
                                       "acceptance_criteria",
                                       "notes",
                                       "spec_id",
                                       "status",
                                       "priority",
                                       "issue_type",
                                       "assignee",
                                       "owner",
                                       "estimated_minutes",
                                       "created_at",
                                       "created_by",
                                       "updated_at",
                                       "started_at",
                                       "closed_at",
                                       "close_reason",
                                       "closed_by_session",
                                       "due_at",
                                       "defer_until",
                                       "external_ref",
                                       "source_system",
                                       "metadata",
                                       "compaction_level",
                                       "compacted_at",
                                       "compacted_at_commit",
                                       "original_size",
                                       "labels",
                                       "dependencies",
                                       "comments",
                                       "sender",
                                       "ephemeral",
                                       "no_history",
                                       "wisp_type",
                                       "pinned",
                                       "is_template",
                                       "bonded_from",
                                       "await_type",
                                       "await_id",
                                       "timeout",
                                       "waiters",
                                       "hook_bead",
                                       "role_bead",
                                       "agent_state",
                                       "last_activity",
                                       "role_type",
                                       "rig",
                                       "mol_type",
                                       "work_type",
                                       "event_kind",
                                       "actor",
                                       "target",
                                       "payload",
                                       "source_formula",
                                       "source_location",
                                       "holder",
                                       "creator",
                                       "validations",
                                       "quality_score",
                                       "crystallizes",
                                       "deleted_at",
                                       "deleted_by",
                                       "delete_reason",
                                       "original_type"};
constexpr const char* kDependencyOrder[] = {"issue_id",   "depends_on_id", "type",     "created_at",
                                            "created_by", "metadata",      "thread_id"};
constexpr const char* kCommentOrder[] = {"id", "issue_id", "author", "text", "created_at"};

// Modeled string fields: must be strings; empty ones are dropped (omitempty).
constexpr const char* kTextFields[] = {"description", "design",       "acceptance_criteria",
                                       "notes",       "assignee",     "owner",
                                       "created_by",  "close_reason", "external_ref"};
constexpr const char* kTimeFields[] = {"created_at", "updated_at", "started_at", "closed_at",
                                       "defer_until"};
constexpr const char* kInfraTypes[] = {"agent", "rig", "role"};

Status Bad(std::string message) {
  return Fail(ErrorKind::kInvalidArgument, std::move(message));
}

std::string Shown(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status CheckTime(const json& value, const std::string& what) {
  if (!value.is_string() || !ParseTimestamp(value.get<std::string>()))
    return Bad(fmt::format("invalid {} {} (expected an RFC 3339 time)", what, Shown(value)));
  return {};
}

bool TrueFlag(const json& record, const char* name) {
  auto it = record.find(name);
  return it != record.end() && it->is_boolean() && it->get<bool>();
}

Status NormalizeDependencies(json& record, const std::string& id) {
  auto it = record.find("dependencies");
  if (it == record.end()) return {};
  if (it->is_null()) {
    record.erase(it);
    return {};
  }
  if (!it->is_array()) return Bad("dependencies must be an array of objects");
  std::set<std::string> seen;
  for (json& dep : *it) {
    if (!dep.is_object()) return Bad("dependencies must be an array of objects");
    auto to = dep.find("depends_on_id");
    if (to == dep.end() || !to->is_string() || to->get<std::string>().empty())
      return Bad("dependency without depends_on_id");
    std::string target = to->get<std::string>();
    if (target == id)
      return Bad(fmt::format("cannot add self-dependency: {} cannot depend on itself", id));
    if (!seen.insert(target).second) return Bad(fmt::format("duplicate dependency on {}", target));
    if (auto from = dep.find("issue_id"); from != dep.end() && !from->is_null()) {
      if (!from->is_string() || from->get<std::string>() != id)
        return Bad(
            fmt::format("dependency issue_id {} does not match the issue id {}", Shown(*from), id));
    }
    dep["issue_id"] = id;
    auto type = dep.find("type");
    if (type == dep.end() || type->is_null() ||
        (type->is_string() && type->get<std::string>().empty())) {
      dep["type"] = "blocks";
    } else if (!type->is_string()) {
      return Bad(fmt::format("invalid dependency type {}", Shown(*type)));
    } else if (auto st = ValidateDepType(type->get<std::string>()); !st) {
      return st;
    }
    if (auto at = dep.find("created_at"); at != dep.end()) {
      if (at->is_null())
        dep.erase(at);
      else if (auto st = CheckTime(*at, "dependency created_at"); !st)
        return st;
    }
    if (auto by = dep.find("created_by"); by != dep.end()) {
      if (!by->is_string() && !by->is_null()) return Bad("dependency created_by must be a string");
      if (by->is_null() || by->get<std::string>().empty()) dep.erase(by);
    }
  }
  std::sort(it->begin(), it->end(), [](const json& a, const json& b) {
    return a["depends_on_id"].get<std::string>() < b["depends_on_id"].get<std::string>();
  });
  if (it->empty()) record.erase(it);
  return {};
}

std::string CommentKey(const json& c) {
  const json& id = c["id"];
  return id.is_string() ? id.get<std::string>() : id.dump();
}

Status NormalizeComments(json& record, const std::string& id) {
  auto it = record.find("comments");
  if (it == record.end()) return {};
  if (it->is_null()) {
    record.erase(it);
    return {};
  }
  if (!it->is_array()) return Bad("comments must be an array of objects");
  int n = 0;
  std::set<std::string> seen;
  for (json& c : *it) {
    ++n;
    if (!c.is_object()) return Bad("comments must be an array of objects");
    auto cid = c.find("id");
    if (cid == c.end() || cid->is_null()) {
      c["id"] = fmt::format("{}-c{}", id, n);
    } else if (!(cid->is_string() && !cid->get<std::string>().empty()) &&
               !cid->is_number_integer()) {
      return Bad(fmt::format("invalid comment id {}", Shown(*cid)));
    }
    if (!seen.insert(CommentKey(c)).second)
      return Bad(fmt::format("duplicate comment id {}", CommentKey(c)));
    if (auto from = c.find("issue_id"); from != c.end() && !from->is_null()) {
      if (!from->is_string() || from->get<std::string>() != id)
        return Bad(
            fmt::format("comment issue_id {} does not match the issue id {}", Shown(*from), id));
    }
    c["issue_id"] = id;
    auto text = c.find("text");
    if (text == c.end() || !text->is_string() || text->get<std::string>().empty())
      return Bad("comment text cannot be empty");
    auto author = c.find("author");
    if (author == c.end() || author->is_null())
      c["author"] = "";
    else if (!author->is_string())
      return Bad("comment author must be a string");
    if (auto at = c.find("created_at"); at != c.end()) {
      if (at->is_null())
        c.erase(at);
      else if (auto st = CheckTime(*at, "comment created_at"); !st)
        return st;
    }
  }
  if (it->empty()) record.erase(it);
  return {};
}

void SortComments(json& record) {
  auto it = record.find("comments");
  if (it == record.end()) return;
  std::stable_sort(it->begin(), it->end(), [](const json& a, const json& b) {
    std::string ta = a.value("created_at", ""), tb = b.value("created_at", "");
    return ta != tb ? ta < tb : CommentKey(a) < CommentKey(b);
  });
}

std::string OrderedObject(const json& object, const char* const* order, size_t n,
                          bool issue = false);

std::string RenderValue(const std::string& key, const json& value, bool issue) {
  if (issue && value.is_array() && (key == "dependencies" || key == "comments")) {
    bool deps = key == "dependencies";
    std::string out = "[";
    for (const json& item : value) {
      if (out.size() > 1) out += ',';
      out += !item.is_object() ? item.dump()
             : deps            ? OrderedObject(item, kDependencyOrder, std::size(kDependencyOrder))
                               : OrderedObject(item, kCommentOrder, std::size(kCommentOrder));
    }
    return out + "]";
  }
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

/// The members of `object`, those named in `order` first and in that order,
/// then the others by name; `issue` also orders dependency and comment objects.
void AppendMembers(std::string& out, const json& object, const char* const* order, size_t n,
                   bool issue) {
  bool first = out.back() == '{';
  auto put = [&](const std::string& key, const json& value) {
    out += first ? "" : ",";
    first = false;
    out += json(key).dump();
    out += ':';
    out += RenderValue(key, value, issue);
  };
  std::set<std::string> done;
  for (size_t i = 0; i < n; ++i) {
    auto it = object.find(order[i]);
    if (it == object.end()) continue;
    done.insert(order[i]);
    put(order[i], *it);
  }
  for (auto it = object.begin(); it != object.end(); ++it)  // unknown keys, by name
    if (!done.count(it.key())) put(it.key(), *it);
}

std::string OrderedObject(const json& object, const char* const* order, size_t n, bool issue) {
  std::string out = "{";
  AppendMembers(out, object, order, n, issue);
  return out + "}";
}

}  // namespace

RecordKind KindOfRecord(const json& line) {
  if (!line.is_object()) return RecordKind::kIssue;
  if (auto t = line.find("_type"); t != line.end() && t->is_string() && *t == "memory")
    return RecordKind::kMemory;
  if (auto s = line.find("status"); s != line.end() && s->is_string() && *s == "tombstone")
    return RecordKind::kTombstone;
  return RecordKind::kIssue;
}

Result<json> NormalizeRecord(json line) {
  if (!line.is_object()) return Fail(ErrorKind::kInvalidArgument, "not a JSON object");
  json r = std::move(line);
  if (auto t = r.find("_type"); t != r.end()) {
    if (!t->is_string() || *t != "issue")
      return Fail(ErrorKind::kInvalidArgument, fmt::format("unknown _type {}", Shown(*t)));
    r.erase(t);
  }
  for (const char* count : {"dependency_count", "dependent_count", "comment_count"}) r.erase(count);
  if (auto wisp = r.find("wisp"); wisp != r.end()) {  // legacy name of ephemeral
    if (wisp->is_boolean() && wisp->get<bool>()) r["ephemeral"] = true;
    r.erase("wisp");
  }

  auto id_it = r.find("id");
  if (id_it == r.end() || !id_it->is_string() || id_it->get<std::string>().empty())
    return Fail(ErrorKind::kInvalidArgument, "missing id");
  std::string id = id_it->get<std::string>();
  if (std::any_of(id.begin(), id.end(), [](char c) { return (unsigned char)c <= ' '; }))
    return Fail(ErrorKind::kInvalidArgument, fmt::format("invalid id {}", Shown(*id_it)));

  auto title = r.find("title");
  if (title == r.end() || !title->is_string())
    return Fail(ErrorKind::kInvalidArgument, "title is required");
  if (auto st = ValidateTitle(title->get<std::string>()); !st) return tl::unexpected(st.error());

  for (const char* field : kTextFields) {
    auto it = r.find(field);
    if (it == r.end()) continue;
    if (it->is_null() || (it->is_string() && it->get<std::string>().empty())) {
      r.erase(it);
      continue;
    }
    if (!it->is_string())
      return Fail(ErrorKind::kInvalidArgument, fmt::format("{} must be a string", field));
  }

  // status and issue_type: missing → open / task, as beads imports them.
  auto status = r.find("status");
  if (status == r.end() || status->is_null() ||
      (status->is_string() && status->get<std::string>().empty()))
    r["status"] = "open";
  else if (!status->is_string() || !ValidateStatus(status->get<std::string>()))
    return Fail(ErrorKind::kInvalidArgument, fmt::format("invalid status {}", Shown(*status)));
  auto type = r.find("issue_type");
  if (type == r.end() || type->is_null() ||
      (type->is_string() && type->get<std::string>().empty())) {
    r["issue_type"] = "task";
  } else {
    bool known = false;
    if (type->is_string()) {
      std::string t = type->get<std::string>();
      for (const char* k : kIssueTypes) known |= t == k;
      for (const char* k : kInfraTypes) known |= t == k;
    }
    if (!known)
      return Fail(ErrorKind::kInvalidArgument, fmt::format("invalid issue_type {}", Shown(*type)));
  }

  // priority: beads applies no default on import, so a missing one is 0.
  auto priority = r.find("priority");
  if (priority == r.end() || priority->is_null())
    r["priority"] = 0;
  else if (!priority->is_number_integer() || priority->get<int64_t>() < 0 ||
           priority->get<int64_t>() > 4)
    return Fail(ErrorKind::kInvalidArgument,
                fmt::format("invalid priority {} (expected 0-4)", Shown(*priority)));

  if (auto est = r.find("estimated_minutes"); est != r.end()) {
    if (est->is_null())
      r.erase(est);
    else if (!est->is_number_integer())
      return Fail(ErrorKind::kInvalidArgument,
                  fmt::format("invalid estimated_minutes {}", Shown(*est)));
    else if (est->get<int64_t>() < 0)
      return Fail(ErrorKind::kInvalidArgument, "estimated_minutes cannot be negative");
  }

  for (const char* field : kTimeFields) {
    auto it = r.find(field);
    if (it == r.end()) continue;
    if (it->is_null() || (it->is_string() && it->get<std::string>().empty())) {
      r.erase(it);
      continue;
    }
    if (auto st = CheckTime(*it, field); !st) return tl::unexpected(st.error());
  }
  if (r.contains("closed_at") && r["status"] != "closed")
    return Fail(ErrorKind::kInvalidArgument, "non-closed issues cannot have closed_at timestamp");
  if (TrueFlag(r, "ephemeral") && TrueFlag(r, "no_history"))
    return Fail(ErrorKind::kInvalidArgument, "ephemeral and no_history are mutually exclusive");

  if (auto labels = r.find("labels"); labels != r.end()) {
    if (labels->is_null()) {
      r.erase(labels);
    } else {
      if (!labels->is_array())
        return Fail(ErrorKind::kInvalidArgument, "labels must be an array of strings");
      std::vector<std::string> sorted;
      for (const json& l : *labels) {
        if (!l.is_string())
          return Fail(ErrorKind::kInvalidArgument, "labels must be an array of strings");
        if (l.get<std::string>().empty())
          return Fail(ErrorKind::kInvalidArgument, "label cannot be empty");
        sorted.push_back(l.get<std::string>());
      }
      std::sort(sorted.begin(), sorted.end());
      sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
      if (sorted.empty())
        r.erase("labels");
      else
        r["labels"] = sorted;
    }
  }
  if (auto st = NormalizeDependencies(r, id); !st) return tl::unexpected(st.error());
  if (auto st = NormalizeComments(r, id); !st) return tl::unexpected(st.error());
  SortComments(r);
  return r;
}

void FillRecordDefaults(json& record, const json& existing, const std::string& now) {
  for (const char* field : {"created_at", "updated_at"}) {
    if (record.contains(field)) continue;
    if (existing.is_object() && existing.contains(field))
      record[field] = existing[field];
    else
      record[field] = now;
  }
  if (record["status"] == "closed" && !record.contains("closed_at")) {
    auto created = ParseTimestamp(record["created_at"].get<std::string>());
    auto updated = ParseTimestamp(record["updated_at"].get<std::string>());
    int64_t latest = std::max(created ? *created : 0, updated ? *updated : 0);
    record["closed_at"] = FormatTimestamp(latest + 1'000'000'000);
  }
  const json& created_at = record["created_at"];
  if (auto deps = record.find("dependencies"); deps != record.end())
    for (json& dep : *deps)
      if (!dep.contains("created_at")) dep["created_at"] = created_at;
  if (auto comments = record.find("comments"); comments != record.end()) {
    for (json& c : *comments)
      if (!c.contains("created_at")) c["created_at"] = created_at;
    SortComments(record);
  }
}

std::string FormatRecordLine(const json& record, const RecordCounts& counts) {
  std::string out = "{\"_type\":\"issue\"";
  AppendMembers(out, record, kFieldOrder, std::size(kFieldOrder), true);
  out += fmt::format(",\"dependency_count\":{},\"dependent_count\":{},\"comment_count\":{}}}",
                     counts.dependencies, counts.dependents, counts.comments);
  return out;
}

bool IsExcludedByDefault(const json& record) {
  std::string type = record.value("issue_type", "");
  for (const char* infra : {"agent", "rig", "role", "message"})
    if (type == infra) return true;
  return TrueFlag(record, "is_template") || TrueFlag(record, "ephemeral");
}

}  // namespace gt
