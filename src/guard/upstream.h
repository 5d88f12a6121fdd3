// Connecting to the daemon the guard fronts.
#pragma once

#include "core/docker_endpoint.h"
#include "guard/asio.h"

namespace leash::guard {

// A connected socket to the daemon, tcp without Nagle's delay; throws boost::system::system_error.
awaitable<Socket> connect_to(const DockerEndpoint& daemon);

}  // namespace leash::guard
