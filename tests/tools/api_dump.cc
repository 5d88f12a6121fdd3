// api-dump [TARGET] <BODY: what leash's Docker-API body reader finds in a create body (or, with a
// TARGET naming an exec, an exec body), as JSON; {"error": ...} for a body it refuses. The API reader's
// differential test (tests/e2e/api_reader_test.sh) compares this with what the daemon made of the same
// body, as `docker inspect` shows it.
#include <iostream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "core/api_body.h"

int main(int argc, char** argv) {
    using namespace leash;
    using json = nlohmann::ordered_json;
    std::string body((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    ApiTarget target = read_api_target("POST", argc > 1 ? argv[1] : "/containers/create");
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
