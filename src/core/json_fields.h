// Reading optional fields of a JSON object without exceptions.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace gt {

/// The string field `name` of `obj`, or "" when absent or not a string.
inline std::string JsonString(const nlohmann::json& obj, const char* name) {
  auto it = obj.find(name);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace gt
