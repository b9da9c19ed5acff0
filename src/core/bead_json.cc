#include "core/bead_json.h"

namespace gt {

nlohmann::json BeadToJson(const Bead& b) {
  nlohmann::json j = nlohmann::json::object();
  auto put = [&](const char* name, const std::string& value) {
    if (!value.empty()) j[name] = value;
  };
  j["id"] = b.id;
  j["title"] = b.title;
  put("description", b.description);
  put("design", b.design);
  put("acceptance_criteria", b.acceptance_criteria);
  put("notes", b.notes);
  put("status", b.status);
  j["priority"] = b.priority;
  put("issue_type", b.issue_type);
  put("assignee", b.assignee);
  put("owner", b.owner);
  j["created_at"] = b.created_at;
  put("created_by", b.created_by);
  j["updated_at"] = b.updated_at;
  put("started_at", b.started_at);
  put("closed_at", b.closed_at);
  put("close_reason", b.close_reason);
  put("external_ref", b.external_ref);
  put("defer_until", b.defer_until);
  if (b.estimated_minutes) j["estimated_minutes"] = *b.estimated_minutes;
  if (!b.labels.empty()) j["labels"] = b.labels;
  put("parent", b.parent);
  j["dependency_count"] = b.dependency_count;
  j["dependent_count"] = b.dependent_count;
  j["comment_count"] = b.comment_count;
  return j;
}

nlohmann::json DependencyToJson(const Dependency& d) {
  nlohmann::json j = {{"issue_id", d.issue_id},
                      {"depends_on_id", d.depends_on_id},
                      {"type", d.type},
                      {"created_at", d.created_at}};
  if (!d.created_by.empty()) j["created_by"] = d.created_by;
  return j;
}

nlohmann::json CommentToJson(const Comment& c) {
  return {{"id", c.id},
          {"issue_id", c.issue_id},
          {"author", c.author},
          {"text", c.text},
          {"created_at", c.created_at}};
}

}  // namespace gt
