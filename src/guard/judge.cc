#include "guard/judge.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/config_files.h"

namespace leash::guard {

Judge api_judge(const Env& env, const DockerEndpoint& daemon) {
    DaemonFiles files = daemon.kind == DockerEndpoint::Unix ? DaemonFiles::Local : DaemonFiles::Remote;
    return Judge{
        api_route,
        [env, files](ApiRoute route, std::string_view target, std::string_view body, World& world) {
            auto config = load_config(env);
            if (!config)
                return ApiVerdict{false, 403, nlohmann::json{{"message", "leash: " + config.error()}}.dump(), std::nullopt};
            return judge_api(*config, route, target, body, world, env, files);
        },
        add_warning,
    };
}

}  // namespace leash::guard
