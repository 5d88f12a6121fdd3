#include "core/host_access.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/glob.h"
#include "core/go_text.h"
#include "core/paths.h"

namespace leash {
namespace {

constexpr std::string_view kHostProcesses =
    "the host's processes: their environment, memory and, through /proc/PID/root, every file";
constexpr std::string_view kOtherContainer =
    "another container's namespace, and so its processes (another agent's among them)";
constexpr std::string_view kHostLoopback =
    "the host's loopback, where services listen for the host alone (a runtime's TCP API, a key-adding "
    "proxy, abstract unix sockets)";
constexpr std::string_view kSyscallFilter =
    "turns off a confinement that keeps the container from the host's kernel (keyrings, mount, bpf)";

// Settings that hand the container the host, by the flag's long name and a glob over its value as
// values_of() reads it. Considered and passed: --uts=host (only the host name), --userns=host (rootful
// runtimes' default: root in the container is root on the host, and the mounts are judged as mounts),
// --cgroupns=host (cgroup names and process numbers, nothing of their memory or files), --network=
// container:X (another container's network, none of its processes), CAP_NET_ADMIN and CAP_NET_RAW (the
// container's own network), --sysctl (the runtimes allow only namespaced ones), a --security-opt
// seccomp=PROFILE (the profile is the user's).
constexpr HostSettingRule kSettingRules[] = {
    {"privileged", "true", "every capability and device of the host, without confinement"},
    {"use-api-socket", "true", "docker's control socket, with which it starts a container with / mounted"},
    {"pid", "host", kHostProcesses},
    {"pid", "container:*", kOtherContainer},
    {"pid", "ns:*", "a process namespace by its path, such as the host's (/proc/1/ns/pid)"},
    {"ipc", "host", "the shared memory of the host's processes (/dev/shm, System V segments)"},
    {"ipc", "container:*", "another container's shared memory"},
    {"ipc", "ns:*", "an IPC namespace by its path, such as the host's"},
    {"network", "host", kHostLoopback},
    {"network", "ns:*", "a network namespace by its path, such as the host's"},
    {"network", "slirp4netns:allow_host_loopback=true", kHostLoopback},
    {"network", "pasta:--map-gw", kHostLoopback},
    {"network", "pasta:--map-host-loopback*", kHostLoopback},
    {"network", "pasta:-T [!n]*", kHostLoopback},  // -T PORTS: to the host's loopback; -T none is podman's own
    {"network", "pasta:-U [!n]*", kHostLoopback},
    {"cap-add", "ALL", "every capability: mount, raw devices, other processes' memory"},
    {"cap-add", "SYS_ADMIN", "mount and the other administration calls, with which the container leaves itself"},
    {"cap-add", "SYS_PTRACE", "other processes' memory and environment"},
    {"cap-add", "DAC_READ_SEARCH", "open_by_handle_at, which opens any file of the host's filesystems"},
    {"cap-add", "SYS_MODULE", "kernel modules, which run as the kernel"},
    {"cap-add", "SYS_RAWIO", "raw I/O to devices and memory"},
    {"cap-add", "BPF", "BPF programs, which read the kernel's and other processes' memory"},
    {"cap-add", "PERFMON", "performance monitoring of every process, which samples their memory"},
    {"security-opt", "seccomp=unconfined", kSyscallFilter},
    {"security-opt", "apparmor=unconfined", kSyscallFilter},
    {"security-opt", "label=disable", "turns off SELinux's separation of the container from the host's files"},
    {"security-opt", "label=type:spc_t", "SELinux's super-privileged container type, unconfined"},
    {"security-opt", "systempaths=unconfined", "unmasks /proc/kcore, /proc/keys and the other masked paths"},
    {"security-opt", "unmask=*", "unmasks /proc/kcore, /proc/keys and the other masked paths"},
    {"device-cgroup-rule", "*", "lets the container create and open the host's devices it names, such as a disk"},
};

constexpr std::string_view kDisk = "a disk of the host, and so every file on it";
constexpr std::string_view kTerminal = "the host's terminals, into which it types commands (TIOCSTI)";
constexpr std::string_view kStorage = "a runtime's storage and state: every container's files and volumes";

// Host paths that hand the container the host, as a bind's source or a --device (a directory that holds
// one hands it over too). The credential stores in the home are no host access: they are masked.
constexpr HostPathRule kPathRules[] = {
    {"/", false, "the host's whole filesystem"},
    {"/proc", true, kHostProcesses},
    {"/sys", true, "the kernel's settings, one of which runs a program on the host (uevent_helper)"},
    {"/dev/mem", false, "the host's memory"},
    {"/dev/kmem", false, "the host's memory"},
    {"/dev/port", false, "the host's I/O ports"},
    {"/dev/sd*", false, kDisk},
    {"/dev/hd*", false, kDisk},
    {"/dev/vd*", false, kDisk},
    {"/dev/xvd*", false, kDisk},
    {"/dev/nvme*", false, kDisk},
    {"/dev/mmcblk*", false, kDisk},
    {"/dev/dm-*", false, kDisk},
    {"/dev/md*", false, kDisk},
    {"/dev/loop*", false, kDisk},
    {"/dev/root", false, kDisk},
    {"/dev/mapper", true, kDisk},
    {"/dev/disk", true, kDisk},
    {"/dev/block", true, kDisk},
    {"/dev/char", true, "every device of the host by its number, its memory among them"},
    {"/dev/input", true, "the keys typed on the host, passwords among them"},
    {"/dev/pts", true, kTerminal},
    {"/dev/tty*", false, kTerminal},
    {"/dev/console", false, kTerminal},
    {"/dev/vcs*", false, "what the host's consoles show"},
    {"/dev/shm", true, "the shared memory of the host's processes"},
    {"/dev/mqueue", true, "the message queues of the host's processes"},
    {"/var/lib/docker", true, kStorage},
    {"/var/lib/containers", true, kStorage},
    {"/var/lib/containerd", true, kStorage},
    {"/var/lib/nerdctl", true, kStorage},
    {"/run/docker", true, kStorage},
    {"/run/containerd", true, kStorage},
    {"/run/containers", true, kStorage},
    {"/run/libpod", true, kStorage},
};

constexpr std::string_view kSocket = "a runtime's control socket, with which it starts a container with / mounted";

std::string_view bare_flag(std::string_view name) {
    while (name.starts_with('-')) name.remove_prefix(1);
    return name == "net" ? "network" : name;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    for (size_t at; (at = s.find(sep)) != std::string_view::npos; s.remove_prefix(at + 1)) out.push_back(s.substr(0, at));
    out.push_back(s);
    return out;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    return out;
}

bool is_word(char c) { return std::isalnum(uint8_t(c)) || c == '_'; }

// docker's NetworkOpt: a value with NAME=VALUE in it is a CSV list of fields, lowercased, and name= is
// the network.
std::optional<std::string> docker_network_name(std::string_view value) {
    size_t eq = value.find('=');
    while (eq != std::string_view::npos && !(eq > 0 && is_word(value[eq - 1]) && eq + 1 < value.size() && is_word(value[eq + 1])))
        eq = value.find('=', eq + 1);
    if (eq == std::string_view::npos) return std::nullopt;
    auto records = go_csv(value, true);
    if (!records || records->empty()) return std::nullopt;
    std::optional<std::string> name;
    for (const std::string& field : (*records)[0]) {
        std::string f = field;
        for (char& c : f)
            if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
        size_t at = f.find('=');
        if (at != std::string::npos && go_trim_space(std::string_view(f).substr(0, at)) == "name")
            name = std::string(go_trim_space(std::string_view(f).substr(at + 1)));
    }
    return name;
}

// podman's MODE:OPTIONS (slirp4netns, pasta, bridge ...), one value per option; pasta's -T and -U with
// their ports as one ("pasta:-T 5201").
void podman_network_options(std::string_view value, std::vector<std::string>& out) {
    size_t colon = value.find(':');
    if (colon == std::string_view::npos) {
        for (std::string_view part : split(value, ',')) out.emplace_back(part);  // "host,bridge"
        return;
    }
    std::string_view mode = value.substr(0, colon);
    auto words = split(value.substr(colon + 1), ',');
    for (size_t i = 0; i < words.size(); i++) {
        std::string_view w = words[i];
        std::string_view port_flag = w == "-T" || w == "--tcp-ns" || w.starts_with("--tcp-ns=") ? "-T"
                                     : w == "-U" || w == "--udp-ns" || w.starts_with("--udp-ns=") ? "-U"
                                     : (w.starts_with("-T") || w.starts_with("-U")) && !w.starts_with("--")
                                         ? w.substr(0, 2)
                                         : "";
        if (port_flag.empty()) {
            out.push_back(fmt::format("{}:{}", mode, w));
            continue;
        }
        std::string_view ports = w.find('=') != std::string_view::npos ? w.substr(w.find('=') + 1)
                                 : w.size() > 2 && !w.starts_with("--")  ? w.substr(2)
                                 : i + 1 < words.size()                  ? words[++i]
                                                                         : "";
        out.push_back(fmt::format("{}:{} {}", mode, port_flag, ports));
    }
}

// The values of a setting as the rules match them: several for a list, or where docker and podman
// read the value differently.
std::vector<std::string> values_of(std::string_view flag, std::string_view value) {
    std::vector<std::string> out;
    if (flag == "privileged" || flag == "use-api-socket") {
        auto b = value.empty() ? std::optional<bool>(true) : go_parse_bool(value);
        out.emplace_back(b ? (*b ? "true" : "false") : value);
    } else if (flag == "cap-add") {
        for (std::string_view cap : split(value, ',')) {
            std::string c = upper(go_trim_space(cap));
            out.push_back(c.starts_with("CAP_") ? c.substr(4) : c);
        }
    } else if (flag == "security-opt") {
        // Both read KEY:VALUE, the old spelling, as KEY=VALUE.
        std::string v(value);
        if (v.find('=') == std::string::npos && v.find(':') != std::string::npos) v[v.find(':')] = '=';
        out.push_back(v);
    } else if (flag == "network") {
        out.emplace_back(value);
        if (auto name = docker_network_name(value)) out.push_back(*name);
        podman_network_options(value, out);
    } else {
        out.emplace_back(value);
    }
    return out;
}

}  // namespace

std::optional<HostAccess> host_access(const HostSetting& s) {
    std::string_view flag = bare_flag(s.name);
    if (flag == "device") {
        // The host's path is the first of SOURCE[:TARGET[:PERMISSIONS]]; a CDI name is no path.
        std::string_view source = s.value.substr(0, s.value.find(':'));
        if (!source.starts_with('/')) return std::nullopt;
        auto hit = host_access_mount(source, {});
        if (hit) hit->what = fmt::format("--device={}", hit->what);
        return hit;
    }
    for (const std::string& v : values_of(flag, s.value))
        for (const HostSettingRule& r : kSettingRules)
            if (r.flag == flag && glob_match(r.value, v))
                return HostAccess{r.value == "true" ? fmt::format("--{}", flag) : fmt::format("--{}={}", flag, v), r.why};
    return std::nullopt;
}

std::optional<HostAccess> host_access_mount(std::string_view source, const std::vector<std::string>& sockets) {
    std::string s = clean_path(source);
    if (!s.starts_with('/')) return HostAccess{s, "a host path not resolved: what it is cannot be told"};
    for (const HostPathRule& r : kPathRules) {
        // The source is the path, or lies below it...
        for (std::string_view at = s; r.below || at == s;) {
            if (glob_match(r.path, at)) return HostAccess{s, r.why};
            if (at == "/") break;
            at = at.substr(0, std::max<size_t>(at.rfind('/'), 1));
        }
        // ... or holds it.
        std::string_view fixed = r.path.substr(0, r.path.find_first_of("*?["));
        std::string_view dir = fixed.size() == r.path.size() ? fixed : fixed.substr(0, std::max<size_t>(fixed.rfind('/'), 1));
        if (path_within(dir, s)) return HostAccess{std::string(r.path), r.why};
    }
    for (const std::string& socket : sockets) {
        std::string p = clean_path(socket);
        if (path_within(p, s)) return HostAccess{p, kSocket};
    }
    return std::nullopt;
}

std::vector<std::string> control_sockets(std::string_view xdg_runtime_dir) {
    std::vector<std::string> out = {"/var/run/docker.sock", "/run/docker.sock", "/run/podman/podman.sock",
                                    "/run/containerd/containerd.sock"};
    if (!xdg_runtime_dir.empty())
        for (std::string_view rel : {"docker.sock", "podman/podman.sock"})
            out.push_back(join_path(clean_path(xdg_runtime_dir), rel));
    return out;
}

std::span<const HostSettingRule> host_setting_rules() { return kSettingRules; }
std::span<const HostPathRule> host_path_rules() { return kPathRules; }

}  // namespace leash
