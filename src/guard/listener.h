// The guard's listening socket: made at a path with the checks that keep another user from standing in
// for it, or inherited from systemd (leash.socket). Clients that reach the path reach the guard or
// nothing: when the guard is gone, connecting fails.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

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

}  // namespace leash::guard
