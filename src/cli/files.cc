#include "cli/files.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <cstdlib>

namespace leash {

Result<std::string> read_fd(int fd, size_t limit) {
    std::string out;
    char buf[16384];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n == 0) return out;
        if (n < 0) {
            if (errno == EINTR) continue;
            return Error{std::strerror(errno)};
        }
        if (size_t(n) > limit - out.size()) return Error{"larger than " + std::to_string(limit) + " bytes"};
        out.append(buf, size_t(n));
    }
}

Result<std::string> read_file(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return Error{std::strerror(errno)};
    auto text = read_fd(fd);
    close(fd);
    return text;
}

constexpr unsigned kAllSeals = F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK;

Result<FileText> read_sealed(const std::string& path, size_t limit) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return Error{std::strerror(errno)};
    int seals = fcntl(fd, F_GET_SEALS);
    auto text = read_fd(fd, limit);
    close(fd);
    if (!text) return Error{text.error()};
    return FileText{std::move(*text), seals >= 0 && (unsigned(seals) & kAllSeals) == kAllSeals};
}

Result<int> sealed_memfd(std::string_view name, std::string_view content) {
    int fd = memfd_create(std::string(name).c_str(), MFD_ALLOW_SEALING);
    if (fd < 0) return Error{std::strerror(errno)};
    while (!content.empty()) {
        ssize_t n = write(fd, content.data(), content.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int e = errno;
            close(fd);
            return Error{std::strerror(e)};
        }
        content.remove_prefix(size_t(n));
    }
    if (fcntl(fd, F_ADD_SEALS, kAllSeals | F_SEAL_SEAL) != 0) {
        int e = errno;
        close(fd);
        return Error{std::strerror(e)};
    }
    return fd;
}

std::optional<std::string> resolved_path(std::string_view path) {
    std::unique_ptr<char, decltype(&free)> real(realpath(std::string(path).c_str(), nullptr), &free);
    if (!real) return std::nullopt;
    return std::string(real.get());
}

}  // namespace leash
