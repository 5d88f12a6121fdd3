// leash: one decision engine for every container start; see `leash --help`.
#include <unistd.h>

#include <fmt/format.h>

#include "cli/cli.h"
#include "core/config.h"

extern char** environ;

namespace leash {
namespace {

struct Command {
    std::string_view name;
    int (*run)(const Args&, const Env&);
    std::string_view help;  // `leash NAME --help`
};

constexpr std::string_view kOpenHelp = R"(usage: leash --open AGENT [--runtime docker|podman] [--image IMAGE] [--dry-run] [-- ARGS...]
       leash open AGENT ...

Starts AGENT's container with the current directory mounted at the same path:
  RUNTIME run --rm -i [-t] -v "$PWD:$PWD" -w "$PWD" IMAGE COMMAND... ARGS...
(-t when stdin and stdout are terminals), IMAGE and COMMAND from the agent's config. The engine
then gives it the agent's key and fixed variables and no other credential.

  --runtime R  docker or podman; default: the config's runtime, where auto is the first found in PATH
  --image I    run I instead of the agent's image
  --dry-run    print the command, shell-quoted, and run nothing

Exit status: the agent's; 2 for an unknown agent or bad usage; 125 when leash refuses; 127 when no
runtime is found.
)";

constexpr Command kCommands[] = {
    {"exec", cmd_exec, R"(usage: leash exec [--] RUNTIME [ARGS...]

Runs a docker, podman or nerdctl command through the engine: a container started for an agent gets
that agent's key and no other credential. RUNTIME is a name found in PATH, or a path.

Exit status: 125 when leash refuses; otherwise the runtime's own.
)"},
    {"explain", cmd_explain, R"(usage: leash explain [--json] [--] RUNTIME [ARGS...]

Shows what the engine would do with a runtime command (the action, the agent, the variables forwarded
and withheld, the runtime's argv after rewriting) and runs nothing. No value is shown.

Exit status: 125 when leash would refuse, else 0.
)"},
    {"open", cmd_open, kOpenHelp},
    {"--open", cmd_open, kOpenHelp},
    {"agents", cmd_agents, R"(usage: leash agents [--json]

Lists every agent: its keys (NAME, or NAME from HOSTNAME when remapped) and whether each is set on
this host (never its value), its image globs, and the image and command that --open runs.
)"},
    {"init", cmd_init, R"help(usage: leash init bash|zsh|fish [--path-shims]

Prints the shell hook with this leash's absolute paths. At the end of ~/.bashrc or ~/.zshrc:
  eval "$(leash init bash)"         (zsh: leash init zsh)
and in ~/.config/fish/config.fish:
  leash init fish | source
Then the runtimes (docker, podman...) typed at the prompt go through the engine, and the shim in LD_PRELOAD
covers the programs started from that shell. There, `leash off` undoes exactly what the hook did,
`leash on` redoes it, and `leash status` says which is in force.

  --path-shims  also put PATH shims (links named docker, podman... to leash) first in PATH, as
                path_shims = true in the config does: this covers static and Go programs too
)help"},
    {"serve", cmd_serve, R"(usage: leash serve [--socket PATH] [--upstream URL]

Serves a Docker-API socket in front of the daemon, in the foreground: every docker client that talks to
it (docker compose, docker-py, the docker CLI run from any program) has its containers judged as
`leash exec` judges a command line. Create and exec bodies are read as the daemon reads them: an agent's
container loses every credential not its own, host access is refused; every other request and stream
passes as it came.

  --socket PATH   where to listen; default $XDG_RUNTIME_DIR/leash/docker.sock (mode 0600, in a 0700
                  directory); under systemd's leash.socket, the socket it passes
  --upstream URL  the daemon: unix://PATH or tcp://HOST:PORT; default the one the docker CLI would use
                  (DOCKER_HOST, DOCKER_CONTEXT, the config's current context, else
                  unix:///var/run/docker.sock), found when it starts

SIGTERM or SIGINT stops it: the exchanges in flight finish (a few seconds at most), a second signal
closes everything. Exit status: 125 when it cannot start, else 0.
)"},
    {"guard", cmd_guard, R"(usage: leash guard [--] COMMAND [ARGS...]

Runs COMMAND with DOCKER_HOST at a Docker-API guard of its own (as leash serve, on a private socket)
that lives as long as COMMAND: docker compose, docker-py and every docker client COMMAND starts go
through it. Signals sent to leash are passed on to COMMAND.

Exit status: COMMAND's (128+N when signal N ended it); 125 when the guard cannot start; 127 when
COMMAND is not found.
)"},
    {"hook", cmd_hook, R"(usage: leash hook bash|zsh|fish on|off [--path-shims] [--added WORDS] [--pid PID]
       leash hook status [--wrapped NAMES]

The shell hook's own call, which `leash on`, `leash off` and `leash status` make: prints the code that
turns the hook on or off in that shell (the runtimes to wrap, LD_PRELOAD, PATH, LEASH_HOOK), for the
hook to evaluate, or the status report. Not meant to be typed.

  --path-shims     put the PATH shims first in PATH too (leash init --path-shims)
  --added WORDS    what this shell's hook added before ("preload path"): off takes away only that
  --pid PID        the shell's process: off says when the shell itself runs with the shim
  --wrapped NAMES  the functions the hook defined, for the report

Exit status: status: 0 when the hook is on, 1 when it is off; 2 for bad usage; else 0.
)"},
    {"doctor", cmd_doctor, R"(usage: leash doctor

Checks this installation and this shell, one line each, OK, WARN or FAIL with what to do: the config
files, the shim (present, needing only libc, and in LD_PRELOAD), the shell hook, each runtime of the
config, the session guard (whether it answers, and whether this shell's DOCKER_HOST uses it), and
leash's version.

Exit status: 1 if any check fails, else 0.
)"},
};

constexpr std::string_view kUsage = R"(usage: leash COMMAND [ARGS...]

Gives a container started for an AI coding agent that agent's API key and no other credential.

commands:
  --open AGENT [--runtime R] [--image I] [--dry-run] [-- ARGS...]
                                        start AGENT's container with its key only (also: open)
  agents [--json]                       list the agents, their keys and images
  doctor                                check the set-up
  exec [--] RUNTIME ARGS...             run a docker/podman/nerdctl command through the engine
  explain [--json] [--] RUNTIME ARGS... show what the engine would do, and run nothing
  serve [--socket PATH] [--upstream URL]
                                        a Docker-API socket that judges every client's containers
  guard [--] COMMAND [ARGS...]          run COMMAND with its docker clients behind a guard of its own
  init bash|zsh|fish [--path-shims]     print the shell hook; then on, off, status in that shell
  hook SHELL on|off, hook status        the hook's own call, which on, off and status make
  --version                             print the version
  --help                                print this help; COMMAND --help for one command's

Exit status: 125 when leash refuses; otherwise the runtime's own.
See leash(1) and leash.conf(5).
)";

}  // namespace
}  // namespace leash

int main(int argc, char** argv) {
    using namespace leash;
    Env env;
    for (char** e = environ; e && *e; e++) env.emplace_back(*e);
    Args args(argv + (argc > 0 ? 1 : 0), argv + argc);

    std::string_view self = argc > 0 ? basename(argv[0]) : "leash";
    // Invoked through a link named like a runtime (a PATH shim): act as `leash exec -- NAME`.
    for (auto name : kRuntimeNames)
        if (self == name) {
            args.insert(args.begin(), std::string(name));
            return cmd_exec(args, env);
        }

    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        fmt::print(args.empty() ? stderr : stdout, "{}", kUsage);
        return args.empty() ? kExitUsage : 0;
    }
    if (args[0] == "--version") {
        fmt::print("leash {}\n", LEASH_VERSION);
        return 0;
    }
    for (const auto& c : kCommands) {
        if (args[0] != c.name) continue;
        if (args.size() > 1 && (args[1] == "--help" || args[1] == "-h") && !c.help.empty()) {
            fmt::print("{}", c.help);
            return 0;
        }
        return c.run(Args(args.begin() + 1, args.end()), env);
    }
    say(fmt::format("unknown command \"{}\" (see leash --help)", args[0]));
    return kExitUsage;
}
