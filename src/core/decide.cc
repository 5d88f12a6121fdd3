#include "core/decide.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/envfile.h"
#include "core/strings.h"

namespace leash {
namespace {

// A remapped key (keys = NAME=HOSTNAME) reaches the container through an env-file of leash's own, a sealed
// memfd, and never through the runtime's environment: there, a second pass could not tell NAME holding
// HOSTNAME's value from NAME holding the host's own NAME, and no marker leash left for itself in the
// environment could be told from one the caller forged.
bool remapped(const Key& k) { return k.host != k.name; }

struct Walk {
    const Config& config;
    const Agent* agent;  // null: withhold every credential
    const Env& env;
    Decision& d;

    std::set<std::string, std::less<>> mentioned = {};  // named by -e or an env-file line
    std::set<std::string, std::less<>> passed = {};     // agent keys that reach the container
    std::map<std::string, std::string, std::less<>> literal = {};  // key -> value of its last -e KEY=value
    std::set<std::string, std::less<>> file_literal = {};          // keys an env-file gives a value
    std::vector<std::pair<size_t, std::string>> copies_needed = {};  // env-file entry -> its filtered text

    const Key* key(std::string_view name) const {
        if (!agent) return nullptr;
        for (const auto& k : agent->keys)
            if (k.name == name) return &k;
        return nullptr;
    }
    bool withheld(std::string_view name) const { return !key(name) && config.is_credential(name); }

    void withhold(std::string_view name, const std::string& via) {
        auto w = std::find_if(d.withheld.begin(), d.withheld.end(), [&](const Withheld& x) { return x.name == name; });
        if (w == d.withheld.end()) w = d.withheld.insert(w, {std::string(name), {}});
        if (std::find(w->via.begin(), w->via.end(), via) == w->via.end()) w->via.push_back(via);
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
            if (withheld(n)) withhold(n, via);
        }
        if (agent)
            for (const auto& k : agent->keys)
                if (std::string_view(k.name).starts_with(prefix) && value(k)) passed.insert(k.name);
    }

    // A variable named by -e NAME or a bare env-file line, or set by NAME=value. True if it may stay.
    bool named(std::string_view name, const std::string& via) {
        mentioned.emplace(name);
        if (withheld(name)) {
            withhold(name, via);
            return false;
        }
        if (key(name)) passed.emplace(name);
        return true;
    }

    void env_flag(size_t i, std::string_view v) {
        // podman trims the whitespace before a name; judge the name it will read.
        v.remove_prefix(std::min(v.find_first_not_of(" \t\n\v\f\r"), v.size()));
        size_t eq = v.find('=');
        if (eq != std::string_view::npos) {
            std::string_view name = v.substr(0, eq);
            if (!named(name, "-e")) {
                d.edits[i].op = Edit::Drop;
            } else if (const Key* k = key(name)) {
                // A key's value never stays on the command line, where ps shows it.
                literal.insert_or_assign(std::string(name), std::string(v.substr(eq + 1)));
                d.edits[i] = remapped(*k) ? Edit{Edit::Drop, {}} : Edit{Edit::Replace, std::string(name)};
                d.lifted.emplace_back(name);
            }
        } else if (v.ends_with('*')) {
            copies(v.substr(0, v.size() - 1), fmt::format("-e '{}'", v));
        } else {
            const Key* k = key(v);
            if (!named(v, "-e") || (k && remapped(*k))) d.edits[i].op = Edit::Drop;
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
                keep = named(line.name, via);
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

    Env runtime_env() const {
        Env out;
        for (const auto& e : env) {
            std::string_view n = env_name(e);
            if (!key(n) && !withheld(n)) out.push_back(e);
        }
        // Only the keys that reach the container: an exec that names none keeps none, as a second pass,
        // which sees an exec that passes nothing, would find.
        if (agent)
            for (const auto& k : agent->keys)
                if (auto v = value(k); v && passed.count(k.name) && !remapped(k))
                    out.push_back(fmt::format("{}={}", k.name, *v));
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

// Whether a credential could reach the container, judged without reading anything: an env-file might
// hold one. Only then is the runtime asked about an image its reference did not recognize.
bool may_carry_credential(const Config& config, const Container& c, const Env& env) {
    auto any_in_env = [&](std::string_view prefix) {
        return std::any_of(env.begin(), env.end(), [&](const std::string& e) {
            std::string_view n = env_name(e);
            return n.size() < e.size() && n.starts_with(prefix) && config.is_credential(n);
        });
    };
    for (const auto& s : c.env) {
        std::string_view v = s.value;
        v.remove_prefix(std::min(v.find_first_not_of(" \t\n\v\f\r"), v.size()));
        size_t eq = v.find('=');
        if (s.kind == EnvKind::File) return true;
        if (s.kind == EnvKind::HostEnv ? s.on && any_in_env("")
            : eq == std::string_view::npos && v.ends_with('*') ? any_in_env(v.substr(0, v.size() - 1))
                                                                : config.is_credential(v.substr(0, eq)))
            return true;
    }
    return false;
}

}  // namespace

Result<Decision> decide(const Config& config, const Container& c, const Env& env, World& world) {
    Decision d;
    d.edits.resize(c.env.size());
    d.env = env;

    std::optional<ContainerFacts> target;
    if (exec_needs_target(c, env) && c.container) target = world.container(c, *c.container);
    auto recognition = recognize(config, c, env, target ? &*target : nullptr);
    if (!recognition) return Error{recognition.error()};
    // An image known under another name: an alias tag, an ID or a digest is recognized like its name.
    if (recognition->kind == Recognition::Other && c.sub != Subcommand::Exec && c.image && !c.help &&
        may_carry_credential(config, c, env))
        if (auto image = world.image(c, *c.image)) {
            recognition = recognize(config, c, env, nullptr, &*image);
            if (!recognition) return Error{recognition.error()};
        }
    d.recognition = std::move(*recognition);
    if (!needs_env_files(config, d.recognition)) return d;
    if (target && !target->id.empty() && target->id != c.container) d.exec_id = target->id;

    std::vector<std::optional<FileText>> files(c.env.size());
    for (size_t i = 0; i < c.env.size(); i++) {
        if (c.env[i].kind != EnvKind::File) continue;
        auto f = read_env_files(world, c.runtime, c.env[i].value);
        if (!f) return Error{f.error()};
        files[i] = std::move(*f);
    }

    Walk w{config, d.recognition.kind == Recognition::Agent ? d.recognition.agent : nullptr, env, d};
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

    if (std::string keys = w.remapped_keys(); !keys.empty()) {
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
    bool edited = std::any_of(d.edits.begin(), d.edits.end(), [](const Edit& e) { return e.op != Edit::Keep; });
    if (edited || !d.inject.empty() || !d.inject_files.empty() || !d.labels.empty() || d.exec_id || d.env != env)
        d.action = Action::Rewrite;
    return d;
}

}  // namespace leash
