#include "guard/judge.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/config_files.h"

namespace leash::guard {

Judge api_judge(const Env& env) {
    return Judge{
        api_route,
        [env](ApiRoute route, std::string_view target, std::string_view body, World& world) {
            auto config = load_config(env);
            if (!config)
                return ApiVerdict{false, 403, nlohmann::json{{"message", "leash: " + config.error()}}.dump(), std::nullopt};
            return judge_api(*config, route, target, body, world, env);
        },
        add_warning,
    };
}

}  // namespace leash::guard
