#include "core/api.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "core/api_body.h"
#include "core/decide.h"
#include "core/file_masks.h"
#include "core/render.h"
#include "core/strings.h"

namespace leash {
namespace {

ApiVerdict refuse(int status, std::string_view message) {
    return {false, status, fmt::format("{{\"message\":{}}}", json_string(fmt::format("leash: {}", message))), std::nullopt};
}

// moby's versions.LessThan: dot-separated numbers, what is not a number counting as 0.
bool version_before(std::string_view v, std::string_view than) {
    while (!v.empty() || !than.empty()) {
        auto next = [](std::string_view& s) {
            std::string_view part = s.substr(0, s.find('.'));
            s.remove_prefix(std::min(s.size(), part.size() + 1));
            int n = 0;
            auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), n);
            return ec == std::errc() && end == part.data() + part.size() ? n : 0;
        };
        int a = next(v), b = next(than);
        if (a != b) return a < b;
    }
    return false;
}

// A start request before API 1.24 may carry a HostConfig, which the daemon then gives the container in
// place of the one leash judged at create. Nothing of it is judged: one that sets anything is refused.
ApiVerdict judge_start(const ApiTarget& t, std::string_view body) {
    if (t.version.empty() || !version_before(t.version, "1.24") || body.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return {true, 0, std::string(body), std::nullopt};
    gojson::Value v;
    auto read = gojson::decode(body, gojson::Struct{}, v);
    if (read && v.members.empty()) return {true, 0, std::string(body), std::nullopt};
    if (read || body.size() > 7)
        return refuse(403, "a host configuration on start (API before 1.24) is not supported: give it on create");
    // The daemon does not read a body of 7 bytes or fewer.
    return {true, 0, std::string(body), std::nullopt};
}

}  // namespace

ApiVerdict judge_api(const Config& config, ApiRoute route, std::string_view target, std::string_view body, World& world,
                     const Env& host, DaemonFiles daemon) {
    if (body.size() > kMaxApiBody) return refuse(400, fmt::format("the request body is over {} bytes", kMaxApiBody));
    ApiTarget t = read_api_target("POST", target);
    t.route = route;
    if (route == ApiRoute::Start) return judge_start(t, body);
    if (route == ApiRoute::None) return {true, 0, std::string(body), std::nullopt};
    auto b = read_api_body(t, body);
    if (!b) return refuse(400, fmt::format("cannot read the request body: {}", b.error()));
    Env paths;
    for (const auto& e : host)
        if (std::find(std::begin(kPathVariables), std::end(kPathVariables), env_name(e)) != std::end(kPathVariables))
            paths.push_back(e);
    auto d = decide(config, b->c, paths, world);
    if (!d) return refuse(403, d.error());
    bool masked = !d->mounts.empty() || !d->dropped_mounts.empty();
    if (masked && daemon == DaemonFiles::Remote) {
        std::vector<std::string> files;
        for (const Withheld& w : d->withheld)
            if (w.name.starts_with('/')) files.push_back(fmt::format("{} ({})", w.name, w.why));
        for (const Withheld& w : d->read_only) files.push_back(fmt::format("{} (writable: {})", w.name, w.why));
        return refuse(403, fmt::format("refusing: the container's mounts show it {}, and the daemon, reached over TCP, "
                                       "mounts the files of its own machine, where leash cannot mask them; mount a "
                                       "project's directory instead, or run the guard on the daemon's machine",
                                       join(files, ", ")));
    }
    std::vector<std::optional<std::string_view>> env;
    for (size_t i = 0; i < b->c.env.size(); i++) {
        const Edit& e = d->edits[i];
        std::string_view entry = b->c.env[i].value;
        // A lift (NAME=value replaced by NAME, the value moved to the runtime's environment, off the
        // command line that ps shows) means nothing in a body, where NAME alone would unset it.
        bool lift = e.op == Edit::Replace && entry.starts_with(e.value) && entry.substr(e.value.size()).starts_with('=');
        if (e.op == Edit::Drop)
            env.push_back(std::nullopt);
        else
            env.push_back(e.op == Edit::Replace && !lift ? std::string_view(e.value) : entry);
    }
    std::string out = write_api_body(*b, env);
    // The mounts the daemon is to make: the body's own but those a mask replaces, then the masks.
    std::vector<Mount> mounts;
    for (size_t i = 0; i < b->c.mounts.size(); i++)
        if (std::find(d->dropped_mounts.begin(), d->dropped_mounts.end(), i) == d->dropped_mounts.end())
            mounts.push_back(b->c.mounts[i]);
    for (const auto& [source, at] : d->mounts) mounts.push_back({Mount::Bind, source, at, true, {}, {}});
    if (masked) {
        auto edited = read_api_body(t, out);
        auto with_masks = edited ? write_api_mounts(*edited, d->dropped_mounts, d->mounts) : Result<std::string>{Error{edited.error()}};
        if (!with_masks) return refuse(400, fmt::format("cannot write the masks into the request body: {}", with_masks.error()));
        out = std::move(*with_masks);
    }
    // The body must read as the decision left it, or nothing goes.
    auto again = read_api_body(t, out);
    bool same = again && [&] {
        size_t n = 0;
        for (const auto& e : env)
            if (e && (n >= again->c.env.size() || again->c.env[n++].value != *e)) return false;
        return n == again->c.env.size();
    }() && std::equal(mounts.begin(), mounts.end(), again->c.mounts.begin(), again->c.mounts.end(), [](const Mount& a, const Mount& m) {
        return a.type == m.type && a.source == m.source && a.target == m.target && a.readonly == m.readonly;
    });
    if (!same) return refuse(400, "cannot write the request body back as leash read it");
    return {true, 0, std::move(out), notice(config, *d)};
}

std::string add_warning(std::string_view create_response_body, std::string_view notice) {
    using json = nlohmann::ordered_json;
    json j = json::parse(create_response_body, nullptr, false);
    if (!j.is_object()) return std::string(create_response_body);
    json& w = j["Warnings"];
    if (w.is_null()) w = json::array();
    if (!w.is_array()) return std::string(create_response_body);
    w.push_back(std::string(notice));
    // The daemon ends its JSON with a newline (json.Encoder); so does this.
    std::string out = j.dump(-1, ' ', false, json::error_handler_t::replace);
    if (create_response_body.ends_with('\n')) out += '\n';
    return out;
}

}  // namespace leash
