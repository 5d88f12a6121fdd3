// parse: a runtime's argv -> the model of the container (container.h). Pure; pflag/cobra semantics
// (ARCHITECTURE.md, "The argv grammar"), over the union of the docker, podman and nerdctl flag tables.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/container.h"
#include "core/result.h"
#include "core/strings.h"

namespace leash {

using Args = std::vector<std::string>;

// A global flag that chooses the daemon (-H, --context, --config, --tls, --tlsverify): its long name, its
// value ("true" or "false" for a bool) and where it is.
struct DaemonFlag {
    std::string_view name;
    std::string_view value;
    Place at;
};

// A runtime's argv read as the runtime reads it: the model of the container it starts or enters, and
// where its parts sit in argv, for the argv writer (rewrite.h).
struct Invocation {
    Container c;                   // its string_views point into the argv given to parse()
    size_t sub_word = 0;           // argv index of the subcommand ("container" if so spelled); globals before
    size_t after_sub = 0;          // argv index just after the subcommand word: where flags can go
    std::optional<size_t> target;  // run/create: the image; exec: the container
    std::vector<DaemonFlag> daemon;  // before the subcommand, in argv's order (daemon_flags.h)
};

// argv[0] is the runtime. An unknown flag, a flag without its value or a malformed token is an error:
// leash refuses what it cannot read.
Result<Invocation> parse(const Args& argv);

// docker-compose, which creates containers through the Docker API whatever its words.
constexpr std::string_view kCompose = "docker-compose";

// Whether argv runs compose: docker-compose, or docker's `compose` (after docker's global flags). It
// speaks the API, which only a guard judges.
bool runs_compose(const Args& argv);

}  // namespace leash
