// Stands in for src/core/api.h (the Docker-API body reader and writer) until it lands: the same
// declarations. Then this file and api_pending.cc go, and judge.cc includes core/api.h instead.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/world.h"

namespace leash {

enum class ApiRoute { None, Create, Exec };
ApiRoute api_route(std::string_view method, std::string_view target);

struct ApiVerdict {
    bool forward;
    int status;
    std::string body;
    std::optional<std::string> notice;
};
ApiVerdict judge_api(const Config&, ApiRoute, std::string_view target, std::string_view body, World&);
std::string add_warning(std::string_view create_response_body, std::string_view notice);

}  // namespace leash
