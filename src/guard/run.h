// Running a guard: `leash serve` until SIGTERM or SIGINT, `leash guard` as long as its command.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/docker_endpoint.h"
#include "core/environment.h"
#include "guard/listener.h"

namespace leash::guard {

struct GuardSetup {
    Listener listener;
    DockerEndpoint daemon;
    Env env;  // where the configuration is found (judge.h)
    std::function<void(std::string_view)> log;
};

// Serves until SIGTERM or SIGINT: the first stops new connections and lets each exchange in flight
// finish (a few seconds at most), the second closes everything at once. Returns 0.
int serve(const GuardSetup& setup);

// Runs `argv` (found in PATH as execvp finds it) with `env` and serves as long as it runs. A signal
// sent to leash by a process (kill, systemd) is passed on to it; one from the terminal already reached
// it, in the same process group. Returns its exit status, 128+N if signal N ended it, 127 if it could
// not be found, 126 if it could not be run.
int serve_command(const GuardSetup& setup, const std::vector<std::string>& argv, const Env& env);

}  // namespace leash::guard
