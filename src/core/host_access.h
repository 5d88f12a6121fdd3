// Host access: the settings and mounts that hand a container the host. With any of them no credential on
// the host is safe (the container reads other processes' memory and environment, every file, or starts
// a container of its own with / mounted), so leash refuses them in an agent's container unless the
// agent's configuration allows host access. The rules are data (host_access.cc), each with its reason.
// Pure.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/container.h"

namespace leash {

// What leash refuses, named as the refusal names it ("--pid=host", "--cap-add=SYS_ADMIN", "/proc", or a
// socket's path), and what it hands the container.
struct HostAccess {
    std::string what;
    std::string_view why;
};

// One setting: HostSetting::name is the long flag name, with or without its dashes ("pid", "--pid";
// "net" is "network"), and its value as written ("" or "true" for a bool given bare). A --cap-add value
// may list several capabilities (podman splits it at commas); any case, with or without CAP_. The API
// reader gives HostConfig's fields the flags' names: Privileged "privileged", PidMode "pid", IpcMode
// "ipc", NetworkMode "network", each CapAdd item "cap-add", SecurityOpt item "security-opt",
// Devices[].PathOnHost "device", DeviceCgroupRules item "device-cgroup-rule".
// nullopt: an ordinary setting (--pid=private, --cap-add=NET_BIND_SERVICE, --network=none ...).
std::optional<HostAccess> host_access(const HostSetting& s);

// A bind mount's source, as the edge resolved it (absolute, symlinks resolved), that hands the container
// the host: /, the host's processes (/proc), the kernel's settings (/sys), its devices' memory, disks,
// terminals and input, the runtimes' storage and state, or a directory that holds any of these; or a
// runtime's control socket or a directory that holds one (`sockets`: see control_sockets). A relative
// path, which the edge should have resolved, is refused.
std::optional<HostAccess> host_access_mount(std::string_view source, const std::vector<std::string>& sockets);

// The control sockets of docker, podman and containerd at the places they listen by default (rootful,
// and rootless under $XDG_RUNTIME_DIR when that is given), for the edge to add to: the unix socket of
// DOCKER_HOST, CONTAINER_HOST and of the docker contexts, and each one's resolved path.
std::vector<std::string> control_sockets(std::string_view xdg_runtime_dir);

// The rules, for the tests: a setting's rows (flag without dashes, a glob over its value as leash reads
// it, the reason), and the host paths (a glob; `below`: a source below the path hands it over too).
struct HostSettingRule {
    std::string_view flag;
    std::string_view value;
    std::string_view why;
};
struct HostPathRule {
    std::string_view path;
    bool below;
    std::string_view why;
};
std::span<const HostSettingRule> host_setting_rules();
std::span<const HostPathRule> host_path_rules();

}  // namespace leash
