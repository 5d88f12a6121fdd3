// Which agent claimed a container that no label, image or command makes one agent's (World::claim):
// containers cannot be relabelled, so the record is a file per container ID, holding the agent's name and
// the daemon's, in a directory of the user's alone. leash exec (RealWorld) and the API guard (DockerWorld)
// share it: they judge execs into the same daemons' containers.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/environment.h"
#include "core/result.h"

namespace leash {

// $XDG_STATE_HOME/leash/claims, else ~/.local/state/leash/claims; empty if neither variable is set.
std::string claims_dir(const Env& env);

// What a daemon says of itself, to prune the claims of its removed containers: who it is (as it says
// itself: docker's engine ID, podman's host and storage), and the ID of every container it holds.
struct DaemonContainers {
    std::string daemon;
    std::vector<std::string> ids;
};

// World::claim over the directory `dir` (created 0700 at the first claim; refused unless it is the
// user's alone, since whoever can remove a claim can hand the container to a second agent). A new claim
// is written whole into a temporary file and then linked to the container's ID: link(2) fails when the
// name exists, so of two racing claims one wins, and no reader sees half a file.
//
// A claim lives as long as its container: each new claim asks `daemon()` once and removes the claims of
// that daemon, made before it was asked, whose containers it no longer lists. A claim of another daemon
// (or of one that cannot say who it is) is left alone, since an ID missing from one daemon's list may be
// another's container.
Result<std::string> claim_container(const std::string& dir, std::string_view id, std::string_view agent,
                                    const std::function<std::optional<DaemonContainers>()>& daemon);

}  // namespace leash
