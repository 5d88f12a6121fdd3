// What the decision needs to know of the world outside the command: env-files, what the runtime knows of
// an image or a container, which agent claimed a container, and where filtered copies go. The core asks; src/cli/world (files, the
// runtime's inspect, memfds) answers for real, and the tests answer from tables. As ninja's DiskInterface:
// the only way the core reaches I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/container.h"
#include "core/masks.h"
#include "core/result.h"

namespace leash {

// An env-file's bytes, and whether nothing can change them any more (one of leash's sealed copies, or
// any sealed memfd): such a file that needs no filtering is passed on as it is, so that the decision is
// idempotent; any other file is read once and the runtime gets a copy of what leash read.
struct FileText {
    std::string text;
    bool sealed = false;
};

// What the runtime reports of an image: every name it is known by, and its labels.
struct ImageFacts {
    std::string id;
    std::vector<std::string> names;  // tags and digests
    std::vector<std::pair<std::string, std::string>> labels;
};

// What the runtime reports of an existing container (for exec and --volumes-from).
struct ContainerFacts {
    std::string id;
    std::string image;  // its image reference as created
    std::vector<std::pair<std::string, std::string>> labels;
    std::vector<std::string> command;  // entrypoint and command, as the runtime runs them
    std::vector<Mount> mounts;
};

class World {
public:
    virtual ~World() = default;
    // An env-file, read as the runtime reads it (limit: a size no env-file reaches).
    virtual Result<FileText> env_file(std::string_view path) = 0;
    // nullopt: the runtime does not know it (or could not be asked).
    virtual std::optional<ImageFacts> image(const Container& c, std::string_view ref) = 0;
    virtual std::optional<ContainerFacts> container(const Container& c, std::string_view name) = 0;
    // The agent that holds the container with ID `id`, one that no label, image or command makes one
    // agent's (a generic or multi-agent image started without leash): containers cannot be relabelled, so
    // the edge keeps the record. A non-empty `agent` claims it for that agent unless one holds it already;
    // of two racing claims one wins. Returns the holder's name, empty if none holds it; an error if the
    // record cannot be read or kept.
    virtual Result<std::string> claim(const Container& c, std::string_view id, std::string_view agent) = 0;
    // Keeps `content`, the filtered text of the env-file `original`, where the runtime can read it and
    // nothing can change it; returns the path to give the runtime instead.
    virtual Result<std::string> keep_copy(std::string_view original, std::string_view content) = 0;
    // A host path as the runtime's client and daemon will open it: absolute, symlinks resolved, a relative
    // one against the working directory (realpath(3)); nullopt if it does not exist.
    virtual std::optional<std::string> real_path(std::string_view path) = 0;

    // For the files a container's mounts show it (file_masks.h):
    // What a host path is, following symlinks as the runtime does when it mounts; nullopt if nothing.
    virtual std::optional<PathKind> path_kind(std::string_view path) = 0;
    // The names in a host directory, "." and ".." aside; none if it cannot be read.
    virtual std::vector<std::string> dir_names(std::string_view dir) = 0;
    // The host paths a podman glob mount matches, as podman expands it (Go's filepath.Glob: a '*' also
    // matches a leading dot).
    virtual std::vector<std::string> glob(std::string_view pattern) = 0;
    // A file of leash's the runtime mounts read-only over what the container must not see: an empty file,
    // an empty directory, or `content` (EnvCopy: an env-file's filtered text). A real path, since the
    // daemon opens it after leash has gone, memory-backed, in a directory only the user can enter, and
    // named by what it holds, so that copies do not pile up.
    virtual Result<std::string> keep_mask(Mask::Source kind, std::string_view content) = 0;
};

}  // namespace leash
