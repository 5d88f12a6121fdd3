// recognize: which agent, if any, a container is for (DESIGN.md, "Recognition"). Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/environment.h"
#include "core/parse.h"
#include "core/result.h"

namespace leash {

struct Recognition {
    enum Kind {
        NotAgent,  // pass, or withhold everything if other_containers = withhold
        Agent,     // forward that agent's keys only
        NoAgent,   // an agent container whose agent is unclear: withhold everything
    };
    Kind kind = NotAgent;
    const leash::Agent* agent = nullptr;
    std::string image;   // the image the decision is about, for the notice
    std::string reason;  // why, in words
};

// exec looks at the container only when the exec passes environment and LEASH_AGENT does not name the
// agent already; `exec_image` is then its image as the runtime reported it, or nothing when it could not
// tell.
bool exec_needs_image(const Invocation& inv, const Env& env);

// Refuses LEASH_AGENT naming no agent.
Result<Recognition> recognize(const Config& config, const Args& argv, const Invocation& inv, const Env& env,
                              std::optional<std::string_view> exec_image = std::nullopt);

}  // namespace leash
