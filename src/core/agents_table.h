// `leash agents`: every agent with its keys and accepts, whether each is set on this host (never its
// value), its image globs, commands, files, sockets, allowed host access and what --open runs; then the
// effective credential lists of [leash] (names, patterns and paths only). Pure.
#pragma once

#include <string>

#include "core/config.h"
#include "core/environment.h"

namespace leash {

// A table with a header line, columns aligned; then a block per agent and one for [leash].
std::string agents_text(const Config& config, const Env& env);

// One JSON object: {"agents": [{"name", "keys": [{"name", "host", "set"}], "accepts": [{"name", "set"}],
// "images", "commands", "files", "sockets", "allow_host", "image", "command"}], "secret_patterns",
// "not_secret", "secret_values", "value_shapes" (how many built-in shapes), "secret_files"}.
std::string agents_json(const Config& config, const Env& env);

}  // namespace leash
