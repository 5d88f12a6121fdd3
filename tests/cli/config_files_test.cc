// The config files on disk: layering, LEASH_CONFIG and the ownership rule. Needs root for chown.
#include "cli/config_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "test_util.h"

using namespace leash;

namespace {

struct TempDir {
    std::string path;
    TempDir() {
        char t[] = "/tmp/leash-config-test.XXXXXX";
        path = mkdtemp(t);
    }
    ~TempDir() {
        std::error_code ignored;  // a destructor must not throw
        std::filesystem::remove_all(path, ignored);
    }
    std::string write(const std::string& rel, const std::string& text, mode_t mode = 0600) {
        std::string p = path + "/" + rel;
        std::filesystem::create_directories(std::filesystem::path(p).parent_path());
        std::ofstream(p) << text;
        chmod(p.c_str(), mode);
        return p;
    }
};

}  // namespace

Test(config_files, layering_system_then_user) {
    TempDir t;
    std::string user = t.write("xdg/leash/config.ini", "[agent.claude]\nimages = *mine*\n");
    auto paths = config_paths({"XDG_CONFIG_HOME=" + t.path + "/xdg", "HOME=/nonexistent"});
    cr_assert_eq(paths.size(), 2u);
    expect_str(paths[0], "/etc/leash/config.ini");
    expect_str(paths[1], user);
    auto c = load_config({"XDG_CONFIG_HOME=" + t.path + "/xdg"});
    cr_assert(c, "%s", c ? "" : c.error().c_str());
    expect_str(c->agent("claude")->images.at(0), "*mine*");
    expect_str(config_paths({"HOME=/h"})[1], "/h/.config/leash/config.ini");
}

Test(config_files, leash_config_replaces_both_and_must_exist) {
    TempDir t;
    std::string p = t.write("c.ini", "[leash]\nnotice = never\n");
    auto c = load_config({"LEASH_CONFIG=" + p, "XDG_CONFIG_HOME=/nonexistent"});
    cr_assert(c);
    cr_expect(c->notice == Notice::Never);
    auto missing = load_config({"LEASH_CONFIG=" + t.path + "/nope.ini"});
    cr_assert(!missing);
    expect_str(missing.error(), "cannot read config " + t.path + "/nope.ini: No such file or directory");
}

Test(config_files, invalid_file_names_path_and_line) {
    TempDir t;
    std::string p = t.write("c.ini", "[leash]\nnotice = loud\n");
    auto c = load_config({"LEASH_CONFIG=" + p});
    cr_assert(!c);
    expect_str(c.error(), p + ":2: notice must be changes or never, not \"loud\"");
}

Test(config_files, writable_by_others_or_owned_by_another_user_is_refused) {
    TempDir t;
    std::string group = t.write("g.ini", "", 0620);
    auto g = load_config({"LEASH_CONFIG=" + group});
    cr_assert(!g);
    expect_str(g.error(), "config " + group + " is writable by group or others (chmod go-w " + group + ")");
    std::string world = t.write("w.ini", "", 0606);
    cr_expect(!load_config({"LEASH_CONFIG=" + world}));

    std::string other = t.write("o.ini", "");
    cr_assert_eq(chown(other.c_str(), 65534, 65534), 0, "the tests run as root");
    auto o = load_config({"LEASH_CONFIG=" + other});
    cr_assert(!o);
    expect_str(o.error(), "config " + other + " is owned by uid 65534, not by you or root");

    // A symlink is judged by the file it leads to.
    std::string link = t.path + "/link.ini";
    cr_assert_eq(symlink(world.c_str(), link.c_str()), 0);
    cr_expect(!load_config({"LEASH_CONFIG=" + link}));
    cr_expect(!load_config({"LEASH_CONFIG=" + t.path}));  // a directory
}

// Found by the config attack test: leash waited for ever to open a FIFO, for a writer that never came.
Test(config_files, a_fifo_is_refused_without_waiting_for_a_writer, .timeout = 10) {
    TempDir t;
    std::string fifo = t.path + "/fifo.ini";
    cr_assert_eq(mkfifo(fifo.c_str(), 0600), 0);
    auto c = load_config({"LEASH_CONFIG=" + fifo});
    cr_assert(!c);
    expect_str(c.error(), "config " + fifo + " is not a regular file");
}
