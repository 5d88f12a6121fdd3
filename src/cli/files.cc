#include "cli/files.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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

Result<Contents> read_contents(const std::string& path, size_t limit, std::string_view copy_name) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return Error{std::strerror(errno)};
    // The kernel names a memfd "/memfd:NAME (deleted)", whatever path reached it.
    char link[64];
    ssize_t n = readlink(("/proc/self/fd/" + std::to_string(fd)).c_str(), link, sizeof link);
    std::string_view target(link, n > 0 ? size_t(n) : 0);
    bool copy = target.starts_with("/memfd:") && target.substr(7).starts_with(copy_name);
    auto text = read_fd(fd, limit);
    close(fd);
    if (!text) return Error{text.error()};
    return Contents{std::move(*text), copy};
}

Result<int> memfd_with(std::string_view name, std::string_view content) {
    int fd = memfd_create(std::string(name).c_str(), 0);
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
    return fd;
}

}  // namespace leash
