#include "core/api.h"

#include <nlohmann/json.hpp>

namespace leash {

std::string add_warning(std::string_view create_response_body, std::string_view notice) {
    using json = nlohmann::ordered_json;
    json j = json::parse(create_response_body, nullptr, false);
    if (!j.is_object()) return std::string(create_response_body);
    json& w = j["Warnings"];
    if (w.is_null()) w = json::array();
    if (!w.is_array()) return std::string(create_response_body);
    w.push_back(std::string(notice));
    // The daemon ends its JSON with a newline (json.Encoder); so does this.
    std::string out = j.dump(-1, ' ', false, json::error_handler_t::replace);
    if (create_response_body.ends_with('\n')) out += '\n';
    return out;
}

}  // namespace leash
