// leash --open AGENT: builds the agent's run command and hands it to the engine in this process, so
// the agent's exit status is leash's.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include <fmt/format.h>

#include "cli/cli.h"
#include "cli/config_files.h"
#include "cli/engine.h"
#include "cli/files.h"
#include "core/open_plan.h"
#include "core/render.h"
#include "cli/runtime.h"

namespace leash {
namespace {

// $PWD when it names this directory (the path the user sees, through symlinks), as `pwd -L` does.
Result<std::string> current_dir(const Env& env) {
    struct stat dot, pwd;
    auto p = env_get(env, "PWD");
    if (p && p->starts_with('/') && stat(std::string(*p).c_str(), &pwd) == 0 && stat(".", &dot) == 0 &&
        pwd.st_dev == dot.st_dev && pwd.st_ino == dot.st_ino)
        return std::string(*p);
    char buf[PATH_MAX];
    if (getcwd(buf, sizeof buf)) return std::string(buf);
    // getcwd fails so when the directory was removed under this shell: nothing to mount.
    if (errno == ENOENT) return Error{"the current directory no longer exists: cd to one that does"};
    return Error{fmt::format("cannot tell the current directory: {}", std::strerror(errno))};
}

}  // namespace

int cmd_open(const Args& args, const Env& env) {
    auto o = parse_open_args(args);
    if (!o) {
        say(fmt::format("{}; usage: leash --open AGENT [--runtime docker|podman] [--image IMAGE] [--dry-run] "
                        "[-- ARGS...]",
                        o.error()));
        return kExitUsage;
    }
    auto config = load_config(env);
    if (!config) return refuse(config.error());
    const Agent* agent = config->agent(o->agent);
    if (!agent) return misuse(fmt::format("unknown agent \"{}\" (known: {})", o->agent, config->agent_names()));
    auto runtime = choose_runtime(o->runtime, config->runtime, [&](std::string_view r) {
        int err = 0;
        return !find_program(r, env, err).empty();
    });
    if (!runtime) {
        say(runtime.error());
        return 127;
    }
    auto cwd = current_dir(env);
    if (!cwd) return refuse(cwd.error());
    auto home = resolved_path(env_get(env, "HOME").value_or("")).value_or("");
    if (auto refused = workspace_refusal(agent->name, *cwd, home)) return refuse(*refused);
    auto argv = open_argv(*agent, *o, *runtime, *cwd, isatty(STDIN_FILENO) && isatty(STDOUT_FILENO));
    if (!argv) return misuse(argv.error());
    if (auto n = unset_keys_notice(*agent, env)) say(*n);
    Env run_env = open_env(env, agent->name);
    auto p = plan(std::move(*config), *argv, run_env);
    if (!o->dry_run) return run_engine(p, run_env);
    if (!p) return refuse(p.error());
    fmt::print("{}\n", shell_join(redact(p->argv, p->config)));
    return 0;
}

}  // namespace leash
