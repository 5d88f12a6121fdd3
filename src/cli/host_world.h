// The host's side of World, which `leash exec` (RealWorld) and the API guard (DockerWorld) share: files
// as the runtime reads them, paths as it resolves them, and the files of leash's that it mounts over
// what a container must not see.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/world.h"

namespace leash {

class HostWorld : public World {
public:
    // `runtime_dir`: $XDG_RUNTIME_DIR of the user leash runs for (empty if unset).
    explicit HostWorld(std::string runtime_dir) : runtime_dir_(std::move(runtime_dir)) {}
    Result<FileText> env_file(std::string_view path) override;
    std::optional<std::string> real_path(std::string_view path) override;
    std::optional<PathKind> path_kind(std::string_view path) override;
    std::vector<std::string> dir_names(std::string_view dir) override;
    std::vector<std::string> glob(std::string_view pattern) override;
    // In $XDG_RUNTIME_DIR/leash/masks, else /dev/shm/leash-UID/masks (masks_dir_path): tmpfs, a 0700
    // directory of the user's. The files are read-only for everyone (0444: the container's user, whoever it is, reads a
    // filtered .env as it read the original), and never change once written.
    Result<std::string> keep_mask(Mask::Source kind, std::string_view content) override;

private:
    std::string runtime_dir_;
};

// Where keep_mask puts them for a user whose $XDG_RUNTIME_DIR is `runtime_dir` (empty if unset), as the
// runtime will see it (resolved); made by keep_mask, not here.
std::string masks_dir_path(std::string_view runtime_dir);

// An env-file is read up to this size: docker refuses a line over 64 KiB, and a file this large is a
// mistake, not a configuration.
constexpr size_t kMaxEnvFile = 16 << 20;

}  // namespace leash
