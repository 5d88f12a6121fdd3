// parse: a runtime's argv -> what it would do with the environment. Pure; pflag/cobra semantics as
// described in cli-grammar.md, over the union of the docker, podman and nerdctl flag tables.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace leash {

using Args = std::vector<std::string>;

enum class Subcommand { Other, Run, Create, Exec };

enum class EnvKind {
    Env,      // -e / --env VALUE
    EnvFile,  // --env-file PATH
    EnvHost,  // --env-host[=BOOL] (podman: the whole environment)
};

// One environment-related flag, with where it sits in argv so that it can be removed or replaced.
struct EnvFlag {
    EnvKind kind;
    std::string_view value;  // the -e entry or the env-file path; empty for --env-host
    bool on = true;          // --env-host=false
    size_t token;            // argv index of the token that holds the flag
    size_t keep;             // bytes of that token that stay when the flag goes (a short group's head)
    bool value_in_next;      // the value is the token after it
};

struct Invocation {
    Subcommand sub = Subcommand::Other;
    size_t sub_word = 0;           // argv index of the subcommand ("container" if so spelled); globals before
    size_t after_sub = 0;          // argv index just after the subcommand word: where flags can go
    std::optional<size_t> target;  // run/create: the image; exec: the container
    std::vector<EnvFlag> env;      // in argv order
    std::optional<std::string_view> entrypoint;
    bool help = false;       // the runtime prints help and runs nothing
    bool no_target = false;  // exec --latest / --cidfile: the container is not named in argv

    std::optional<std::string_view> command(const Args& argv) const;  // first word after the target
};

// argv[0] is the runtime. An unknown flag, a flag without its value or a malformed token is an error:
// leash refuses what it cannot read.
Result<Invocation> parse(const Args& argv);

std::string_view basename(std::string_view path);

}  // namespace leash
