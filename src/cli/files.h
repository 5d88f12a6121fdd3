// Small file helpers for the edges. Errors carry strerror's text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace leash {

// Reads to the end; more than `limit` bytes is an error.
Result<std::string> read_fd(int fd, size_t limit = SIZE_MAX);
Result<std::string> read_file(const std::string& path);

struct Contents {
    std::string text;
    bool copy;  // one of leash's own memory-only copies (made by memfd_with with `copy_name`)
};
Result<Contents> read_contents(const std::string& path, size_t limit, std::string_view copy_name);

// A memory-only file holding `content`, open without close-on-exec so that a program leash execs can
// read it as /proc/self/fd/N. Nothing touches a file system.
Result<int> memfd_with(std::string_view name, std::string_view content);

}  // namespace leash
