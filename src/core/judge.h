// judge_argv: a runtime's argv through the one decision, parse -> decide -> rewrite. `leash exec`,
// `leash explain`, the PATH shims, the unit tests, the fuzzers and the benchmark all call this.
#pragma once

#include "core/config.h"
#include "core/decide.h"
#include "core/environment.h"
#include "core/parse.h"
#include "core/result.h"
#include "core/world.h"

namespace leash {

struct Judged {
    Invocation inv;     // its views point into the argv given to judge_argv
    Decision decision;  // decision.env is the runtime's environment
    Args argv;          // the runtime's argv
};

// argv[0] is the runtime as the caller named it; a program that is no runtime of the config passes as
// it is. An error is a refusal: nothing may run.
Result<Judged> judge_argv(const Config& config, const Args& argv, const Env& env, World& world);

}  // namespace leash
