#include "core/api_body.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/mount_grammar.h"
#include "core/strings.h"

namespace leash {
namespace {

using gojson::Type;
using gojson::Value;

struct Reading {
    Container& c;
    ApiBody::Store& store;
    std::optional<std::string> error = {};  // the first thing the daemon would refuse
};

// Where one field of a moby struct goes in the model; `via` is the field's path, for the notice.
using Fill = void (*)(Reading& r, const Value& v, std::string_view via, std::string_view setting);

struct Part {
    std::string_view name;  // as Go matches it
    Type type;
    const gojson::Struct* of = nullptr;
    Fill fill = nullptr;
    std::string_view setting = {};  // host settings: the name of the CLI flag that asks for the same
};

gojson::Struct schema(std::initializer_list<const std::vector<Part>*> parts) {
    gojson::Struct s;
    for (const auto* list : parts)
        for (const auto& p : *list) s.fields.push_back({p.name, p.type, p.of});
    return s;
}

// The strings of a slice (Strings, StrSlice) as far as its length goes.
template <class F>
void each(const Value& v, F f) {
    for (size_t i = 0; i < v.len; i++) f(v.items[i].str, i);
}

// A field of a struct; of a nil pointer, the zero value.
const Value& get(const Value& object, const gojson::Struct& s, std::string_view name) {
    static const Value kNil;
    return object.present ? object.fields[s.at(name)] : kNil;
}

void image(Reading& r, const Value& v, std::string_view, std::string_view) {
    if (!v.str.empty()) r.c.image = v.str;
}

void workdir(Reading& r, const Value& v, std::string_view, std::string_view) {
    if (!v.str.empty()) r.c.workdir = v.str;
}

// The program is the entrypoint's first word; its other words come before Cmd, as the daemon runs them.
// An empty Entrypoint list (not null) clears the image's: Cmd's first word is the program then.
void entrypoint(Reading& r, const Value& v, std::string_view, std::string_view) {
    each(v, [&](const std::string& w, size_t i) {
        if (i == 0)
            r.c.entrypoint = w;
        else
            r.c.command.push_back(w);
    });
}

void command(Reading& r, const Value& v, std::string_view, std::string_view) {
    each(v, [&](const std::string& w, size_t) { r.c.command.push_back(w); });
}

void env(Reading& r, const Value& v, std::string_view, std::string_view) {
    each(v, [&](const std::string& e, size_t i) { r.c.env.push_back({EnvKind::Entry, e, true, Place{i}}); });
}

void labels(Reading& r, const Value& v, std::string_view, std::string_view) {
    for (const auto& [k, val] : v.map) r.c.labels.push_back({k, val});
}

// Binds are read as docker's -v is: one mount grammar for the command line and the API.
void binds(Reading& r, const Value& v, std::string_view via, std::string_view) {
    each(v, [&](const std::string& spec, size_t i) {
        auto mounts = read_volume(MountGrammar::Docker, spec);
        if (!mounts) {
            if (!r.error) r.error = fmt::format("{}[{}]: {}", via, i, mounts.error());
            return;
        }
        for (auto& m : *mounts) {
            m.via = via;
            m.at.token = i;
            r.c.mounts.push_back(std::move(m));
        }
    });
}

void volumes_from(Reading& r, const Value& v, std::string_view, std::string_view) {
    each(v, [&](const std::string& from, size_t) { r.c.volumes_from.push_back(from); });
}

// A host setting, as the CLI flag would carry it: a bool when true, a string when set, each item of
// a list; a list of objects (Devices) as the flag spells one, its string fields joined by ':'.
void host(Reading& r, const Value& v, std::string_view, std::string_view setting) {
    if (v.flag) r.c.host.push_back({setting, "true", {}});
    if (!v.str.empty()) r.c.host.push_back({setting, v.str, {}});
    for (size_t i = 0; i < v.len; i++) {
        const Value& item = v.items[i];
        std::string_view value = item.str;
        if (!item.fields.empty()) {
            std::string joined;
            for (const auto& f : item.fields) joined += (joined.empty() ? "" : ":") + f.str;
            while (joined.ends_with(':')) joined.pop_back();
            value = r.store.made.emplace_back(std::move(joined));
        }
        r.c.host.push_back({setting, value, Place{i}});
    }
}

const std::vector<Part> kDriverParts = {{"Name", Type::String}, {"Options", Type::StringMap}};
const gojson::Struct kDriver = schema({&kDriverParts});
const std::vector<Part> kVolumeOptionsParts = {{"DriverConfig", Type::Object, &kDriver}};
const gojson::Struct kVolumeOptions = schema({&kVolumeOptionsParts});
const std::vector<Part> kMountParts = {{"Type", Type::String},
                                       {"Source", Type::String},
                                       {"Target", Type::String},
                                       {"ReadOnly", Type::Bool},
                                       {"VolumeOptions", Type::Object, &kVolumeOptions}};
const gojson::Struct kMount = schema({&kMountParts});

struct MountType {
    std::string_view name;
    Mount::Type type;
};
constexpr MountType kMountTypes[] = {{"bind", Mount::Bind}, {"volume", Mount::Volume}, {"tmpfs", Mount::Tmpfs}};

// A volume of the local driver with the options type=none, o=bind and device=PATH is a bind mount of
// PATH, whatever the volume's name.
std::optional<std::string> bound_device(const Value& mount) {
    const Value& driver = get(get(mount, kMount, "VolumeOptions"), kVolumeOptions, "DriverConfig");
    if (!driver.present) return std::nullopt;
    const Value& name = get(driver, kDriver, "Name");
    if (!name.str.empty() && name.str != "local") return std::nullopt;
    std::optional<std::string> device;
    bool bind = false;
    for (const auto& [k, v] : get(driver, kDriver, "Options").map) {
        if (k == "device") device = v;
        if (k == "o")
            for (std::string_view o = v; !o.empty();) {
                std::string_view opt = o.substr(0, o.find(','));
                bind = bind || opt == "bind" || opt == "rbind";
                o.remove_prefix(std::min(o.size(), opt.size() + 1));
            }
    }
    return bind ? device : std::nullopt;
}

void mounts(Reading& r, const Value& v, std::string_view via, std::string_view) {
    for (size_t i = 0; i < v.len; i++) {
        const Value& item = v.items[i];
        Mount m;
        m.type = Mount::Other;
        for (const auto& t : kMountTypes)
            if (get(item, kMount, "Type").str == t.name) m.type = t.type;
        m.source = get(item, kMount, "Source").str;
        m.target = get(item, kMount, "Target").str;
        m.readonly = get(item, kMount, "ReadOnly").flag;
        if (m.type == Mount::Volume)
            if (auto device = bound_device(item)) {
                m.type = Mount::Bind;
                m.source = *device;
            }
        m.via = via;
        m.at.token = i;
        r.c.mounts.push_back(std::move(m));
    }
}

const std::vector<Part> kDeviceParts = {
    {"PathOnHost", Type::String}, {"PathInContainer", Type::String}, {"CgroupPermissions", Type::String}};
const gojson::Struct kDevice = schema({&kDeviceParts});

// moby's container.HostConfig (with its embedded Resources), as far as leash judges it.
const std::vector<Part> kHostParts = {
    {"Binds", Type::Strings, nullptr, binds},
    {"Mounts", Type::Objects, &kMount, mounts},
    {"VolumesFrom", Type::Strings, nullptr, volumes_from},
    {"Privileged", Type::Bool, nullptr, host, "privileged"},
    {"PidMode", Type::String, nullptr, host, "pid"},
    {"NetworkMode", Type::String, nullptr, host, "network"},
    {"IpcMode", Type::String, nullptr, host, "ipc"},
    {"UTSMode", Type::String, nullptr, host, "uts"},
    {"UsernsMode", Type::String, nullptr, host, "userns"},
    {"CgroupnsMode", Type::String, nullptr, host, "cgroupns"},
    {"CapAdd", Type::StrSlice, nullptr, host, "cap-add"},
    {"SecurityOpt", Type::Strings, nullptr, host, "security-opt"},
    {"Devices", Type::Objects, &kDevice, host, "device"},
    {"DeviceCgroupRules", Type::Strings, nullptr, host, "device-cgroup-rule"},
    // A legacy link hands the container the linked container's environment (ALIAS_ENV_NAME=value).
    {"Links", Type::Strings, nullptr, host, "link"},
};
const gojson::Struct kHostConfig = schema({&kHostParts});

// moby's container.Config, as far as leash judges it.
const std::vector<Part> kConfigParts = {
    {"Image", Type::String, nullptr, image},
    {"Entrypoint", Type::StrSlice, nullptr, entrypoint},  // before Cmd: its words come first
    {"Cmd", Type::StrSlice, nullptr, command},
    {"Env", Type::Strings, nullptr, env},
    {"Labels", Type::StringMap, nullptr, labels},
    {"WorkingDir", Type::String, nullptr, workdir},
};
const std::vector<Part> kInnerHost = {{"HostConfig", Type::Object, &kHostConfig}};

// runconfig.ContainerConfigWrapper, which the daemon decodes a create body into: Config's fields and a
// HostConfig, and (docker 20.10 to 26) HostConfig's fields at the top level too, through an embedded
// *HostConfig that the daemon uses when the body has no "HostConfig" (or a null one).
const gojson::Struct kCreate = schema({&kConfigParts, &kInnerHost, &kHostParts});

// types.ExecConfig.
const std::vector<Part> kExecParts = {
    {"Env", Type::Strings, nullptr, env},
    {"Cmd", Type::Strings, nullptr, command},
    {"WorkingDir", Type::String, nullptr, workdir},
    {"Privileged", Type::Bool, nullptr, host, "privileged"},
};
const gojson::Struct kExec = schema({&kExecParts});

void fill(Reading& r, const std::vector<Part>& parts, const gojson::Struct& s, const Value& object,
          std::string_view prefix) {
    for (const auto& p : parts)
        if (p.fill) p.fill(r, get(object, s, p.name), fmt::format("{}{}", prefix, p.name), p.setting);
}

}  // namespace

Result<ApiBody> read_api_body(const ApiTarget& target, std::string_view body) {
    bool exec = target.route == ApiRoute::Exec;
    ApiBody b{body, std::make_unique<ApiBody::Store>(), {}};
    ApiBody::Store& s = *b.store;
    s.schema = exec ? &kExec : &kCreate;
    auto end = gojson::decode(body, *s.schema, s.root);
    if (!end) return Error{end.error()};
    Container& c = b.c;
    c.runtime = "docker";
    c.from_api = true;
    Reading r{c, s};
    if (exec) {
        c.sub = Subcommand::Exec;
        s.container = target.container;
        c.container = s.container;
        fill(r, kExecParts, kExec, s.root, "");
        if (r.error) return Error{*r.error};
        return b;
    }
    c.sub = Subcommand::Create;
    fill(r, kConfigParts, kCreate, s.root, "");
    const Value& inner = get(s.root, kCreate, "HostConfig");
    if (inner.present)
        fill(r, kHostParts, kHostConfig, inner, "HostConfig.");
    else
        fill(r, kHostParts, kCreate, s.root, "");
    if (r.error) return Error{*r.error};
    return b;
}

std::string write_api_body(const ApiBody& b, const std::vector<std::optional<std::string_view>>& env) {
    const Value& root = b.store->root;
    size_t field = b.store->schema->at("Env");
    const Value& list = root.fields[field];
    bool same = env.size() == list.len;
    for (size_t i = 0; same && i < env.size(); i++) same = env[i] && *env[i] == list.items[i].str;
    if (same) return std::string(b.text);

    size_t spelled = 0, last = 0;
    for (size_t i = 0; i < root.members.size(); i++)
        if (root.members[i].field == field) spelled++, last = i;
    auto text = [&](gojson::Span s) { return b.text.substr(s.begin, s.end - s.begin); };
    std::string items;
    for (size_t i = 0; i < env.size(); i++) {
        if (!env[i]) continue;
        if (!items.empty()) items += ',';
        // An item the decision keeps stays as written, where the list was written once.
        items += spelled == 1 && *env[i] == list.items[i].str ? std::string(text(list.item_spans[i])) : json_string(*env[i]);
    }
    gojson::Span span = spelled == 1 ? list.last : root.last;
    std::string out(b.text.substr(0, span.begin));
    if (spelled == 1) {
        out += '[' + items + ']';
    } else {
        out += '{';
        bool first = true;
        for (size_t i = 0; i < root.members.size(); i++) {
            const auto& m = root.members[i];
            if (m.field == field && i != last) continue;
            if (!first) out += ',';
            first = false;
            out += i == last ? "\"Env\":[" + items + ']' : std::string(text(m.text));
        }
        out += '}';
    }
    out += b.text.substr(span.end);
    return out;
}

Result<std::string> write_api_mounts(const ApiBody& b, const std::vector<size_t>& dropped,
                                     const std::vector<std::pair<std::string, std::string>>& added) {
    const Value& root = b.store->root;
    size_t host_field = kCreate.at("HostConfig");
    auto spelled = [](const Value& object, size_t field) {
        return std::count_if(object.members.begin(), object.members.end(), [&](const gojson::Member& m) { return m.field == field; });
    };
    const Value& inner = root.fields[host_field];
    if (inner.present && spelled(root, host_field) > 1) return Error{"HostConfig is given more than once"};
    const Value& host = inner.present ? inner : root;
    const gojson::Struct& schema = inner.present ? kHostConfig : kCreate;
    auto text = [&](gojson::Span s) { return b.text.substr(s.begin, s.end - s.begin); };

    struct Change {
        gojson::Span at;
        std::string text;
    };
    std::vector<Change> changes;
    for (std::string_view list : {"Binds", "Mounts"}) {
        size_t field = schema.at(list);
        const Value& v = host.fields[field];
        std::vector<bool> drop(v.len);
        bool changed = list == "Mounts" && !added.empty();
        for (size_t m : dropped)
            if (size_t i = b.c.mounts[m].at.token; b.c.mounts[m].via.ends_with(list) && i < v.len) {
                drop[i] = true;
                changed = true;
            }
        if (!changed) continue;
        auto n = spelled(host, field);
        if (n > 1) return Error{fmt::format("{} is given more than once", list)};
        std::string items;
        auto item = [&](std::string_view one) { items += (items.empty() ? "" : ",") + std::string(one); };
        for (size_t i = 0; i < v.len; i++)
            if (!drop[i]) item(text(v.item_spans[i]));
        if (list == "Mounts")
            for (const auto& [source, target] : added)
                item(fmt::format(R"({{"Type":"bind","Source":{},"Target":{},"ReadOnly":true}})", json_string(source),
                                 json_string(target)));
        if (n == 1) {
            changes.push_back({v.last, '[' + items + ']'});
        } else {
            // Not there yet: the first member of the host configuration's object.
            size_t at = host.last.begin + 1;
            changes.push_back({{at, at}, fmt::format("\"{}\":[{}]{}", list, items, host.members.empty() ? "" : ",")});
        }
    }
    std::sort(changes.begin(), changes.end(), [](const Change& a, const Change& c) { return a.at.begin < c.at.begin; });
    std::string out;
    size_t done = 0;
    for (const Change& c : changes) {
        out += b.text.substr(done, c.at.begin - done);
        out += c.text;
        done = c.at.end;
    }
    out += b.text.substr(done);
    return out;
}

}  // namespace leash
