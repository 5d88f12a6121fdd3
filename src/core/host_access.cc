#include "core/host_access.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/glob.h"
#include "core/go_text.h"
#include "core/paths.h"
#include "core/strings.h"

namespace leash {
namespace {

// The settings and host paths that hand a container the host: src/core/host_rules.tsv.
#include "host_rules.inc"

constexpr std::string_view kSocket = "a runtime's control socket, with which it starts a container with / mounted";

std::string_view bare_flag(std::string_view name) {
    while (name.starts_with('-')) name.remove_prefix(1);
    return name == "net" ? "network" : name;
}

bool is_word(char c) { return std::isalnum(uint8_t(c)) || c == '_'; }

// docker's NetworkOpt: a value with NAME=VALUE in it is a CSV list of fields, lowercased, and name= is
// the network.
std::optional<std::string> docker_network_name(std::string_view value) {
    size_t eq = value.find('=');
    while (eq != std::string_view::npos && !(eq > 0 && is_word(value[eq - 1]) && eq + 1 < value.size() && is_word(value[eq + 1])))
        eq = value.find('=', eq + 1);
    if (eq == std::string_view::npos) return std::nullopt;
    auto records = go_csv(value, true);
    if (!records || records->empty()) return std::nullopt;
    std::optional<std::string> name;
    for (const std::string& field : (*records)[0]) {
        std::string f = field;
        for (char& c : f)
            if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
        size_t at = f.find('=');
        if (at != std::string::npos && go_trim_space(std::string_view(f).substr(0, at)) == "name")
            name = std::string(go_trim_space(std::string_view(f).substr(at + 1)));
    }
    return name;
}

// podman's MODE:OPTIONS (slirp4netns, pasta, bridge ...), one value per option; pasta's -T and -U with
// their ports as one ("pasta:-T 5201").
void podman_network_options(std::string_view value, std::vector<std::string>& out) {
    size_t colon = value.find(':');
    if (colon == std::string_view::npos) {
        for (std::string_view part : split(value, ',')) out.emplace_back(part);  // "host,bridge"
        return;
    }
    std::string_view mode = value.substr(0, colon);
    auto words = split(value.substr(colon + 1), ',');
    for (size_t i = 0; i < words.size(); i++) {
        std::string_view w = words[i];
        std::string_view port_flag = w == "-T" || w == "--tcp-ns" || w.starts_with("--tcp-ns=") ? "-T"
                                     : w == "-U" || w == "--udp-ns" || w.starts_with("--udp-ns=") ? "-U"
                                     : (w.starts_with("-T") || w.starts_with("-U")) && !w.starts_with("--")
                                         ? w.substr(0, 2)
                                         : "";
        if (port_flag.empty()) {
            out.push_back(fmt::format("{}:{}", mode, w));
            continue;
        }
        std::string_view ports = w.find('=') != std::string_view::npos ? w.substr(w.find('=') + 1)
                                 : w.size() > 2 && !w.starts_with("--")  ? w.substr(2)
                                 : i + 1 < words.size()                  ? words[++i]
                                                                         : "";
        out.push_back(fmt::format("{}:{} {}", mode, port_flag, ports));
    }
}

// The values of a setting as the rules match them: several for a list, or where docker and podman
// read the value differently.
std::vector<std::string> values_of(std::string_view flag, std::string_view value) {
    std::vector<std::string> out;
    if (flag == "privileged" || flag == "use-api-socket") {
        auto b = value.empty() ? std::optional<bool>(true) : go_parse_bool(value);
        out.emplace_back(b ? (*b ? "true" : "false") : value);
    } else if (flag == "cap-add") {
        for (std::string_view cap : split(value, ',')) {
            std::string c = ascii_uppered(go_trim_space(cap));
            out.push_back(c.starts_with("CAP_") ? c.substr(4) : c);
        }
    } else if (flag == "security-opt") {
        // Both read KEY:VALUE, the old spelling, as KEY=VALUE.
        std::string v(value);
        if (v.find('=') == std::string::npos && v.find(':') != std::string::npos) v[v.find(':')] = '=';
        out.push_back(v);
    } else if (flag == "network") {
        out.emplace_back(value);
        if (auto name = docker_network_name(value)) out.push_back(*name);
        podman_network_options(value, out);
    } else {
        out.emplace_back(value);
    }
    return out;
}

}  // namespace

std::optional<HostAccess> host_access(const HostSetting& s) {
    std::string_view flag = bare_flag(s.name);
    if (flag == "device") {
        // The host's path is the first of SOURCE[:TARGET[:PERMISSIONS]]; a CDI name is no path.
        std::string_view source = s.value.substr(0, s.value.find(':'));
        if (!source.starts_with('/')) return std::nullopt;
        auto hit = host_access_mount(source, {});
        if (hit) hit->what = fmt::format("--device={}", hit->what);
        return hit;
    }
    for (const std::string& v : values_of(flag, s.value))
        for (const HostSettingRule& r : kSettingRules)
            if (r.flag == flag && glob_match(r.value, v))
                return HostAccess{r.value == "true" ? fmt::format("--{}", flag) : fmt::format("--{}={}", flag, v), r.why};
    return std::nullopt;
}

std::optional<HostAccess> host_access_mount(std::string_view source, const std::vector<std::string>& sockets) {
    std::string s = clean_path(source);
    if (!s.starts_with('/')) return HostAccess{s, "a host path not resolved: what it is cannot be told"};
    for (const HostPathRule& r : kPathRules) {
        // The source is the path, or lies below it...
        std::string_view fixed = r.path.substr(0, r.path.find_first_of("*?["));
        if (fixed.size() == r.path.size()) {
            if (r.below ? path_within(s, r.path) : s == r.path) return HostAccess{s, r.why};
        } else {
            for (std::string_view at = s; r.below || at == s;) {
                if (glob_match(r.path, at)) return HostAccess{s, r.why};
                if (at == "/") break;
                at = at.substr(0, std::max<size_t>(at.rfind('/'), 1));
            }
        }
        // ... or holds it.
        std::string_view dir = fixed.size() == r.path.size() ? fixed : fixed.substr(0, std::max<size_t>(fixed.rfind('/'), 1));
        if (path_within(dir, s)) return HostAccess{std::string(r.path), r.why};
    }
    for (const std::string& socket : sockets) {
        if (is_clean_path(socket) ? path_within(socket, s) : path_within(clean_path(socket), s))
            return HostAccess{clean_path(socket), kSocket};
    }
    return std::nullopt;
}

std::vector<std::string> control_sockets(std::string_view xdg_runtime_dir) {
    std::vector<std::string> out = {"/var/run/docker.sock", "/run/docker.sock", "/run/podman/podman.sock",
                                    "/run/containerd/containerd.sock"};
    if (!xdg_runtime_dir.empty())
        for (std::string_view rel : {"docker.sock", "podman/podman.sock"})
            out.push_back(join_path(clean_path(xdg_runtime_dir), rel));
    return out;
}

std::span<const HostSettingRule> host_setting_rules() { return kSettingRules; }
std::span<const HostPathRule> host_path_rules() { return kPathRules; }

}  // namespace leash
