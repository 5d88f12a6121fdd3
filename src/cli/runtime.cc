#include "cli/runtime.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <vector>

#include <fmt/format.h>

#include "cli/files.h"

namespace leash {
namespace {

std::vector<char*> pointers(const std::vector<std::string>& v) {
    std::vector<char*> p;
    p.reserve(v.size() + 1);
    for (const auto& s : v) p.push_back(const_cast<char*>(s.c_str()));
    p.push_back(nullptr);
    return p;
}

int raw_execve(const std::string& path, const Args& argv, const char* const* envp) {
    auto a = pointers(argv);
    syscall(SYS_execve, path.c_str(), a.data(), envp);
    return errno;
}

// Makes fd the program's descriptor `target`. dup2 onto itself changes nothing, so a descriptor already
// there (leash started with 0 and 1 closed, say) keeps its close-on-exec flag unless it is cleared here.
// Async-signal-safe: it runs between fork and exec.
bool install_fd(int fd, int target) {
    return fd == target ? fcntl(fd, F_SETFD, 0) == 0 : dup2(fd, target) == target;
}

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

}  // namespace

std::string find_program(std::string_view name, const Env& env, int& err) {
    err = ENOENT;
    if (name.empty()) return {};
    if (name.find('/') != std::string_view::npos) return std::string(name);
    std::string path;
    if (auto p = env_get(env, "PATH")) {
        path = *p;
    } else {
        path.resize(confstr(_CS_PATH, nullptr, 0));
        confstr(_CS_PATH, path.data(), path.size());
        path.resize(path.size() ? path.size() - 1 : 0);
    }
    struct stat self {};
    bool know_self = stat("/proc/self/exe", &self) == 0;
    size_t i = 0;
    while (i <= path.size()) {
        size_t end = path.find(':', i);
        if (end == std::string::npos) end = path.size();
        std::string dir = path.substr(i, end - i);
        i = end + 1;
        std::string candidate = fmt::format("{}/{}", dir.empty() ? "." : dir, name);
        struct stat st;
        if (stat(candidate.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (know_self && same_file(st, self)) continue;
        if (faccessat(AT_FDCWD, candidate.c_str(), X_OK, AT_EACCESS) != 0) {
            err = EACCES;
            continue;
        }
        return candidate;
    }
    return {};
}

Result<std::string> self_exe() {
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf);
    if (n <= 0 || size_t(n) >= sizeof buf)
        return Error{fmt::format("cannot find this program's path: /proc/self/exe: {}", std::strerror(errno))};
    return std::string(buf, size_t(n));
}

int exec_program(const std::string& path, const Args& argv, const char* const* envp) {
    int err = raw_execve(path, argv, envp);
    if (err != ENOEXEC) return err;
    Args sh = {"/bin/sh", path};
    sh.insert(sh.end(), argv.begin() + (argv.empty() ? 0 : 1), argv.end());
    return raw_execve(sh[0], sh, envp);
}

Result<std::string> capture(const std::string& path, const Args& argv, const Env& env) {
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) return Error{std::strerror(errno)};
    // Built before fork: the child only dups and execs.
    auto a = pointers(argv);
    auto e = pointers(env);
    pid_t pid = fork();
    if (pid < 0) {
        int err = errno;
        close(out[0]);
        close(out[1]);
        return Error{std::strerror(err)};
    }
    if (pid == 0) {
        // The program runs with exactly these three or not at all. The order is safe whichever of 0, 1 and
        // 2 were closed when leash started: the pipe took the lowest free descriptors, so out[1] is not 0,
        // and it is made 1 before 2 is overwritten.
        int null = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null < 0 || !install_fd(null, 0) || !install_fd(out[1], 1) || !install_fd(null, 2)) _exit(127);
        syscall(SYS_execve, path.c_str(), a.data(), e.data());
        _exit(127);
    }
    close(out[1]);
    auto text = read_fd(out[0]);
    close(out[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!text) return text;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return Error{fmt::format("{} failed", argv[0])};
    return text;
}

}  // namespace leash
