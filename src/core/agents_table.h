// `leash agents`: every agent with its keys, whether each is set on this host (never its value), its
// image globs and what --open runs. Pure.
#pragma once

#include <string>

#include "core/config.h"
#include "core/environment.h"

namespace leash {

// A table with a header line, columns aligned.
std::string agents_text(const Config& config, const Env& env);

// One JSON array: [{"name", "keys": [{"name", "host", "set"}], "images", "image", "command"}].
std::string agents_json(const Config& config, const Env& env);

}  // namespace leash
