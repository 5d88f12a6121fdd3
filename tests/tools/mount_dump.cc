// mount-dump: leash's mount and host-access building blocks on real paths, for the end-to-end tests that
// compare them with docker and podman.
//
//   mount-dump read GRAMMAR -v|--mount VALUE
//       The mounts leash reads in the value with docker's, podman's or nerdctl's grammar, one per line
//       ("bind SOURCE TARGET rw|ro", "volume NAME|- TARGET rw|ro", "tmpfs - TARGET rw|ro"), a relative
//       source joined to the working directory as the runtime's client does; "error: ..." and status 1
//       when leash refuses it.
//   mount-dump masks RUNTIME AGENT EMPTY-FILE EMPTY-DIR [--store PATH[=AGENT] | --protect PATH |
//                    --env-file PATH=COPY]... -- (-v|--mount VALUE)...
//       The runtime flags of the masks leash plans for an agent's container with those mounts (sources
//       resolved with realpath, the plan's probes stat'ed), one word per line: EMPTY-FILE and EMPTY-DIR
//       stand for the placeholders, COPY for an env-file's filtered copy.
//   mount-dump host NAME VALUE
//       "refused WHAT" when the setting hands the container the host, "pass" otherwise.
#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/host_access.h"
#include "core/masks.h"
#include "core/mount_grammar.h"
#include "core/paths.h"

namespace {

using namespace leash;

int usage() {
    fmt::print(stderr, "usage: mount-dump read GRAMMAR -v|--mount VALUE\n"
                       "       mount-dump masks RUNTIME AGENT EMPTY-FILE EMPTY-DIR [--store P[=A]|--protect P|"
                       "--env-file P=C]... -- (-v|--mount V)...\n"
                       "       mount-dump host NAME VALUE\n");
    return 2;
}

Result<std::vector<Mount>> read(MountGrammar g, std::string_view flag, std::string_view value) {
    return flag == "-v" ? read_volume(g, value) : read_mount(g, value);
}

int read_cmd(char** argv) {
    auto mounts = read(mount_grammar(argv[0]), argv[1], argv[2]);  // docker's alone, not read both ways
    if (!mounts) {
        fmt::print("error: {}\n", mounts.error());
        return 1;
    }
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) return 2;
    static constexpr const char* kTypes[] = {"bind", "volume", "tmpfs", "glob", "other"};
    for (const Mount& m : *mounts) {
        std::string source = m.source.empty() ? "-" : m.source;
        if (m.type == Mount::Bind && !source.starts_with('/')) source = clean_path(join_path(cwd, source));
        fmt::print("{} {} {} {}\n", kTypes[m.type], source, m.target, m.readonly ? "ro" : "rw");
    }
    return 0;
}

std::string real(const std::string& p) {
    char buf[PATH_MAX];
    return realpath(p.c_str(), buf) ? std::string(buf) : p;
}

int masks_cmd(int argc, char** argv) {
    if (argc < 4) return usage();
    std::string runtime = argv[0], agent = argv[1], empty_file = argv[2], empty_dir = argv[3];
    std::vector<Store> stores;
    std::vector<std::string> protect, env_files, copies;
    int i = 4;
    for (; i + 1 < argc && std::string_view(argv[i]) != "--"; i += 2) {
        std::string_view opt = argv[i], arg = argv[i + 1];
        size_t eq = arg.find('=');
        std::string path = real(std::string(arg.substr(0, eq)));
        std::string rest = eq == std::string_view::npos ? "" : std::string(arg.substr(eq + 1));
        if (opt == "--store") {
            stores.push_back({path, rest});
        } else if (opt == "--protect") {
            protect.push_back(path);
        } else if (opt == "--env-file") {
            env_files.push_back(path);
            copies.push_back(rest);
        } else {
            return usage();
        }
    }
    std::vector<Mount> mounts;
    for (i++; i + 1 < argc; i += 2) {
        auto m = std::string_view(argv[i]) == "-v" ? read_volume(runtime, argv[i + 1]) : read_mount(runtime, argv[i + 1]);
        if (!m) {
            fmt::print(stderr, "mount-dump: {}\n", m.error());
            return 1;
        }
        for (Mount& one : *m) {
            if (one.type == Mount::Bind) one.source = real(one.source);
            mounts.push_back(one);
        }
    }
    const char* home = getenv("HOME");
    MaskQuery q{agent, home ? home : "", mounts, stores, protect, env_files, {}};
    auto plan = plan_masks(q, [](const std::string& p) -> std::optional<PathKind> {
        struct stat st;
        if (stat(p.c_str(), &st) != 0) return std::nullopt;
        return S_ISDIR(st.st_mode) ? PathKind::Dir : PathKind::File;
    });
    if (!plan) {
        fmt::print(stderr, "mount-dump: {}\n", plan.error());
        return 1;
    }
    for (const Mask& m : plan->masks) {
        std::string source = m.source == Mask::EmptyFile ? empty_file
                             : m.source == Mask::EmptyDir ? empty_dir
                             : m.source == Mask::EnvCopy  ? copies[m.env_file]
                                                          : m.host;
        auto words = bind_flags(runtime, source, m.target, true);
        if (!words) {
            fmt::print(stderr, "mount-dump: {}\n", words.error());
            return 1;
        }
        for (const std::string& w : *words) fmt::print("{}\n", w);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string_view cmd = argc > 1 ? argv[1] : "";
    if (cmd == "read" && argc == 5) return read_cmd(argv + 2);
    if (cmd == "masks") return masks_cmd(argc - 2, argv + 2);
    if (cmd == "host" && argc == 4) {
        auto hit = host_access(HostSetting{argv[2], argv[3], {}});
        fmt::print("{}\n", hit ? "refused " + hit->what : "pass");
        return 0;
    }
    return usage();
}
