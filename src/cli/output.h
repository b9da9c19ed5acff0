// Output shared by bd and gt: errors as one line or a JSON object, and JSON
// payloads in one shape.
#pragma once

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace gt::cli {

/// "Error: MESSAGE (HINT)" on stderr, or {"error", "hint"} on stdout (`json`).
void PrintError(const Error& error, bool json);
/// Pretty JSON on stdout, with schema_version on objects (as beads does);
/// invalid UTF-8 is replaced, never fatal.
void PrintJsonPayload(nlohmann::json payload);

}  // namespace gt::cli
