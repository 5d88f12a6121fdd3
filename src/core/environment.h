// A process environment as execve passes it: "NAME=value" entries, possibly with duplicates or
// entries without '='.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leash {

using Env = std::vector<std::string>;

std::string_view env_name(std::string_view entry);

// The first entry's value, as getenv and Go's os.Getenv read it.
std::optional<std::string_view> env_get(const Env& env, std::string_view name);

}  // namespace leash
