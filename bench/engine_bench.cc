// Google Benchmark of the one decision, judge_argv (parse -> decide -> rewrite): what `leash exec`
// computes between reading its config and exec'ing the runtime (src/cli/engine.cc's plan() without its
// I/O), on a typical `docker run` of an agent and on one with 1,000 flags.
#include <benchmark/benchmark.h>

#include <string>

#include "core/config.h"
#include "core/judge.h"

using namespace leash;

namespace {

// These argvs name no env-file and enter no container: the decision asks the world nothing.
struct Unasked : World {
    Result<FileText> env_file(std::string_view) override { return Error{"unexpected"}; }
    std::optional<ImageFacts> image(const Container&, std::string_view) override { return std::nullopt; }
    std::optional<ContainerFacts> container(const Container&, std::string_view) override { return std::nullopt; }
    Result<std::string> keep_copy(std::string_view, std::string_view) override { return Error{"unexpected"}; }
};

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

// A developer's shell of 100 variables, every value judged by the value rules too: paths, a commit hash,
// an image digest, a proxy without a password, JSON, and long random-looking strings.
Env hundred_env() {
    Env env = shell_env();
    for (int i = 0; env.size() < 100; i++) {
        std::string n = std::to_string(i);
        const std::string values[] = {"/opt/tool" + n + "/bin", "0123456789abcdef0123456789abcdef0123" + n,
                                      "sha256:4f1c0ffee" + n, "http://proxy.example:3128", "{\"k\":" + n + "}",
                                      "aGVsbG8gd29ybGQgdGhpcyBpcyBub3QgYSBrZXk" + n};
        env.push_back("SETTING_" + n + "=" + values[i % std::size(values)]);
    }
    return env;
}

void pipeline(benchmark::State& state, const Args& argv, const Env& env) {
    const Config config = default_config();
    Unasked world;
    // The case must be what it claims, an agent's container that leash rewrites; then it is timed.
    auto j = judge_argv(config, argv, env, world);
    if (!j) return state.SkipWithError(("refused: " + j.error()).c_str());
    if (j->decision.recognition.kind != Recognition::Agent) return state.SkipWithError("not recognized as an agent");
    if (j->decision.action != Action::Rewrite) return state.SkipWithError("nothing rewritten");
    for (auto _ : state) {
        auto out = judge_argv(config, argv, env, world);
        benchmark::DoNotOptimize(out->argv.data());
    }
    state.counters["argv_words"] = double(argv.size());
}

BENCHMARK_CAPTURE(pipeline, typical, kTypical, shell_env())->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(pipeline, typical_100_variables, kTypical, hundred_env())->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(pipeline, thousand_flags, thousand_flags(), shell_env())->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
