// Google Benchmark of the one decision, judge_argv (parse -> decide -> rewrite): what `leash exec`
// computes between reading its config and exec'ing the runtime (src/cli/engine.cc's plan() without its
// I/O), on a typical `docker run` of an agent, on one with 1,000 flags, and on one with ten mounts.
#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "cli/host_world.h"
#include "core/config.h"
#include "core/credentials.h"
#include "core/judge.h"

using namespace leash;

namespace {

// These argvs name no env-file and enter no container: the decision asks the world nothing.
struct Unasked : World {
    Result<FileText> env_file(std::string_view) override { return Error{"unexpected"}; }
    std::optional<ImageFacts> image(const Container&, std::string_view) override { return std::nullopt; }
    std::optional<ContainerFacts> container(const Container&, std::string_view) override { return std::nullopt; }
    Result<std::string> claim(const Container&, std::string_view, std::string_view) override { return Error{"unexpected"}; }
    Result<std::string> keep_copy(std::string_view, std::string_view) override { return Error{"unexpected"}; }
    std::optional<std::string> real_path(std::string_view path) override { return std::string(path); }
    std::optional<PathKind> path_kind(std::string_view) override { return std::nullopt; }
    std::vector<std::string> dir_names(std::string_view) override { return {}; }
    std::vector<std::string> glob(std::string_view) override { return {}; }
    Result<std::string> keep_mask(Mask::Source, std::string_view) override { return Error{"unexpected"}; }
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

// A developer's shell of 100 variables, with values as long as real ones (PATH, LS_COLORS, a proxy, a
// commit hash) and a few credentials among them.
Env hundred_variables() {
    Env env = shell_env();
    env.push_back("LS_COLORS=" + std::string(60, 'x') +
                  ":rs=0:di=01;34:ln=01;36:mh=00:pi=40;33:so=01;35:do=01;35:bd=40;33;01:cd=40;33;01:or=40;31;01:"
                  "mi=00:su=37;41:sg=30;43:ca=00:tw=30;42:ow=34;42:st=37;44:ex=01;32:*.tar=01;31:*.tgz=01;31:*.zip=01;31:"
                  "*.gz=01;31:*.bz2=01;31:*.deb=01;31:*.rpm=01;31:*.jpg=01;35:*.png=01;35:*.mp3=00;36:*.ogg=00;36");
    env.insert(env.end(), {"HTTPS_PROXY=http://proxy.corp.example.com:3128", "NO_PROXY=localhost,127.0.0.1,.corp",
                           "GIT_COMMIT=0123456789abcdef0123456789abcdef01234567", "DATABASE_URL=postgres://u:p@db/app",
                           "MY_VAR=ghp_aB3dE6gH9kaB3dE6gH9kaB3dE6gH9kaB3dE6", "XDG_RUNTIME_DIR=/run/user/1000",
                           "SSH_AUTH_SOCK=/tmp/ssh-XXXXabcd/agent.1234", "DISPLAY=:0", "COLORTERM=truecolor"});
    for (int i = 0; env.size() < 100; i++)
        env.push_back("TOOL_OPTION_" + std::to_string(i) + "=--some-flag=value-" + std::to_string(i * 7919));
    return env;
}

// Every variable judged for claude's container, the rules compiled once per decision as decide would.
void credentials(benchmark::State& state) {
    const Config config = default_config();
    const Agent* claude = config.agent("claude");
    const Env env = hundred_variables();
    size_t withheld = 0;
    for (auto _ : state) {
        const Credentials creds(config);
        withheld = 0;
        for (const auto& e : env) {
            std::string_view n = env_name(e);
            withheld += creds.judge(claude, n, std::string_view(e).substr(std::min(n.size() + 1, e.size()))).owner ==
                        Owner::Other;
        }
        benchmark::DoNotOptimize(withheld);
    }
    state.counters["variables"] = double(env.size());
    state.counters["withheld"] = double(withheld);
}

// A home on the real file system, with every store of the defaults and a project, for the decision
// with mounts as `leash exec` makes it: one stat per path the plan asks about, real masks.
struct HomeOnDisk {
    std::string root;
    HomeOnDisk() {
        char tmpl[] = "/tmp/leash-bench-XXXXXX";
        root = mkdtemp(tmpl);
        for (const char* d : {"/.aws", "/.ssh", "/.codex", "/.claude", "/.gemini", "/.config", "/.config/leash",
                              "/project", "/project/src"})
            mkdir((root + d).c_str(), 0700);
        for (const char* f : {"/.bashrc", "/.profile", "/.bash_profile", "/.bash_login", "/.bash_logout", "/.zshenv",
                              "/.zprofile", "/.zshrc", "/.zlogin", "/.zlogout", "/.netrc"})
            close(open((root + f).c_str(), O_CREAT | O_WRONLY, 0600));
        mkdir((root + "/.config/fish").c_str(), 0700);
        int fd = open((root + "/project/.env").c_str(), O_CREAT | O_WRONLY, 0600);
        std::string_view env = "OPENAI_API_KEY=sk-proj-aaaaaaaaaaaaaaaaaaaaaaaa\nPORT=8080\n";
        if (write(fd, env.data(), env.size()) < 0) root.clear();
        close(fd);
    }
    ~HomeOnDisk() { std::filesystem::remove_all(root); }
};

// The host's files as leash exec reads them; no runtime to ask.
struct OnDisk : HostWorld {
    OnDisk() : HostWorld("") {}
    std::optional<ImageFacts> image(const Container&, std::string_view) override { return std::nullopt; }
    std::optional<ContainerFacts> container(const Container&, std::string_view) override { return std::nullopt; }
    Result<std::string> keep_copy(std::string_view, std::string_view) override { return Error{"unexpected"}; }
    Result<std::string> claim(const Container&, std::string_view, std::string_view) override { return Error{"unexpected"}; }
};

// Ten mounts of an agent's container: the home read-only, the project, a store, caches and volumes.
Args ten_mounts(const std::string& home) {
    return {"docker", "run", "--rm", "-v", home + ":/h:ro", "-v", home + "/project:/work", "-w", "/work", "-v",
            home + "/.codex:/root/.codex", "-v", home + "/project/src:/src:ro", "-v", "cache:/cache", "-v",
            "npm:/root/.npm", "--mount", "type=bind,src=" + home + "/.claude,dst=/root/.claude", "--mount",
            "type=tmpfs,dst=/tmp", "-v", "/usr/share/zoneinfo:/usr/share/zoneinfo:ro", "-v",
            home + "/.config:/cfg:ro", "example.com/team/claude-code:latest", "claude"};
}

void mounts(benchmark::State& state, bool on_disk) {
    Config config = default_config();
    HomeOnDisk home;
    Env env = shell_env();
    env.push_back("HOME=" + home.root);
    Args argv = ten_mounts(home.root);
    Unasked table;
    OnDisk disk;
    World& world = on_disk ? static_cast<World&>(disk) : table;
    auto j = judge_argv(config, argv, env, world);
    if (!j) return state.SkipWithError(("refused: " + j.error()).c_str());
    if (on_disk && j->decision.mounts.empty()) return state.SkipWithError("nothing masked");
    for (auto _ : state) {
        auto out = judge_argv(config, argv, env, world);
        benchmark::DoNotOptimize(out->argv.data());
    }
    state.counters["masks"] = double(j->decision.mounts.size());
}

BENCHMARK(credentials)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(pipeline, typical, kTypical, shell_env())->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(pipeline, typical_100_variables, kTypical, hundred_variables())->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(pipeline, thousand_flags, thousand_flags(), shell_env())->Unit(benchmark::kMicrosecond);
// The decision's part for mounts alone (a host with no file), and with a real home on disk.
BENCHMARK_CAPTURE(mounts, ten_mounts_no_files, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(mounts, ten_mounts_home_on_disk, true)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
