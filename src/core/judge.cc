#include "core/judge.h"

#include <fmt/format.h>

#include "core/rewrite.h"

namespace leash {

Result<Judged> judge_argv(const Config& config, const Args& argv, const Env& env, World& world) {
    Judged j;
    j.decision.env = env;
    j.argv = argv;
    if (argv.empty() || !config.is_runtime(basename(argv[0]))) return j;

    auto inv = parse(argv);
    if (!inv) return Error{fmt::format("refusing {}: {}", basename(argv[0]), inv.error())};
    j.inv = std::move(*inv);
    if (j.inv.c.sub == Subcommand::Other) return j;

    auto d = decide(config, j.inv.c, env, world);
    if (!d) return Error{d.error()};
    j.decision = std::move(*d);
    j.argv = rewrite(argv, j.inv, j.decision);
    return j;
}

}  // namespace leash
