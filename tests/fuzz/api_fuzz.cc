// libFuzzer target: the Docker-API guard's body path (read as the daemon reads it -> decide -> write
// back). Besides surviving any body, it must keep these properties, the forwarded body re-read by the
// same reader:
//  - it carries no Env entry that sets a variable the decision withheld;
//  - it reads as the original in everything but Env and the masks (image, command, host settings, labels;
//    its mounts are the original's but those the decision drops, then the decision's read-only masks);
//  - judged again, it is forwarded as it is;
//  - when the decision withholds nothing and makes nothing read-only, it is the original, byte for byte.
//
// Input: one byte that picks the configuration, the route (create or exec) and the image an exec's
// container has; then the body.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "core/api.h"
#include "core/api_body.h"
#include "core/decide.h"
#include "fuzz/fuzz_world.h"

using namespace leash;

namespace {

const char* const kConfigs[] = {"", "[leash]\nother_containers = withhold\n"};
const std::optional<std::string_view> kExecImages[] = {std::nullopt, "example.com/team/claude-code:latest", "alpine"};

const Config& config(size_t i) {
    static const std::vector<Config> configs = [] {
        std::vector<Config> out;
        for (const char* ini : kConfigs) {
            Config c = default_config();
            if (!apply_ini(c, ini, "fuzz.ini") || !validate(c)) std::abort();
            out.push_back(std::move(c));
        }
        return out;
    }();
    return configs[i];
}

[[noreturn]] void fail(const char* what, std::string_view body) {
    std::fprintf(stderr, "property violated: %s\nbody: %.*s\n", what, int(body.size()), body.data());
    std::abort();
}

// A mount as the daemon makes it.
std::string mount_text(std::string_view source, std::string_view target, bool readonly) {
    return std::string(source) + ":" + std::string(target) + (readonly ? ":ro" : "") + "\x1f";
}

// Everything the reader finds but Env and the mounts, as text.
std::string rest(const Container& c) {
    std::string out = std::string(c.image.value_or("-")) + "\n" + std::string(c.entrypoint.value_or("-")) + "\n" +
                      std::string(c.workdir.value_or("-")) + "\n";
    for (auto w : c.command) out += std::string(w) + "\x1f";
    for (const auto& l : c.labels) out += std::string(l.name) + "=" + std::string(l.value) + "\x1f";
    for (auto v : c.volumes_from) out += std::string(v) + "\x1f";
    for (const auto& h : c.host) out += std::string(h.name) + "=" + std::string(h.value) + "\x1f";
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const Config& c = config(data[0] % std::size(kConfigs));
    bool exec = data[0] / std::size(kConfigs) % 2;
    auto image = kExecImages[data[0] / std::size(kConfigs) / 2 % std::size(kExecImages)];
    std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::string_view target = exec ? "/v1.41/containers/c1/exec" : "/v1.41/containers/create";
    ApiRoute route = exec ? ApiRoute::Exec : ApiRoute::Create;

    fuzz::FuzzWorld world;
    world.exec_image = image;
    ApiVerdict v = judge_api(c, route, target, body, world);
    ApiTarget t = read_api_target("POST", target);
    auto original = read_api_body(t, body);
    if (!v.forward) {
        if (v.body.find("\"message\":\"leash: ") == std::string::npos) fail("a refusal without a message", body);
        return 0;
    }
    if (!original) fail("an unreadable body was forwarded", body);
    auto decision = decide(c, original->c, Env{}, world);
    if (!decision) fail("a refused decision was forwarded", body);

    auto forwarded = read_api_body(t, v.body);
    if (!forwarded) fail("the forwarded body does not read", body);
    for (const auto& e : forwarded->c.env) {
        std::string_view name = e.value.substr(0, e.value.find('='));
        for (const auto& w : decision->withheld)
            if (name == w.name && e.value.find('=') != std::string_view::npos) fail("a withheld credential was forwarded", body);
    }
    if (rest(forwarded->c) != rest(original->c)) fail("the rewrite changed more than Env and the mounts", body);
    std::string want, got;
    for (size_t i = 0; i < original->c.mounts.size(); i++)
        if (std::find(decision->dropped_mounts.begin(), decision->dropped_mounts.end(), i) == decision->dropped_mounts.end())
            want += mount_text(original->c.mounts[i].source, original->c.mounts[i].target, original->c.mounts[i].readonly);
    for (const auto& [source, at] : decision->mounts) want += mount_text(source, at, true);
    for (const auto& m : forwarded->c.mounts) got += mount_text(m.source, m.target, m.readonly);
    if (got != want) fail("the mounts are not the decision's", body);
    if (decision->withheld.empty() && decision->read_only.empty() && v.body != body)
        fail("nothing withheld, yet the body changed", body);

    fuzz::FuzzWorld again_world;
    again_world.exec_image = image;
    ApiVerdict again = judge_api(c, route, target, v.body, again_world);
    if (!again.forward || again.body != v.body) fail("a second pass changed the body", body);
    return 0;
}
