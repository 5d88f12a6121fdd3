// leash exec [--] RUNTIME ARGS...: the engine, as the shim, the shell hook and PATH shims call it.
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "cli/cli.h"
#include "cli/engine.h"
#include "core/daemon_flags.h"
#include "core/render.h"
#include "cli/runtime.h"
#include "guard/listener.h"

namespace leash {
namespace {

// How long a guard has to say which daemon it fronts (it answers at once).
constexpr int kGuardTimeoutMs = 1000;

// argv[0] found in the caller's PATH (past leash's own shims) and exec'd, after the notice, with the
// environment `runtime` made of the caller's; returns only on failure, with the exit status.
int exec_found(const Args& argv, const Env& caller, const DerivedEnv& runtime, const std::optional<std::string>& notice) {
    int err = 0;
    std::string path = find_program(argv[0], caller, err);
    if (path.empty()) {
        say(fmt::format("{}: {}", argv[0], err == EACCES ? "permission denied" : "command not found"));
        return err == EACCES ? 126 : 127;
    }
    if (notice) fmt::print(stderr, "{}\n", *notice);
    std::fflush(stderr);
    auto envp = runtime.pointers(caller);
    err = exec_program(path, argv, envp.data());
    say(fmt::format("cannot run {}: {}", path, std::strerror(err)));
    return err == ENOENT ? 127 : 126;
}

// DOCKER_HOST is a leash guard's socket: the session guard's, or that of a `leash guard` this runs under.
bool behind_guard(const Env& env) {
    auto host = env_get(env, "DOCKER_HOST");
    if (!host) return false;
    auto daemon = parse_docker_host(*host, false, "DOCKER_HOST");
    return daemon && daemon->kind == DockerEndpoint::Unix && guard::fronted(daemon->path, kGuardTimeoutMs);
}

// Compose creates its containers through the API, where only a guard judges them: it runs as it is behind
// a guard already, else behind one of its own (leash guard), which fronts the daemon it would have used.
// A daemon named on its command line (-H, --context) would be reached past any guard DOCKER_HOST names:
// it gets one of its own too, in front of that daemon. Under that guard its exec comes back here, now
// behind one, the flags gone.
int run_compose(const Args& argv, const Env& env) {
    auto flags = daemon_flags(argv);
    if (flags && !flags->names() && behind_guard(env)) return exec_found(argv, env, DerivedEnv::all_of(env), std::nullopt);
    Args guarded{"--"};
    guarded.insert(guarded.end(), argv.begin(), argv.end());
    return cmd_guard(guarded, env);
}

}  // namespace

void say(std::string_view message) { fmt::print(stderr, "leash: {}\n", printable(message)); }

int refuse(std::string_view message) {
    say(message);
    return kExitRefused;
}

int misuse(std::string_view message) {
    say(message);
    return kExitUsage;
}

int run_engine(const Result<Plan>& p, const Env& env) {
    if (!p) return refuse(p.error());
    return exec_found(p->argv, env, p->decision.env, notice(p->config, p->decision));
}

int cmd_exec(const Args& args, const Env& env) {
    Args argv(args.begin() + (!args.empty() && args[0] == "--" ? 1 : 0), args.end());
    if (argv.empty()) return misuse("usage: leash exec -- RUNTIME [ARGS...]");
    if (runs_compose(argv)) return run_compose(argv, env);
    return run_engine(plan(argv, env), env);
}

}  // namespace leash
