// Small file helpers for the edges. Errors carry strerror's text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "result.h"

namespace leash {

// Reads to the end; more than `limit` bytes is an error.
Result<std::string> read_fd(int fd, size_t limit = SIZE_MAX);
Result<std::string> read_file(const std::string& path);

struct Contents {
    std::string text;
    bool regular;  // a regular file, which the runtime can open and read again (not a pipe or a tty)
};
Result<Contents> read_contents(const std::string& path, size_t limit);

// A memory-only file holding `content`, open without close-on-exec so that a program leash execs can
// read it as /proc/self/fd/N. Nothing touches a file system.
Result<int> memfd_with(std::string_view name, std::string_view content);

}  // namespace leash
