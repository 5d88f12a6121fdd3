#include "cli/claims.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <set>

#include <fmt/format.h>

#include "cli/files.h"
#include "core/strings.h"

namespace leash {
namespace {

// A claim being written; one left by a crash is removed once it is this old (no claim takes so long).
constexpr std::string_view kTempPrefix = ".claim-";
constexpr time_t kTempAge = 3600;
constexpr size_t kMaxClaim = 4096;

// Container IDs are hex (docker, podman); anything else is no file name leash makes.
bool is_id(std::string_view id) {
    return !id.empty() && id.size() <= 128 &&
           std::all_of(id.begin(), id.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)); });
}

struct Claim {
    std::string agent, daemon;
};

// The claim at `path` ("AGENT\nDAEMON\n"), or nothing if there is none.
Result<std::optional<Claim>> read_claim(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT) return std::optional<Claim>();
        return Error{fmt::format("{}: {}", path, std::strerror(errno))};
    }
    auto text = read_fd(fd, kMaxClaim);
    close(fd);
    if (!text) return Error{fmt::format("{}: {}", path, text.error())};
    size_t end = text->find('\n');
    if (end == 0 || end == std::string::npos) return Error{fmt::format("{}: not a claim leash wrote", path)};
    size_t daemon_end = text->find('\n', end + 1);
    return std::optional<Claim>(Claim{text->substr(0, end), text->substr(end + 1, daemon_end - std::min(daemon_end, end + 1))});
}

// Creates `dir` and its missing parents (0700), and checks that it is the user's alone.
Status own_dir(const std::string& dir) {
    for (size_t i = 1; i <= dir.size(); i++)
        if ((i == dir.size() || dir[i] == '/') && mkdir(dir.substr(0, i).c_str(), 0700) != 0 && errno != EEXIST)
            return Error{fmt::format("cannot create {}: {}", dir.substr(0, i), std::strerror(errno))};
    struct stat st;
    if (lstat(dir.c_str(), &st) != 0) return Error{fmt::format("{}: {}", dir, std::strerror(errno))};
    if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077) != 0)
        return Error{fmt::format("{} is not a directory of this user's alone (mode 0700)", dir)};
    return Unit{};
}

// Whether the file at `path` was last changed before `t`.
bool older(const std::string& path, const timespec& t) {
    struct stat st;
    return lstat(path.c_str(), &st) == 0 &&
           (st.st_mtim.tv_sec < t.tv_sec || (st.st_mtim.tv_sec == t.tv_sec && st.st_mtim.tv_nsec < t.tv_nsec));
}

// Removes `who`'s claims made before `asked` whose containers it no longer lists (a claim made since may
// be of a container created after the list), and temporary files a crash left behind.
void prune(const std::string& dir, const DaemonContainers& who, const timespec& asked) {
    std::set<std::string_view> live(who.ids.begin(), who.ids.end());
    DIR* d = opendir(dir.c_str());
    if (!d) return;
    timespec stale_temp = asked;
    stale_temp.tv_sec -= kTempAge;
    while (const dirent* e = readdir(d)) {
        std::string_view name = e->d_name;
        std::string path = fmt::format("{}/{}", dir, name);
        if (name.starts_with(kTempPrefix)) {
            if (older(path, stale_temp)) unlink(path.c_str());
            continue;
        }
        if (!is_id(name) || live.count(name) || !older(path, asked)) continue;
        auto claim = read_claim(path);
        if (claim && *claim && (*claim)->daemon == who.daemon) unlink(path.c_str());
    }
    closedir(d);
}

// Writes `text` into a new temporary file in `dir` and links it to `path`: false if `path` exists.
Result<bool> link_new(const std::string& dir, const std::string& path, std::string_view text) {
    std::string temp = fmt::format("{}/{}XXXXXX", dir, kTempPrefix);
    int fd = mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0) return Error{fmt::format("cannot create a file in {}: {}", dir, std::strerror(errno))};
    bool written = write(fd, text.data(), text.size()) == ssize_t(text.size());
    int err = errno;
    if (close(fd) != 0 && written) written = false, err = errno;
    int linked = written ? link(temp.c_str(), path.c_str()) : -1;
    if (written) err = errno;
    unlink(temp.c_str());
    if (linked == 0) return true;
    if (written && err == EEXIST) return false;
    return Error{fmt::format("cannot write {}: {}", path, std::strerror(err))};
}

}  // namespace

std::string claims_dir(const Env& env) {
    if (auto x = env_get(env, "XDG_STATE_HOME"); x && x->starts_with('/')) return fmt::format("{}/leash/claims", *x);
    if (auto h = env_get(env, "HOME"); h && h->starts_with('/')) return fmt::format("{}/.local/state/leash/claims", *h);
    return "";
}

Result<std::string> claim_container(const std::string& dir, std::string_view id, std::string_view agent,
                                    const std::function<std::optional<DaemonContainers>()>& daemon) {
    if (dir.empty()) return Error{"no place for claims: neither XDG_STATE_HOME nor HOME is set"};
    if (!is_id(id)) return Error{fmt::format("{} is not a container ID", printable(id))};
    std::string path = fmt::format("{}/{}", dir, id);
    for (;;) {
        auto held = read_claim(path);
        if (!held) return Error{held.error()};
        if (*held) return (*held)->agent;
        if (agent.empty()) return std::string();
        if (auto ok = own_dir(dir); !ok) return Error{ok.error()};
        timespec asked{};
        clock_gettime(CLOCK_REALTIME, &asked);
        auto who = daemon();
        auto linked = link_new(dir, path, fmt::format("{}\n{}\n", agent, who ? who->daemon : ""));
        if (!linked) return Error{linked.error()};
        if (!*linked) continue;  // another claim won: read it
        if (who && !who->daemon.empty()) prune(dir, *who, asked);
        return std::string(agent);
    }
}

}  // namespace leash
