#include "core/parse.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/flags.h"
#include "core/go_text.h"
#include "core/mount_grammar.h"

namespace leash {
namespace {

// The settings that can hand a container the host (host_access.h judges them), by the flag's long name.
constexpr std::string_view kHostFlags[] = {"privileged", "use-api-socket", "pid",    "ipc",
                                           "network",    "cap-add",        "security-opt", "device",
                                           "device-cgroup-rule"};

// The global flags that choose the daemon a docker client asks (daemon_flags.h reads them). -c is found
// as podman's --connection, docker's --context: the union's one row for the letter.
constexpr std::string_view kDaemonFlags[] = {"host", "context", "connection", "config", "tls", "tlsverify"};

bool is_positional(std::string_view t) { return t.empty() || t[0] != '-' || t == "-"; }

struct Parser {
    const Args& argv;
    Invocation inv;

    Container& c() { return inv.c; }

    // What leash needs to know about a flag it has matched, by name.
    void record(const Flag& f, std::string_view value, bool on, size_t token, size_t keep, bool next,
                uint8_t at) {
        std::string_view n = f.name;
        bool sub = !(at & kGlobal);
        Place place{token, keep, next};
        if (!sub && std::find(std::begin(kDaemonFlags), std::end(kDaemonFlags), n) != std::end(kDaemonFlags)) {
            inv.daemon.push_back({n, f.takes_value ? value : on ? "true" : "false", place});
        } else if (n == "help") {
            // Only the subcommand's own --help stops it, and the last one wins (pflag sets a bool): docker
            // and podman run `docker --help run ...`, `docker container --help run ...` and `run --help
            // --help=false ...`.
            if (at & (kRun | kCreate | kExec)) c().help = on;
        } else if (sub && n == "env") {
            c().env.push_back({EnvKind::Entry, value, true, place});
        } else if (sub && n == "env-file") {
            c().env.push_back({EnvKind::File, value, true, place});
        } else if (sub && n == "env-host") {
            c().env.push_back({EnvKind::HostEnv, {}, on, place});
        } else if (sub && n == "label") {
            size_t eq = value.find('=');
            c().labels.push_back({value.substr(0, eq), eq == std::string_view::npos ? "" : value.substr(eq + 1)});
        } else if (sub && std::find(std::begin(kHostFlags), std::end(kHostFlags), n == "net" ? "network" : n) !=
                              std::end(kHostFlags)) {
            // net: docker's hidden alias and podman's normalized one. A bool as "true" or "false".
            c().host.push_back({n == "net" ? "network" : n, f.takes_value ? value : on ? "true" : "false", place});
        } else if (sub && (n == "volume" || n == "mount")) {
            auto read = n == "volume" ? read_volume(c().runtime, value) : read_mount(c().runtime, value);
            if (!read) return unreadable(read.error());
            for (Mount& m : *read) mounted(std::move(m), place);
        } else if (sub && n == "tmpfs") {
            auto read = read_tmpfs(value);
            if (!read) return unreadable(read.error());
            mounted(std::move(*read), place);
        } else if (sub && n == "volumes-from") {
            auto from = read_volumes_from(c().runtime, value);
            if (!from) return unreadable(from.error());
            c().volumes_from.push_back(value);
        } else if (sub && n == "entrypoint") {
            c().entrypoint = value;
        } else if ((at & kExec) && (n == "latest" || n == "cidfile")) {
            c().unnamed = c().unnamed || on;
        }
    }

    void mounted(Mount m, Place place) {
        m.at = place;
        c().mounts.push_back(std::move(m));
    }
    // A mount value the runtime will refuse: only an agent's container is refused it (decide.h).
    void unreadable(const std::string& error) {
        if (!c().unreadable) c().unreadable = error;
    }

    // A flag given as --name=VALUE or -n=VALUE: for a bool flag, VALUE is its state (strconv.ParseBool). The
    // error names the flag only: VALUE may be a secret typed in the wrong place.
    static Result<bool> state(const Flag& f, std::string_view value, std::string_view spelled) {
        if (f.takes_value) return true;
        if (auto b = go_parse_bool(value)) return *b;  // strconv.ParseBool, as pflag uses it
        return Error{fmt::format("invalid boolean value for {} (true or false)", spelled)};
    }

    // Consumes the flag token at i (and its value); returns the index after it. Errors show a token only
    // up to the problem, never a value that follows it.
    Result<size_t> consume(size_t i, uint8_t at) {
        std::string_view t = argv[i];
        if (t.starts_with("--")) return consume_long(i, t.substr(2), at);
        return consume_short(i, t, at);
    }

    Result<size_t> consume_long(size_t i, std::string_view body, uint8_t at) {
        size_t eq = body.find('=');
        std::string_view name = body.substr(0, eq);
        if (name.empty() || name[0] == '-' || name[0] == '=')
            return Error{fmt::format("bad flag syntax: --{}", name)};
        const Flag* f = find_long_flag(name, at);
        if (!f) return Error{fmt::format("unknown flag: --{}", name)};
        if (eq != std::string_view::npos) {
            std::string_view value = body.substr(eq + 1);
            auto on = state(*f, value, fmt::format("--{}", name));
            if (!on) return Error{on.error()};
            record(*f, value, *on, i, 0, false, at);
            return i + 1;
        }
        if (!f->takes_value) {
            record(*f, {}, true, i, 0, false, at);
            return i + 1;
        }
        if (i + 1 >= argv.size()) return Error{fmt::format("flag needs an argument: --{}", name)};
        record(*f, argv[i + 1], true, i, 0, true, at);
        return i + 2;
    }

    Result<size_t> consume_short(size_t i, std::string_view t, uint8_t at) {
        for (size_t pos = 1; pos < t.size();) {
            std::string_view rest = t.substr(pos);
            if (rest.starts_with("test.")) break;  // pflag ignores go test flags
            const Flag* f = find_short_flag(rest[0], at);
            if (!f) {
                // pflag answers an undefined -h with help, but docker defines it where podman does not
                // (`docker container -h run ...` runs): read it as a flag that changes nothing.
                if (rest[0] == 'h') {
                    pos++;
                    continue;
                }
                return Error{fmt::format("unknown shorthand flag: '{}' in {}", rest[0], t.substr(0, pos + 1))};
            }
            if (rest.size() > 2 && rest[1] == '=') {
                std::string_view value = rest.substr(2);
                auto on = state(*f, value, fmt::format("-{}", rest[0]));
                if (!on) return Error{on.error()};
                record(*f, value, *on, i, pos, false, at);
                return i + 1;
            }
            if (!f->takes_value) {
                record(*f, {}, true, i, pos, false, at);
                pos++;
                continue;
            }
            if (rest.size() > 1) {
                record(*f, rest.substr(1), true, i, pos, false, at);
                return i + 1;
            }
            if (i + 1 >= argv.size()) return Error{fmt::format("flag needs an argument: '{}' in {}", rest[0], t)};
            record(*f, argv[i + 1], true, i, pos, true, at);
            return i + 2;
        }
        return i + 1;
    }

    // Flags up to the first positional (SetInterspersed(false)); returns its index.
    Result<size_t> flags(size_t i, uint8_t at) {
        while (i < argv.size()) {
            std::string_view t = argv[i];
            if (t == "--") return i + 1;
            if (is_positional(t)) return i;
            auto next = consume(i, at);
            if (!next) return next;
            i = *next;
        }
        return i;
    }
};

struct SubcommandWord {
    std::string_view word;
    Subcommand sub;
    uint8_t at;
};
constexpr SubcommandWord kSubcommands[] = {
    {"run", Subcommand::Run, kRun | kPersistent},
    {"create", Subcommand::Create, kCreate | kPersistent},
    {"exec", Subcommand::Exec, kExec | kPersistent},
};

}  // namespace


Result<Invocation> parse(const Args& argv) {
    Parser p{argv, {}};
    if (!argv.empty()) p.inv.c.runtime = basename(argv[0]);
    auto i = p.flags(1, kGlobal);
    if (!i) return Error{i.error()};
    if (*i >= argv.size()) return p.inv;
    size_t at = *i;
    p.inv.sub_word = at;
    for (size_t k = 1; k < at; k++) p.inv.c.globals.emplace_back(argv[k]);
    if (argv[at] == "container") {
        auto j = p.flags(at + 1, kPersistent);
        if (!j) return Error{j.error()};
        if (*j >= argv.size()) return p.inv;
        at = *j;
    }
    const SubcommandWord* sub = nullptr;
    for (const auto& s : kSubcommands)
        if (argv[at] == s.word) sub = &s;
    if (!sub) return p.inv;
    Container& c = p.inv.c;
    c.sub = sub->sub;
    p.inv.after_sub = at + 1;
    auto target = p.flags(at + 1, sub->at);
    if (!target) return Error{target.error()};
    size_t rest = *target;  // where the command starts
    if (!c.unnamed && rest < argv.size()) {
        p.inv.target = rest++;
        (c.sub == Subcommand::Exec ? c.container : c.image) = argv[*p.inv.target];
    }
    for (size_t k = rest; k < argv.size(); k++) c.command.emplace_back(argv[k]);
    return p.inv;
}

bool runs_compose(const Args& argv) {
    if (argv.empty()) return false;
    std::string_view program = basename(argv[0]);
    if (program == kCompose) return true;
    if (program != "docker") return false;
    auto inv = parse(argv);
    return inv && inv->c.sub == Subcommand::Other && inv->sub_word > 0 && argv[inv->sub_word] == "compose";
}

}  // namespace leash
