// Shell-style globs (* ? [...]) for image references and variable names. fnmatch(3) with
// FNM_CASEFOLD costs a locale-aware multibyte walk per call; these inputs are ASCII names.
#pragma once

#include <string_view>

namespace leash {

bool glob_match(std::string_view pattern, std::string_view text, bool casefold = false);

// An image reference without its :tag and @digest ("example.com:5000/a/b:1@sha256:..." -> ".../a/b").
std::string_view image_name(std::string_view ref);

// The glob matches the reference as written, or without its tag and digest.
bool image_matches(std::string_view glob, std::string_view ref);

}  // namespace leash
