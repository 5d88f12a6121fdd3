// leash exec [--] RUNTIME ARGS...: the engine, as the shim, the shell hook and PATH shims call it.
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "cli/cli.h"
#include "cli/engine.h"
#include "core/render.h"
#include "cli/runtime.h"

namespace leash {

void say(std::string_view message) { fmt::print(stderr, "leash: {}\n", printable(message)); }

int run_engine(const Result<Plan>& p, const Env& env) {
    if (!p) {
        say(p.error());
        return kExitRefused;
    }
    int err = 0;
    const std::string& runtime = p->argv[0];
    std::string path = find_program(runtime, env, err);
    if (path.empty()) {
        say(fmt::format("{}: {}", runtime, err == EACCES ? "permission denied" : "command not found"));
        return err == EACCES ? 126 : 127;
    }
    if (auto line = notice(p->config, p->decision)) fmt::print(stderr, "{}\n", *line);
    std::fflush(stderr);
    err = exec_program(path, p->argv, p->decision.env);
    say(fmt::format("cannot run {}: {}", path, std::strerror(err)));
    return err == ENOENT ? 127 : 126;
}

int cmd_exec(const Args& args, const Env& env) {
    Args argv(args.begin() + (!args.empty() && args[0] == "--" ? 1 : 0), args.end());
    if (argv.empty()) {
        say("usage: leash exec -- RUNTIME [ARGS...]");
        return kExitUsage;
    }
    return run_engine(plan(argv, env), env);
}

}  // namespace leash
