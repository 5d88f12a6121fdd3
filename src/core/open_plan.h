// `leash --open AGENT`: from the command line and the agent's config to the runtime command that the
// engine then checks like any other. Pure.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/environment.h"
#include "core/parse.h"
#include "core/result.h"

namespace leash {

struct OpenOptions {
    std::string agent;
    std::optional<std::string> runtime;  // --runtime
    std::optional<std::string> image;    // --image
    bool dry_run = false;
    Args args;  // the words after --, appended to the agent's command
};

// The words after `open` / `--open`. An error is a usage error.
Result<OpenOptions> parse_open_args(const Args& args);

// --runtime, else the config's `runtime`, else (auto) the first of docker and podman that `found`
// says is in PATH. An error says what to install.
Result<std::string> choose_runtime(const std::optional<std::string>& flag, std::string_view configured,
                                   const std::function<bool(std::string_view)>& found);

// RUNTIME run --rm -i [-t] -v CWD:CWD -w CWD IMAGE COMMAND... ARGS...; the engine adds the agent's
// key and fixed variables. `cwd` is absolute. An error means the agent or the directory cannot be opened.
Result<Args> open_argv(const Agent& agent, const OpenOptions& o, std::string_view runtime, std::string_view cwd,
                       bool tty);

// Why `cwd` cannot be the workspace: it is `/`, the home directory, or a directory that holds it (the
// whole home, leash's configuration included). Both absolute, symlinks resolved; `home` empty if unknown.
std::optional<std::string> workspace_refusal(std::string_view agent, std::string_view cwd, std::string_view home);

// The environment the engine judges the command in: LEASH_AGENT names the agent, so that the engine
// gives it its key whatever image --image names.
Env open_env(const Env& env, std::string_view agent);

// "claude starts without ANTHROPIC_API_KEY: not set on this host", or nothing when every key is set.
std::optional<std::string> unset_keys_notice(const Agent& agent, const Env& env);

}  // namespace leash
