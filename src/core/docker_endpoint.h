// Which Docker daemon the docker CLI would talk to, found as the CLI finds it: DOCKER_HOST, else the
// context that DOCKER_CONTEXT or the config file's currentContext names, else the default socket. The
// API guard fronts that daemon. Pure: the files come through `read`.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/environment.h"
#include "core/result.h"

namespace leash {

struct DockerEndpoint {
    enum Kind { Unix, Tcp } kind = Unix;
    std::string path;  // Unix: the socket's path
    std::string host;  // Tcp: the host name or address (an IPv6 address without brackets)
    std::string port;  // Tcp
    std::string origin;  // where it was found, for messages: "DOCKER_HOST", "context \"remote\"", ...

    std::string url() const;  // "unix:///run/docker.sock", "tcp://[::1]:2375"
};

constexpr std::string_view kDefaultDockerHost = "unix:///var/run/docker.sock";

// A daemon address as DOCKER_HOST, a context or `leash serve --upstream` gives it, read as the docker
// CLI reads DOCKER_HOST (opts.ParseHost): unix://PATH (empty: the default socket), tcp://HOST[:PORT]
// (default port 2375, 2376 with TLS), or HOST:PORT alone for tcp. What the guard cannot front is an
// error that says so: TLS, ssh://, fd://, npipe://, a URL path.
Result<DockerEndpoint> parse_docker_host(std::string_view url, bool tls, std::string_view origin);

// `read(path)`: the file's contents, nullopt if it does not exist, or an error if it cannot be read. A
// file that cannot be read as the CLI reads it is an error, as is a context that does not exist.
using ReadFileFn = std::function<Result<std::optional<std::string>>(const std::string& path)>;
Result<DockerEndpoint> docker_endpoint(const Env& env, const ReadFileFn& read);

// The parts of that search, for a command line that names its context (daemon_flags.h): the client's
// configuration directory (DOCKER_CONFIG, else ~/.docker), whether the environment asks for TLS
// (DOCKER_TLS_VERIFY, DOCKER_TLS), and the endpoint of context NAME in directory DIR ("" or "default":
// the default socket); ORIGIN says where the name came from.
std::string docker_config_dir(const Env& env);
bool tls_in(const Env& env);
Result<DockerEndpoint> context_endpoint(const std::string& dir, const std::string& context, std::string_view origin,
                                        bool tls_env, const ReadFileFn& read);

}  // namespace leash
