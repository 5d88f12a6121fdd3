// leash doctor: one line per check of this installation and this shell, each with what to do.
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "cli/cli.h"
#include "cli/config_files.h"
#include "core/doctor_checks.h"
#include "cli/files.h"
#include "core/layout.h"
#include "cli/runtime.h"
#include "guard/listener.h"

namespace leash {
namespace {

bool exists(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}

Check check_config(const Env& env, Result<Config>& loaded) {
    std::vector<std::string> looked = config_paths(env), present;
    for (const auto& p : looked)
        if (exists(p)) present.push_back(p);
    return config_check(looked, present, loaded ? std::nullopt : std::optional(loaded.error()));
}

Check check_shim(const std::string& exe) {
    std::string shim = layout_of(exe).shim;
    if (!exists(shim)) return shim_check(shim, std::nullopt, std::vector<std::string>{});
    auto bytes = read_file(shim);
    return shim_check(shim, shim, bytes ? elf_needed(*bytes) : Error{bytes.error()});
}

std::vector<Check> check_runtimes(const Config& config, const Env& env) {
    std::vector<std::string> paths;
    for (const auto& r : config.runtimes) {
        int err = 0;
        paths.push_back(find_program(r, env, err));
    }
    return runtime_checks(config.runtimes, paths);
}

}  // namespace

int cmd_doctor(const Args& args, const Env& env) {
    if (!args.empty()) return misuse("usage: leash doctor");
    auto self = self_exe();
    std::string exe = self ? *self : "leash";
    auto loaded = load_config(env);
    std::vector<Check> checks = {
        check_config(env, loaded),
        check_shim(exe),
        preload_check(env_get(env, "LD_PRELOAD"), exists),
        hook_check(env_get(env, "LEASH_HOOK"), env_get(env, "LEASH_HOOK_SKIPPED")),
    };
    for (auto& c : check_runtimes(loaded ? *loaded : default_config(), env)) checks.push_back(std::move(c));
    auto guard = guard::default_socket(env);
    auto answer = guard ? guard::ping(*guard, 2000) : std::nullopt;
    checks.push_back(guard_check(guard, answer));
    if (auto use = guard_use_check(guard, answer, env_get(env, "DOCKER_HOST"))) checks.push_back(std::move(*use));
    checks.push_back({Check::Ok, fmt::format("leash {} ({})", LEASH_VERSION, exe)});

    bool failed = false;
    for (const auto& c : checks) {
        fmt::print("{}\n", render_check(c));
        failed = failed || c.level == Check::Fail;
    }
    return failed ? 1 : 0;
}

}  // namespace leash
