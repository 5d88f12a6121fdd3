// The guard's listening socket: made at a path with the checks that keep another user from standing in
// for it, or inherited from systemd (leash.socket). Clients that reach the path reach the guard or
// nothing: when the guard is gone, connecting fails. And the questions asked of a guard's socket from
// outside it (leash doctor, the hook, the engine): whether it answers, which daemon it fronts, and
// whether that is the daemon a docker client here would use.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/docker_endpoint.h"
#include "core/environment.h"
#include "core/result.h"

namespace leash::guard {

struct Listener {
    int fd = -1;
    std::string path;
    bool made = false;  // leash bound it, and removes it at the end (systemd's is systemd's)
    dev_t dev = 0;
    ino_t ino = 0;
};

// $XDG_RUNTIME_DIR/leash/docker.sock, the session guard's socket.
Result<std::string> default_socket(const Env& env);

// Listens at `path`, mode 0600. Its directory is made 0700 if it does not exist; one that exists must
// be a directory of this user's that no one else can write to. A stale socket there (nothing answers)
// is replaced; a live one, or anything that is not a socket, is an error.
Result<Listener> listen_at(const std::string& path);

// The listening socket systemd passed this process (LISTEN_PID, LISTEN_FDS), if it passed one.
std::optional<Result<Listener>> inherited_listener(const Env& env);

// An error when `daemon` is the guard's own socket: it would forward every request to itself.
Status not_itself(const Listener& listener, const DockerEndpoint& daemon);

// Removes the socket file if leash made it and it is still the one leash made.
void remove_socket(const Listener& listener);

// What a guard's socket answers to GET /_ping within `timeout_ms` (leash doctor): nullopt when nothing
// listens there, else the HTTP status (0 when the answer is not HTTP, or does not come).
std::optional<int> ping(const std::string& path, int timeout_ms);

// The guard answers GET kUpstreamPath itself, never the daemon: {"Upstream": URL}, the daemon it fronts.
// The hook and the engine ask it before they trust a socket to guard the daemon a docker client would
// use. The answer is believed because of who gives it: the process listening at the socket must be this
// user's (SO_PEERCRED), and no other user can listen at a path in this user's 0700 directory; this
// user's own programs can change the shell anyway.
constexpr std::string_view kUpstreamPath = "/_leash/upstream";

// The daemon the leash guard at `path` fronts, as it answers within `timeout_ms`; nullopt when nothing
// answers there, or something that is not this user's leash guard.
std::optional<std::string> fronted(const std::string& path, int timeout_ms);

// The daemon the docker CLI would use in `env` (core/docker_endpoint.h), its files read from disk.
Result<DockerEndpoint> docker_daemon(const Env& env);
// That of context NAME in the docker configuration directory DIR (core/docker_endpoint.h), likewise.
Result<DockerEndpoint> docker_context(const std::string& dir, const std::string& name, std::string_view origin, bool tls_env);

// Whether two addresses reach one daemon: the same host and port, or the same socket file (by its
// inode too: /var/run is a link to /run).
bool same_daemon(const DockerEndpoint& a, const DockerEndpoint& b);

}  // namespace leash::guard
