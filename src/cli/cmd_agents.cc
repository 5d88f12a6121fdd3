// leash agents [--json]: what each agent gets, and whether its keys are set here.
#include <fmt/format.h>

#include "core/agents_table.h"
#include "cli/cli.h"
#include "cli/config_files.h"

namespace leash {

int cmd_agents(const Args& args, const Env& env) {
    bool json = args.size() == 1 && args[0] == "--json";
    if (!args.empty() && !json) return misuse("usage: leash agents [--json]");
    auto config = load_config(env);
    if (!config) return refuse(config.error());
    fmt::print("{}", json ? agents_json(*config, env) : agents_text(*config, env));
    return 0;
}

}  // namespace leash
