// Slash-separated paths as Go's path.Clean makes them: the Docker daemon cleans mount paths so, and its
// router cleans request paths so. Pure.
#pragma once

#include <string>
#include <string_view>

namespace leash {

// The shortest equivalent path: repeated slashes become one, "." elements go, ".." removes the element
// before it (and stays at the root); no trailing slash but for "/"; "" becomes ".".
std::string clean_path(std::string_view path);

}  // namespace leash
