// libFuzzer target: the credential test (credentials.h) on any NAME=VALUE. Besides surviving any bytes:
//  - quotes and blanks around a value never hide a credential (docker keeps them literally);
//  - a verdict is Own only for a name the agent's keys or accepts list as written;
//  - a value's verdict never says the value (the reason names a rule, not what matched it).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/credentials.h"

using namespace leash;

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
    std::fprintf(stderr, "property violated: %s: %.*s\n", what, int(detail.size()), detail.data());
    std::abort();
}

bool listed(const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const Config config = default_config();
    static const Credentials credentials(config);
    std::string_view entry(reinterpret_cast<const char*>(data), size);
    size_t eq = entry.find('=');
    std::string_view name = entry.substr(0, eq), value = eq == entry.npos ? "" : entry.substr(eq + 1);

    auto shape = value_shape(value);
    for (const char* around : {"\"", "'", " ", "\t"})
        if (shape && !value_shape(around + std::string(value) + around)) fail("a quote hid a credential", value);

    for (const Agent* agent : {static_cast<const Agent*>(nullptr), &config.agents[0], &config.agents[3]}) {
        Verdict v = credentials.judge(agent, name, value);
        if (v.owner == Owner::Own) {
            if (!agent) fail("a credential of no agent's container called its own", name);
            std::string bare(name);
            bare.erase(0, bare.find_first_not_of(" \t"));
            bare.erase(bare.find_last_not_of(" \t*") + 1);
            bool own = listed(agent->accepts, bare) ||
                       std::any_of(agent->keys.begin(), agent->keys.end(), [&](const Key& k) { return k.name == bare; });
            if (!own) fail("Own for a name the agent does not list", name);
        }
        if (v.by_value() && value.size() > 12 && reason(v).find(value) != std::string::npos)
            fail("a reason that says the value", value);
    }
    return 0;
}
