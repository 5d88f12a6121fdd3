#include "core/decide.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/credentials.h"
#include "core/envfile.h"
#include "core/file_masks.h"
#include "core/host_access.h"
#include "core/mount_grammar.h"
#include "core/masks.h"
#include "core/paths.h"
#include "core/strings.h"

namespace leash {
namespace {

// A remapped key (keys = NAME=HOSTNAME) reaches the container through an env-file of leash's own, a sealed
// memfd, and never through the runtime's environment: there, a second pass could not tell NAME holding
// HOSTNAME's value from NAME holding the host's own NAME, and no marker leash left for itself in the
// environment could be told from one the caller forged.
bool remapped(const Key& k) { return k.host != k.name; }

// The value an env-file line gives its name: what follows the '=' after it, without the newline.
std::string_view line_value(const EnvFileLine& line) {
    std::string_view t = line.text;
    t.remove_prefix(std::min(t.find('=', size_t(line.name.data() - t.data()) + line.name.size()) + 1, t.size()));
    while (t.ends_with('\n') || t.ends_with('\r')) t.remove_suffix(1);
    return t;
}

struct Walk {
    const Credentials& creds;
    const Agent* agent;  // null: withhold every credential
    const Container& c;
    const Env& env;
    Decision& d;

    std::set<std::string, std::less<>> mentioned = {};  // named by -e or an env-file line
    std::set<std::string, std::less<>> passed = {};     // agent keys that reach the container
    std::map<std::string, std::string, std::less<>> literal = {};  // own name -> value of its last -e NAME=value
    std::set<std::string, std::less<>> file_literal = {};          // keys an env-file gives a value
    std::vector<std::pair<size_t, std::string>> copies_needed = {};  // env-file entry -> its filtered text

    const Key* key(std::string_view name) const {
        if (!agent) return nullptr;
        for (const auto& k : agent->keys)
            if (k.name == name) return &k;
        return nullptr;
    }
    // NAME=VALUE as the runtime will create it: the agent's own, another's, or no credential.
    Verdict judge(std::string_view name, std::string_view value) const { return creds.judge(agent, name, value); }
    // The agent's own as its config spells them (its keys and accepts), whatever the value: only these are
    // lifted off the command line into the runtime's environment.
    bool own(std::string_view name) const {
        return agent && (key(name) || std::find(agent->accepts.begin(), agent->accepts.end(), name) != agent->accepts.end());
    }
    std::string_view host(std::string_view name) const { return env_get(env, name).value_or(""); }

    // Withholds NAME if VALUE under it is a credential not the agent's; true if it was.
    bool withheld(std::string_view name, std::string_view value, const std::string& via) {
        Verdict v = judge(name, value);
        if (v.owner != Owner::Other) return false;
        auto w = std::find_if(d.withheld.begin(), d.withheld.end(), [&](const Withheld& x) { return x.name == name; });
        if (w == d.withheld.end()) w = d.withheld.insert(w, {std::string(name), {}, reason(v)});
        if (std::find(w->via.begin(), w->via.end(), via) == w->via.end()) w->via.push_back(via);
        return true;
    }

    // The value the container gets for a key, if any.
    std::optional<std::string_view> value(const Key& k) const {
        if (auto it = literal.find(k.name); it != literal.end()) return it->second;
        return env_get(env, k.host);
    }

    // Every variable of the environment (or, for keys, of the environment leash builds) that a
    // podman wildcard or --env-host would copy.
    void copies(std::string_view prefix, const std::string& via) {
        for (const auto& e : env) {
            std::string_view n = env_name(e);
            if (!n.starts_with(prefix) || n.size() == e.size()) continue;
            withheld(n, std::string_view(e).substr(n.size() + 1), via);
        }
        if (agent)
            for (const auto& k : agent->keys)
                if (std::string_view(k.name).starts_with(prefix) && value(k)) passed.insert(k.name);
    }

    // A variable named by -e NAME or a bare env-file line (VALUE: the host's), or set by NAME=VALUE. True
    // if it may stay.
    bool named(std::string_view name, std::string_view value, const std::string& via) {
        mentioned.emplace(name);
        if (withheld(name, value, via)) return false;
        if (key(name)) passed.emplace(name);
        return true;
    }

    void env_flag(size_t i, std::string_view v) {
        // podman trims the whitespace before a name; judge the name it will read.
        v.remove_prefix(std::min(v.find_first_not_of(" \t\n\v\f\r"), v.size()));
        size_t eq = v.find('=');
        if (eq != std::string_view::npos) {
            std::string_view name = v.substr(0, eq);
            if (!named(name, v.substr(eq + 1), "-e")) {
                d.edits[i].op = Edit::Drop;
            } else if (own(name)) {
                literal.insert_or_assign(std::string(name), std::string(v.substr(eq + 1)));
                // An own credential's value never stays on the command line, where ps shows it. (An API
                // body is no command line, and there a bare NAME would unset the variable.)
                if (!c.from_api) {
                    const Key* k = key(name);
                    d.edits[i] = k && remapped(*k) ? Edit{Edit::Drop, {}} : Edit{Edit::Replace, std::string(name)};
                    d.lifted.emplace_back(name);
                }
            }
        } else if (v.ends_with('*')) {
            copies(v.substr(0, v.size() - 1), fmt::format("-e '{}'", v));
        } else {
            const Key* k = key(v);
            if (!named(v, host(v), "-e") || (k && remapped(*k))) d.edits[i].op = Edit::Drop;
            if (auto it = literal.find(v); it != literal.end()) literal.erase(it);  // the last -e wins
        }
    }

    void env_file(size_t i, std::string_view path, const FileText& file) {
        std::string via = fmt::format("--env-file {}", path);
        std::string kept;
        bool dropped = false;
        for (const auto& line : read_env_file(file.text)) {
            bool keep = true;
            if (line.kind == EnvFileLine::Assign || line.kind == EnvFileLine::Bare) {
                keep = named(line.name, line.kind == EnvFileLine::Assign ? line_value(line) : host(line.name), via);
                if (keep && line.kind == EnvFileLine::Assign && key(line.name)) file_literal.emplace(line.name);
            } else if (line.kind == EnvFileLine::Wildcard) {
                copies(line.name, via);
            }
            if (keep) kept += line.text;
            dropped = dropped || !keep;
        }
        // A sealed file that needs no filtering can change no more: passing it on as it is keeps the
        // decision idempotent. Any other gets a copy of what leash read, which the runtime reads instead.
        if (dropped || !file.sealed) {
            d.edits[i].op = Edit::Replace;
            copies_needed.push_back({i, std::move(kept)});
        }
    }

    DerivedEnv runtime_env() const {
        DerivedEnv out;
        out.kept.reserve(env.size());
        for (size_t i = 0; i < env.size(); i++) {
            std::string_view e = env[i], n = env_name(e);
            std::string_view value = e.substr(std::min(n.size() + 1, e.size()));
            if (!key(n) && !literal.count(n) && judge(n, value).owner != Owner::Other) out.kept.push_back(i);
        }
        // The agent's other own variables whose value leash lifted off the command line.
        for (const auto& [n, v] : literal)
            if (!key(n)) out.added.push_back(fmt::format("{}={}", n, v));
        // Only the keys that reach the container: an exec that names none keeps none, as a second pass,
        // which sees an exec that passes nothing, would find.
        if (agent)
            for (const auto& k : agent->keys)
                if (auto v = value(k); v && passed.count(k.name) && !remapped(k))
                    out.added.push_back(fmt::format("{}={}", k.name, *v));
        return out;
    }

    // The env-file of leash's own that carries the remapped keys.
    std::string remapped_keys() const {
        std::string text;
        if (agent)
            for (const auto& k : agent->keys)
                if (auto v = value(k); v && passed.count(k.name) && remapped(k) && !file_literal.count(k.name))
                    text += fmt::format("{}={}\n", k.name, *v);
        return text;
    }
};


bool needs_env_files(const Config& config, const Recognition& r) {
    return r.kind != Recognition::Other || config.other_containers == OtherContainers::Withhold;
}

// The files one --env-file value names: nerdctl reads it as a comma-separated list (a pflag StringSlice,
// in CSV); docker and podman as one path.
Result<std::vector<std::string_view>> env_file_paths(std::string_view runtime, std::string_view value) {
    if (runtime != "nerdctl") return std::vector<std::string_view>{value};
    if (value.find('"') != std::string_view::npos)
        return Error{fmt::format("cannot read nerdctl's quoted --env-file list {}", value)};
    std::vector<std::string_view> paths;
    for (size_t i = 0, end; i <= value.size(); i = end + 1) {
        end = std::min(value.find(',', i), value.size());
        paths.push_back(value.substr(i, end - i));
    }
    return paths;
}

// One --env-file value's text, as the runtime will read it; sealed only if every file is.
Result<FileText> read_env_files(World& world, std::string_view runtime, std::string_view value) {
    auto paths = env_file_paths(runtime, value);
    if (!paths) return Error{paths.error()};
    FileText all{"", true};
    for (auto path : *paths) {
        auto f = world.env_file(path);
        if (!f) return Error{fmt::format("cannot read env-file {}: {}", path, f.error())};
        // The runtime reads lines up to a newline; a NUL inside one would be stored and printed whole.
        if (f->text.find('\0') != std::string::npos)
            return Error{fmt::format("cannot read env-file {} as the runtime will: it holds a NUL byte", path)};
        if (!all.text.empty() && !all.text.ends_with('\n')) all.text += '\n';
        all.text += f->text;
        all.sealed = all.sealed && f->sealed;
    }
    return all;
}

// Whether a credential could reach the container, judged without reading anything: an env-file or a
// mounted directory might hold one. Only then is the runtime asked about an image its reference did not
// recognize. With `own`, whether one of that agent's own could: only then does an exec claim a container
// for it.
bool may_carry_credential(const Credentials& creds, const Container& c, const Env& env, const Agent* own = nullptr) {
    auto other = [&](std::string_view name, std::string_view value) {
        Owner o = creds.judge(own, name, value).owner;
        return own ? o == Owner::Own : o != Owner::None;
    };
    auto any_in_env = [&](std::string_view prefix) {
        return std::any_of(env.begin(), env.end(), [&](const std::string& e) {
            std::string_view n = env_name(e);
            return n.size() < e.size() && n.starts_with(prefix) && other(n, std::string_view(e).substr(n.size() + 1));
        });
    };
    // A host directory may hold another's credential files (not the agent's own: they are no claim).
    if (!own && (!c.volumes_from.empty() || std::any_of(c.mounts.begin(), c.mounts.end(), [](const Mount& m) {
            return m.type == Mount::Bind || m.type == Mount::Glob;
        })))
        return true;
    for (const auto& s : c.env) {
        std::string_view v = s.value;
        v.remove_prefix(std::min(v.find_first_not_of(" \t\n\v\f\r"), v.size()));
        size_t eq = v.find('=');
        if (s.kind == EnvKind::File) return true;
        if (s.kind == EnvKind::HostEnv ? s.on && any_in_env("")
            : eq != std::string_view::npos ? other(v.substr(0, eq), v.substr(eq + 1))
            : v.ends_with('*')             ? any_in_env(v.substr(0, v.size() - 1))
                                           : other(v, env_get(env, v).value_or("")))
            return true;
    }
    return false;
}

// Whether the agent's allow_host lets host access through: the flag's name (every value) or the word the
// refusal names (NAME=VALUE).
bool allowed(const Agent* agent, std::string_view flag, std::string_view word) {
    return agent && std::any_of(agent->allow_host.begin(), agent->allow_host.end(),
                                [&](const std::string& w) { return w == flag || w == word; });
}

// The refusal of host access in one line: what asked for it, what it hands over, and how to allow it.
std::string refusal(const Container& c, const Agent* agent, std::string_view asked, std::string_view hands,
                    std::string_view word) {
    std::string how = agent ? fmt::format("allow it for {0} with allow_host = {1} in [agent.{0}]", agent->name, word)
                            : fmt::format("its agent is unclear: name it with LEASH_AGENT, and allow it with "
                                          "allow_host = {} in [agent.NAME]", word);
    return fmt::format("refusing {}: {} hands the container the host ({}); {}", c.runtime, asked, hands, how);
}

// The first setting of an agent's container that hands it the host and its agent does not allow.
std::optional<std::string> setting_refusal(const Container& c, const Agent* agent) {
    for (const HostSetting& s : c.host) {
        // podman splits --cap-add at commas: each capability is allowed on its own.
        for (const std::string& value :
             s.name == "cap-add" ? split_list(s.value, ",") : std::vector<std::string>{std::string(s.value)}) {
            auto hit = host_access(HostSetting{s.name, value, s.at});
            if (!hit) continue;
            std::string_view word = std::string_view(hit->what).substr(hit->what.starts_with("--") ? 2 : 0);
            if (allowed(agent, s.name, word)) continue;
            return refusal(c, agent, printable(hit->what), hit->why, printable(word));
        }
    }
    return std::nullopt;
}

// The runtimes' control sockets: where they listen by default, and the unix endpoints that DOCKER_HOST and
// CONTAINER_HOST name, each as written and resolved.
std::vector<std::string> sockets(const Env& env, World& world) {
    auto out = control_sockets(env_get(env, "XDG_RUNTIME_DIR").value_or(""));
    for (std::string_view name : {"DOCKER_HOST", "CONTAINER_HOST"})
        if (auto v = env_get(env, name); v && v->starts_with("unix://")) out.emplace_back(v->substr(7));
    for (size_t i = 0, n = out.size(); i < n; i++) out.push_back(resolved(world, out[i]));
    return out;
}

// The container's mounts, and those --volumes-from copies from another container, as the runtime
// reports them, each bind's source resolved once as the runtime will open it (the refusals and the masks
// both read it); an error when the runtime does not know that container.
Result<std::vector<Mount>> all_mounts(const Container& c, World& world) {
    std::vector<Mount> mounts = c.mounts;
    for (std::string_view value : c.volumes_from) {
        auto from = read_volumes_from(c.runtime, value);
        auto theirs = from ? world.container(c, from->container) : std::nullopt;
        if (!theirs)
            return Error{fmt::format("refusing {}: cannot tell what --volumes-from {} mounts (the runtime does not know it)",
                                     c.runtime, printable(value))};
        for (Mount& m : mounts_from(*from, theirs->mounts)) mounts.push_back(std::move(m));
    }
    for (Mount& m : mounts)
        if (m.type == Mount::Bind) m.source = resolved(world, m.source);
    return mounts;
}

// The first mount of an agent's container whose host path hands it the host and its agent does not allow
// (allow_host = mount=PATH for the mounts refused for PATH, or mount for every one).
// The mounts allowed so go to `allowed_host`.
std::optional<std::string> mount_refusal(const Config& config, const Container& c, const std::vector<Mount>& mounts,
                                         const Agent* agent, const Env& env, World& world,
                                         std::vector<std::string>& allowed_host) {
    std::optional<std::vector<std::string>> socks;
    for (const Mount& m : mounts) {
        if (m.type != Mount::Bind && m.type != Mount::Glob) continue;
        // A glob's matches lie in the directory before its first wildcard.
        std::string_view source = m.source;
        if (m.type == Mount::Glob) {
            source = source.substr(0, source.find_first_of("*?[\\"));
            source = source.substr(0, source.rfind('/') == std::string_view::npos ? 0 : std::max<size_t>(source.rfind('/'), 1));
        }
        std::string real = m.type == Mount::Bind ? m.source : resolved(world, source);
        if (m.type == Mount::Bind && is_leash_mask(config.masks_dir, real)) continue;
        if (!socks) socks = sockets(env, world);
        auto hit = host_access_mount(real, *socks);
        if (!hit) continue;
        if (allowed(agent, "mount", "mount=" + hit->what)) {
            allowed_host.push_back(m.via);
            continue;
        }
        std::string what = printable(hit->what);
        return refusal(c, agent, printable(m.via), fmt::format("{}: {}", what, hit->why), "mount=" + what);
    }
    return std::nullopt;
}

// The masks of an agent's container, into the decision.
Status apply_masks(const Config& config, const Credentials& creds, const Agent* agent, const Container& c,
                   const std::vector<Mount>& mounts, const std::vector<std::string>& allowed_host, const Env& env,
                   World& world, Decision& d) {
    auto masks = mask_files(config, creds, agent, c, mounts, allowed_host, env, world);
    if (!masks) return Error{masks.error()};
    d.mounts = std::move(masks->mounts);
    d.dropped_mounts = std::move(masks->dropped);
    for (FileNote& n : masks->withheld) d.withheld.push_back({std::move(n.path), {std::move(n.via)}, std::move(n.why)});
    for (FileNote& n : masks->read_only) d.read_only.push_back({std::move(n.path), {std::move(n.via)}, std::move(n.why)});
    return Unit{};
}

// One container, one agent, where no label, image or command of its own says whose a container is (a
// generic or multi-agent image started without leash): the first agent leash hands credentials into it
// claims it (World::claim), and from then on it is that agent's. Another agent's command gets no
// credential at all there, its own neither (their processes would read each other's environment in
// /proc); a command that is no agent's runs in the holder's container. The holder is only asked here:
// `to_claim` gets the agent whose exec would claim the container, which claims it once the decision
// stands (an exec leash refuses claims nothing).
Result<std::string> claim_holder(const Container& c, const ContainerFacts& target, std::string_view agent, World& world) {
    auto holder = world.claim(c, target.id, agent);
    if (!holder)
        return Error{fmt::format("refusing {}: cannot tell which agent claimed container {}: {}", c.runtime,
                                 printable(c.container.value_or(target.id)), holder.error())};
    return holder;
}

Status settle_claim(const Config& config, const Credentials& creds, const Container& c, const Env& env,
                    const std::optional<ContainerFacts>& target, Recognition& r, World& world, std::string& to_claim) {
    if (!r.claimable || !target) return Unit{};
    const Agent* exec_agent = r.kind == Recognition::Agent ? r.agent : nullptr;
    auto holder = claim_holder(c, *target, "", world);
    if (!holder) return Error{holder.error()};
    if (holder->empty()) {
        if (exec_agent && may_carry_credential(creds, c, env, exec_agent)) to_claim = exec_agent->name;
        return Unit{};
    }
    std::string name = printable(*holder);
    if (exec_agent && exec_agent->name == *holder) {
        r.reason = fmt::format("{}, in a container {} claimed", r.reason, name);
    } else if (exec_agent) {
        r.kind = Recognition::Unclear;
        r.agent = nullptr;
        r.reason = fmt::format("{}'s command in a container {} claimed: leash handed {}'s credentials into it first; "
                               "run each agent in a container of its own", exec_agent->name, name, name);
    } else {
        r.agent = config.agent(*holder);
        r.kind = r.agent ? Recognition::Agent : Recognition::Unclear;
        r.reason = fmt::format("a container {} claimed{}", name, r.agent ? "" : ", which is no agent now");
    }
    return Unit{};
}

}  // namespace

Result<Decision> decide(const Config& config, const Container& c, const Env& env, World& world) {
    Decision d;
    d.edits.resize(c.env.size());

    std::optional<ContainerFacts> target;
    if (exec_needs_target(c) && c.container) target = world.container(c, *c.container);
    const Credentials creds(config);
    auto recognition = recognize(config, c, env, target ? &*target : nullptr);
    if (!recognition) return Error{recognition.error()};
    // An image known under another name: an alias tag, an ID or a digest is recognized like its name.
    if (recognition->kind == Recognition::Other && c.sub != Subcommand::Exec && c.image && !c.help &&
        may_carry_credential(creds, c, env))
        if (auto image = world.image(c, *c.image)) {
            recognition = recognize(config, c, env, nullptr, &*image);
            if (!recognition) return Error{recognition.error()};
        }
    d.recognition = std::move(*recognition);
    std::string to_claim;
    if (auto claimed = settle_claim(config, creds, c, env, target, d.recognition, world, to_claim); !claimed)
        return Error{claimed.error()};
    if (d.recognition.kind != Recognition::Other) {
        // The runtime would refuse it too; what it would mount cannot be told.
        if (c.unreadable) return Error{fmt::format("refusing {}: {}", c.runtime, *c.unreadable)};
        const Agent* agent = d.recognition.kind == Recognition::Agent ? d.recognition.agent : nullptr;
        auto refused = setting_refusal(c, agent);
        if (refused) return Error{std::move(*refused)};
        auto mounts = all_mounts(c, world);
        if (!mounts) return Error{mounts.error()};
        std::vector<std::string> allowed_host;
        if ((refused = mount_refusal(config, c, *mounts, agent, env, world, allowed_host))) return Error{std::move(*refused)};
        if (c.sub != Subcommand::Exec && !c.help)
            if (auto masked = apply_masks(config, creds, agent, c, *mounts, allowed_host, env, world, d); !masked)
                return Error{masked.error()};
    }
    if (!needs_env_files(config, d.recognition)) {
        d.env = DerivedEnv::all_of(env);
        return d;
    }
    if (target && !target->id.empty() && target->id != c.container) d.exec_id = target->id;

    std::vector<std::optional<FileText>> files(c.env.size());
    for (size_t i = 0; i < c.env.size(); i++) {
        if (c.env[i].kind != EnvKind::File) continue;
        auto f = read_env_files(world, c.runtime, c.env[i].value);
        if (!f) return Error{f.error()};
        files[i] = std::move(*f);
    }

    Walk w{creds, d.recognition.kind == Recognition::Agent ? d.recognition.agent : nullptr, c, env, d};
    // --env-host is a bool: its last occurrence decides, as pflag sets it.
    size_t env_host = c.env.size();
    for (size_t i = 0; i < c.env.size(); i++)
        if (c.env[i].kind == EnvKind::HostEnv) env_host = i;
    for (size_t i = 0; i < c.env.size(); i++) {
        const EnvSource& f = c.env[i];
        if (f.kind == EnvKind::Entry) {
            w.env_flag(i, f.value);
        } else if (f.kind == EnvKind::File) {
            w.env_file(i, f.value, *files[i]);
        } else if (i == env_host && f.on) {
            w.copies("", "--env-host");
        }
    }

    if (w.agent && c.sub != Subcommand::Exec && !c.from_api) {
        // A container is one agent's: the label says whose, for leash's next decision about it (an exec)
        // and for `docker ps --filter label=leash.agent=NAME`.
        bool labelled = std::any_of(c.labels.begin(), c.labels.end(), [](const Label& l) { return l.name == kAgentLabel; });
        if (!labelled) d.labels.push_back(fmt::format("{}={}", kAgentLabel, w.agent->name));
        for (const auto& k : w.agent->keys)
            if (!w.passed.count(k.name) && w.value(k)) {
                if (!remapped(k)) d.inject.push_back(k.name);
                w.passed.insert(k.name);
            }
        for (const auto& v : w.agent->env)
            if (!w.mentioned.count(v.name)) {
                d.inject.push_back(v.name + "=" + v.value);
                d.fixed.push_back(v.name);
            }
    }
    if (w.agent)
        for (const auto& k : w.agent->keys)
            if (w.passed.count(k.name) && (w.value(k) || w.file_literal.count(k.name))) d.forward.push_back(k.name);

    if (std::string keys = c.from_api ? "" : w.remapped_keys(); !keys.empty()) {
        auto path = world.keep_copy("(remapped keys)", keys);
        if (!path) return Error{fmt::format("cannot pass the remapped keys: {}", path.error())};
        d.inject_files.push_back(std::move(*path));
    }
    for (auto& [i, text] : w.copies_needed) {
        auto path = world.keep_copy(c.env[i].value, text);
        if (!path) return Error{fmt::format("cannot filter env-file {}: {}", c.env[i].value, path.error())};
        d.edits[i].value = std::move(*path);
    }
    d.env = w.runtime_env();
    if (!to_claim.empty()) {
        auto holder = claim_holder(c, *target, to_claim, world);
        if (!holder) return Error{holder.error()};
        // Another agent claimed it since it was asked: judged again, as that agent's.
        if (*holder != to_claim) return decide(config, c, env, world);
    }
    bool edited = std::any_of(d.edits.begin(), d.edits.end(), [](const Edit& e) { return e.op != Edit::Keep; });
    if (edited || !d.mounts.empty() || !d.inject.empty() || !d.inject_files.empty() || !d.labels.empty() || d.exec_id || !d.env.is_all_of(env))
        d.action = Action::Rewrite;
    return d;
}

}  // namespace leash
