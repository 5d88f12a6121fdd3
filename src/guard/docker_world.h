// The World of a Docker-API request: what the daemon the guard fronts knows of an image or a container,
// asked over its own API. A create or exec body names no env-file and needs no copy kept; the
// files its mounts show are read, and the masks over them kept, on this machine (HostWorld), which is
// the daemon's when the guard fronts it over a unix socket.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "cli/claims.h"
#include "core/docker_endpoint.h"
#include "cli/host_world.h"
#include "core/world.h"

namespace leash::guard {

class DockerWorld : public HostWorld {
public:
    // The guard runs on the daemon's machine, as the user: the host's files are the daemon's.
    // `claims`: the directory of the claims (cli/claims.h), which leash exec shares.
    DockerWorld(DockerEndpoint daemon, std::string runtime_dir, std::string claims)
        : HostWorld(std::move(runtime_dir)), daemon_(std::move(daemon)), claims_(std::move(claims)) {}
    std::optional<ImageFacts> image(const Container& c, std::string_view ref) override;
    std::optional<ContainerFacts> container(const Container& c, std::string_view name) override;
    Result<std::string> claim(const Container& c, std::string_view id, std::string_view agent) override;
    Result<std::string> keep_copy(std::string_view original, std::string_view content) override;

private:
    DockerEndpoint daemon_;
    std::string claims_;
};

// GET TARGET on the daemon, on a connection of its own, within `seconds`: the body of a 200 answer, or
// nullopt (not found, or the daemon could not be asked).
std::optional<std::string> api_get(const DockerEndpoint& daemon, const std::string& target, int seconds = 10);

// A path segment as the docker client escapes it (url.PathEscape keeps '/' out, so image references,
// which have slashes, stay readable: the daemon's routes take the rest of the path).
std::string escape_path(std::string_view segment);

// What the daemon says of itself (GET /info, GET /containers/json?all=1) to prune claims: its engine ID
// and its containers' IDs; nullopt when these are not such answers.
std::optional<DaemonContainers> daemon_containers(std::string_view info, std::string_view list);

// The facts in an image's and a container's inspect answers (GET /images/REF/json,
// GET /containers/ID/json); nullopt when the JSON is not such an answer.
std::optional<ImageFacts> image_facts(std::string_view inspect);
std::optional<ContainerFacts> container_facts(std::string_view inspect);

}  // namespace leash::guard
