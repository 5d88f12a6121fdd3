// mask-flags RUNTIME AGENT EMPTY-FILE EMPTY-DIR [--store PATH[=AGENT]]... [--protect PATH]...
//            [--env-file PATH=COPY]... -- (-v|--mount VALUE)...
// The runtime flags of the masks leash plans for an agent's container with those mounts (read with the
// runtime's grammar, sources resolved with realpath, the plan's probes stat'ed), one word per line:
// EMPTY-FILE and EMPTY-DIR stand for the placeholders and COPY for an env-file's filtered copy. The
// masks test runs a container with them, on docker and podman, and reads what it sees.
#include <fmt/format.h>

#include <sys/stat.h>

#include <climits>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/masks.h"
#include "core/mount_grammar.h"

namespace {

std::string real(const std::string& p) {
    char buf[PATH_MAX];
    return realpath(p.c_str(), buf) ? std::string(buf) : p;
}

int usage() {
    fmt::print(stderr, "usage: mask-flags RUNTIME AGENT EMPTY-FILE EMPTY-DIR [--store P[=A]|--protect P|--env-file P=C]... -- (-v|--mount V)...\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace leash;
    if (argc < 6) return usage();
    std::string runtime = argv[1], agent = argv[2], empty_file = argv[3], empty_dir = argv[4];
    std::vector<Store> stores;
    std::vector<std::string> protect, env_files, copies;
    std::vector<Mount> mounts;
    int i = 5;
    for (; i + 1 < argc && std::string_view(argv[i]) != "--"; i += 2) {
        std::string_view opt = argv[i], arg = argv[i + 1];
        size_t eq = arg.find('=');
        std::string path = real(std::string(arg.substr(0, eq)));
        std::string rest = eq == std::string_view::npos ? "" : std::string(arg.substr(eq + 1));
        if (opt == "--store") stores.push_back({path, rest});
        else if (opt == "--protect") protect.push_back(path);
        else if (opt == "--env-file") env_files.push_back(path), copies.push_back(rest);
        else return usage();
    }
    for (i++; i + 1 < argc; i += 2) {
        auto m = std::string_view(argv[i]) == "-v" ? read_volume(runtime, argv[i + 1]) : read_mount(runtime, argv[i + 1]);
        if (!m) {
            fmt::print(stderr, "mask-flags: {}\n", m.error());
            return 1;
        }
        for (Mount& one : *m) {
            if (one.type == Mount::Bind) one.source = real(one.source);
            mounts.push_back(one);
        }
    }
    MaskQuery q{agent, getenv("HOME") ? getenv("HOME") : "", mounts, stores, protect, env_files};
    FoundPaths found;
    for (const std::string& p : mask_probes(q)) {
        struct stat st;
        if (stat(p.c_str(), &st) == 0) found[p] = S_ISDIR(st.st_mode) ? PathKind::Dir : PathKind::File;
    }
    auto plan = plan_masks(q, found);
    if (!plan) {
        fmt::print(stderr, "mask-flags: {}\n", plan.error());
        return 1;
    }
    for (const Mask& m : plan->masks) {
        std::string source = m.source == Mask::EmptyFile ? empty_file
                             : m.source == Mask::EmptyDir ? empty_dir
                             : m.source == Mask::EnvCopy  ? copies[m.env_file]
                                                          : m.host;
        auto words = bind_flags(runtime, source, m.target, true);
        if (!words) {
            fmt::print(stderr, "mask-flags: {}\n", words.error());
            return 1;
        }
        for (const std::string& w : *words) fmt::print("{}\n", w);
    }
}
