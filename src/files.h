// Small file helpers for the edges. Errors carry strerror's text.
#pragma once

#include <string>
#include <string_view>

#include "result.h"

namespace leash {

Result<std::string> read_fd(int fd);
Result<std::string> read_file(const std::string& path);

// A memory-only file holding `content`, open without close-on-exec so that a program leash execs can
// read it as /proc/self/fd/N. Nothing touches a file system.
Result<int> memfd_with(std::string_view name, std::string_view content);

}  // namespace leash
