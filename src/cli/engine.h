// The engine's edge: everything between a runtime's argv and its exec. Reads the config, the env-files
// and (for exec) the container's image, runs the pure core, and makes the filtered env-file copies.
#pragma once

#include "core/config.h"
#include "core/decide.h"
#include "core/environment.h"
#include "core/parse.h"
#include "core/result.h"

namespace leash {

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
