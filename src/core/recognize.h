// recognize: which agent, if any, a container is for (ARCHITECTURE.md, "Recognition"). Pure.
#pragma once

#include <string>

#include "core/config.h"
#include "core/container.h"
#include "core/environment.h"
#include "core/result.h"
#include "core/world.h"

namespace leash {

struct Recognition {
    enum Kind {
        Other,    // not an agent container: pass (or withhold everything if other_containers = withhold)
        Agent,    // forward that agent's keys only
        Unclear,  // an agent container whose agent is unclear: withhold everything
    };
    Kind kind = Other;
    const leash::Agent* agent = nullptr;
    std::string image;   // the image the decision is about, for the notice
    std::string reason;  // why, in words
    // An exec into a container that no label, image or command of its own makes one agent's: the command
    // exec'd decided (or nothing did), and the container's claim (World::claim) has the last word.
    bool claimable = false;
};

// The label by which leash marks, and recognizes, an agent's containers (and images).
constexpr std::string_view kAgentLabel = "leash.agent";

// An exec is judged by the container it enters: the runtime is asked about it only when the exec passes
// environment or asks for host access (exec --privileged).
bool exec_needs_target(const Container& c);

// `target`: for an exec, what the runtime reported of its container, or null when it could not tell. An
// exec is judged by its container: its label, else its image, else the command it runs, and only when
// none of these names an agent by the command exec'd or LEASH_AGENT (claimable). LEASH_AGENT names the
// agent of a new container before anything else.
// `image`: what the runtime reported of a run's image, when it was asked. Refuses LEASH_AGENT or a label
// naming no agent.
Result<Recognition> recognize(const Config& config, const Container& c, const Env& env,
                              const ContainerFacts* target = nullptr, const ImageFacts* image = nullptr);

}  // namespace leash
