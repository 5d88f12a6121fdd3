#include "cli/config_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "cli/files.h"
#include "cli/host_world.h"
#include "cli/runtime.h"
#include "core/layout.h"

namespace leash {

Status trusted_config(const std::string& path, const struct stat& st, uid_t user) {
    if (!S_ISREG(st.st_mode)) return Error{fmt::format("config {} is not a regular file", path)};
    if (st.st_uid != user && st.st_uid != 0)
        return Error{fmt::format("config {} is owned by uid {}, not by you or root", path, st.st_uid)};
    if (st.st_mode & (S_IWGRP | S_IWOTH))
        return Error{fmt::format("config {} is writable by group or others (chmod go-w {})", path, path)};
    return Unit{};
}

namespace {

// Judges the file that was opened (through any symlink), not the name.
Result<std::string> read_checked(int fd, const std::string& path) {
    struct stat st;
    if (fstat(fd, &st) != 0) return Error{fmt::format("cannot read config {}: {}", path, std::strerror(errno))};
    if (auto ok = trusted_config(path, st, geteuid()); !ok) return Error{ok.error()};
    auto text = read_fd(fd);
    if (!text) return Error{fmt::format("cannot read config {}: {}", path, text.error())};
    return text;
}

// The file's text, or nothing if it does not exist and need not.
Result<std::optional<std::string>> read_config(const std::string& path, bool must_exist) {
    // O_NONBLOCK: a FIFO would otherwise hold leash until someone writes to it; it is refused below.
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT && !must_exist) return std::optional<std::string>();
        return Error{fmt::format("cannot read config {}: {}", path, std::strerror(errno))};
    }
    auto text = read_checked(fd, path);
    close(fd);
    if (!text) return Error{text.error()};
    return std::optional<std::string>(std::move(*text));
}

}  // namespace

std::vector<std::string> config_paths(const Env& env) {
    if (auto c = env_get(env, "LEASH_CONFIG"); c && !c->empty()) return {std::string(*c)};
    std::vector<std::string> paths = {"/etc/leash/config.ini"};
    if (auto x = env_get(env, "XDG_CONFIG_HOME"); x && !x->empty())
        paths.push_back(fmt::format("{}/leash/config.ini", *x));
    else if (auto h = env_get(env, "HOME"); h && !h->empty())
        paths.push_back(fmt::format("{}/.config/leash/config.ini", *h));
    return paths;
}

Result<Config> load_config(const Env& env) {
    Config config = default_config();
    bool must_exist = !env_get(env, "LEASH_CONFIG").value_or("").empty();
    for (const auto& path : config_paths(env)) {
        auto text = read_config(path, must_exist);
        if (!text) return Error{text.error()};
        if (!*text) continue;
        if (auto applied = apply_ini(config, **text, path); !applied) return Error{applied.error()};
    }
    if (auto valid = validate(config); !valid) return Error{valid.error()};
    // What a container must not change through a mount: where the configuration is (the directories
    // that hold a config.ini, which leash reads whenever LEASH_CONFIG is not set, and the LEASH_CONFIG
    // file), and leash itself.
    Env defaults;
    for (const auto& e : env)
        if (env_name(e) != "LEASH_CONFIG") defaults.push_back(e);
    for (const auto& path : config_paths(defaults)) config.own_files.push_back(path.substr(0, path.rfind('/')));
    if (must_exist) config.own_files.push_back(config_paths(env).front());
    config.masks_dir = masks_dir_path(env_get(env, "XDG_RUNTIME_DIR").value_or(""));
    if (auto exe = self_exe()) {
        Layout l = layout_of(*exe);
        config.own_files.insert(config.own_files.end(), {l.exe, l.shim, l.shims});
    }
    return config;
}

}  // namespace leash
