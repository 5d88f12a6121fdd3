// The claims of containers on disk (cli/claims.h): one winner, the holder kept, a place of the user's
// alone, and pruning that removes only a daemon's own claims of containers it no longer holds.
#include "cli/claims.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "test_util.h"

using namespace leash;
namespace fs = std::filesystem;

namespace {

const std::string kA = "aaaa0001", kB = "bbbb0002", kC = "cccc0003";

std::string temp_dir() {
    char t[] = "/tmp/leash-claims-test.XXXXXX";
    cr_assert(mkdtemp(t));
    return t;
}

// A daemon that says it is `name` and holds `ids`, and counts how often it was asked.
struct Daemon {
    std::string name;
    std::vector<std::string> ids;
    int asked = 0;
    std::function<std::optional<DaemonContainers>()> fn() {
        return [this]() -> std::optional<DaemonContainers> {
            asked++;
            return DaemonContainers{name, ids};
        };
    }
};

std::string text_of(const std::string& path) {
    std::ifstream f(path);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

}  // namespace

Test(claims, the_first_claim_wins_and_is_kept) {
    std::string root = temp_dir(), dir = root + "/state/leash/claims";
    Daemon d{"id engine-1", {kA}};
    // Looking creates nothing and asks the daemon nothing.
    auto none = claim_container(dir, kA, "", d.fn());
    cr_assert(none);
    expect_str(*none, "");
    cr_expect(!fs::exists(dir) && d.asked == 0);

    auto first = claim_container(dir, kA, "claude", d.fn());
    cr_assert(first, "%s", first ? "" : first.error().c_str());
    expect_str(*first, "claude");
    auto second = claim_container(dir, kA, "codex", d.fn());
    cr_assert(second);
    expect_str(*second, "claude");
    auto looked = claim_container(dir, kA, "", d.fn());
    cr_assert(looked);
    expect_str(*looked, "claude");
    cr_expect_eq(d.asked, 1);  // only the new claim asks the daemon
    expect_str(text_of(dir + "/" + kA), "claude\nid engine-1\n");
    struct stat st;
    cr_assert(stat(dir.c_str(), &st) == 0);
    cr_expect_eq(st.st_mode & 0777, 0700u);
    cr_assert(stat((dir + "/" + kA).c_str(), &st) == 0);
    cr_expect_eq(st.st_mode & 0777, 0600u);
    cr_expect_eq(std::distance(fs::directory_iterator(dir), {}), 1);  // no temporary file left
    fs::remove_all(root);
}

Test(claims, a_new_claim_prunes_only_its_daemons_removed_containers) {
    std::string dir = temp_dir() + "/claims";
    Daemon one{"id engine-1", {kA, kB}}, other{"podman host /store", {kC}};
    cr_assert(claim_container(dir, kA, "claude", one.fn()));
    cr_assert(claim_container(dir, kC, "codex", other.fn()));
    // kA is removed from engine-1; kC is not engine-1's, whatever its list says.
    one.ids = {kB};
    cr_assert(claim_container(dir, kB, "gemini", one.fn()));
    cr_expect(!fs::exists(dir + "/" + kA));
    cr_expect(fs::exists(dir + "/" + kB) && fs::exists(dir + "/" + kC));
    // A daemon that cannot say who it is prunes nothing.
    Daemon anonymous{"", {}};
    cr_assert(claim_container(dir, kA, "qwen", anonymous.fn()));
    cr_expect(fs::exists(dir + "/" + kB) && fs::exists(dir + "/" + kC));
    fs::remove_all(fs::path(dir).parent_path());
}

Test(claims, refused_where_it_cannot_be_kept_safely) {
    std::string root = temp_dir(), dir = root + "/claims";
    Daemon d{"id engine-1", {kA}};
    // Another user could remove a claim from a directory open to them.
    fs::create_directory(dir);
    chmod(dir.c_str(), 0770);
    auto open_dir = claim_container(dir, kA, "claude", d.fn());
    cr_assert(!open_dir);
    expect_str(open_dir.error(), dir + " is not a directory of this user's alone (mode 0700)");
    chmod(dir.c_str(), 0700);
    // A name that is no container ID never becomes a path.
    auto bad = claim_container(dir, "../escape", "claude", d.fn());
    cr_assert(!bad);
    expect_str(bad.error(), "../escape is not a container ID");
    auto nowhere = claim_container("", kA, "claude", d.fn());
    cr_assert(!nowhere);
    // A file that is no claim leash wrote is not taken for one.
    std::ofstream(dir + "/" + kB) << "";
    auto garbled = claim_container(dir, kB, "", d.fn());
    cr_assert(!garbled);
    expect_str(garbled.error(), dir + "/" + kB + ": not a claim leash wrote");
    fs::remove_all(root);
}

Test(claims, the_place_follows_xdg_state_home) {
    expect_str(claims_dir({"XDG_STATE_HOME=/x/state", "HOME=/home/u"}), "/x/state/leash/claims");
    expect_str(claims_dir({"HOME=/home/u"}), "/home/u/.local/state/leash/claims");
    expect_str(claims_dir({"XDG_STATE_HOME=relative", "HOME=/home/u"}), "/home/u/.local/state/leash/claims");
    expect_str(claims_dir({}), "");
}
