#include "core/recognize.h"

#include <fmt/format.h>

#include "core/glob.h"

namespace leash {
namespace {

// The program a multi-agent image will run: --entrypoint if given (podman also takes a JSON array),
// else the first word of the command.
std::optional<std::string_view> program(const Container& c) {
    std::optional<std::string_view> p = c.entrypoint;
    if (!p && !c.command.empty()) p = c.command[0];
    if (p && p->starts_with('[')) {
        size_t open = p->find('"');
        size_t close = open == std::string_view::npos ? open : p->find('"', open + 1);
        if (close == std::string_view::npos) return std::nullopt;
        p = p->substr(open + 1, close - open - 1);
    }
    if (p) p = basename(*p);
    return p;
}

const char* glob_of(const Agent& a, std::string_view image) {
    for (const auto& g : a.images)
        if (image_matches(g, image)) return g.c_str();
    return nullptr;
}

}  // namespace

bool exec_needs_target(const Container& c, const Env& env) {
    return c.sub == Subcommand::Exec && !c.env.empty() && env_get(env, "LEASH_AGENT").value_or("").empty();
}

Result<Recognition> recognize(const Config& config, const Container& c, const Env& env,
                              const ContainerFacts* target) {
    Recognition r;
    if (c.sub == Subcommand::Other || c.help) return r;
    if (c.sub == Subcommand::Exec && c.env.empty()) return r;  // passes nothing into the container

    if (c.sub == Subcommand::Exec) {
        std::string_view ctr = c.container.value_or("(not named)");
        if (!target) {
            r.kind = Recognition::Unclear;
            r.image = ctr;
            r.reason = fmt::format("cannot tell the image of container {}", ctr);
        } else {
            r.image = target->image;
        }
    } else if (c.image) {
        r.image = *c.image;
    }

    if (auto named = env_get(env, "LEASH_AGENT"); named && !named->empty()) {
        r.agent = config.agent(*named);
        if (!r.agent)
            return Error{fmt::format("LEASH_AGENT={} names no agent (known: {})", *named, config.agent_names())};
        r.kind = Recognition::Agent;
        r.reason = fmt::format("LEASH_AGENT={}", *named);
        return r;
    }
    if (r.kind == Recognition::Unclear || r.image.empty()) return r;

    std::vector<const Agent*> hits;
    for (const auto& a : config.agents)
        if (glob_of(a, r.image)) hits.push_back(&a);
    if (hits.size() == 1) {
        r.kind = Recognition::Agent;
        r.agent = hits[0];
        r.reason = fmt::format("image matches {}", glob_of(*hits[0], r.image));
        return r;
    }
    if (hits.size() > 1) {
        r.kind = Recognition::Unclear;
        std::string names;
        for (const Agent* a : hits) names += (names.empty() ? "" : " and ") + a->name;
        r.reason = fmt::format("image matches the images of {}", names);
        return r;
    }

    bool multi = false;
    for (const auto& g : config.multi_agent_images) multi = multi || image_matches(g, r.image);
    if (!multi) return r;
    auto prog = program(c);
    for (const auto& a : config.agents)
        for (const auto& cmd : a.commands)
            if (prog && *prog == cmd) hits.push_back(&a);
    if (hits.size() == 1) {
        r.kind = Recognition::Agent;
        r.agent = hits[0];
        r.reason = fmt::format("multi-agent image running {}", *prog);
        return r;
    }
    r.kind = Recognition::Unclear;
    r.reason = prog ? fmt::format("multi-agent image running {}, which is no agent's command", *prog)
                    : "multi-agent image with no command named";
    if (hits.size() > 1) r.reason = fmt::format("multi-agent image running {}, a command of several agents", *prog);
    return r;
}

}  // namespace leash
