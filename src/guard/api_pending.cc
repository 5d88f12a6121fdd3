// Until src/core/api.h lands, no request is routed to the decision: every request passes as it came.
#include "guard/api_pending.h"

namespace leash {

ApiRoute api_route(std::string_view, std::string_view) { return ApiRoute::None; }

ApiVerdict judge_api(const Config&, ApiRoute, std::string_view, std::string_view body, World&) {
    return {true, 0, std::string(body), std::nullopt};
}

std::string add_warning(std::string_view body, std::string_view) { return std::string(body); }

}  // namespace leash
