#include "core/recognize.h"

#include <fmt/format.h>

#include "core/glob.h"

namespace leash {
namespace {

// What the container will run: --entrypoint if given (podman also takes a JSON array, whose first word
// counts), then the command.
std::vector<std::string_view> run_words(const Container& c) {
    std::vector<std::string_view> w;
    if (std::optional<std::string_view> p = c.entrypoint) {
        if (p->starts_with('[')) {
            size_t open = p->find('"');
            size_t close = open == std::string_view::npos ? open : p->find('"', open + 1);
            if (close == std::string_view::npos) return {};
            p = p->substr(open + 1, close - open - 1);
        }
        w.push_back(*p);
    }
    w.insert(w.end(), c.command.begin(), c.command.end());
    return w;
}

// The programs that run an npm package by name, and the word after which the package comes.
struct PackageRunner {
    std::string_view program;
    std::string_view then;  // a subcommand before the package, or empty
};
constexpr PackageRunner kPackageRunners[] = {
    {"npx", ""}, {"bunx", ""}, {"pnpx", ""}, {"pnpm", "dlx"}, {"yarn", "dlx"},
    {"npm", "exec"}, {"npm", "x"}, {"bun", "x"},
};

// The npm package a runner starts ("npx -y @anthropic-ai/claude-code@1.0 -p hi" ->
// "@anthropic-ai/claude-code"), or nothing.
std::optional<std::string_view> package_run(const std::vector<std::string_view>& w) {
    if (w.empty()) return std::nullopt;
    for (const auto& r : kPackageRunners) {
        if (basename(w[0]) != r.program) continue;
        size_t i = 1;
        if (!r.then.empty() && (w.size() < 2 || w[1] != r.then)) continue;
        if (!r.then.empty()) i = 2;
        std::optional<std::string_view> pkg;
        for (; i < w.size() && !pkg; i++) {
            if (w[i] == "-p" || w[i] == "--package") {
                if (i + 1 < w.size()) pkg = w[i + 1];
            } else if (w[i].starts_with("--package=")) {
                pkg = w[i].substr(10);
            } else if (w[i] == "--") {
                if (i + 1 < w.size()) pkg = w[i + 1];
            } else if (!w[i].starts_with('-')) {
                pkg = w[i];
            }
        }
        if (!pkg) return std::nullopt;
        size_t at = pkg->find('@', pkg->starts_with('@') ? 1 : 0);  // a version after the name
        return pkg->substr(0, at);
    }
    return std::nullopt;
}

// The agents whose commands the words run: by the program's basename, or the npm package a runner
// starts. `what` says which word matched.
std::vector<const Agent*> by_command(const Config& config, const std::vector<std::string_view>& w, std::string& what) {
    std::vector<const Agent*> hits;
    if (w.empty()) return hits;
    std::string_view prog = basename(w[0]);
    auto pkg = package_run(w);
    what = pkg ? std::string(*pkg) : std::string(prog);
    for (const auto& a : config.agents)
        for (const auto& cmd : a.commands)
            if (cmd == (pkg ? *pkg : prog)) {
                hits.push_back(&a);
                break;
            }
    return hits;
}

template <class Labels>
std::optional<std::string_view> agent_label(const Labels& labels) {
    std::optional<std::string_view> name;
    for (const auto& [k, v] : labels)
        if (k == kAgentLabel) name = v;  // the last one wins, as the runtime keeps it
    return name;
}

const char* glob_of(const Agent& a, std::string_view image) {
    for (const auto& g : a.images)
        if (image_matches(g, image)) return g.c_str();
    return nullptr;
}

}  // namespace

bool exec_needs_target(const Container& c) { return c.sub == Subcommand::Exec && (!c.env.empty() || !c.host.empty()); }

Result<Recognition> recognize(const Config& config, const Container& c, const Env& env,
                              const ContainerFacts* target, const ImageFacts* image) {
    Recognition r;
    if (c.sub == Subcommand::Other || c.help) return r;
    // An exec that passes nothing into the container and asks for no host access changes nothing in it.
    if (c.sub == Subcommand::Exec && c.env.empty() && c.host.empty()) return r;

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

    const Agent* named = nullptr;
    if (auto n = env_get(env, "LEASH_AGENT"); n && !n->empty()) {
        named = config.agent(*n);
        if (!named) return Error{fmt::format("LEASH_AGENT={} names no agent (known: {})", *n, config.agent_names())};
    }
    auto by_name = [&] {
        r.kind = Recognition::Agent;
        r.agent = named;
        r.reason = fmt::format("LEASH_AGENT={}", named->name);
        return r;
    };
    if (named && c.sub != Subcommand::Exec) return by_name();
    // The label leash put on the container it created for an agent, or the user's.
    auto label = target ? agent_label(target->labels) : agent_label(c.labels);
    if (!label && image) label = agent_label(image->labels);
    if (label) {
        r.agent = config.agent(*label);
        if (!r.agent)
            return Error{fmt::format("label {}={} names no agent (known: {})", kAgentLabel, *label,
                                     config.agent_names())};
        r.kind = Recognition::Agent;
        r.reason = fmt::format("labelled {}={}", kAgentLabel, *label);
        return r;
    }
    if (r.kind == Recognition::Unclear || r.image.empty()) return r;

    // The reference as written, and every name the runtime knows the image by (an alias tag, a digest,
    // its ID), when it was asked.
    std::vector<std::string_view> names = {r.image};
    if (image) {
        names.insert(names.end(), image->names.begin(), image->names.end());
        if (!image->id.empty()) names.push_back(image->id);
    }
    std::vector<const Agent*> hits;
    const char* glob = nullptr;
    for (const auto& a : config.agents)
        for (auto name : names)
            if (const char* g = glob_of(a, name)) {
                hits.push_back(&a);
                glob = g;
                break;
            }
    if (hits.size() == 1) {
        r.kind = Recognition::Agent;
        r.agent = hits[0];
        r.reason = fmt::format("image matches {}", glob);
        return r;
    }
    if (hits.size() > 1) {
        r.kind = Recognition::Unclear;
        std::string agents;
        for (const Agent* a : hits) agents += (agents.empty() ? "" : " and ") + a->name;
        r.reason = fmt::format("image matches the images of {}", agents);
        return r;
    }

    // The command decides in any image; in a multi-agent image, a command that is no one agent's leaves
    // the agent unclear.
    bool multi = false;
    for (const auto& g : config.multi_agent_images) multi = multi || image_matches(g, r.image);
    std::string what;
    if (c.sub == Subcommand::Exec) {
        // What the container runs decides before what is exec'd in it (target is known: else Unclear).
        hits = by_command(config, std::vector<std::string_view>(target->command.begin(), target->command.end()), what);
        if (!hits.empty()) {
            r.kind = hits.size() == 1 ? Recognition::Agent : Recognition::Unclear;
            r.agent = hits.size() == 1 ? hits[0] : nullptr;
            r.reason = fmt::format("container running {}{}", what, hits.size() == 1 ? "" : ", a command of several agents");
            return r;
        }
        r.claimable = true;
        if (named) return by_name();
        what.clear();
    }
    hits = by_command(config, run_words(c), what);
    if (hits.size() == 1) {
        r.kind = Recognition::Agent;
        r.agent = hits[0];
        r.reason = fmt::format("{} running {}", multi ? "multi-agent image" : "image", what);
        return r;
    }
    if (!multi && hits.empty()) return r;
    r.kind = Recognition::Unclear;
    const char* kind = multi ? "multi-agent image" : "image";
    r.reason = what.empty() ? fmt::format("{} with no command named", kind)
               : hits.empty() ? fmt::format("{} running {}, which is no agent's command", kind, what)
                              : fmt::format("{} running {}, a command of several agents", kind, what);
    return r;
}

}  // namespace leash
