#include "core/file_masks.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/glob.h"
#include "core/masks.h"
#include "core/mount_grammar.h"
#include "core/paths.h"
#include "core/strings.h"

namespace leash {
namespace {

// The sockets of the agents that hold keys for the user (ssh, gpg, the desktop keyrings): credential
// stores no tool file lists, masked unless an agent's `sockets` lets one through.
constexpr std::string_view kAgentSockets[] = {
    "$SSH_AUTH_SOCK",
    "$XDG_RUNTIME_DIR/gnupg",
    "$XDG_RUNTIME_DIR/keyring",
    "$XDG_RUNTIME_DIR/gcr",
    "$XDG_RUNTIME_DIR/ssh-agent.socket",
};

// What a shell runs when it starts (or ends): a container that changes one runs code as the user the
// next time a shell starts, leash's hook switched off first.
constexpr std::string_view kStartupFiles[] = {
    "~/.bashrc", "~/.bash_profile", "~/.bash_login", "~/.profile", "~/.bash_logout",
    "$ZDOTDIR/.zshenv", "$ZDOTDIR/.zprofile", "$ZDOTDIR/.zshrc", "$ZDOTDIR/.zlogin", "$ZDOTDIR/.zlogout",
    "$XDG_CONFIG_HOME/fish", "/etc/profile", "/etc/profile.d", "/etc/bash.bashrc", "/etc/zsh", "/etc/fish",
};

// Variables of those paths that have a default when unset.
constexpr std::pair<std::string_view, std::string_view> kPathDefaults[] = {
    {"ZDOTDIR", "~"},
    {"XDG_CONFIG_HOME", "~/.config"},
};

struct Expander {
    const Env& env;
    std::string home;
    // The path variables, looked up once: an environment is searched name by name.
    std::vector<std::pair<std::string_view, std::optional<std::string_view>>> vars;

    Expander(const Env& e, std::string h) : env(e), home(std::move(h)) {
        for (std::string_view n : kPathVariables) vars.emplace_back(n, env_get(env, n));
    }
    std::optional<std::string_view> get(std::string_view name) const {
        for (const auto& [n, v] : vars)
            if (n == name) return v;
        return env_get(env, name);
    }

    // "~/x", "$NAME/x" and absolute paths, as clean absolute paths; nullopt when what it needs is unset.
    std::optional<std::string> operator()(std::string_view p) const {
        if (p == "~" || p.starts_with("~/")) {
            if (home.empty()) return std::nullopt;
            return cleaned(join_path(home, p.substr(std::min<size_t>(2, p.size()))));
        }
        if (p.starts_with('$')) {
            size_t slash = std::min(p.find('/'), p.size());
            std::string_view name = p.substr(1, slash - 1);
            std::optional<std::string_view> v = get(name);
            if (!v || v->empty())
                for (const auto& [n, d] : kPathDefaults)
                    if (n == name) return (*this)(std::string(d) + std::string(p.substr(slash)));
            if (!v || !v->starts_with('/')) return std::nullopt;
            return cleaned(join_path(*v, p.substr(std::min(slash + 1, p.size()))));
        }
        if (!p.starts_with('/')) return std::nullopt;
        return clean_path(p);
    }
};

// Each path as written and, where symlinks lead elsewhere, resolved: the container sees the file either
// way.
void add_both(World& world, std::vector<std::string>& out, std::string path) {
    std::optional<std::string> real = world.real_path(path);
    out.push_back(std::move(path));
    if (real && *real != out.back()) out.push_back(*real);
}

std::vector<Store> stores(const Config& config, const Agent* agent, const Expander& expand, World& world) {
    std::vector<std::pair<std::string_view, std::string_view>> listed;  // path as written, owner
    for (const Agent& a : config.agents)
        for (const std::string& f : a.files) listed.emplace_back(f, a.name);
    for (const std::string& f : config.secret_files) listed.emplace_back(f, "");
    for (std::string_view s : kAgentSockets) listed.emplace_back(s, "");
    // leash's masks: the filtered copies keep their agent's keys.
    if (!config.masks_dir.empty()) listed.emplace_back(config.masks_dir, "");
    std::vector<std::string> let;  // the sockets the agent's config lets through
    if (agent)
        for (const std::string& s : agent->sockets)
            if (auto e = expand(s)) let.push_back(std::move(*e));
    std::vector<Store> out;
    out.reserve(2 * listed.size());
    for (const auto& [written, owner] : listed) {
        auto path = expand(written);
        if (!path) continue;
        std::optional<std::string> real = world.real_path(*path);
        size_t first = out.size();
        out.push_back({std::move(*path), std::string(owner)});
        if (real && *real != out.back().path) out.push_back({std::move(*real), std::string(owner)});
        // A socket the agent's config lets through is the agent's.
        for (size_t i = first; i < out.size() && !let.empty(); i++)
            if (owner.empty() && std::any_of(let.begin(), let.end(), [&](const std::string& g) { return glob_match(g, out[i].path); }))
                out[i].owner = agent->name;
    }
    return out;
}

std::vector<std::string> protected_paths(const Config& config, const Expander& expand, World& world) {
    std::vector<std::string> out;
    out.reserve(2 * (config.own_files.size() + std::size(kStartupFiles)));
    for (const std::string& p : config.own_files)
        if (auto e = expand(p)) add_both(world, out, *e);
    for (std::string_view p : kStartupFiles)
        if (auto e = expand(p)) add_both(world, out, *e);
    return out;
}

// The mounts as the plan reads them: bind sources resolved, globs expanded. `origin[k]` is the index in
// Container::mounts whose flag made mounts[k] alone (nullopt: --volumes-from's, or one match of a glob).
struct ReadMounts {
    std::vector<Mount> mounts;
    std::vector<std::optional<size_t>> origin;
    std::vector<bool> from_glob;
};

ReadMounts read_mounts(const Container& c, const std::vector<Mount>& given, World& world) {
    ReadMounts r;
    for (size_t i = 0; i < given.size(); i++) {
        const Mount& m = given[i];
        std::optional<size_t> own = i < c.mounts.size() ? std::optional(i) : std::nullopt;
        std::vector<Mount> made = m.type == Mount::Glob ? glob_mounts(m, world.glob(m.source)) : std::vector<Mount>{m};
        for (Mount& one : made) {
            // A glob's matches are resolved here; the other binds come resolved (file_masks.h).
            if (one.type == Mount::Bind && m.type == Mount::Glob) one.source = resolved(world, one.source);
            r.mounts.push_back(std::move(one));
            r.origin.push_back(m.type == Mount::Glob ? std::nullopt : own);
            r.from_glob.push_back(m.type == Mount::Glob);
        }
    }
    return r;
}

// The env-files at the top of a host directory: .env, .env.*, and the agents' own .gemini/.env, .qwen/.env.
std::vector<std::string> env_files_in(World& world, const std::string& dir) {
    std::vector<std::string> out;
    for (const std::string& name : world.dir_names(dir))
        if (is_env_file_name(name)) out.push_back(join_path(dir, name));
    for (std::string_view rel : kAgentEnvFiles) out.push_back(join_path(dir, rel));
    std::sort(out.begin(), out.end());
    return out;
}

std::string store_why(const Store* s) {
    if (!s || s->owner.empty()) return "another tool's credential store";
    return fmt::format("{}'s login", s->owner);
}

}  // namespace

std::string resolved(World& world, std::string_view path) {
    std::string dir = clean_path(path), rest;
    for (;;) {
        if (auto real = world.real_path(dir)) return rest.empty() ? *real : clean_path(*real + "/" + rest);
        if (dir == "/" || dir == ".") return clean_path(path);
        size_t slash = dir.rfind('/');
        std::string last = dir.substr(slash == std::string::npos ? 0 : slash + 1);
        rest = rest.empty() ? last : last + "/" + rest;
        dir = slash == std::string::npos ? "." : slash == 0 ? "/" : dir.substr(0, slash);
    }
}

std::string filter_dotenv(std::string_view text, const Credentials& creds, const Agent* agent,
                          std::vector<std::string>& names) {
    constexpr std::string_view kBlank = " \t";
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        size_t end = std::min(text.find('\n', i), text.size());
        std::string_view line = text.substr(i, end - i);
        std::string_view t = line.substr(std::min(line.find_first_not_of(kBlank), line.size()));
        if (t.starts_with("export") && t.size() > 6 && kBlank.find(t[6]) != std::string_view::npos)
            t = t.substr(std::min(t.find_first_not_of(kBlank, 6), t.size()));
        size_t name_end = std::min(t.find_first_of("=: \t"), t.size());
        std::string_view name = t.substr(0, name_end);
        std::string_view rest = t.substr(name_end);
        rest.remove_prefix(std::min(rest.find_first_not_of(kBlank), rest.size()));
        bool assigns = !name.empty() && !name.starts_with('#') && (rest.starts_with('=') || rest.starts_with(':'));
        std::string_view value = assigns ? rest.substr(1) : std::string_view{};
        value.remove_prefix(std::min(value.find_first_not_of(kBlank), value.size()));
        // A quoted value that does not close on its line goes on to the line that closes it.
        if (assigns && !value.empty() && (value[0] == '"' || value[0] == '\'' || value[0] == '`')) {
            char q = value[0];
            size_t close = value.find(q, 1);
            if (close == std::string_view::npos) {
                size_t start = size_t(value.data() - text.data()) + 1;
                size_t stop = std::min(text.find(q, end), text.size());
                end = std::min(text.find('\n', stop), text.size());
                value = text.substr(start, stop - start);
            } else {
                value = value.substr(1, close - 1);
            }
        }
        size_t next = std::min(end + 1, text.size());
        if (assigns && creds.judge(agent, name, value).owner == Owner::Other) {
            if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
        } else {
            out += text.substr(i, next - i);
        }
        i = next;
    }
    return out;
}

Result<FileMasks> mask_files(const Config& config, const Credentials& creds, const Agent* agent, const Container& c,
                             const std::vector<Mount>& given, const std::vector<std::string>& allowed_host,
                             const Env& env, World& world) {
    FileMasks out;
    // Volumes and tmpfs hold no host file.
    if (std::none_of(given.begin(), given.end(), [](const Mount& m) { return m.type == Mount::Bind || m.type == Mount::Glob; }))
        return out;
    Expander expand(env, std::string(env_get(env, "HOME").value_or("")));
    if (!expand.home.empty()) expand.home = resolved(world, expand.home);
    ReadMounts r = read_mounts(c, given, world);
    std::vector<Store> all_stores = stores(config, agent, expand, world);
    std::vector<std::string> protect = protected_paths(config, expand, world);

    // The env-files the container could read at the top of its mounted directories and its working
    // directory, or mounted as files themselves, kept only if they set a credential not the agent's.
    // One stat per host path, whoever asks: the env-files' search remembers the few it asked (the mounts'
    // sources, the working directory, the env-files), which the plan asks again.
    std::vector<std::pair<std::string, std::optional<PathKind>>> asked;
    auto known = [&](const std::string& path) {
        return std::find_if(asked.begin(), asked.end(), [&](const auto& a) { return a.first == path; });
    };
    auto kind_of = [&](const std::string& path) {
        auto it = known(path);
        if (it == asked.end()) it = asked.insert(it, {path, world.path_kind(path)});
        return it->second;
    };
    std::vector<std::string> candidates;
    auto look_in = [&](const std::string& dir) {
        for (std::string& p : env_files_in(world, dir)) candidates.push_back(std::move(p));
    };
    for (const Mount& m : r.mounts) {
        if (m.type != Mount::Bind) continue;
        auto kind = kind_of(m.source);
        if (kind == PathKind::Dir) look_in(m.source);
        if (kind == PathKind::File && is_env_file_name(m.source.substr(m.source.rfind('/') + 1)))
            candidates.push_back(m.source);
    }
    if (c.workdir)
        if (auto h = host_path(r.mounts, *c.workdir); h && kind_of(*h) == PathKind::Dir) look_in(*h);
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    std::vector<std::string> env_files, env_texts;
    std::map<std::string, std::vector<std::string>, std::less<>> env_names;
    for (const std::string& path : candidates) {
        if (kind_of(path) != PathKind::File) continue;
        auto f = world.env_file(path);
        if (!f) return Error{fmt::format("refusing {}: cannot read {}, which the container can: {}", c.runtime,
                                         printable(path), f.error())};
        std::vector<std::string> names;
        std::string kept = filter_dotenv(f->text, creds, agent, names);
        if (names.empty()) continue;
        env_files.push_back(path);
        env_texts.push_back(std::move(kept));
        env_names[path] = std::move(names);
    }

    MaskQuery q{agent ? std::string_view(agent->name) : std::string_view{}, expand.home, r.mounts, all_stores,
                protect, env_files, config.masks_dir};
    auto plan = plan_masks(q, [&](const std::string& path) {
        auto it = known(path);
        return it == asked.end() ? world.path_kind(path) : it->second;
    });
    if (!plan) return Error{fmt::format("refusing {}: {}", c.runtime, plan.error())};
    for (const MaskNote& n : plan->creatable) {
        if (std::find(allowed_host.begin(), allowed_host.end(), n.via) != allowed_host.end()) continue;
        return Error{fmt::format("refusing {}: {} would let the container create {}, which a shell or leash reads; "
                                 "mount it read-only (:ro), or mount a project's directory instead",
                                 c.runtime, printable(n.via), printable(n.name))};
    }
    for (const Mask& m : plan->masks) {
        std::string source = m.host;
        if (m.source != Mask::SamePath) {
            auto kept = world.keep_mask(m.source, m.source == Mask::EnvCopy ? env_texts[m.env_file] : "");
            if (!kept) return Error{fmt::format("cannot mask {}: {}", printable(m.host), kept.error())};
            source = std::move(*kept);
        }
        if (m.replaces) {
            if (r.from_glob[*m.replaces])
                return Error{fmt::format("refusing {}: {} matches {}, which is to be masked; mount the others one by one",
                                         c.runtime, printable(r.mounts[*m.replaces].via), printable(m.host))};
            // --volumes-from's mount has no flag: the mask at its target takes its place.
            if (auto own = r.origin[*m.replaces]) out.dropped.push_back(*own);
        }
        if (auto words = bind_flags(c.runtime, source, m.target, true); !words)
            return Error{fmt::format("refusing {}: cannot mask {}: {}", c.runtime, printable(m.host), words.error())};
        out.mounts.emplace_back(std::move(source), m.target);
    }
    for (const MaskNote& n : plan->withheld) {
        std::string why;
        if (auto e = env_names.find(n.name); e != env_names.end()) {
            why = fmt::format("it sets {}", join(e->second, ", "));
        } else {
            const Store* best = nullptr;
            for (const Store& s : all_stores)
                if (path_within(n.name, s.path) && (!best || s.path.size() > best->path.size())) best = &s;
            why = store_why(best);
        }
        out.withheld.push_back({n.name, n.via, std::move(why)});
    }
    for (const MaskNote& n : plan->read_only) out.read_only.push_back({n.name, n.via, "leash or a shell reads it"});
    return out;
}

}  // namespace leash
