#include "core/render.h"

#include "core/credentials.h"

#include <fmt/format.h>

namespace leash {
namespace {

std::string withheld_list(const Decision& d) {
    std::vector<std::string> items;
    for (const auto& w : d.withheld) items.push_back(fmt::format("{} ({})", w.name, join(w.via, ", ")));
    return join(items, ", ");
}

// Bytes of one UTF-8 sequence at the start of s, or 0 if it is not valid UTF-8.
size_t utf8_length(std::string_view s) {
    auto c = static_cast<unsigned char>(s[0]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || n > s.size()) return 0;
    for (size_t i = 1; i < n; i++)
        if ((static_cast<unsigned char>(s[i]) >> 6) != 0x2) return 0;
    return n;
}

}  // namespace

std::string shell_quote(std::string_view w) {
    if (!w.empty() && w.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                          "@%+=:,./-_") == std::string_view::npos)
        return std::string(w);
    std::string out = "'";
    for (char c : w) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string shell_join(const Args& argv) {
    std::string out;
    for (const auto& a : argv) out += (out.empty() ? "" : " ") + shell_quote(printable(a));
    return out;
}

std::string printable(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return out;
}

Args redact(const Args& argv, const Config& config) {
    Args out = argv;
    auto inv = parse(argv);
    if (!inv) return out;
    const Credentials credentials(config);
    for (const auto& f : inv->env) {
        size_t eq = f.value.find('=');
        if (f.kind != EnvKind::Env || eq == std::string_view::npos ||
            credentials.judge(nullptr, f.value.substr(0, eq), f.value.substr(eq + 1)).owner == Owner::None)
            continue;
        size_t t = f.token + (f.value_in_next ? 1 : 0);
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
        if (d.inject.empty() && d.lifted.empty() && d.withheld.empty()) return std::nullopt;
        std::vector<std::string> parts;
        if (!d.forward.empty()) parts.push_back("forwarded " + join(d.forward, ", "));
        if (!d.withheld.empty()) parts.push_back("withheld " + withheld_list(d));
        if (!d.fixed.empty()) parts.push_back("set " + join(d.fixed, ", "));
        return fmt::format("leash: {} ({}): {}", r.agent->name, image, join(parts, "; "));
    }
    if (r.kind == Recognition::NoAgent)
        return fmt::format("leash: {}: an agent container with no agent ({}): {}", image, printable(r.reason),
                           d.withheld.empty() ? "no credential passed" : "withheld " + withheld_list(d));
    if (d.withheld.empty()) return std::nullopt;
    return fmt::format("leash: {}: not an agent container, other_containers = withhold: withheld {}", image,
                       withheld_list(d));
}

std::string explain_text(const Decision& d, const Args& argv) {
    const Recognition& r = d.recognition;
    std::string agent = r.kind == Recognition::Agent    ? fmt::format("{} ({})", r.agent->name, printable(r.reason))
                        : r.kind == Recognition::NoAgent ? fmt::format("none: an agent container with no agent ({})",
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

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : std::string(sep)) + printable(s);
    return out;
}

std::string json_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (const auto& s : items) out += (out.size() > 1 ? "," : "") + json_string(s);
    return out + "]";
}

std::string json_string(std::string_view s) {
    std::string out = "\"";
    while (!s.empty()) {
        size_t n = utf8_length(s);
        auto c = static_cast<unsigned char>(s[0]);
        if (n == 0) {
            out += "\\ufffd";
            n = 1;
        } else if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c < 0x20 || c == 0x7f) {
            out += fmt::format("\\u{:04x}", c);
        } else {
            out.append(s.substr(0, n));
        }
        s.remove_prefix(n);
    }
    return out + "\"";
}

}  // namespace leash
