// mount-dump GRAMMAR FLAG VALUE: the mounts leash reads in one -v or --mount value with the grammar of
// docker, podman or nerdctl, one per line ("bind SOURCE TARGET rw|ro", "volume NAME|- TARGET rw|ro",
// "tmpfs - TARGET rw|ro"), a relative source joined to the working directory as the runtime's client
// does; "error: ..." and status 1 when leash refuses it. The mount-grammar test compares this with what
// `docker inspect` and `podman inspect` report.
#include <fmt/format.h>

#include <unistd.h>

#include "core/mount_grammar.h"
#include "core/paths.h"

int main(int argc, char** argv) {
    using namespace leash;
    if (argc != 4) {
        fmt::print(stderr, "usage: mount-dump docker|podman|nerdctl -v|--mount VALUE\n");
        return 2;
    }
    std::string_view flag = argv[2], value = argv[3];
    MountGrammar g = mount_grammar(argv[1]);  // docker's alone here, not read both ways
    auto mounts = flag == "-v" ? read_volume(g, value) : read_mount(g, value);
    if (!mounts) {
        fmt::print("error: {}\n", mounts.error());
        return 1;
    }
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) return 2;
    static constexpr const char* kTypes[] = {"bind", "volume", "tmpfs", "glob", "other"};
    for (const Mount& m : *mounts) {
        std::string source = m.source.empty() ? "-" : m.source;
        if (m.type == Mount::Bind && !source.starts_with('/')) source = clean_path(join_path(cwd, source));
        fmt::print("{} {} {} {}\n", kTypes[m.type], source, m.target, m.readonly ? "ro" : "rw");
    }
}
