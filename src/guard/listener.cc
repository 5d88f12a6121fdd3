#include "guard/listener.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/files.h"

namespace leash::guard {
namespace {

constexpr int kListenFdsStart = 3;  // sd_listen_fds(3)

std::string dir_of(const std::string& path) {
    size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

Result<sockaddr_un> address(const std::string& path) {
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof a.sun_path)
        return Error{fmt::format("{}: a socket path must have 1 to {} bytes", path, sizeof a.sun_path - 1)};
    std::memcpy(a.sun_path, path.data(), path.size());
    return a;
}

Status check_dir(const std::string& dir) {
    struct stat st;
    if (lstat(dir.c_str(), &st) != 0) {
        if (errno != ENOENT) return Error{fmt::format("{}: {}", dir, std::strerror(errno))};
        if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return Error{fmt::format("{}: {}", dir, std::strerror(errno))};
        if (lstat(dir.c_str(), &st) != 0) return Error{fmt::format("{}: {}", dir, std::strerror(errno))};
    }
    if (!S_ISDIR(st.st_mode)) return Error{fmt::format("{}: not a directory", dir)};
    if (st.st_uid != getuid()) return Error{fmt::format("{}: owned by another user (uid {})", dir, st.st_uid)};
    // Sticky, as /tmp: no one else can remove or rename the socket.
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))
        return Error{fmt::format("{}: others can write to it, and so replace the socket", dir)};
    return Unit{};
}

// Whatever is at `path` now: nothing, or a socket nothing answers on (removed), else an error.
Status clear_path(const std::string& path, const sockaddr_un& a) {
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) return errno == ENOENT ? Status(Unit{}) : Error{fmt::format("{}: {}", path, std::strerror(errno))};
    if (!S_ISSOCK(st.st_mode)) return Error{fmt::format("{}: exists and is not a socket", path)};
    int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    bool live = probe >= 0 && connect(probe, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0;
    if (probe >= 0) close(probe);
    if (live) return Error{fmt::format("{}: a guard (or something else) already listens there", path)};
    if (unlink(path.c_str()) != 0) return Error{fmt::format("{}: {}", path, std::strerror(errno))};
    return Unit{};
}

Status record_inode(Listener& l) {
    struct stat st;
    if (stat(l.path.c_str(), &st) != 0) return Error{fmt::format("{}: {}", l.path, std::strerror(errno))};
    l.dev = st.st_dev;
    l.ino = st.st_ino;
    return Unit{};
}

}  // namespace

Result<std::string> default_socket(const Env& env) {
    auto dir = env_get(env, "XDG_RUNTIME_DIR");
    if (!dir || dir->empty() || !dir->starts_with('/'))
        return Error{"XDG_RUNTIME_DIR is not set"};
    return fmt::format("{}/leash/docker.sock", *dir);
}

Result<Listener> listen_at(const std::string& path) {
    auto a = address(path);
    if (!a) return Error{a.error()};
    if (auto ok = check_dir(dir_of(path)); !ok) return Error{ok.error()};
    if (auto ok = clear_path(path, *a); !ok) return Error{ok.error()};
    Listener l{socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), path, true};
    if (l.fd < 0) return Error{fmt::format("socket: {}", std::strerror(errno))};
    // The socket file is made 0600 by bind itself, so that no one else ever finds it open.
    mode_t old = umask(0177);
    int bound = bind(l.fd, reinterpret_cast<const sockaddr*>(&*a), sizeof *a);
    int err = errno;
    umask(old);
    if (bound != 0 || listen(l.fd, SOMAXCONN) != 0) {
        std::string why = fmt::format("{}: {}", path, std::strerror(bound != 0 ? err : errno));
        close(l.fd);
        if (bound == 0) unlink(path.c_str());
        return Error{why};
    }
    if (auto ok = record_inode(l); !ok) {
        close(l.fd);
        return Error{ok.error()};
    }
    return l;
}

std::optional<Result<Listener>> inherited_listener(const Env& env) {
    auto pid = env_get(env, "LISTEN_PID"), fds = env_get(env, "LISTEN_FDS");
    if (!pid || !fds || *pid != std::to_string(getpid())) return std::nullopt;
    if (*fds != "1") return Result<Listener>(Error{fmt::format("systemd passed {} sockets (LISTEN_FDS); leash.socket passes one", *fds)});
    Listener l{kListenFdsStart, "", false};
    int domain = 0, type = 0, listening = 0;
    socklen_t len = sizeof(int);
    getsockopt(l.fd, SOL_SOCKET, SO_DOMAIN, &domain, &len);
    getsockopt(l.fd, SOL_SOCKET, SO_TYPE, &type, &len);
    getsockopt(l.fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len);
    if (domain != AF_UNIX || type != SOCK_STREAM || !listening)
        return Result<Listener>(Error{"the socket systemd passed is not a listening unix stream socket"});
    fcntl(l.fd, F_SETFD, FD_CLOEXEC);
    sockaddr_un a{};
    socklen_t alen = sizeof a;
    if (getsockname(l.fd, reinterpret_cast<sockaddr*>(&a), &alen) == 0 && a.sun_path[0] != '\0')
        l.path = std::string(a.sun_path, strnlen(a.sun_path, sizeof a.sun_path));
    if (!l.path.empty())
        if (auto ok = record_inode(l); !ok) return Result<Listener>(Error{ok.error()});
    return Result<Listener>(l);
}

Status not_itself(const Listener& l, const DockerEndpoint& daemon) {
    if (daemon.kind != DockerEndpoint::Unix) return Unit{};
    struct stat st;
    bool same = daemon.path == l.path ||
                (l.ino != 0 && stat(daemon.path.c_str(), &st) == 0 && st.st_dev == l.dev && st.st_ino == l.ino);
    if (same)
        return Error{fmt::format("the daemon to front, {} (from {}), is this guard's own socket; unset DOCKER_HOST or pass "
                                 "--upstream",
                                 daemon.url(), daemon.origin)};
    return Unit{};
}

void remove_socket(const Listener& l) {
    struct stat st;
    if (l.made && lstat(l.path.c_str(), &st) == 0 && st.st_dev == l.dev && st.st_ino == l.ino) unlink(l.path.c_str());
}

namespace {

// Connects to the socket at `path` and sends `request`; then reads until the answer holds `enough` or
// the connection ends (`enough` empty), `timeout_ms` for each read, 64 KiB at most. nullopt: nothing
// listens there, or (`ours`) what listens is not this user's.
std::optional<std::string> ask(const std::string& path, std::string_view request, std::string_view enough,
                               bool ours, int timeout_ms) {
    auto a = address(path);
    if (!a) return std::nullopt;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return std::nullopt;
    ucred peer{};
    socklen_t len = sizeof peer;
    if (connect(fd, reinterpret_cast<const sockaddr*>(&*a), sizeof *a) != 0 ||
        (ours && (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &len) != 0 || peer.uid != getuid()))) {
        close(fd);
        return std::nullopt;
    }
    std::string answer;
    if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) == ssize_t(request.size())) {
        pollfd p{fd, POLLIN, 0};
        char buf[4096];
        while ((enough.empty() || answer.find(enough) == std::string::npos) && answer.size() < (64 << 10) &&
               poll(&p, 1, timeout_ms) == 1) {
            ssize_t n = recv(fd, buf, sizeof buf, 0);
            if (n <= 0) break;
            answer.append(buf, size_t(n));
        }
    }
    close(fd);
    return answer;
}

// A file the docker CLI reads: its text, nullopt if it does not exist.
Result<std::optional<std::string>> read_if_exists(const std::string& path) {
    auto text = read_file(path);
    if (text) return std::optional<std::string>(std::move(*text));
    struct stat st;
    if (stat(path.c_str(), &st) != 0 && errno == ENOENT) return std::optional<std::string>();
    return Error{fmt::format("{}: {}", path, text.error())};
}

int status_of(std::string_view answer) {
    return answer.starts_with("HTTP/1.") && answer.size() >= 12 ? std::atoi(std::string(answer.substr(9, 3)).c_str()) : 0;
}

}  // namespace

std::optional<int> ping(const std::string& path, int timeout_ms) {
    // The status line is all it needs.
    auto answer = ask(path, "GET /_ping HTTP/1.1\r\nHost: leash\r\nConnection: close\r\n\r\n", "\r\n", false, timeout_ms);
    if (!answer) return std::nullopt;
    return status_of(*answer);
}

std::optional<std::string> fronted(const std::string& path, int timeout_ms) {
    auto answer = ask(path, fmt::format("GET {} HTTP/1.1\r\nHost: leash\r\nConnection: close\r\n\r\n", kUpstreamPath), "",
                      true, timeout_ms);
    if (!answer || status_of(*answer) != 200) return std::nullopt;
    size_t body = answer->find("\r\n\r\n");
    if (body == std::string::npos) return std::nullopt;
    auto j = nlohmann::json::parse(answer->substr(body + 4), nullptr, false);
    if (!j.is_object() || !j.contains("Upstream") || !j["Upstream"].is_string()) return std::nullopt;
    return j["Upstream"].get<std::string>();
}

Result<DockerEndpoint> docker_daemon(const Env& env) { return docker_endpoint(env, read_if_exists); }
Result<DockerEndpoint> docker_context(const std::string& dir, const std::string& name, std::string_view origin, bool tls_env) {
    return context_endpoint(dir, name, origin, tls_env, read_if_exists);
}

bool same_daemon(const DockerEndpoint& a, const DockerEndpoint& b) {
    if (a.kind != b.kind) return false;
    if (a.kind == DockerEndpoint::Tcp) return a.host == b.host && a.port == b.port;
    struct stat sa, sb;
    return a.path == b.path || (stat(a.path.c_str(), &sa) == 0 && stat(b.path.c_str(), &sb) == 0 &&
                                sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino);
}

}  // namespace leash::guard
