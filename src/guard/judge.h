// The guard's one seam to the decision: which requests are judged, the verdict on a body, and the
// notice added to a create response. The proxy takes it as a value, so that its own tests can judge
// with tables.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/environment.h"
#include "core/world.h"
#include "core/api.h"
#include "core/docker_endpoint.h"

namespace leash::guard {

struct Judge {
    // Called on the proxy's thread for every request: cheap and pure.
    std::function<ApiRoute(std::string_view method, std::string_view target)> route;
    // Called on a worker thread, so that inspecting an image on the daemon holds up no other client.
    std::function<ApiVerdict(ApiRoute, std::string_view target, std::string_view body, World&)> judge;
    std::function<std::string(std::string_view create_response, std::string_view notice)> add_warning;
};

// The decision of core/api.h over the configuration, read again for every judged request (so that an
// edit to it takes effect without a restart) from the files `env` names; a configuration that cannot
// be read refuses the request. The masks a body needs go in for a daemon on a unix socket, which opens
// the paths of this machine; for one reached over TCP, such a body is refused.
Judge api_judge(const Env& env, const DockerEndpoint& daemon);

}  // namespace leash::guard
