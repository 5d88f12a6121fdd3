#include "core/agents_table.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "core/render.h"

namespace leash {
namespace {

using Row = std::array<std::string, 4>;

bool is_set(const Env& env, const Key& k) { return env_get(env, k.host).has_value(); }

std::string keys_cell(const Agent& a, const Env& env) {
    std::vector<std::string> keys;
    for (const auto& k : a.keys)
        keys.push_back(fmt::format("{}{} ({})", k.name, k.host == k.name ? "" : " from " + k.host,
                                   is_set(env, k) ? "set" : "not set"));
    return keys.empty() ? "-" : join(keys, ", ");
}

std::string open_cell(const Agent& a) {
    if (a.image.empty()) return "-";
    return a.command.empty() ? a.image : a.image + " " + join(words(a.command), " ");
}

}  // namespace

std::string agents_text(const Config& config, const Env& env) {
    std::vector<Row> rows = {{"AGENT", "KEYS", "IMAGES", "OPENS"}};
    for (const auto& a : config.agents)
        rows.push_back({a.name, keys_cell(a, env), a.images.empty() ? "-" : join(a.images, " "), open_cell(a)});
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
    return out;
}

std::string agents_json(const Config& config, const Env& env) {
    std::string out;
    for (const auto& a : config.agents) {
        std::string keys;
        for (const auto& k : a.keys)
            keys += fmt::format("{}{{\"name\":{},\"host\":{},\"set\":{}}}", keys.empty() ? "" : ",",
                                json_string(k.name), json_string(k.host), is_set(env, k));
        out += fmt::format("{}{{\"name\":{},\"keys\":[{}],\"images\":{},\"image\":{},\"command\":{}}}",
                           out.empty() ? "" : ",", json_string(a.name), keys, json_list(a.images),
                           a.image.empty() ? "null" : json_string(a.image), json_list(words(a.command)));
    }
    return "[" + out + "]\n";
}

}  // namespace leash
