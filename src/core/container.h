// The one model: a container to be started or entered, as the runtime will see it. The argv reader
// (parse.h) and the Docker-API body reader (src/guard) build it; decide() judges it; the argv and body
// writers turn the decision back into their own form. Pure data.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leash {

enum class Subcommand { Other, Run, Create, Exec };

// Where a front end found an item, so that its writer can drop or replace exactly that item: for argv,
// the token that holds the flag, the bytes of that token that stay when the flag goes (a short group's
// head: "-ite X" keeps "-it") and whether the value is the next token; for an API body, the index in its
// array.
struct Place {
    size_t token = 0;
    size_t keep = 0;
    bool value_in_next = false;
};

// One way the environment reaches the container: the doors of the command line and of the runtime.
enum class EnvKind {
    Entry,    // -e VALUE / an API Env item: NAME=value, NAME (the runtime's own NAME), or PREFIX* (podman)
    File,     // --env-file PATH
    HostEnv,  // --env-host[=BOOL] (podman: the runtime's whole environment)
};

struct EnvSource {
    EnvKind kind;
    std::string_view value;  // the entry or the env-file path; empty for HostEnv
    bool on = true;          // --env-host=false
    Place at;
};

// A mount as the runtime will make it (read by mount_grammar.h).
struct Mount {
    // Bind: a host path. Glob: podman's type=glob, a pattern of host paths, each match mounted at
    // target/its name (at its own path when there is no target). Volume: a named volume, or an anonymous
    // one (no source). Tmpfs: memory. Other: no host file (an image, an artifact, devpts).
    enum Type { Bind, Volume, Tmpfs, Glob, Other } type = Bind;
    std::string source;  // Bind: the host path as written (a relative one is the edge's to resolve)
    std::string target;  // the path inside the container, cleaned
    bool readonly = false;  // the container cannot change the host's files through it
    std::string via;  // how it was asked for, for the notice: "-v /home/me/src:/src", "--volumes-from box"
    Place at;
};

// A setting that can hand the container the host (--privileged, --pid=host, --cap-add=SYS_ADMIN ...):
// the flag's long name as the runtime spells it and its value ("true" for a bool).
struct HostSetting {
    std::string_view name;
    std::string_view value;
    Place at;
};

struct Label {
    std::string_view name;
    std::string_view value;
};

struct Container {
    std::string_view runtime;  // the runtime's basename: docker, podman, podman-remote, nerdctl
    Subcommand sub = Subcommand::Other;
    // A Docker-API body: the client already resolved what it sends, so leash injects no key and labels
    // nothing (there is no runtime environment to scrub); it removes, and adds only the masks.
    bool from_api = false;
    bool help = false;  // the runtime prints help and starts nothing
    // The runtime's own options before the subcommand (-H, --context, --remote ...): which daemon it asks,
    // and so which daemon leash must ask about images and containers.
    std::vector<std::string_view> globals;

    std::optional<std::string_view> image;      // run/create: the image reference as written
    std::optional<std::string_view> container;  // exec: the container as named
    bool unnamed = false;                       // exec --latest / --cidfile: not named in argv

    std::optional<std::string_view> entrypoint;  // --entrypoint / Entrypoint (podman: also a JSON array)
    std::vector<std::string_view> command;       // the words after the image (exec: after the container)

    std::vector<EnvSource> env;  // in the order the runtime applies them
    std::vector<Mount> mounts;
    std::vector<std::string_view> volumes_from;
    // The first mount value the runtime's grammar refuses, and why: the runtime will refuse it too, so only
    // an agent's container is refused it (leash cannot tell what it would mount).
    std::optional<std::string> unreadable;
    std::vector<HostSetting> host;
    std::vector<Label> labels;
    std::optional<std::string_view> workdir;
};

}  // namespace leash
