#include "town/route.h"

#include <filesystem>

#include "town/town.h"

namespace gt::town {
namespace fs = std::filesystem;

namespace {

bool LooksLikeId(const std::string& arg) {
  size_t dash = arg.find('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 == arg.size()) return false;
  for (char c : arg)
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_')) return false;
  return true;
}

}  // namespace

std::optional<std::string> RouteBeadsDir(const std::string& cwd,
                                         const std::vector<std::string>& args) {
  auto root = FindTownRoot(cwd);
  if (!root) return std::nullopt;
  auto town = LoadTown(*root);
  if (!town) return std::nullopt;
  for (const std::string& arg : args) {
    if (!LooksLikeId(arg)) continue;
    if (auto dir = town->BeadsDirForBead(arg)) return *dir;
  }
  std::error_code ec;
  fs::path rel = fs::absolute(cwd, ec).lexically_normal().lexically_relative(*root);
  auto it = rel.begin();
  if (it != rel.end() && *it == "rigs" && ++it != rel.end()) {
    std::string rig = it->string();
    if (town->config.rigs.count(rig)) return town->RigBeadsDir(rig);
  }
  return std::nullopt;
}

}  // namespace gt::town
