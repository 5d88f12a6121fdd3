// The daemon a docker client's command line names: docker's -H/--host and -c/--context before its
// subcommand (which its compose plugin is handed and reads as its own), docker-compose's before its
// command. `leash guard` fronts that daemon instead of the environment's, and runs the command with the
// flags removed and DOCKER_HOST at itself: the command line never reaches a daemon past the guard. Pure.
#pragma once

#include <optional>
#include <string>

#include "core/parse.h"
#include "core/result.h"

namespace leash {

struct DaemonFlags {
    std::optional<std::string> host;     // -H's value, read as DOCKER_HOST
    std::optional<std::string> context;  // --context's value, a context's name
    std::optional<std::string> config;   // docker's --config DIR: where its contexts are
    bool tls = false;                    // --tls or --tlsverify
    Args argv;                           // the command line without -H and --context

    bool names() const { return host || context; }
};

// argv of docker or docker-compose, by argv[0]'s basename; any other program's names no daemon.
// docker's is read by parse() (pflag); docker-compose's options as docopt reads 1.x's (a long option by
// any prefix that is one option's alone, a short group, a value in the next token whatever it is) over
// the union of 1.x's options and those of compose v2 standalone. A command line it cannot read, or one
// that names more than one daemon, is an error: each client refuses both.
Result<DaemonFlags> daemon_flags(const Args& argv);

}  // namespace leash
