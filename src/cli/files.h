// Small file helpers for the edges. Errors carry strerror's text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/world.h"

namespace leash {

// Reads to the end; more than `limit` bytes is an error.
Result<std::string> read_fd(int fd, size_t limit = SIZE_MAX);
Result<std::string> read_file(const std::string& path);

// A file's bytes, and whether it is sealed against every change (a memfd with F_SEAL_WRITE, F_SEAL_GROW
// and F_SEAL_SHRINK): what the next reader reads is then what this one read.
Result<FileText> read_sealed(const std::string& path, size_t limit);

// A memory-only file holding `content`, sealed against every change and open without close-on-exec, so
// that a program leash execs can read it as /proc/self/fd/N. Nothing touches a file system.
Result<int> sealed_memfd(std::string_view name, std::string_view content);

// realpath(3): the absolute path with every symlink resolved, or nothing if it does not exist.
std::optional<std::string> resolved_path(std::string_view path);

}  // namespace leash
