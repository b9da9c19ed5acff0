#include "cli/gt_context.h"

#include <filesystem>
#include <iostream>

namespace gt::cli {

Result<town::Town> GtContext::OpenTown() const {
  return town::OpenTown(std::filesystem::current_path().string());
}

void GtContext::Fail(const Error& error) {
  exit_code = 1;
  if (json) {
    nlohmann::json j = {{"error", error.message}};
    if (!error.hint.empty()) j["hint"] = error.hint;
    PrintJson(j);
    return;
  }
  std::cerr << "Error: " << error.message;
  if (!error.hint.empty()) std::cerr << " (" << error.hint << ")";
  std::cerr << "\n";
}

void GtContext::PrintJson(nlohmann::json payload) const {
  if (payload.is_object() && !payload.contains("schema_version")) payload["schema_version"] = 1;
  std::cout << payload.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void GtContext::Say(const std::string& text) const {
  if (!json) std::cout << text;
}

std::string TownRelative(const town::Town& town, const std::string& path) {
  std::string root = town.root + "/";
  return path.starts_with(root) ? path.substr(root.size()) : path;
}

}  // namespace gt::cli
