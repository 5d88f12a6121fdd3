// leash explain [--json] [--] RUNTIME ARGS...: the decision, without running anything.
#include <fmt/format.h>

#include "cli/cli.h"
#include "cli/engine.h"
#include "core/render.h"

namespace leash {

int cmd_explain(const Args& args, const Env& env) {
    size_t i = 0;
    bool json = i < args.size() && args[i] == "--json";
    if (json) i++;
    if (i < args.size() && args[i] == "--") i++;
    Args argv(args.begin() + i, args.end());
    if (argv.empty()) return misuse("usage: leash explain [--json] -- RUNTIME [ARGS...]");
    auto p = plan(argv, env);
    if (!p) {
        if (json) fmt::print("{}", explain_refusal_json(p.error()));
        else fmt::print("action:   refuse\nreason:   {}\n", printable(p.error()));
        return kExitRefused;
    }
    Args shown = redact(p->argv, p->config);
    fmt::print("{}", json ? explain_json(p->decision, shown) : explain_text(p->decision, shown));
    return 0;
}

}  // namespace leash
