#include "core/agents_table.h"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

#include "core/credentials.h"
#include "core/render.h"

namespace leash {
namespace {

using Row = std::array<std::string, 4>;

bool is_set(const Env& env, std::string_view host) { return env_get(env, host).has_value(); }

std::string keys_cell(const Agent& a, const Env& env) {
    std::vector<std::string> keys;
    for (const auto& k : a.keys)
        keys.push_back(fmt::format("{}{} ({})", k.name, k.host == k.name ? "" : " from " + k.host,
                                   is_set(env, k.host) ? "set" : "not set"));
    return keys.empty() ? "-" : join(keys, ", ");
}

std::string accepts_cell(const Agent& a, const Env& env) {
    std::vector<std::string> names;
    for (const auto& n : a.accepts) names.push_back(fmt::format("{} ({})", n, is_set(env, n) ? "set" : "not set"));
    return names.empty() ? "-" : join(names, ", ");
}

std::string open_cell(const Agent& a) {
    if (a.image.empty()) return "-";
    return a.command.empty() ? a.image : a.image + " " + join(words(a.command), " ");
}

std::string words_cell(const std::vector<std::string>& items) { return items.empty() ? "-" : join(items, " "); }

// "  key   value" lines under a heading, keys aligned.
std::string block(std::string_view heading, const std::vector<std::pair<std::string_view, std::string>>& lines) {
    size_t width = 0;
    for (const auto& l : lines) width = std::max(width, l.first.size());
    std::string out = printable(heading) + "\n";
    for (const auto& [key, value] : lines) out += fmt::format("  {:<{}}  {}\n", key, width, printable(value));
    return out;
}

std::string value_rules_cell(const Config& c) {
    std::string builtin = fmt::format("{} built-in shapes, a private key, a URL with a password", value_rules().size());
    return c.secret_values.empty() ? builtin : join(c.secret_values, " ") + ", and " + builtin;
}

}  // namespace

std::string agents_text(const Config& config, const Env& env) {
    std::vector<Row> rows = {{"AGENT", "KEYS", "IMAGES", "OPENS"}};
    for (const auto& a : config.agents)
        rows.push_back({a.name, keys_cell(a, env), words_cell(a.images), open_cell(a)});
    std::array<size_t, 3> width{};  // the last column is not padded
    for (auto& row : rows)
        for (size_t c = 0; c < row.size(); c++) {
            row[c] = printable(row[c]);
            if (c < width.size()) width[c] = std::max(width[c], row[c].size());
        }
    std::string out;
    for (const auto& row : rows)
        out += fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", row[0], width[0], row[1], width[1], row[2], width[2],
                           row[3]);
    for (const auto& a : config.agents)
        out += "\n" + block(a.name, {{"accepts", accepts_cell(a, env)},
                                     {"commands", words_cell(a.commands)},
                                     {"files", words_cell(a.files)},
                                     {"sockets", words_cell(a.sockets)},
                                     {"allow_host", words_cell(a.allow_host)}});
    out += "\n" + block("[leash]", {{"secret_patterns", words_cell(config.secret_patterns)},
                                    {"not_secret", words_cell(config.not_secret)},
                                    {"secret_values", value_rules_cell(config)},
                                    {"secret_files", words_cell(config.secret_files)}});
    return out;
}

std::string agents_json(const Config& config, const Env& env) {
    std::string agents;
    for (const auto& a : config.agents) {
        std::string keys, accepts;
        for (const auto& k : a.keys)
            keys += fmt::format("{}{{\"name\":{},\"host\":{},\"set\":{}}}", keys.empty() ? "" : ",",
                                json_string(k.name), json_string(k.host), is_set(env, k.host));
        for (const auto& n : a.accepts)
            accepts += fmt::format("{}{{\"name\":{},\"set\":{}}}", accepts.empty() ? "" : ",", json_string(n),
                                   is_set(env, n));
        agents += fmt::format(
            "{}{{\"name\":{},\"keys\":[{}],\"accepts\":[{}],\"images\":{},\"commands\":{},\"files\":{},"
            "\"sockets\":{},\"allow_host\":{},\"image\":{},\"command\":{}}}",
            agents.empty() ? "" : ",", json_string(a.name), keys, accepts, json_list(a.images), json_list(a.commands),
            json_list(a.files), json_list(a.sockets), json_list(a.allow_host),
            a.image.empty() ? "null" : json_string(a.image), json_list(words(a.command)));
    }
    return fmt::format("{{\"agents\":[{}],\"secret_patterns\":{},\"not_secret\":{},\"secret_values\":{},"
                       "\"value_shapes\":{},\"secret_files\":{}}}\n",
                       agents, json_list(config.secret_patterns), json_list(config.not_secret),
                       json_list(config.secret_values), value_rules().size() + 2, json_list(config.secret_files));
}

}  // namespace leash
