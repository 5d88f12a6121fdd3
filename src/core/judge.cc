#include "core/judge.h"

#include <fmt/format.h>

#include "core/rewrite.h"

namespace leash {

Result<Judged> judge_argv(const Config& config, const Args& argv, const Env& env, World& world) {
    // What passes unjudged runs as it was asked.
    Judged j;
    j.argv = argv;
    auto passes = [&] {
        j.decision.env = DerivedEnv::all_of(env);
        return j;
    };
    if (argv.empty() || !config.is_runtime(basename(argv[0]))) return passes();

    auto inv = parse(argv);
    if (!inv) return Error{fmt::format("refusing {}: {}", basename(argv[0]), inv.error())};
    j.inv = std::move(*inv);
    if (j.inv.c.sub == Subcommand::Other) return passes();

    auto d = decide(config, j.inv.c, env, world);
    if (!d) return Error{d.error()};
    j.decision = std::move(*d);
    j.argv = rewrite(argv, j.inv, j.decision);
    return j;
}

}  // namespace leash
