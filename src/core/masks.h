// The masking plan: which credential files a container's mounts would show it that are not its agent's,
// and what leash mounts over them. A store inside a mount gets an empty read-only file or directory at
// its place in the container; a mount whose source lies inside a store becomes such a placeholder as a
// whole; an env-file gets a filtered read-only copy; leash's configuration and the shell's startup files
// inside a writable mount get a read-only bind of themselves. docker and podman both mount over a path
// inside a bind mount, whatever the order on the command line (checked with both: the placeholder is
// what the container sees, and its writes fail).
//
// Pure: what it needs to know of the host it asks through PathKinds, which the edge answers with a stat.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/container.h"
#include "core/result.h"

namespace leash {

// What a host path is: a directory, or anything else (a file, a socket).
enum class PathKind { File, Dir };

// A credential store on the host: an agent's `files` (that agent's), or `secret_files` (nobody's).
struct Store {
    std::string path;   // absolute, ~ expanded; the edge gives a store under both its path and its
                        // resolved one when they differ
    std::string owner;  // the agent's name; empty: no agent's
};

struct MaskQuery {
    std::string_view agent;  // the container's agent; empty: an agent container without one (no store passes)
    std::string_view home;   // stores below it are also looked for at the top of every mounted directory
    // The container's mounts: a bind's source absolute and resolved (realpath of the source as the
    // runtime's client makes it absolute), podman's globs expanded (glob_mounts).
    std::span<const Mount> mounts;
    std::span<const Store> stores;
    std::span<const std::string> protect;    // leash's configuration, the shells' startup files, leash itself
    std::span<const std::string> env_files;  // host paths of the env-files to copy filtered (found by the
                                             // edge at the top of the mounted directories, and kept by
                                             // the filter)
    std::string_view own_masks;  // the directory of leash's masks (Config::masks_dir), a store of nobody's
                                 // whose files, mounted one by one, are judged as what they are
};

// A file of leash's masks: strictly inside their directory. Mounted by itself, it is leash's own output
// judged again (an empty placeholder, or a filtered copy, which is an env-file and filtered once more), no
// host access and no store.
bool is_leash_mask(std::string_view masks_dir, std::string_view path);

// What the edge finds at a host path (one stat, following symlinks, as the runtime does when it mounts);
// nullopt: nothing is there. The plan asks it about each bind's source and each store, protected path and
// (home-relative) store name below a mounted directory that it needs.
using PathKinds = std::function<std::optional<PathKind>(const std::string&)>;

// One mount leash adds, read-only, at `target` in the container.
struct Mask {
    enum Source {
        EmptyFile,  // an empty file of leash's
        EmptyDir,   // an empty directory of leash's
        EnvCopy,    // the filtered copy of env_files[env_file]
        SamePath,   // `host` itself
    } source;
    std::string host;    // the host path it stands for
    std::string target;  // inside the container
    size_t env_file = 0;
    // The mount (an index in MaskQuery::mounts) whose place it takes, at that mount's target: its flag
    // goes (a --volumes-from mount has none: a mount at the same target overrides it, on docker and
    // podman). Otherwise the mask goes over a path inside a mount.
    std::optional<size_t> replaces;
};

// A host path, and the mount it came through (Mount::via), for the notice and `leash explain`.
struct MaskNote {
    std::string name;
    std::string via;
};

struct MaskPlan {
    std::vector<Mask> masks;
    std::vector<MaskNote> withheld;   // the stores and env-files the container does not get as they are
    std::vector<MaskNote> read_only;  // the protected files it gets read-only
    // Protected paths that do not exist, below a writable mount: the container can create them (a
    // ~/.bash_profile that bash then reads instead of ~/.profile). A mask would have the runtime create
    // each on the host, which changes what the shells read; the caller decides (refuse, or ask for :ro).
    std::vector<MaskNote> creatable;
};

// An Error when a bind's source is not absolute, or a glob mount was not expanded.
Result<MaskPlan> plan_masks(const MaskQuery& q, const PathKinds& kind_of);

// The file names that make an env-file at the top of a mounted directory: .env and .env.*, and below it
// the agents' own .gemini/.env and .qwen/.env (Gemini CLI and Qwen Code read them by themselves).
bool is_env_file_name(std::string_view name);
inline constexpr std::string_view kAgentEnvFiles[] = {".gemini/.env", ".qwen/.env"};

// The host directory of a path inside the container (the working directory, whose env-files are looked
// for too): the source of the innermost bind mount that holds it, joined with the rest; nullopt when no
// bind does (the image's own files, a volume, a tmpfs).
std::optional<std::string> host_path(std::span<const Mount> mounts, std::string_view container_path);

}  // namespace leash
