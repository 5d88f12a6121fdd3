// The mount grammar of docker, podman and nerdctl: -v/--volume, --mount and --volumes-from values read
// as each runtime reads them (docker: the CLI's volumespec and opts/mount.go, then the daemon's
// linux_parser.go; podman: specgen/volumes.go and specgenutil/volumes.go; nerdctl: mountutil), and the
// flags that add one of leash's masks. Pure: nothing is resolved or looked at; a bind's relative source
// ("./src"; for nerdctl, any source that is not a volume name) is the edge's to resolve against the
// working directory, as the runtime's client does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/container.h"
#include "core/result.h"

namespace leash {

enum class MountGrammar { Docker, Podman, Nerdctl };

// The runtime's own grammar, by its basename: podman and podman-remote read podman's, nerdctl its own,
// anything else docker's.
MountGrammar mount_grammar(std::string_view runtime);

// One value of -v/--volume, or of --mount, as that grammar reads it: the mounts it makes (one; two for
// podman's overlay with an upperdir, whose upper directory the container writes and sees), or what the
// runtime would refuse it for. Mount::via is "-v SOURCE:TARGET" or "--mount SOURCE:TARGET".
Result<std::vector<Mount>> read_volume(MountGrammar g, std::string_view value);
Result<std::vector<Mount>> read_mount(MountGrammar g, std::string_view value);

// One --tmpfs value (TARGET[:OPTIONS], the same for all three): memory, no host file; it matters to the
// masking plan only as a mount that hides what lies below its target.
Result<Mount> read_tmpfs(std::string_view value);

// The same for the runtime named `runtime`. A `docker` may be podman's (the podman-docker package
// installs podman under that name), so docker's command line is read both ways: a value only one of
// them accepts gets that one's mounts (the other runtime refuses it and starts nothing), and where both
// accept it, the mounts of both, one mount read-only only when both read it so.
Result<std::vector<Mount>> read_volume(std::string_view runtime, std::string_view value);
Result<std::vector<Mount>> read_mount(std::string_view runtime, std::string_view value);

// One --volumes-from value: the container, and what becomes of its mounts' read-only bits (docker: ro
// makes them read-only, rw keeps them; podman: rw also makes read-only ones writable; nerdctl takes the
// value as a container's name and no mode).
struct VolumesFrom {
    std::string container;
    enum Mode { Keep, ReadOnly, ReadWrite } mode = Keep;
};
Result<VolumesFrom> read_volumes_from(MountGrammar g, std::string_view value);
Result<VolumesFrom> read_volumes_from(std::string_view runtime, std::string_view value);  // as above

// The mounts a container gets from another's (as the runtime reports them: World::container), via
// "--volumes-from NAME".
std::vector<Mount> mounts_from(const VolumesFrom& from, const std::vector<Mount>& theirs);

// podman's type=glob, once the edge has expanded the pattern (as podman does, with Go's filepath.Glob):
// one bind per match, at target/its name, or at its own path when the glob has no target.
std::vector<Mount> glob_mounts(const Mount& glob, const std::vector<std::string>& matches);

// The words that make the runtime bind `source` over `target` (read-only when asked), read the same by
// docker and podman: {"--mount", "type=bind,src=S,dst=T,readonly"}, a field with a comma or a quote
// quoted for encoding/csv; {"-v", "S:T:ro"} where --mount cannot say it (docker refuses a value with
// spaces at its ends; nerdctl splits --mount at every comma). Both paths absolute; an Error when no flag
// can carry them (a ':' where -v is the only way).
Result<std::vector<std::string>> bind_flags(std::string_view runtime, std::string_view source,
                                            std::string_view target, bool readonly);

}  // namespace leash
