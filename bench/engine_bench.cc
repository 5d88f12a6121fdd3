// Google Benchmark of the engine's pure core, parse -> recognize -> decide -> rewrite: what `leash exec`
// computes between reading its config and exec'ing the runtime (src/engine.cc's plan() without its I/O),
// on a typical `docker run` of an agent and on one with 1,000 flags.
#include <benchmark/benchmark.h>

#include <string>

#include "core/config.h"
#include "core/decide.h"
#include "core/parse.h"
#include "core/recognize.h"
#include "core/rewrite.h"

using namespace leash;

namespace {

// A shell's environment: the usual variables, every default agent's key and a token, all dummies.
Env shell_env() {
    Env env = {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/home/u", "USER=u", "LOGNAME=u", "SHELL=/bin/bash",
               "TERM=xterm-256color", "LANG=C.UTF-8", "PWD=/home/u/project", "EDITOR=vi", "PAGER=less"};
    for (int i = 0; i < 20; i++) env.push_back("APP_SETTING_" + std::to_string(i) + "=value");
    for (const char* key : {"ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GOOGLE_API_KEY", "DASHSCOPE_API_KEY",
                            "OPENCODE_API_KEY", "GITHUB_TOKEN"})
        env.push_back(std::string(key) + "=not-a-key");
    return env;
}

const Args kTypical = {"docker", "run", "--rm", "-it", "--name", "agent", "-v", "/home/u/project:/work",
                       "-w", "/work", "-e", "OPENAI_API_KEY", "-e", "ANTHROPIC_API_KEY", "-e", "TERM",
                       "example.com/team/claude-code:latest", "claude"};

// 1,000 flags before the image, a quarter of them passing another agent's key.
Args thousand_flags() {
    Args a = {"docker", "run"};
    for (int i = 0; i < 250; i++) {
        std::string n = std::to_string(i);
        a.insert(a.end(), {"-e", "VAR_" + n + "=value", "--label", "key" + n + "=value", "-v",
                           "/src/" + n + ":/dst/" + n, "-e", "OPENAI_API_KEY"});
    }
    a.insert(a.end(), {"example.com/team/claude-code:latest", "claude"});
    return a;
}

void pipeline(benchmark::State& state, const Args& argv) {
    const Config config = default_config();
    const Env env = shell_env();
    // The case must be what it claims, an agent's container that leash rewrites; then it is timed.
    auto inv = parse(argv);
    if (!inv) return state.SkipWithError(("parse refused: " + inv.error()).c_str());
    auto rec = recognize(config, argv, *inv, env);
    if (!rec || rec->kind != Recognition::Agent) return state.SkipWithError("not recognized as an agent");
    if (decide(config, *inv, env, *rec, EnvFiles(inv->env.size())).action != Action::Rewrite)
        return state.SkipWithError("nothing rewritten");
    for (auto _ : state) {
        inv = parse(argv);
        rec = recognize(config, argv, *inv, env);
        Decision d = decide(config, *inv, env, *rec, EnvFiles(inv->env.size()));
        Args out = rewrite(argv, *inv, d);
        benchmark::DoNotOptimize(out.data());
    }
    state.counters["argv_words"] = double(argv.size());
}

BENCHMARK_CAPTURE(pipeline, typical, kTypical)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(pipeline, thousand_flags, thousand_flags())->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
