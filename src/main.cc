// leash: one decision engine for every container start; see `leash --help`.
#include <unistd.h>

#include <fmt/format.h>

#include "cli.h"

extern char** environ;

namespace leash {
namespace {

struct Command {
    std::string_view name;
    int (*run)(const Args&, const Env&);
};
constexpr Command kCommands[] = {
    {"exec", cmd_exec},
    {"explain", cmd_explain},
};

constexpr std::string_view kUsage = R"(usage: leash COMMAND [ARGS...]

Gives a container started for an AI coding agent that agent's API key and no other credential.

commands:
  exec [--] RUNTIME ARGS...             run a docker/podman/nerdctl command through the engine
  explain [--json] [--] RUNTIME ARGS... show what the engine would do, and run nothing
  --version                             print the version
  --help                                print this help

Exit status: 125 when leash refuses; otherwise the runtime's own.
See leash(1) and leash.conf(5).
)";

// Invoked through a link named like a runtime (a PATH shim): act as `leash exec -- NAME`.
constexpr std::string_view kShimNames[] = {"docker", "podman", "podman-remote", "nerdctl"};

}  // namespace
}  // namespace leash

int main(int argc, char** argv) {
    using namespace leash;
    Env env;
    for (char** e = environ; e && *e; e++) env.emplace_back(*e);
    Args args(argv + (argc > 0 ? 1 : 0), argv + argc);

    std::string_view self = argc > 0 ? basename(argv[0]) : "leash";
    for (auto name : kShimNames)
        if (self == name) {
            args.insert(args.begin(), std::string(name));
            return run_engine(args, env);
        }

    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        fmt::print(args.empty() ? stderr : stdout, "{}", kUsage);
        return args.empty() ? kExitUsage : 0;
    }
    if (args[0] == "--version") {
        fmt::print("leash {}\n", LEASH_VERSION);
        return 0;
    }
    for (const auto& c : kCommands)
        if (args[0] == c.name) return c.run(Args(args.begin() + 1, args.end()), env);
    say(fmt::format("unknown command \"{}\" (see leash --help)", args[0]));
    return kExitUsage;
}
