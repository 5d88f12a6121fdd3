// The Docker API guard's pure part: which requests leash judges, and their bodies through the one
// decision (decide.h) and back. The guard (src/guard) frames HTTP and calls these; nothing here does I/O.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/environment.h"
#include "core/world.h"

namespace leash {

enum class ApiRoute {
    None,
    Create,  // POST /containers/create
    Exec,    // POST /containers/{id}/exec
    // POST /containers/{id}/start: before API 1.24 the daemon takes a HostConfig there too (docker
    // 20.10 does, down to API 1.12), which would give an existing container mounts and host access.
    Start,
};

// The routes as the daemon's router finds them (Go's net/http, then gorilla/mux), widened where that
// costs nothing: any /vN.NN version prefix or none, a query string, an absolute URL's path, %-escapes
// decoded, the path cleaned ("//containers/create", "/x/../containers/create/": the daemon only
// redirects those, but they are judged all the same), the method in any case. Anything else is None.
ApiRoute api_route(std::string_view method, std::string_view target);

// The same, with what the path names.
struct ApiTarget {
    ApiRoute route = ApiRoute::None;
    std::string container;  // Exec, Start: the container as the path names it
    std::string version;    // the API version of the prefix ("1.41"), empty without one
};
ApiTarget read_api_target(std::string_view method, std::string_view target);

// The largest body leash reads (a real create body is a few KiB); the guard refuses a larger one with
// 400 before reading all of it, and judge_api refuses one too.
constexpr size_t kMaxApiBody = 4u << 20;

struct ApiVerdict {
    bool forward;           // false: refuse, nothing reaches the daemon
    int status;             // for a refusal: 400 (unreadable) or 403 (policy); 0 when forwarded
    std::string body;       // forward: the (possibly rewritten) body; refuse: {"message":"..."} as docker clients print it
    std::optional<std::string> notice;  // the notice line, for the create response's Warnings
};

// Where the daemon opens the host paths of a body's mounts: on this machine (a unix socket), where leash
// keeps its masks; or over TCP, maybe on a machine of its own, where no mask of leash's is.
enum class DaemonFiles { Local, Remote };

// A routed request's body, read as the daemon reads it (Go's encoding/json into moby's types),
// judged by decide() with Container::from_api set and an empty environment (the guard's own
// environment is no business of the container), and written back: the original bytes when nothing
// changes, else the same body without the Env entries the decision drops and with the masks it adds
// (write_api_mounts). `host` is the guard's own environment: only its path variables (file_masks.h) are
// used, for the stores and protected files a body's mounts would show. A body that needs a mask is
// refused for a Remote daemon.
ApiVerdict judge_api(const Config& config, ApiRoute route, std::string_view target, std::string_view body, World& world,
                     const Env& host = {}, DaemonFiles daemon = DaemonFiles::Local);

// Adds the notice to a create response's "Warnings" array (null or absent: a new array); a body it
// cannot read stays as it is.
std::string add_warning(std::string_view create_response_body, std::string_view notice);

}  // namespace leash
