#include "core/daemon_flags.h"

#include <algorithm>

#include <fmt/format.h>

namespace leash {
namespace {

// What a flag says about the daemon.
enum class Role { None, Host, Context, Config, Tls };

// docker-compose's options before its command: src/core/compose_options.tsv.
struct ComposeOption {
    std::string_view name;
    char letter;
    bool takes_value;
    bool v1;  // one of 1.x's: docopt matches an abbreviated long option against these
    Role role;
};
#include "compose_options.inc"

// docker's global flags that choose the daemon, by the long name parse() records (parse.h): docker's -c
// comes as "connection", the name the flag table's union gives the letter.
struct DockerFlag {
    std::string_view name;
    Role role;
};
constexpr DockerFlag kDockerFlags[] = {
    {"host", Role::Host},     {"context", Role::Context}, {"connection", Role::Context},
    {"config", Role::Config}, {"tls", Role::Tls},         {"tlsverify", Role::Tls},
};

struct Found {
    Role role;
    std::string_view value;
    Place at;
};

// An exact name, else (as docopt) the one 1.x option the name begins.
const ComposeOption* long_option(std::string_view name) {
    for (const auto& o : kComposeOptions)
        if (o.name == name) return &o;
    const ComposeOption* match = nullptr;
    for (const auto& o : kComposeOptions) {
        if (!o.v1 || name.empty() || !o.name.starts_with(name)) continue;
        if (match) return nullptr;  // not a unique prefix
        match = &o;
    }
    return match;
}

const ComposeOption* short_option(char letter) {
    for (const auto& o : kComposeOptions)
        if (o.letter == letter) return &o;
    return nullptr;
}

// A value in the next token, whatever it is, but none at the end or in "--" (docopt's rule).
Result<std::string_view> next_value(const Args& argv, size_t i, std::string_view spelled) {
    if (i + 1 >= argv.size() || argv[i + 1] == "--") return Error{fmt::format("docker-compose: {} needs a value", spelled)};
    return std::string_view(argv[i + 1]);
}

// docker-compose's options up to its command (options first, as it asks docopt to read them).
Result<std::vector<Found>> compose_options(const Args& argv) {
    std::vector<Found> found;
    for (size_t i = 1; i < argv.size();) {
        std::string_view t = argv[i];
        if (t == "--" || t.empty() || t[0] != '-' || t == "-") break;
        bool next = false;
        if (t.starts_with("--")) {
            std::string_view body = t.substr(2);
            size_t eq = body.find('=');
            std::string_view name = body.substr(0, eq);
            const ComposeOption* o = long_option(name);
            if (!o) return Error{fmt::format("docker-compose: --{} is not one of its options", name)};
            std::string_view value;
            if (eq != std::string_view::npos) {
                if (!o->takes_value) return Error{fmt::format("docker-compose: --{} takes no value", o->name)};
                value = body.substr(eq + 1);
            } else if (o->takes_value) {
                auto v = next_value(argv, i, t);
                if (!v) return Error{v.error()};
                value = *v;
                next = true;
            }
            found.push_back({o->role, value, {i, 0, next}});
        } else {
            for (size_t pos = 1; pos < t.size(); pos++) {
                const ComposeOption* o = short_option(t[pos]);
                if (!o) return Error{fmt::format("docker-compose: -{} is not one of its options", t[pos])};
                if (!o->takes_value) {
                    found.push_back({o->role, {}, {i, pos, false}});
                    continue;
                }
                std::string_view value = t.substr(pos + 1);
                if (value.empty()) {
                    auto v = next_value(argv, i, fmt::format("-{}", t[pos]));
                    if (!v) return Error{v.error()};
                    value = *v;
                    next = true;
                }
                found.push_back({o->role, value, {i, pos, next}});
                break;  // the value ends the group
            }
        }
        i += next ? 2 : 1;
    }
    return found;
}

Result<std::vector<Found>> docker_options(const Args& argv) {
    auto inv = parse(argv);
    if (!inv) return Error{fmt::format("{}: {}", basename(argv[0]), inv.error())};
    std::vector<Found> found;
    for (const DaemonFlag& d : inv->daemon)
        for (const auto& f : kDockerFlags)
            if (f.name == d.name) found.push_back({f.role, d.value, d.at});
    return found;
}

// argv without the flags at `drop` (one a token: a value ends a short group), the flags grouped before
// each kept ("-DH X" keeps "-D").
Args without(const Args& argv, const std::vector<Place>& drop) {
    Args out;
    for (size_t i = 0; i < argv.size(); i++) {
        auto d = std::find_if(drop.begin(), drop.end(), [&](const Place& p) { return p.token == i; });
        if (d == drop.end()) {
            out.push_back(argv[i]);
            continue;
        }
        if (d->keep > 1) out.push_back(argv[i].substr(0, d->keep));
        if (d->value_in_next) i++;
    }
    return out;
}

}  // namespace

Result<DaemonFlags> daemon_flags(const Args& argv) {
    DaemonFlags flags;
    std::string_view program = argv.empty() ? "" : basename(argv[0]);
    bool compose = program == kCompose;
    if (!compose && program != "docker") {
        flags.argv = argv;
        return flags;
    }
    auto found = compose ? compose_options(argv) : docker_options(argv);
    if (!found) return Error{found.error()};
    std::vector<Place> drop;
    for (const Found& f : *found) {
        switch (f.role) {
        case Role::Host:
        case Role::Context: {
            if (flags.names())
                return Error{fmt::format("{}: the command line names more than one daemon (-H, --context)", program)};
            std::string_view value = f.value;
            // docker-compose 1.x strips it (`-H=unix://...` reaches docopt as "=unix://...").
            if (compose && f.role == Role::Host) value.remove_prefix(std::min(value.find_first_not_of('='), value.size()));
            (f.role == Role::Host ? flags.host : flags.context) = std::string(value);
            drop.push_back(f.at);
            break;
        }
        case Role::Config:
            flags.config = std::string(f.value);
            break;
        case Role::Tls:
            flags.tls = flags.tls || f.value != "false";
            break;
        case Role::None:
            break;
        }
    }
    flags.argv = without(argv, drop);
    return flags;
}

}  // namespace leash
