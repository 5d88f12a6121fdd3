#include "core/mount_grammar.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "core/go_text.h"
#include "core/paths.h"
#include "core/strings.h"

namespace leash {
namespace {

using Mounts = std::vector<Mount>;

struct Cut {
    std::string_view before, after;
    bool found;
};

Cut cut(std::string_view s, char sep) {
    size_t at = s.find(sep);
    if (at == std::string_view::npos) return {s, {}, false};
    return {s.substr(0, at), s.substr(at + 1), true};
}

bool one_of(std::string_view s, std::initializer_list<std::string_view> set) {
    return std::find(set.begin(), set.end(), s) != set.end();
}

// `s` is one of the words of `list` (separated by spaces): the tables below keep their sets so.
bool in_words(std::string_view list, std::string_view s) {
    for (std::string_view w : split(list, ' '))
        if (!w.empty() && w == s) return true;
    return false;
}

Mount make(Mount::Type type, std::string_view source, std::string_view target, bool readonly,
           std::string_view flag) {
    Mount m;
    m.type = type;
    m.source = type == Mount::Bind ? clean_path(source) : std::string(source);
    m.target = target.empty() ? std::string() : clean_path(target);
    m.readonly = readonly;
    m.via = fmt::format("{} {}{}{}", flag, source, source.empty() ? "" : ":", target);
    return m;
}

// A container path as the runtimes accept one: absolute; docker and nerdctl refuse the root itself,
// podman mounts the source as the container's root filesystem.
Result<std::string_view> container_path(std::string_view p, std::string_view flag, bool root_ok = false) {
    if (p.empty()) return Error{fmt::format("{}: no path in the container", flag)};
    if (!p.starts_with('/')) return Error{fmt::format("{}: the container path \"{}\" is not absolute", flag, p)};
    if (!root_ok && clean_path(p) == "/") return Error{fmt::format("{}: the container path cannot be /", flag)};
    return p;
}

// ---- docker ----

// The daemon's linuxValidMountMode: each option known, at most one of each kind.
bool docker_valid_mode(std::string_view mode) {
    if (mode.empty()) return true;
    static constexpr std::string_view kKinds[] = {
        "rw ro", "z Z", "private rprivate slave rslave shared rshared", "nocopy", "consistent cached delegated"};
    int seen[std::size(kKinds)] = {};
    for (std::string_view o : split(mode, ',')) {
        size_t k = 0;
        while (k < std::size(kKinds) && !in_words(kKinds[k], o)) k++;
        if (k == std::size(kKinds) || ++seen[k] > 1) return false;
    }
    return true;
}

bool has_option(std::string_view options, std::string_view o) {
    auto all = split(options, ',');
    return std::find(all.begin(), all.end(), o) != all.end();
}

// The bytes of the rune at the start of `s` as Go's range loop decodes it: an invalid sequence is one
// byte (U+FFFD), so a ':' is never taken into a rune.
size_t rune_len(std::string_view s) {
    uint8_t lead = s[0];
    size_t n = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF8 ? 4 : 1;
    if (n > s.size()) return 1;
    for (size_t i = 1; i < n; i++)
        if ((uint8_t(s[i]) & 0xC0) != 0x80) return 1;
    return n;
}

// The CLI's volumespec.Parse, for what it decides: whether the value names a source at all (no source:
// an anonymous volume, which the CLI sends as Config.Volumes), or its error. A ':' after one letter is a
// Windows drive's and stays in the field; any valid non-ASCII rune counts as a letter here (an invalid
// byte is U+FFFD, no letter), which changes only where a volume name ends, never a host path's (those
// start with '/' or '.').
Result<bool> docker_cli_has_source(std::string_view spec) {
    if (spec.empty()) return Error{"-v: an empty volume spec"};
    if (spec.size() <= 2) return false;
    std::string field;
    size_t runes = 0;
    bool source = false, target = false, first_letter = false;
    for (size_t i = 0; i <= spec.size();) {
        bool end = i == spec.size();
        size_t n = end ? 1 : rune_len(spec.substr(i));
        bool colon = !end && spec[i] == ':';
        if (colon && runes == 1 && first_letter) {
            field += ':';
            runes++;
        } else if (colon || end) {
            if (field.empty()) return Error{"-v: an empty section between colons"};
            if (!source && end)
                target = true;
            else if (!source)
                source = true;
            else if (!target)
                target = true;
            else if (colon)
                return Error{"-v: too many colons"};
            field.clear();
            runes = 0;
        } else {
            if (runes == 0) first_letter = n > 1 || std::isalpha(uint8_t(spec[i]));
            field.append(spec.substr(i, n));
            runes++;
        }
        i += n;
    }
    return source;
}

Result<Mounts> docker_volume(std::string_view spec) {
    auto has_source = docker_cli_has_source(spec);
    if (!has_source) return Error{has_source.error()};
    if (!*has_source) return Mounts{make(Mount::Volume, {}, spec, false, "-v")};
    // The CLI makes a source that starts with '.' absolute, so that the daemon binds it; the daemon then
    // reads SOURCE:TARGET[:MODE] (ParseMountRaw).
    std::vector<std::string_view> parts;
    std::string_view rest = spec;
    while (parts.size() < 3) {
        Cut c = cut(rest, ':');
        parts.push_back(c.before);
        if (!c.found) break;
        rest = c.after;
        if (parts.size() == 3) return Error{"-v: too many colons"};
    }
    if (parts.size() < 2) return Error{"-v: no path in the container"};
    std::string_view mode = parts.size() == 3 ? parts[2] : "";
    if (parts.size() == 2 && docker_valid_mode(parts[1])) return Error{"-v: no path in the container"};
    if (!docker_valid_mode(mode)) return Error{fmt::format("-v: invalid mode \"{}\"", mode)};
    auto target = container_path(parts[1], "-v");
    if (!target) return Error{target.error()};
    bool bind = parts[0].starts_with('/') || parts[0].starts_with('.');
    return Mounts{make(bind ? Mount::Bind : Mount::Volume, parts[0], *target, has_option(mode, "ro"), "-v")};
}

// The options of a named volume that the local driver turns into a mount of its own: device=PATH with
// o=bind binds a host path, and with a filesystem type mounts a host device. Either way the container
// gets what is at PATH, so leash reads it as a bind of PATH.
struct VolumeDevice {
    std::optional<std::string> device;
    void read(std::string_view opt) {
        Cut c = cut(opt, '=');
        if (c.before == "device") device = std::string(c.after);
    }
};

Result<Mounts> docker_mount(std::string_view value) {
    std::string_view v = go_trim_space(value);
    if (v.empty()) return Error{"--mount: an empty value"};
    auto records = go_csv(v, true);
    if (!records) return Error{fmt::format("--mount: {}", records.error())};
    std::string type = "volume", source, target;
    bool readonly = false;
    VolumeDevice volume;
    for (std::string_view field : (*records)[0]) {
        Cut kv = cut(field, '=');
        if (go_trim_space(kv.before) != kv.before)
            return Error{fmt::format("--mount: option \"{}\" has spaces around it", go_trim_space(kv.before))};
        std::string key = ascii_lowered(kv.before);
        if (kv.found && go_trim_space(kv.after).empty()) return Error{fmt::format("--mount: {} is empty", key)};
        if (kv.found && go_trim_space(kv.after) != kv.after)
            return Error{fmt::format("--mount: the value of {} has spaces around it", key)};
        if (!kv.found && !one_of(key, {"readonly", "ro", "volume-nocopy", "bind-nonrecursive", "bind-create-src"}))
            return Error{fmt::format("--mount: \"{}\" is not a key=value pair", key)};
        if (key == "type") {
            type = ascii_lowered(kv.after);
        } else if (key == "source" || key == "src") {
            source = kv.after;
        } else if (key == "target" || key == "dst" || key == "destination") {
            target = kv.after;
        } else if (key == "readonly" || key == "ro") {
            auto b = kv.found ? go_parse_bool(kv.after) : std::optional<bool>(true);
            if (!b) return Error{fmt::format("--mount: {} takes true or false", key)};
            readonly = *b;
        } else if (key == "volume-opt") {
            volume.read(kv.after);
        } else if (!one_of(key, {"consistency", "bind-propagation", "bind-nonrecursive", "bind-recursive",
                                 "bind-create-src", "volume-subpath", "volume-nocopy", "volume-label",
                                 "volume-driver", "image-subpath", "tmpfs-size", "tmpfs-mode"})) {
            // The rest decide nothing about what of the host the container sees.
            return Error{fmt::format("--mount: unknown option \"{}\"", key)};
        }
    }
    auto at = container_path(target, "--mount");
    if (!at) return Error{at.error()};
    if (type == "bind") {
        if (source.empty()) return Error{"--mount: a bind mount needs a source"};
        return Mounts{make(Mount::Bind, source, *at, readonly, "--mount")};
    }
    if (type == "volume" && volume.device) return Mounts{make(Mount::Bind, *volume.device, *at, readonly, "--mount")};
    if (type == "volume") return Mounts{make(Mount::Volume, source, *at, readonly, "--mount")};
    if (type == "tmpfs") return Mounts{make(Mount::Tmpfs, {}, *at, readonly, "--mount")};
    if (type == "image") return Mounts{make(Mount::Other, source, *at, true, "--mount")};
    return Error{fmt::format("--mount: unknown mount type \"{}\"", type)};
}

// ---- podman ----

// pkg/parse ValidateVolumeOpts: each option known, at most one of each kind.
Status podman_check_volume_options(const std::vector<std::string_view>& options) {
    static constexpr std::string_view kKinds[] = {
        "noexec exec", "nodev dev", "nosuid suid", "rw ro", "z Z O", "U",
        "private rprivate shared rshared slave rslave unbindable runbindable", "bind rbind", "copy nocopy",
        "no-dereference",
        "cached delegated nocreate",  // no limit on these
    };
    int seen[std::size(kKinds)] = {};
    int upper = 0, work = 0;
    for (std::string_view o : options) {
        if (o.find("upperdir") != std::string_view::npos) {
            if (++upper > 1) return Error{"-v: more than one upperdir"};
            continue;
        }
        if (o.find("workdir") != std::string_view::npos) {
            if (++work > 1) return Error{"-v: more than one workdir"};
            continue;
        }
        if (o.starts_with("idmap")) continue;
        size_t k = 0;
        while (k < std::size(kKinds) && !in_words(kKinds[k], o)) k++;
        if (k == std::size(kKinds)) return Error{fmt::format("-v: invalid option \"{}\"", o)};
        if (++seen[k] > 1 && k + 1 < std::size(kKinds))
            return Error{fmt::format("-v: more than one of the kind of \"{}\"", o)};
    }
    return Unit{};
}

Result<Mounts> podman_volume(std::string_view spec) {
    auto parts = split(spec, ':');
    if (parts.size() > 3) return Error{"-v: too many colons"};
    if (parts.size() == 1) {
        auto at = container_path(parts[0], "-v", true);
        if (!at) return Error{at.error()};
        return Mounts{make(Mount::Volume, {}, *at, false, "-v")};
    }
    std::vector<std::string_view> options;
    if (parts.size() == 3) options = split(parts[2], ',');
    if (auto ok = podman_check_volume_options(options); !ok) return Error{ok.error()};
    std::string_view source = parts[0];
    if (source.empty()) return Error{"-v: an empty host path"};
    auto at = container_path(parts[1], "-v", true);
    if (!at) return Error{at.error()};
    auto has = [&](std::string_view o) { return std::find(options.begin(), options.end(), o) != options.end(); };
    if (!source.starts_with('/') && !source.starts_with('.'))
        return Mounts{make(Mount::Volume, source, *at, has("ro"), "-v")};
    if (!has("O")) return Mounts{make(Mount::Bind, source, *at, has("ro"), "-v")};
    // An overlay: the container sees the source and cannot change it; with an upperdir (libpod's
    // getOverlayUpperAndWorkDir) it writes there, and sees what is there too.
    Mounts out{make(Mount::Bind, source, *at, true, "-v")};
    for (std::string_view o : options)
        if (o.starts_with("upperdir") && cut(o, '=').found && !cut(o, '=').after.empty())
            out.push_back(make(Mount::Bind, cut(o, '=').after, *at, false, "-v"));
    return out;
}

// podman's --mount types, and how each reads its options: the first five with parseMountOptions
// (specgenutil/volumes.go), the others with their own loops. `inert` are the keys that decide nothing
// about what of the host the container sees; the others are read below.
struct PodmanType {
    std::string_view name;
    Mount::Type type;
    bool options;  // parseMountOptions: readonly/ro/rw
    bool source;   // takes src/source
    std::string_view inert;
};

constexpr std::string_view kPodmanOptions =
    "bind-nonrecursive bind-propagation consistency idmap nodev dev noexec exec nosuid suid noswap relabel "
    "shared rshared private rprivate slave rslave unbindable runbindable Z z no-dereference subpath "
    "volume-subpath tmpcopyup notmpcopyup tmpfs-mode tmpfs-size U chown nocreate volume-opt";

constexpr PodmanType kPodmanTypes[] = {
    {"bind", Mount::Bind, true, true, kPodmanOptions},
    {"glob", Mount::Glob, true, true, kPodmanOptions},
    {"volume", Mount::Volume, true, true, kPodmanOptions},
    {"tmpfs", Mount::Tmpfs, true, false, kPodmanOptions},
    {"ramfs", Mount::Tmpfs, true, false, kPodmanOptions},
    {"devpts", Mount::Other, false, false, "uid gid mode ptmxmode newinstance max"},
    {"image", Mount::Other, false, true, "subpath consistency"},  // and rw/readwrite
    {"artifact", Mount::Other, false, true, "title digest name"},
};

Result<Mounts> podman_mount(std::string_view value) {
    auto records = go_csv(value);
    if (!records) return Error{fmt::format("--mount: {}", records.error())};
    if (records->size() != 1) return Error{"--mount: not one mount"};
    // FindMountType: the first "type=X" is the type; another one is an unknown option below.
    std::string_view type_name = "volume";
    std::vector<std::string_view> tokens;
    bool typed = false;
    for (const std::string& f : (*records)[0]) {
        auto kv = split(f, '=');
        if (typed || kv.size() != 2 || kv[0] != "type") {
            tokens.push_back(f);
        } else {
            type_name = kv[1];
            typed = true;
        }
    }
    auto type = std::find_if(std::begin(kPodmanTypes), std::end(kPodmanTypes),
                             [&](const PodmanType& t) { return t.name == type_name; });
    if (type == std::end(kPodmanTypes)) return Error{fmt::format("--mount: unknown mount type \"{}\"", type_name)};

    std::string_view source, target;
    bool readonly = type->name == "image" || type->name == "artifact", rorw_set = false;
    VolumeDevice volume;
    for (std::string_view arg : tokens) {
        Cut kv = cut(arg, '=');
        std::string_view name = kv.before;
        if (one_of(name, {"target", "dst", "dest", "destination"})) {
            if (!kv.found) return Error{fmt::format("--mount: {} needs a value", name)};
            auto at = container_path(kv.after, "--mount", true);
            if (!at) return Error{at.error()};
            target = *at;
        } else if (type->source && one_of(name, {"src", "source"})) {
            if (kv.after.empty()) return Error{"--mount: an empty source"};
            source = kv.after;
        } else if (type->options && one_of(name, {"readonly", "ro", "rw"})) {
            if (rorw_set) return Error{"--mount: readonly, ro or rw more than once"};
            rorw_set = true;
            // true and false in any case; any other value adds no option: the mount stays writable.
            bool on = !kv.found || ascii_lowered(kv.after) == "true";
            bool off = kv.found && ascii_lowered(kv.after) == "false";
            readonly = name == "rw" ? off : on;
        } else if (type->name == "image" && one_of(name, {"rw", "readwrite"})) {
            if (kv.after != "true" && kv.after != "false") return Error{"--mount: rw takes true or false"};
            readonly = kv.after != "true";
        } else if (type->name == "volume" && name == "volume-opt") {
            volume.read(kv.after);
        } else if (!in_words(type->inert, name)) {
            return Error{fmt::format("--mount: unknown option \"{}\" for a {} mount", name, type->name)};
        }
    }
    if (target.empty() && type->type != Mount::Glob) return Error{"--mount: no path in the container"};
    if (type->type == Mount::Bind) source = source.empty() ? target : source;
    if (volume.device) return Mounts{make(Mount::Bind, *volume.device, target, readonly, "--mount")};
    if (type->type == Mount::Other && type->source && source.empty())
        return Error{fmt::format("--mount: a {} mount needs a source", type->name)};
    return Mounts{make(type->type, source, target, readonly, "--mount")};
}

// ---- nerdctl ----

// identifiers.ValidateDockerCompat: what nerdctl takes for a volume's name; any other source is a path.
bool nerdctl_volume_name(std::string_view s) {
    auto word = [](char c) { return std::isalnum(uint8_t(c)); };
    if (s.size() < 2 || !word(s[0])) return false;
    return std::all_of(s.begin() + 1, s.end(), [&](char c) { return word(c) || c == '_' || c == '.' || c == '-'; });
}

Result<Mounts> nerdctl_volume(std::string_view spec) {
    while (spec.starts_with(':')) spec.remove_prefix(1);
    auto parts = split(spec, ':');
    if (parts.size() > 3) return Error{"-v: too many colons"};
    if (parts[0].empty()) return Error{"-v: an empty volume spec"};
    if (parts.size() == 1) return Mounts{make(Mount::Volume, {}, parts[0], false, "-v")};
    auto at = container_path(parts[1], "-v");
    if (!at) return Error{at.error()};
    bool bind = !nerdctl_volume_name(parts[0]);
    // parseVolumeOptions: unknown options are only warned about.
    std::vector<std::string_view> write, propagation, recursion;
    if (parts.size() == 3)
        for (std::string_view o : split(parts[2], ',')) {
            if (one_of(o, {"rw", "ro", "rro"})) write.push_back(o);
            if (one_of(o, {"private", "rprivate", "shared", "rshared", "slave", "rslave"})) propagation.push_back(o);
            if (one_of(o, {"bind", "rbind"})) recursion.push_back(o);
        }
    if (write.size() > 1 || propagation.size() > 1 || recursion.size() > 1)
        return Error{"-v: an option of one kind more than once"};
    if (!bind && (!propagation.empty() || !recursion.empty()))
        return Error{"-v: propagation and bind options are for bind mounts"};
    bool readonly = !write.empty() && write[0] != "rw";
    return Mounts{make(bind ? Mount::Bind : Mount::Volume, parts[0], *at, readonly, "-v")};
}

Result<Mounts> nerdctl_mount(std::string_view value) {
    std::string_view type = "volume", source, target, propagation;
    bool readonly = false, nonrecursive = false;
    for (std::string_view field : split(value, ',')) {
        Cut kv = cut(field, '=');
        std::string key = ascii_lowered(kv.before);
        if (!kv.found && one_of(key, {"readonly", "ro", "rro"})) {
            readonly = true;
            continue;
        }
        if (!kv.found && key == "bind-nonrecursive") {
            nonrecursive = true;
            continue;
        }
        if (!kv.found) return Error{fmt::format("--mount: \"{}\" is not a key=value pair", key)};
        if (key == "type") {
            if (!one_of(kv.after, {"tmpfs", "bind", "image", "volume"}))
                return Error{fmt::format("--mount: unknown mount type \"{}\"", kv.after)};
            type = kv.after;
        } else if (key == "source" || key == "src") {
            source = kv.after;
        } else if (key == "target" || key == "dst" || key == "destination") {
            target = kv.after;
        } else if (one_of(key, {"readonly", "ro", "rro", "bind-nonrecursive"})) {
            auto b = go_parse_bool(kv.after);
            if (!b) return Error{fmt::format("--mount: {} takes true or false", key)};
            // readonly=false leaves an earlier readonly as it was.
            if (key == "bind-nonrecursive")
                nonrecursive = *b;
            else
                readonly = readonly || *b;
        } else if (key == "bind-propagation") {
            propagation = kv.after;
        } else if (!one_of(key, {"bind-recursive", "tmpfs-size", "tmpfs-mode"})) {
            return Error{fmt::format("--mount: unknown option \"{}\"", key)};
        }
    }
    if (type == "image") {
        if (source.empty() || target.empty()) return Error{"--mount: an image mount needs a source and a target"};
        return Mounts{make(Mount::Other, source, target, true, "--mount")};
    }
    if (type == "tmpfs") return Mounts{make(Mount::Tmpfs, {}, target, readonly, "--mount")};
    // nerdctl writes bind and volume mounts out as a -v value and reads that: the source decides between
    // a bind and a volume, whatever the type said, and a ':' in a path moves the fields.
    std::string spec = fmt::format("{}:{}", source, target);
    std::vector<std::string_view> options;
    if (!propagation.empty()) options.push_back(propagation);
    if (type == "bind") options.push_back(nonrecursive ? "bind" : "rbind");
    for (size_t i = 0; i < options.size(); i++) spec += fmt::format("{}{}", i ? "," : ":", options[i]);
    auto mounts = nerdctl_volume(spec);
    if (!mounts) return Error{"--mount" + mounts.error().substr(2)};
    for (Mount& m : *mounts) {
        m.readonly = m.readonly || readonly;
        m.via = "--mount" + m.via.substr(2);
    }
    return mounts;
}

// ---- both ways, for docker ----

// docker's reading and podman's, together (see read_volume).
Result<Mounts> both(Result<Mounts> docker, Result<Mounts> podman) {
    if (!docker) return podman ? podman : docker;
    if (!podman) return docker;
    for (const Mount& p : *podman) {
        auto same = std::find_if(docker->begin(), docker->end(), [&](const Mount& d) {
            return d.type == p.type && d.source == p.source && d.target == p.target;
        });
        if (same == docker->end())
            docker->push_back(p);
        else
            same->readonly = same->readonly && p.readonly;
    }
    return docker;
}

Result<VolumesFrom> docker_volumes_from(std::string_view value) {
    Cut c = cut(value, ':');
    if (c.before.empty()) return Error{"--volumes-from: no container"};
    if (!docker_valid_mode(c.after)) return Error{fmt::format("--volumes-from: invalid mode \"{}\"", c.after)};
    for (std::string_view o : split(c.after, ','))
        if (one_of(o, {"private", "rprivate", "slave", "rslave", "shared", "rshared", "nocopy"}))
            return Error{fmt::format("--volumes-from: invalid mode \"{}\"", c.after)};
    return VolumesFrom{std::string(c.before), has_option(c.after, "ro") ? VolumesFrom::ReadOnly : VolumesFrom::Keep};
}

Result<VolumesFrom> podman_volumes_from(std::string_view value) {
    Cut c = cut(value, ':');
    if (c.before.empty()) return Error{"--volumes-from: no container"};
    VolumesFrom from{std::string(c.before)};
    if (!c.found) return from;
    int z = 0, rorw = 0;
    for (std::string_view o : split(c.after, ',')) {
        if (o == "z" && ++z == 1) continue;
        if ((o == "ro" || o == "rw") && ++rorw == 1) {
            from.mode = o == "ro" ? VolumesFrom::ReadOnly : VolumesFrom::ReadWrite;
            continue;
        }
        return Error{fmt::format("--volumes-from: invalid option \"{}\" (z, ro or rw, once each)", o)};
    }
    return from;
}

Result<VolumesFrom> nerdctl_volumes_from(std::string_view value) {
    if (value.empty()) return Error{"--volumes-from: no container"};
    return VolumesFrom{std::string(value)};
}

// Each grammar's readers, in MountGrammar's order.
struct Readers {
    Result<Mounts> (*volume)(std::string_view);
    Result<Mounts> (*mount)(std::string_view);
    Result<VolumesFrom> (*volumes_from)(std::string_view);
};
constexpr Readers kReaders[] = {
    {docker_volume, docker_mount, docker_volumes_from},
    {podman_volume, podman_mount, podman_volumes_from},
    {nerdctl_volume, nerdctl_mount, nerdctl_volumes_from},
};

const Readers& readers(MountGrammar g) { return kReaders[size_t(g)]; }

}  // namespace

MountGrammar mount_grammar(std::string_view runtime) {
    if (runtime == "podman" || runtime == "podman-remote") return MountGrammar::Podman;
    if (runtime == "nerdctl") return MountGrammar::Nerdctl;
    return MountGrammar::Docker;
}

Result<Mounts> read_volume(MountGrammar g, std::string_view value) { return readers(g).volume(value); }
Result<Mounts> read_mount(MountGrammar g, std::string_view value) { return readers(g).mount(value); }
Result<VolumesFrom> read_volumes_from(MountGrammar g, std::string_view value) { return readers(g).volumes_from(value); }

Result<Mount> read_tmpfs(std::string_view value) {
    auto at = container_path(value.substr(0, value.find(':')), "--tmpfs");
    if (!at) return Error{at.error()};
    return make(Mount::Tmpfs, {}, *at, false, "--tmpfs");
}

Result<Mounts> read_volume(std::string_view runtime, std::string_view value) {
    MountGrammar g = mount_grammar(runtime);
    if (g != MountGrammar::Docker) return read_volume(g, value);
    return both(docker_volume(value), podman_volume(value));
}

Result<Mounts> read_mount(std::string_view runtime, std::string_view value) {
    MountGrammar g = mount_grammar(runtime);
    if (g != MountGrammar::Docker) return read_mount(g, value);
    return both(docker_mount(value), podman_mount(value));
}

Result<VolumesFrom> read_volumes_from(std::string_view runtime, std::string_view value) {
    MountGrammar g = mount_grammar(runtime);
    if (g != MountGrammar::Docker) return read_volumes_from(g, value);
    auto docker = docker_volumes_from(value);
    auto podman = podman_volumes_from(value);
    if (!docker) return podman ? podman : docker;
    // podman's rw makes read-only mounts writable, which docker's never does: the less protected reading.
    if (podman && podman->mode == VolumesFrom::ReadWrite) return podman;
    return docker;
}

std::vector<Mount> mounts_from(const VolumesFrom& from, const std::vector<Mount>& theirs) {
    std::vector<Mount> out = theirs;
    for (Mount& m : out) {
        if (from.mode != VolumesFrom::Keep) m.readonly = from.mode == VolumesFrom::ReadOnly;
        m.via = "--volumes-from " + from.container;
    }
    return out;
}

std::vector<Mount> glob_mounts(const Mount& glob, const std::vector<std::string>& matches) {
    std::vector<Mount> out;
    for (const std::string& path : matches) {
        Mount m = glob;
        m.type = Mount::Bind;
        m.source = clean_path(path);
        std::string_view name = std::string_view(m.source).substr(m.source.rfind('/') + 1);
        m.target = glob.target.empty() ? m.source : join_path(glob.target, name);
        out.push_back(std::move(m));
    }
    return out;
}

namespace {

// One --mount field as encoding/csv reads it back.
std::string csv_field(std::string_view field) {
    if (field.find_first_of(",\"\n") == std::string_view::npos) return std::string(field);
    std::string out = "\"";
    for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

bool spaced(std::string_view p) { return go_space_prefix(p) || go_space_suffix(p); }

}  // namespace

Result<std::vector<std::string>> bind_flags(std::string_view runtime, std::string_view source,
                                            std::string_view target, bool readonly) {
    if (!source.starts_with('/') || !target.starts_with('/'))
        return Error{"a mask needs absolute paths on the host and in the container"};
    // -v splits at every ':'; docker refuses a --mount value with spaces at its ends, and encoding/csv
    // reads "\r\n" in a quoted field as "\n"; nerdctl splits --mount at every ',' and reads no quotes.
    bool mount_ok = mount_grammar(runtime) != MountGrammar::Nerdctl && !spaced(source) && !spaced(target) &&
                    (source.find('\r') == std::string_view::npos && target.find('\r') == std::string_view::npos);
    if (mount_ok)
        return std::vector<std::string>{
            "--mount", fmt::format("type=bind,{},{}{}", csv_field(fmt::format("src={}", source)),
                                   csv_field(fmt::format("dst={}", target)), readonly ? ",readonly" : "")};
    if (source.find(':') != std::string_view::npos || target.find(':') != std::string_view::npos)
        return Error{fmt::format("no {} flag can mount a path with both a ':' and a space at its end, a '\\r' "
                                 "or (nerdctl) a ','",
                                 runtime)};
    return std::vector<std::string>{"-v", fmt::format("{}:{}{}", source, target, readonly ? ":ro" : "")};
}

}  // namespace leash
