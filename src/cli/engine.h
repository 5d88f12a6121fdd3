// The engine's edge: everything between a runtime's argv and its exec. Reads the config, answers the
// decision's questions for real (RealWorld: env-files, the runtime's inspect, sealed memfds) and runs the
// one decision (core/judge.h).
#pragma once

#include "core/config.h"
#include "core/decide.h"
#include "core/environment.h"
#include "core/parse.h"
#include "core/result.h"
#include "cli/host_world.h"
#include "core/world.h"

namespace leash {

// The World of one runtime command: files as the runtime reads them, the runtime itself (with the
// command's global options, so that -H and --context reach the same daemon) for what it knows of images
// and containers, memfds for filtered copies, and claims in the user's state directory (cli/claims.h).
class RealWorld : public HostWorld {
public:
    RealWorld(const Config& config, const std::string& runtime, const Env& env)
        : HostWorld(std::string(env_get(env, "XDG_RUNTIME_DIR").value_or(""))), config_(config), runtime_(runtime),
          env_(env) {}
    std::optional<ImageFacts> image(const Container& c, std::string_view ref) override;
    std::optional<ContainerFacts> container(const Container& c, std::string_view name) override;
    Result<std::string> claim(const Container& c, std::string_view id, std::string_view agent) override;
    Result<std::string> keep_copy(std::string_view original, std::string_view content) override;

private:
    std::optional<std::string> ask(const Container& c, std::initializer_list<std::string_view> words);
    std::optional<std::vector<std::string>> inspect(const Container& c, std::string_view object,
                                                    std::string_view format, std::string_view name);
    const Config& config_;
    const std::string& runtime_;  // as the caller named it
    const Env& env_;
};

struct Plan {
    Config config;
    Invocation inv;     // views into the argv given to plan()
    Decision decision;  // decision.env is the runtime's environment
    Args argv;          // the runtime's argv
};

// An error is a refusal: nothing may run. argv[0] is the runtime as named by the caller.
Result<Plan> plan(Config config, const Args& argv, const Env& env);

// The same, under the configuration of this environment (load_config); a bad one is a refusal too.
Result<Plan> plan(const Args& argv, const Env& env);

}  // namespace leash
