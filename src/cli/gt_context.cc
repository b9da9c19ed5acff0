#include "cli/gt_context.h"
#include "cli/output.h"

#include <filesystem>
#include <iostream>

namespace gt::cli {

Result<town::Town> GtContext::OpenTown() const {
  return town::OpenTown(std::filesystem::current_path().string());
}

void GtContext::Fail(const Error& error) {
  exit_code = 1;
  PrintError(error, json);
}

void GtContext::PrintJson(nlohmann::json payload) const {
  PrintJsonPayload(std::move(payload));
}

void GtContext::Say(const std::string& text) const {
  if (!json) std::cout << text;
}

std::string TownRelative(const town::Town& town, const std::string& path) {
  std::string root = town.root + "/";
  return path.starts_with(root) ? path.substr(root.size()) : path;
}

}  // namespace gt::cli
