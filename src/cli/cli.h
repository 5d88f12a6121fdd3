// The leash command's subcommands (the edges that print). Each returns the exit status.
#pragma once

#include <string_view>

#include "cli/engine.h"
#include "core/environment.h"
#include "core/parse.h"

namespace leash {

constexpr int kExitRefused = 125;  // as docker uses for its own run errors
constexpr int kExitUsage = 2;

// args are the words after the subcommand's name.
int cmd_exec(const Args& args, const Env& env);
int cmd_explain(const Args& args, const Env& env);
int cmd_open(const Args& args, const Env& env);
int cmd_agents(const Args& args, const Env& env);
int cmd_doctor(const Args& args, const Env& env);
int cmd_init(const Args& args, const Env& env);
int cmd_serve(const Args& args, const Env& env);
int cmd_guard(const Args& args, const Env& env);
int cmd_hook(const Args& args, const Env& env);

// One line on stderr, "leash: MESSAGE".
void say(std::string_view message);
// That line, and the exit status of a refusal (kExitRefused) or of a misuse of leash itself (kExitUsage).
int refuse(std::string_view message);
int misuse(std::string_view message);

// Execs the runtime as the plan says, or refuses; returns only on failure, with the exit status.
int run_engine(const Result<Plan>& plan, const Env& env);

}  // namespace leash
