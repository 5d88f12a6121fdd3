#include "core/render.h"

#include <cctype>

#include <fmt/format.h>

#include "core/credentials.h"

namespace leash {
namespace {

// "NAME (via, via)", and with `why`, "NAME (via; why)": explain says what gave each away.
std::string withheld_list(const std::vector<Withheld>& list, bool why = false) {
    std::vector<std::string> items;
    for (const auto& w : list)
        items.push_back(fmt::format("{} ({}{}{})", w.name, join(w.via, ", "), why && !w.why.empty() ? "; " : "",
                                    why ? w.why : ""));
    return join(items, ", ");
}

// What can come before a name inside one token: the words and separators of a shell command
// ("sh -c 'cd /w && K=v claude'").
constexpr std::string_view kBeforeName = " \t\n\"'`;&|(){}$,";
// Docker's boolean short flags run into "-eK=v" ("-iteK=v"); no real cluster is longer than this, and a
// longer one is not searched for a name: its value is hidden.
constexpr size_t kMaxShortFlags = 32;

// Whether the text before an '=' ends in a credential's name, however a flag or a shell word runs into
// it. The runtime's parser is not consulted: redaction must hold for argvs leash does not judge (docker
// compose, unknown subcommands, a refused command line), so in doubt this says yes.
bool names_credential(std::string_view before, const Config& config) {
    // is_credential drops the spaces and '*' podman keeps after a name itself; skip them only to find it.
    std::string_view trimmed = before.substr(0, before.find_last_not_of(" \t*") + 1);
    std::string_view name = before.substr(trimmed.find_last_of(kBeforeName) + 1);
    if (config.is_credential(name)) return true;
    if (!name.starts_with('-') || name.starts_with("--")) return false;
    name.remove_prefix(1);
    size_t letters = 0;
    while (letters < name.size() && std::isalpha(static_cast<unsigned char>(name[letters]))) letters++;
    if (letters > kMaxShortFlags) return true;
    for (size_t i = 0; i <= letters; i++)
        if (config.is_credential(name.substr(i))) return true;
    return false;
}

}  // namespace

Args redact(const Args& argv, const Config& config) {
    Args out = argv;
    for (auto& token : out) {
        std::string_view t = token;
        // Each '=' ends a candidate name: "K=v", "--env=K=v", "-e=K=v", and "V=K=v" (a value that assigns).
        // A value of a credential's shape is hidden whatever its name, and so is a token that holds one.
        std::optional<size_t> cut;  // where the hidden part starts
        for (size_t start = 0, eq = t.find('='); eq != t.npos && !cut; start = eq + 1, eq = t.find('=', start))
            if (names_credential(t.substr(start, eq - start), config) || value_shape(t.substr(eq + 1))) cut = eq + 1;
        if (!cut && value_shape(t)) cut = 0;
        if (cut) token = token.substr(0, *cut) + "<hidden>";
    }
    return out;
}

std::optional<std::string> notice(const Config& config, const Decision& d) {
    if (config.notice == Notice::Never) return std::nullopt;
    const Recognition& r = d.recognition;
    std::string image = printable(r.image);
    if (r.kind == Recognition::Agent) {
        // Forwarding what the command already passed as it was is no change worth a line.
        if (d.inject.empty() && d.inject_files.empty() && d.lifted.empty() && d.withheld.empty() && d.read_only.empty())
            return std::nullopt;
        std::vector<std::string> parts;
        if (!d.forward.empty()) parts.push_back("forwarded " + join(d.forward, ", "));
        if (!d.withheld.empty()) parts.push_back("withheld " + withheld_list(d.withheld));
        if (!d.read_only.empty()) parts.push_back("read-only " + withheld_list(d.read_only));
        if (!d.fixed.empty()) parts.push_back("set " + join(d.fixed, ", "));
        return fmt::format("leash: {} ({}): {}", r.agent->name, image, join(parts, "; "));
    }
    if (r.kind == Recognition::Unclear)
        return fmt::format("leash: {}: an agent container with no agent ({}): {}", image, printable(r.reason),
                           d.withheld.empty() ? "no credential passed" : "withheld " + withheld_list(d.withheld));
    if (d.withheld.empty()) return std::nullopt;
    return fmt::format("leash: {}: not an agent container, other_containers = withhold: withheld {}", image,
                       withheld_list(d.withheld));
}

std::string explain_text(const Decision& d, const Args& argv) {
    const Recognition& r = d.recognition;
    std::string agent = r.kind == Recognition::Agent    ? fmt::format("{} ({})", r.agent->name, printable(r.reason))
                        : r.kind == Recognition::Unclear ? fmt::format("none: an agent container with no agent ({})",
                                                                       printable(r.reason))
                                                         : std::string("none (not an agent container)");
    std::string read_only = d.read_only.empty() ? "" : fmt::format("read-only: {}\n", withheld_list(d.read_only, true));
    return fmt::format("action:   {}\nagent:    {}\nforward:  {}\nwithheld: {}\n{}argv:     {}\n",
                       d.action == Action::Pass ? "pass" : "rewrite", agent,
                       d.forward.empty() ? "-" : join(d.forward, " "),
                       d.withheld.empty() ? "-" : withheld_list(d.withheld, true), read_only, shell_join(argv));
}

std::string explain_json(const Decision& d, const Args& argv) {
    const Recognition& r = d.recognition;
    auto notes = [](const std::vector<Withheld>& list) {
        std::string out = "[";
        for (const auto& w : list)
            out += fmt::format("{}{{\"name\":{},\"via\":{},\"why\":{}}}", out.size() > 1 ? "," : "",
                               json_string(w.name), json_string(join(w.via, ", ")), json_string(w.why));
        return out + "]";
    };
    return fmt::format(
        "{{\"action\":{},\"agent\":{},\"image\":{},\"reason\":{},\"forward\":{},\"withheld\":{},"
        "\"read_only\":{},\"argv\":{}}}\n",
        json_string(d.action == Action::Pass ? "pass" : "rewrite"),
        r.kind == Recognition::Agent ? json_string(r.agent->name) : "null",
        r.image.empty() ? "null" : json_string(r.image), json_string(r.reason), json_list(d.forward),
        notes(d.withheld), notes(d.read_only), json_list(argv));
}

std::string explain_refusal_json(std::string_view error) {
    return fmt::format(
        "{{\"action\":\"refuse\",\"agent\":null,\"image\":null,\"reason\":{},\"forward\":[],\"withheld\":[],"
        "\"read_only\":[],\"argv\":[]}}\n",
        json_string(error));
}

}  // namespace leash
