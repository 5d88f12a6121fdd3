#include "core/docker_endpoint.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/sha256.h"

namespace leash {
namespace {

using json = nlohmann::json;

// The schemes a docker host may have, and what the guard makes of each (null: it can front it).
struct Scheme {
    std::string_view name;
    const char* refusal;
};
constexpr Scheme kSchemes[] = {
    {"unix", nullptr},
    {"tcp", nullptr},
    {"ssh", "the guard cannot front a daemon reached over ssh"},
    {"fd", "the guard cannot front a daemon on an inherited descriptor"},
    {"npipe", "named pipes are Windows'"},
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool digits(std::string_view s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos; }

Result<DockerEndpoint> tcp_endpoint(std::string_view addr, bool tls, std::string_view url) {
    if (tls)
        return Error{fmt::format("{}: TLS to the daemon is not supported by the guard (leash links no TLS "
                                 "library); front a daemon on a unix socket or plain tcp",
                                 url)};
    DockerEndpoint e;
    e.kind = DockerEndpoint::Tcp;
    size_t slash = addr.find('/');
    if (slash != std::string_view::npos && slash + 1 < addr.size())
        return Error{fmt::format("{}: a path after the address is not supported", url)};
    addr = addr.substr(0, slash);
    std::string_view host = addr, port;
    if (addr.starts_with('[')) {  // [IPv6]:port
        size_t close = addr.find(']');
        if (close == std::string_view::npos) return Error{fmt::format("{}: an IPv6 address without its ']'", url)};
        host = addr.substr(1, close - 1);
        std::string_view rest = addr.substr(close + 1);
        if (!rest.empty() && !rest.starts_with(':')) return Error{fmt::format("{}: not HOST:PORT", url)};
        if (!rest.empty()) port = rest.substr(1);
    } else if (size_t colon = addr.rfind(':'); colon != std::string_view::npos) {
        if (addr.find(':') != colon) return Error{fmt::format("{}: an IPv6 address goes in brackets", url)};
        host = addr.substr(0, colon);
        port = addr.substr(colon + 1);
    }
    if (port.empty()) port = "2375";
    if (!digits(port) || port.size() > 5 || std::stoi(std::string(port)) > 65535)
        return Error{fmt::format("{}: the port is not a number from 1 to 65535", url)};
    e.host = host.empty() ? "localhost" : std::string(host);
    e.port = std::string(port);
    return e;
}

Result<DockerEndpoint> unix_endpoint(std::string_view path, std::string_view url) {
    if (path.find("://") != std::string_view::npos) return Error{fmt::format("{}: not a socket path", url)};
    DockerEndpoint e;
    e.path = path.empty() ? std::string(kDefaultDockerHost.substr(7)) : std::string(path);
    return e;
}

}  // namespace

std::string DockerEndpoint::url() const {
    if (kind == Unix) return "unix://" + path;
    return host.find(':') == std::string::npos ? fmt::format("tcp://{}:{}", host, port)
                                               : fmt::format("tcp://[{}]:{}", host, port);
}

Result<DockerEndpoint> parse_docker_host(std::string_view url, bool tls, std::string_view origin) {
    url = trim(url);
    if (url.empty()) url = kDefaultDockerHost;
    size_t sep = url.find("://");
    std::string_view scheme = sep == std::string_view::npos ? "tcp" : url.substr(0, sep);
    std::string_view rest = sep == std::string_view::npos ? url : url.substr(sep + 3);
    const Scheme* known = nullptr;
    for (const auto& s : kSchemes)
        if (s.name == scheme) known = &s;
    if (!known) return Error{fmt::format("{}: not a docker host address (unix://PATH or tcp://HOST:PORT)", url)};
    if (known->refusal) return Error{fmt::format("{}: {}", url, known->refusal)};
    auto e = scheme == "tcp" ? tcp_endpoint(rest, tls, url) : unix_endpoint(rest, url);
    if (e) e->origin = std::string(origin);
    return e;
}

std::string docker_config_dir(const Env& env) {
    std::string dir(env_get(env, "DOCKER_CONFIG").value_or(""));
    return dir.empty() ? std::string(env_get(env, "HOME").value_or("")) + "/.docker" : dir;
}

Result<DockerEndpoint> context_endpoint(const std::string& dir, const std::string& context, std::string_view origin,
                                        bool tls_env, const ReadFileFn& read) {
    if (context.empty() || context == "default")
        return parse_docker_host(kDefaultDockerHost, tls_env, context.empty() ? "the default" : "context \"default\"");
    std::string where = fmt::format("context \"{}\" (from {})", context, origin);
    std::string digest = sha256_hex(context);
    std::string meta_path = fmt::format("{}/contexts/meta/{}/meta.json", dir, digest);
    auto meta_text = read(meta_path);
    if (!meta_text) return Error{meta_text.error()};
    if (!*meta_text) return Error{fmt::format("{}: no such context ({} does not exist)", where, meta_path)};
    json meta = json::parse(**meta_text, nullptr, false);
    const json* host = nullptr;
    if (!meta.is_discarded() && meta.is_object()) {
        auto eps = meta.find("Endpoints");
        if (eps != meta.end() && eps->is_object()) {
            auto docker = eps->find("docker");
            if (docker != eps->end() && docker->is_object()) {
                auto h = docker->find("Host");
                if (h != docker->end() && h->is_string()) host = &*h;
            }
        }
    }
    if (!host) return Error{fmt::format("{}: {} has no Endpoints.docker.Host", where, meta_path)};
    bool tls = false;
    for (const char* f : {"ca.pem", "cert.pem", "key.pem"}) {
        auto pem = read(fmt::format("{}/contexts/tls/{}/docker/{}", dir, digest, f));
        tls = tls || !pem || pem->has_value();  // one that exists, readable or not
    }
    return parse_docker_host(host->get<std::string>(), tls, where);
}

Result<DockerEndpoint> docker_endpoint(const Env& env, const ReadFileFn& read) {
    auto get = [&](std::string_view name) { return std::string(env_get(env, name).value_or("")); };
    bool tls_env = tls_in(env);
    if (std::string host = get("DOCKER_HOST"); !host.empty()) return parse_docker_host(host, tls_env, "DOCKER_HOST");

    std::string dir = docker_config_dir(env);
    std::string context = get("DOCKER_CONTEXT"), origin = "DOCKER_CONTEXT";
    if (context.empty()) {
        origin = dir + "/config.json";
        auto text = read(origin);
        if (!text) return Error{text.error()};
        if (*text) {
            json config = json::parse(**text, nullptr, false);
            if (config.is_discarded() || !config.is_object())
                return Error{fmt::format("{}: not a JSON object, as the docker CLI reads it", origin)};
            auto current = config.find("currentContext");
            if (current != config.end() && current->is_string()) context = current->get<std::string>();
        }
    }
    return context_endpoint(dir, context, origin, tls_env, read);
}

bool tls_in(const Env& env) {
    // The CLI's --tls and --tlsverify default to these being set at all.
    return !env_get(env, "DOCKER_TLS_VERIFY").value_or("").empty() || !env_get(env, "DOCKER_TLS").value_or("").empty();
}

}  // namespace leash
