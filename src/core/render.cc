#include "core/render.h"

#include <fmt/format.h>

namespace leash {
namespace {

std::string withheld_list(const Decision& d) {
    std::vector<std::string> items;
    for (const auto& w : d.withheld) items.push_back(fmt::format("{} ({})", w.name, join(w.via, ", ")));
    return join(items, ", ");
}


}  // namespace




Args redact(const Args& argv, const Config& config) {
    Args out = argv;
    auto inv = parse(argv);
    if (!inv) return out;
    for (const auto& f : inv->c.env) {
        size_t eq = f.value.find('=');
        if (f.kind != EnvKind::Entry || eq == std::string_view::npos || !config.is_credential(f.value.substr(0, eq)))
            continue;
        size_t t = f.at.token + (f.at.value_in_next ? 1 : 0);
        // The value is always the tail of its token ("-eK=v", "--env=K=v", or the token after -e).
        std::string head = argv[t].substr(0, argv[t].size() - f.value.size());
        out[t] = head + std::string(f.value.substr(0, eq)) + "=<hidden>";
    }
    return out;
}

std::optional<std::string> notice(const Config& config, const Decision& d) {
    if (config.notice == Notice::Never) return std::nullopt;
    const Recognition& r = d.recognition;
    std::string image = printable(r.image);
    if (r.kind == Recognition::Agent) {
        // Forwarding what the command already passed as it was is no change worth a line.
        if (d.inject.empty() && d.inject_files.empty() && d.lifted.empty() && d.withheld.empty()) return std::nullopt;
        std::vector<std::string> parts;
        if (!d.forward.empty()) parts.push_back("forwarded " + join(d.forward, ", "));
        if (!d.withheld.empty()) parts.push_back("withheld " + withheld_list(d));
        if (!d.fixed.empty()) parts.push_back("set " + join(d.fixed, ", "));
        return fmt::format("leash: {} ({}): {}", r.agent->name, image, join(parts, "; "));
    }
    if (r.kind == Recognition::Unclear)
        return fmt::format("leash: {}: an agent container with no agent ({}): {}", image, printable(r.reason),
                           d.withheld.empty() ? "no credential passed" : "withheld " + withheld_list(d));
    if (d.withheld.empty()) return std::nullopt;
    return fmt::format("leash: {}: not an agent container, other_containers = withhold: withheld {}", image,
                       withheld_list(d));
}

std::string explain_text(const Decision& d, const Args& argv) {
    const Recognition& r = d.recognition;
    std::string agent = r.kind == Recognition::Agent    ? fmt::format("{} ({})", r.agent->name, printable(r.reason))
                        : r.kind == Recognition::Unclear ? fmt::format("none: an agent container with no agent ({})",
                                                                       printable(r.reason))
                                                         : std::string("none (not an agent container)");
    return fmt::format("action:   {}\nagent:    {}\nforward:  {}\nwithheld: {}\nargv:     {}\n",
                       d.action == Action::Pass ? "pass" : "rewrite", agent,
                       d.forward.empty() ? "-" : join(d.forward, " "),
                       d.withheld.empty() ? "-" : withheld_list(d), shell_join(argv));
}

std::string explain_json(const Decision& d, const Args& argv) {
    const Recognition& r = d.recognition;
    std::string withheld = "[";
    for (const auto& w : d.withheld)
        withheld += fmt::format("{}{{\"name\":{},\"via\":{}}}", withheld.size() > 1 ? "," : "", json_string(w.name),
                                json_string(join(w.via, ", ")));
    withheld += "]";
    return fmt::format(
        "{{\"action\":{},\"agent\":{},\"image\":{},\"reason\":{},\"forward\":{},\"withheld\":{},\"argv\":{}}}\n",
        json_string(d.action == Action::Pass ? "pass" : "rewrite"),
        r.kind == Recognition::Agent ? json_string(r.agent->name) : "null",
        r.image.empty() ? "null" : json_string(r.image), json_string(r.reason), json_list(d.forward), withheld,
        json_list(argv));
}

std::string explain_refusal_json(std::string_view error) {
    return fmt::format(
        "{{\"action\":\"refuse\",\"agent\":null,\"image\":null,\"reason\":{},\"forward\":[],\"withheld\":[],"
        "\"argv\":[]}}\n",
        json_string(error));
}




}  // namespace leash
