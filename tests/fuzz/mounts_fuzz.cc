// libFuzzer target: the mount grammar and the masking plan. The input is one byte that picks the runtime
// and the flag, then the value. Besides surviving any value:
//  - a bind leash reads, written back with bind_flags (which either refuses its paths or writes flags),
//    reads back as the same bind: the masks leash adds say what leash means;
//  - the masking plan over what was read, with every probe found, is an error only for a source that
//    is not resolved or a glob, and never puts two masks at one target;
//  - a --volumes-from value and host_access on each rule's flag survive it too.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include "core/host_access.h"
#include "core/masks.h"
#include "core/mount_grammar.h"

using namespace leash;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    static constexpr std::string_view kRuntimes[] = {"docker", "podman", "nerdctl"};
    std::string_view runtime = kRuntimes[data[0] % 3];
    bool mount_flag = data[0] & 4;
    std::string_view value(reinterpret_cast<const char*>(data + 1), size - 1);

    auto mounts = mount_flag ? read_mount(runtime, value) : read_volume(runtime, value);
    (void)read_volumes_from(runtime, value);
    (void)read_tmpfs(value);
    for (const auto& rule : host_setting_rules()) (void)host_access(HostSetting{rule.flag, value, {}});
    (void)host_access_mount(value, control_sockets(value));
    if (!mounts) return 0;

    for (const Mount& m : *mounts) {
        if (m.type != Mount::Bind) continue;
        auto flags = bind_flags(runtime, m.source, m.target, m.readonly);
        if (!flags) continue;
        auto back = (*flags)[0] == "-v" ? read_volume(runtime, (*flags)[1]) : read_mount(runtime, (*flags)[1]);
        if (!back || back->size() != 1 || (*back)[0].type != Mount::Bind || (*back)[0].source != m.source ||
            (*back)[0].target != m.target || (*back)[0].readonly != m.readonly)
            abort();
    }

    static const std::vector<Store> stores = {{"/home/me/.aws", ""}, {"/home/me/.codex", "codex"}, {"/etc/x", ""}};
    static const std::vector<std::string> protect = {"/home/me/.bashrc"};
    MaskQuery q{"claude", "/home/me", *mounts, stores, protect, {}, {}};
    auto plan = plan_masks(q, [](const std::string& p) { return p.size() % 2 ? PathKind::File : PathKind::Dir; });
    bool unresolved = false;
    for (const Mount& m : *mounts)
        unresolved |= m.type == Mount::Glob || (m.type == Mount::Bind && !m.source.starts_with('/'));
    if (!plan != unresolved) abort();
    if (plan) {
        std::set<std::string> targets;
        for (const Mask& mask : plan->masks)
            if (!targets.insert(mask.target).second) abort();
    }
    return 0;
}
