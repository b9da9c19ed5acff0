#include "cli/output.h"

#include <iostream>

namespace gt::cli {

void PrintError(const Error& error, bool json) {
  if (json) {
    nlohmann::json j = {{"error", error.message}};
    if (!error.hint.empty()) j["hint"] = error.hint;
    PrintJsonPayload(j);
    return;
  }
  std::cerr << "Error: " << error.message;
  if (!error.hint.empty()) std::cerr << " (" << error.hint << ")";
  std::cerr << "\n";
}

void PrintJsonPayload(nlohmann::json payload) {
  if (payload.is_object() && !payload.contains("schema_version")) payload["schema_version"] = 1;
  std::cout << payload.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace gt::cli
