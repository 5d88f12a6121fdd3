#include "guard/docker_world.h"

#include "cli/files.h"

#include <chrono>

#include <fmt/format.h>

#include "guard/boost.h"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <nlohmann/json.hpp>

#include "guard/upstream.h"

namespace leash::guard {
namespace {

namespace http = boost::beast::http;
using json = nlohmann::json;

// An inspect answer is a few KiB; a container with thousands of mounts stays well below this.
constexpr size_t kInspectLimit = 16 << 20;

awaitable<void> get(const DockerEndpoint& daemon, const std::string& target, std::optional<std::string>& out) {
    Socket s = co_await connect_to(daemon);
    std::string request = fmt::format("GET {} HTTP/1.1\r\nHost: docker\r\nUser-Agent: leash\r\nConnection: close\r\n\r\n", target);
    co_await asio::async_write(s, asio::buffer(request), use_awaitable);
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(kInspectLimit);
    co_await http::async_read(s, buffer, parser, use_awaitable);
    if (parser.get().result_int() == 200) out = std::move(parser.get().body());
}

// obj[key] if obj is an object that has it, else null.
const json& at(const json& obj, const char* key) {
    static const json null;
    if (!obj.is_object()) return null;
    auto it = obj.find(key);
    return it == obj.end() ? null : *it;
}

std::string string_at(const json& obj, const char* key) {
    const json& v = at(obj, key);
    return v.is_string() ? v.get<std::string>() : std::string();
}

std::vector<std::string> strings_at(const json& obj, const char* key) {
    std::vector<std::string> out;
    for (const auto& v : at(obj, key))
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

std::vector<std::pair<std::string, std::string>> labels_at(const json& config) {
    std::vector<std::pair<std::string, std::string>> out;
    const json& labels = at(config, "Labels");
    if (labels.is_object())
        for (const auto& [k, v] : labels.items())
            if (v.is_string()) out.emplace_back(k, v.get<std::string>());
    return out;
}

// The daemon's mount types (api/types/mount).
constexpr std::pair<std::string_view, Mount::Type> kMountTypes[] = {
    {"bind", Mount::Bind}, {"volume", Mount::Volume}, {"tmpfs", Mount::Tmpfs}};

}  // namespace

std::optional<std::string> api_get(const DockerEndpoint& daemon, const std::string& target, int seconds) {
    std::optional<std::string> out;
    asio::io_context io;
    asio::co_spawn(io, get(daemon, target, out), [](std::exception_ptr) {});
    io.run_for(std::chrono::seconds(seconds));
    return out;
}

std::string escape_path(std::string_view segment) {
    std::string out;
    for (unsigned char c : segment) {
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("-._~/:@&=+$,;").find(char(c)) != std::string_view::npos;
        out += keep ? std::string(1, char(c)) : fmt::format("%{:02X}", c);
    }
    return out;
}

std::optional<ImageFacts> image_facts(std::string_view inspect) {
    json j = json::parse(inspect, nullptr, false);
    if (j.is_discarded() || !at(j, "Id").is_string()) return std::nullopt;
    ImageFacts f{string_at(j, "Id"), strings_at(j, "RepoTags"), labels_at(at(j, "Config"))};
    for (auto& d : strings_at(j, "RepoDigests")) f.names.push_back(std::move(d));
    return f;
}

std::optional<ContainerFacts> container_facts(std::string_view inspect) {
    json j = json::parse(inspect, nullptr, false);
    if (j.is_discarded() || !at(j, "Id").is_string()) return std::nullopt;
    const json& config = at(j, "Config");
    ContainerFacts f{string_at(j, "Id"), string_at(config, "Image"), labels_at(config), {}, {}};
    if (at(j, "Path").is_string()) f.command.push_back(string_at(j, "Path"));
    for (auto& a : strings_at(j, "Args")) f.command.push_back(std::move(a));
    for (const auto& m : at(j, "Mounts")) {
        Mount mount;
        mount.type = Mount::Other;
        for (auto [name, type] : kMountTypes)
            if (string_at(m, "Type") == name) mount.type = type;
        mount.source = string_at(m, mount.type == Mount::Volume ? "Name" : "Source");
        mount.target = string_at(m, "Destination");
        mount.readonly = at(m, "RW").is_boolean() && !at(m, "RW").get<bool>();
        mount.via = "the container's Mounts";
        f.mounts.push_back(std::move(mount));
    }
    return f;
}

std::optional<DaemonContainers> daemon_containers(std::string_view info, std::string_view list) {
    json i = json::parse(info, nullptr, false), l = json::parse(list, nullptr, false);
    if (!i.is_object() || !l.is_array()) return std::nullopt;
    // The prefix leash exec gives docker's engine ID too: one daemon, one name, whichever judged.
    std::string id = string_at(i, "ID");
    DaemonContainers d{id.empty() ? "" : "id " + id, {}};
    for (const auto& c : l)
        if (std::string cid = string_at(c, "Id"); !cid.empty()) d.ids.push_back(std::move(cid));
    return d;
}

Result<std::string> DockerWorld::keep_copy(std::string_view, std::string_view) {
    return Error{"a Docker-API body gets no env-file copies: it names no env-file"};
}

std::optional<ImageFacts> DockerWorld::image(const Container&, std::string_view ref) {
    auto answer = api_get(daemon_, fmt::format("/images/{}/json", escape_path(ref)));
    return answer ? image_facts(*answer) : std::nullopt;
}

std::optional<ContainerFacts> DockerWorld::container(const Container&, std::string_view name) {
    auto answer = api_get(daemon_, fmt::format("/containers/{}/json", escape_path(name)));
    return answer ? container_facts(*answer) : std::nullopt;
}

Result<std::string> DockerWorld::claim(const Container&, std::string_view id, std::string_view agent) {
    return claim_container(claims_, id, agent, [&]() -> std::optional<DaemonContainers> {
        auto info = api_get(daemon_, "/info"), list = api_get(daemon_, "/containers/json?all=1");
        return info && list ? daemon_containers(*info, *list) : std::nullopt;
    });
}

}  // namespace leash::guard
