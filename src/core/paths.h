// Paths as strings (no file is looked at): host paths the edges already resolved, and paths inside a
// container. Pure.
#pragma once

#include <string>
#include <string_view>

namespace leash {

// Go's path.Clean, as the runtimes clean mount paths: one '/' between names, no "." and no "name/..",
// no '/' at the end; "" is ".", and ".." above the root stays at the root.
std::string clean_path(std::string_view p);
// The same for a path just built: returned as it is when it is clean, without a copy.
std::string cleaned(std::string p);
// Whether clean_path would return `p` as it is (checked without an allocation: most paths are clean).
bool is_clean_path(std::string_view p);

// `path` is `dir` or lies below it. Both clean.
bool path_within(std::string_view path, std::string_view dir);

// What `path` adds to `dir`, which holds it ("a/b" for "/d/a/b" below "/d"; "" for `dir` itself).
std::string_view path_below(std::string_view path, std::string_view dir);

// `dir`/`rel` (`dir` itself when `rel` is empty).
std::string join_path(std::string_view dir, std::string_view rel);

}  // namespace leash
