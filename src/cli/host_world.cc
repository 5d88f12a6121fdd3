#include "cli/host_world.h"

#include <dirent.h>
#include <fcntl.h>
#include <glob.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "cli/files.h"
#include "core/sha256.h"

namespace leash {
namespace {

Error errno_error(std::string_view what, std::string_view path) {
    return Error{fmt::format("{} {}: {}", what, path, std::strerror(errno))};
}

bool memory_backed(const std::string& path) {
    struct statfs fs;
    return statfs(path.c_str(), &fs) == 0 && (fs.f_type == TMPFS_MAGIC || fs.f_type == RAMFS_MAGIC);
}

// `path` a directory of this user's that no one else can enter, made if missing; never a symlink.
Status private_dir(const std::string& path) {
    if (mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) return errno_error("cannot make", path);
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) return errno_error("cannot read", path);
    if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077) != 0)
        return Error{fmt::format("{} is not a private directory of this user's", path)};
    return Unit{};
}

// The directory of leash's masks, made private on first use.
Result<std::string> masks_dir(const std::string& runtime_dir) {
    std::string masks = masks_dir_path(runtime_dir);
    for (const std::string& dir : {masks.substr(0, masks.rfind('/')), masks})
        if (auto made = private_dir(dir); !made) return Error{made.error()};
    return masks;
}

// Writes `content` to `path` whole or not at all: a reader (the daemon, another leash) never finds a
// part of it.
Status write_once(const std::string& path, std::string_view content) {
    std::string tmp = path + ".XXXXXX";
    int fd = mkstemp(tmp.data());
    if (fd < 0) return errno_error("cannot write", path);
    bool ok = fchmod(fd, 0444) == 0;
    for (std::string_view rest = content; ok && !rest.empty();) {
        ssize_t n = write(fd, rest.data(), rest.size());
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) rest.remove_prefix(size_t(n));
    }
    ok = close(fd) == 0 && ok && rename(tmp.c_str(), path.c_str()) == 0;
    if (!ok) {
        auto e = errno_error("cannot write", path);
        unlink(tmp.c_str());
        return e;
    }
    return Unit{};
}

}  // namespace

std::string masks_dir_path(std::string_view runtime_dir) {
    std::string dir(runtime_dir);
    bool runtime = dir.starts_with('/') && memory_backed(dir);
    std::string base = runtime ? dir : "/dev/shm";
    base = resolved_path(base).value_or(base);
    return runtime ? base + "/leash/masks" : fmt::format("{}/leash-{}/masks", base, geteuid());
}

Result<FileText> HostWorld::env_file(std::string_view path) { return read_sealed(std::string(path), kMaxEnvFile); }

std::optional<std::string> HostWorld::real_path(std::string_view path) { return resolved_path(path); }

std::optional<PathKind> HostWorld::path_kind(std::string_view path) {
    struct stat st;
    if (stat(std::string(path).c_str(), &st) != 0) return std::nullopt;
    return S_ISDIR(st.st_mode) ? PathKind::Dir : PathKind::File;
}

std::vector<std::string> HostWorld::dir_names(std::string_view dir) {
    std::vector<std::string> out;
    DIR* d = opendir(std::string(dir).c_str());
    if (!d) return out;
    while (const dirent* e = readdir(d))
        if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) out.emplace_back(e->d_name);
    closedir(d);
    return out;
}

std::vector<std::string> HostWorld::glob(std::string_view pattern) {
    std::vector<std::string> out;
    glob_t g{};
    if (::glob(std::string(pattern).c_str(), GLOB_PERIOD, nullptr, &g) == 0)
        for (size_t i = 0; i < g.gl_pathc; i++)
            if (std::string_view name = g.gl_pathv[i]; !name.ends_with("/.") && !name.ends_with("/.."))
                out.emplace_back(name);
    globfree(&g);
    return out;
}

Result<std::string> HostWorld::keep_mask(Mask::Source kind, std::string_view content) {
    auto dir = masks_dir(runtime_dir_);
    if (!dir) return Error{dir.error()};
    if (kind == Mask::EmptyDir) {
        std::string path = *dir + "/empty-dir";
        if (mkdir(path.c_str(), 0555) != 0 && errno != EEXIST) return errno_error("cannot make", path);
        struct stat st;
        if (lstat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 0222))
            return Error{fmt::format("{} is not leash's empty directory", path)};
        return path;
    }
    // A filtered copy is named as an env-file is, so that wherever it is mounted it is filtered again.
    std::string path = *dir + (kind == Mask::EmptyFile ? "/empty-file" : "/.env." + sha256_hex(content));
    if (kind == Mask::EmptyFile) content = {};
    struct stat st;
    // Named by what it holds: one already there is this one (the directory is the user's alone).
    if (lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() && off_t(content.size()) == st.st_size)
        return path;
    if (auto w = write_once(path, content); !w) return Error{w.error()};
    return path;
}

}  // namespace leash
