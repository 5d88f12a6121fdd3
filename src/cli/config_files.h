// Reading the configuration files (leash.conf(5)), with ssh's ownership rule.
#pragma once

#include <string>
#include <vector>

#include "core/config.h"
#include "core/environment.h"
#include "core/result.h"

namespace leash {

// The files read, in order: LEASH_CONFIG alone if set, else /etc/leash/config.ini and
// ${XDG_CONFIG_HOME:-$HOME/.config}/leash/config.ini.
std::vector<std::string> config_paths(const Env& env);

// Defaults, then each file that exists. A file that cannot be read, is not owned by the user or root,
// or is writable by group or others, is an error; so is a missing LEASH_CONFIG file.
Result<Config> load_config(const Env& env);

}  // namespace leash
