// The files an agent's container would see through its mounts that are not its agent's: the decision's
// part for doors 4 and 5. Gathers what the masking plan (masks.h) needs from the configuration, the
// environment and the host (through World: one stat per path the plan asks about, the names at the top
// of each mounted directory, the env-files found there), and turns the plan into mounts for the runtime.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/container.h"
#include "core/credentials.h"
#include "core/environment.h"
#include "core/result.h"
#include "core/world.h"

namespace leash {

// A host path the container does not get as it is (masked) or gets read-only, how it would have got
// there (the mount), and why.
struct FileNote {
    std::string path;
    std::string via;
    std::string why;
};

struct FileMasks {
    std::vector<std::pair<std::string, std::string>> mounts;  // read-only binds to add: host path, target
    std::vector<size_t> dropped;                              // Container::mounts whose flag goes
    std::vector<FileNote> withheld;
    std::vector<FileNote> read_only;
};

// The masks for a container of `agent` (null: an agent container whose agent is unclear, which gets no
// store at all). `mounts` are the container's own (Container::mounts, in order) followed by those
// --volumes-from copies from other containers, each bind's source resolved (resolved()); `allowed_host` the mounts (by Mount::via) whose host
// access the agent's allow_host lets through, where the container may create files. An error is a
// refusal: a file leash cannot read that the container would, a protected file the container could
// create, a mask inside a glob mount.
Result<FileMasks> mask_files(const Config& config, const Credentials& creds, const Agent* agent, const Container& c,
                             const std::vector<Mount>& mounts, const std::vector<std::string>& allowed_host,
                             const Env& env, World& world);

// The host's variables mask_files reads (where the home, the config and the agents' sockets are): all
// that the API guard passes of its own environment, which is otherwise no business of the container.
inline constexpr std::string_view kPathVariables[] = {"HOME", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "ZDOTDIR",
                                                      "SSH_AUTH_SOCK"};

// A host path as the runtime will open it (World::real_path). One that does not exist yet (the daemon
// creates a missing -v source) resolves as its nearest existing parent does, with the rest appended.
std::string resolved(World& world, std::string_view path);

// A mounted env-file's text without the entries that set a credential not `agent`'s, as dotenv readers
// see them (an optional `export`, NAME=value or NAME: value, a quoted value that runs over several
// lines); the names it took out go to `names`.
std::string filter_dotenv(std::string_view text, const Credentials& creds, const Agent* agent,
                          std::vector<std::string>& names);

}  // namespace leash
