// api-dump [--judge] [TARGET] <BODY: what leash's Docker-API body reader finds in a create body (or, with
// a TARGET naming an exec, an exec body), as JSON; {"error": ...} for a body it refuses. With --judge,
// the verdict of judge_api under the default configuration instead: {"forward", "status", "body"}. The
// API reader's differential test (tests/e2e/api_reader_test.sh) compares these with what the daemon
// made of the same bodies, as `docker inspect` shows it.
#include <iostream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "core/api_body.h"

namespace {

// Knows no image, no container, no claim and no host file.
struct NoWorld : leash::World {
    leash::Result<leash::FileText> env_file(std::string_view) override { return leash::Error{"no files here"}; }
    std::optional<leash::ImageFacts> image(const leash::Container&, std::string_view) override { return std::nullopt; }
    std::optional<leash::ContainerFacts> container(const leash::Container&, std::string_view) override {
        return std::nullopt;
    }
    leash::Result<std::string> claim(const leash::Container&, std::string_view, std::string_view) override {
        return std::string();
    }
    leash::Result<std::string> keep_copy(std::string_view, std::string_view) override { return leash::Error{"no copies here"}; }
    std::optional<std::string> real_path(std::string_view path) override { return std::string(path); }
    std::optional<leash::PathKind> path_kind(std::string_view) override { return std::nullopt; }
    std::vector<std::string> dir_names(std::string_view) override { return {}; }
    std::vector<std::string> glob(std::string_view) override { return {}; }
    leash::Result<std::string> keep_mask(leash::Mask::Source, std::string_view) override {
        return leash::Error{"no masks here"};
    }
};

}  // namespace

int main(int argc, char** argv) {
    using namespace leash;
    using json = nlohmann::ordered_json;
    std::string body((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    bool judge = argc > 1 && std::string_view(argv[1]) == "--judge";
    std::string_view path = argc > 1 + judge ? argv[1 + judge] : "/containers/create";
    ApiTarget target = read_api_target("POST", path);
    if (judge) {
        NoWorld world;
        ApiVerdict v = judge_api(default_config(), target.route, path, body, world);
        std::cout << json{{"forward", v.forward}, {"status", v.status}, {"body", v.body}}.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
        return 0;
    }
    auto b = read_api_body(target, body);
    json out;
    if (!b) {
        out["error"] = b.error();
    } else {
        const Container& c = b->c;
        auto strings = [](const auto& list) {
            json a = json::array();
            for (const auto& s : list) a.push_back(std::string(s));
            return a;
        };
        out["image"] = c.image ? json(std::string(*c.image)) : json();
        out["entrypoint"] = c.entrypoint ? json(std::string(*c.entrypoint)) : json();
        out["command"] = strings(c.command);
        json env = json::array(), labels = json::object(), mounts = json::array(), host = json::array();
        for (const auto& e : c.env) env.push_back(std::string(e.value));
        for (const auto& l : c.labels) labels[std::string(l.name)] = std::string(l.value);
        constexpr const char* kTypes[] = {"bind", "volume", "tmpfs", "other"};
        for (const auto& m : c.mounts)
            mounts.push_back({{"type", kTypes[m.type]}, {"source", m.source}, {"target", m.target},
                              {"readonly", m.readonly}, {"via", m.via}});
        for (const auto& h : c.host) host.push_back({std::string(h.name), std::string(h.value)});
        out["env"] = env;
        out["labels"] = labels;
        out["workdir"] = c.workdir ? json(std::string(*c.workdir)) : json();
        out["mounts"] = mounts;
        out["volumes_from"] = strings(c.volumes_from);
        out["host"] = host;
    }
    std::cout << out.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    return b ? 0 : 1;
}
