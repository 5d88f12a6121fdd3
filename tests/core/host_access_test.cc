#include "core/host_access.h"

#include "test_util.h"

using namespace leash;

namespace {

// "what" when refused, "pass" otherwise.
std::string judge(std::string_view name, std::string_view value) {
    auto hit = host_access(HostSetting{name, value, {}});
    return hit ? hit->what : "pass";
}

std::string judge_mount(std::string_view source, const std::vector<std::string>& sockets = {}) {
    auto hit = host_access_mount(source, sockets);
    return hit ? hit->what : "pass";
}

// A value that a rule's glob matches: '*' as "x", a class as its first character after '!'.
std::string example(std::string_view glob) {
    std::string out;
    for (size_t i = 0; i < glob.size(); i++) {
        if (glob[i] == '*') {
            out += "x";
        } else if (glob[i] == '[') {
            size_t end = glob.find(']', i);
            out += glob[i + 1] == '!' ? "5" : std::string(1, glob[i + 1]);
            i = end;
        } else {
            out += glob[i];
        }
    }
    return out;
}

}  // namespace

Test(host_access, every_rule_refuses_and_says_why) {
    for (const auto& r : host_setting_rules()) {
        auto hit = host_access(HostSetting{r.flag, example(r.value), {}});
        cr_expect(hit.has_value(), "--%s=%s passed", std::string(r.flag).c_str(), example(r.value).c_str());
        if (hit) cr_expect(hit->why == r.why, "--%s: another rule's reason", std::string(r.flag).c_str());
    }
    for (const auto& r : host_path_rules()) {
        std::string p = example(r.path);
        auto hit = host_access_mount(p, {});
        cr_expect(hit && hit->why == r.why, "a mount of %s", p.c_str());
        if (r.below) cr_expect(host_access_mount(p + "/1/x", {}).has_value(), "a mount below %s", p.c_str());
    }
}

Test(host_access, settings_in_every_spelling) {
    expect_str(judge("privileged", "true"), "--privileged");
    expect_str(judge("--privileged", ""), "--privileged");  // a bare bool
    expect_str(judge("privileged", "1"), "--privileged");   // strconv.ParseBool
    expect_str(judge("privileged", "True"), "--privileged");
    expect_str(judge("use-api-socket", "true"), "--use-api-socket");
    expect_str(judge("pid", "host"), "--pid=host");
    expect_str(judge("pid", "container:agent-box"), "--pid=container:agent-box");
    expect_str(judge("pid", "ns:/proc/1/ns/pid"), "--pid=ns:/proc/1/ns/pid");
    expect_str(judge("ipc", "host"), "--ipc=host");
    expect_str(judge("ipc", "container:box"), "--ipc=container:box");
    expect_str(judge("network", "host"), "--network=host");
    expect_str(judge("net", "host"), "--network=host");
    // docker's long syntax: name=host is the host's network, in any case (docker create showed it).
    expect_str(judge("network", "name=host,alias=a"), "--network=host");
    expect_str(judge("network", "NAME=HOST"), "--network=host");
    expect_str(judge("network", "ns:/proc/1/ns/net"), "--network=ns:/proc/1/ns/net");
    expect_str(judge("network", "slirp4netns:port_handler=slirp4netns,allow_host_loopback=true"),
               "--network=slirp4netns:allow_host_loopback=true");
    expect_str(judge("network", "pasta:--map-gw"), "--network=pasta:--map-gw");
    expect_str(judge("network", "pasta:--mtu,1500,-T,2375"), "--network=pasta:-T 2375");
    expect_str(judge("network", "pasta:--tcp-ns=auto"), "--network=pasta:-T auto");
    expect_str(judge("network", "pasta:-U53"), "--network=pasta:-U 53");
    expect_str(judge("network", "host,bridge"), "--network=host");
    // Capabilities: any case, with or without CAP_, and podman's comma-separated lists.
    expect_str(judge("cap-add", "ALL"), "--cap-add=ALL");
    expect_str(judge("cap-add", "all"), "--cap-add=ALL");
    expect_str(judge("cap-add", "SYS_ADMIN"), "--cap-add=SYS_ADMIN");
    expect_str(judge("cap-add", "cap_sys_admin"), "--cap-add=SYS_ADMIN");
    expect_str(judge("cap-add", "CAP_SYS_PTRACE"), "--cap-add=SYS_PTRACE");
    expect_str(judge("cap-add", "Dac_Read_Search"), "--cap-add=DAC_READ_SEARCH");
    expect_str(judge("cap-add", "net_admin,sys_admin"), "--cap-add=SYS_ADMIN");
    expect_str(judge("cap-add", "NET_RAW, SYS_MODULE"), "--cap-add=SYS_MODULE");
    expect_str(judge("cap-add", "CAP_BPF"), "--cap-add=BPF");
    expect_str(judge("security-opt", "seccomp=unconfined"), "--security-opt=seccomp=unconfined");
    expect_str(judge("security-opt", "seccomp:unconfined"), "--security-opt=seccomp=unconfined");
    expect_str(judge("security-opt", "apparmor=unconfined"), "--security-opt=apparmor=unconfined");
    expect_str(judge("security-opt", "label:disable"), "--security-opt=label=disable");
    expect_str(judge("security-opt", "label=type:spc_t"), "--security-opt=label=type:spc_t");
    expect_str(judge("security-opt", "systempaths=unconfined"), "--security-opt=systempaths=unconfined");
    expect_str(judge("security-opt", "unmask=/proc/kcore"), "--security-opt=unmask=/proc/kcore");
    expect_str(judge("device", "/dev/mem"), "--device=/dev/mem");
    expect_str(judge("device", "/dev/sda:/dev/xvda:rwm"), "--device=/dev/sda");
    expect_str(judge("device", "/dev/nvme0n1p2"), "--device=/dev/nvme0n1p2");
    expect_str(judge("device", "/dev/disk/by-id/usb-x"), "--device=/dev/disk/by-id/usb-x");
    expect_str(judge("device", "/dev/input/event3"), "--device=/dev/input/event3");
    expect_str(judge("device", "/dev/pts/0"), "--device=/dev/pts/0");
    expect_str(judge("device", "/dev/tty1"), "--device=/dev/tty1");
    expect_str(judge("device", "/dev"), "--device=/dev/mem");  // a directory: every device in it
    expect_str(judge("device", "/dev/../dev/mem"), "--device=/dev/mem");
    expect_str(judge("device-cgroup-rule", "b 8:* rmw"), "--device-cgroup-rule=b 8:* rmw");
}

Test(host_access, ordinary_settings_pass) {
    for (auto [name, value] : std::initializer_list<std::pair<std::string_view, std::string_view>>{
             {"privileged", "false"}, {"privileged", "0"}, {"use-api-socket", "false"},
             {"pid", "private"}, {"pid", ""}, {"ipc", "private"}, {"ipc", "shareable"}, {"ipc", "none"},
             {"network", "none"}, {"network", "bridge"}, {"network", "my-net"}, {"network", "container:db"},
             {"network", "name=my-net,alias=web"}, {"network", "bridge:ip=10.88.0.10,mac=44:33:22:11:00:99"},
             {"network", "pasta:-T,none,-U,none"}, {"network", "pasta:--mtu,1500"},
             {"network", "slirp4netns:allow_host_loopback=false"}, {"network", "hostnet"},
             {"uts", "host"}, {"userns", "host"}, {"userns", "keep-id"}, {"cgroupns", "host"},
             {"cap-add", "NET_BIND_SERVICE"}, {"cap-add", "CAP_NET_ADMIN"}, {"cap-add", "net_raw,chown"},
             {"cap-add", "SYS_ADMINX"}, {"cap-drop", "ALL"},
             {"security-opt", "no-new-privileges"}, {"security-opt", "seccomp=/etc/profile.json"},
             {"security-opt", "label=level:s0:c100,c200"}, {"security-opt", "apparmor=docker-default"},
             {"security-opt", "mask=/proc/acpi"},
             {"device", "/dev/fuse"}, {"device", "/dev/net/tun"}, {"device", "/dev/kvm"}, {"device", "/dev/dri/renderD128"},
             {"device", "/dev/snd"}, {"device", "/dev/bus/usb/001/002"}, {"device", "nvidia.com/gpu=all"},
             {"gpus", "all"}, {"sysctl", "net.ipv4.ip_forward=1"}, {"read-only", "true"}})
        expect_str(judge(name, value), "pass");
}

Test(host_access, mounts_of_the_host) {
    expect_str(judge_mount("/"), "/");
    expect_str(judge_mount("/proc"), "/proc");
    expect_str(judge_mount("/proc/1/root"), "/proc/1/root");
    expect_str(judge_mount("/sys/fs/cgroup"), "/sys/fs/cgroup");
    expect_str(judge_mount("/dev"), "/dev/mem");  // it holds the devices
    expect_str(judge_mount("/dev/pts"), "/dev/pts");
    expect_str(judge_mount("/dev/shm/x"), "/dev/shm/x");
    expect_str(judge_mount("/dev/sda1"), "/dev/sda1");  // as a --mount volume's device= reads
    expect_str(judge_mount("/var"), "/var/lib/docker");
    expect_str(judge_mount("/var/lib/docker/volumes/codex/_data"), "/var/lib/docker/volumes/codex/_data");
    expect_str(judge_mount("/var/lib/containers/storage"), "/var/lib/containers/storage");
    expect_str(judge_mount("/run"), "/run/docker");
    expect_str(judge_mount("//proc/./"), "/proc");
    expect_str(judge_mount("d/sub"), "d/sub");  // not resolved: refused
    // Control sockets, and the directories that hold them.
    auto sockets = control_sockets("/run/user/1000");
    sockets.push_back("/tmp/engines/docker/docker.sock");  // DOCKER_HOST's
    expect_str(judge_mount("/var/run/docker.sock", sockets), "/var/run/docker.sock");
    expect_str(judge_mount("/var/run", sockets), "/var/run/docker.sock");
    expect_str(judge_mount("/run/user/1000", sockets), "/run/user/1000/docker.sock");
    expect_str(judge_mount("/run/user/1000/podman", sockets), "/run/user/1000/podman/podman.sock");
    expect_str(judge_mount("/run/user/1000/podman/podman.sock", sockets), "/run/user/1000/podman/podman.sock");
    expect_str(judge_mount("/tmp", sockets), "/tmp/engines/docker/docker.sock");
    expect_str(judge_mount("/tmp/engines/docker", sockets), "/tmp/engines/docker/docker.sock");
    // Ordinary mounts: a project, the home (its stores are masked, not refused), system files people share.
    for (std::string_view ok : {"/home/me/project", "/home/me", "/home", "/tmp/engines/dockerx", "/run/user/1000/pulse",
                                "/var/log", "/var/lib/postgresql", "/etc/localtime", "/etc/ssl/certs", "/usr/lib",
                                "/dev/null", "/dev/log", "/dev/fuse", "/devices", "/procfs", "/opt/sys"})
        expect_str(judge_mount(ok, sockets), "pass");
}

Test(host_access, control_sockets_at_their_default_places) {
    expect_str(test::joined(control_sockets("")),
               "/var/run/docker.sock /run/docker.sock /run/podman/podman.sock /run/containerd/containerd.sock");
    expect_str(test::joined(control_sockets("/run/user/1000/")),
               "/var/run/docker.sock /run/docker.sock /run/podman/podman.sock /run/containerd/containerd.sock "
               "/run/user/1000/docker.sock /run/user/1000/podman/podman.sock");
}
