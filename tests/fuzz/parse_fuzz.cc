// libFuzzer target: the argv parser and the pure engine behind it (parse -> recognize -> decide ->
// rewrite). Besides surviving any argv, the engine must keep three properties:
//  - its output, run through it again, is unchanged (argv, environment, forwarded keys): podman's docker
//    shim execs podman, so the engine does see its own output;
//  - a pass leaves argv and environment byte-identical;
//  - for an agent container, the runtime's environment holds no credential but that agent's keys.
//
// Input: one byte that picks the configuration and the image an exec finds, then NUL-separated words:
// the argv, then, after a word "\x1e", environment entries added to a fixed environment. An env-file's
// content is its own path, so the fuzzer writes env-files (newlines and all) in the argv.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "core/credentials.h"
#include "core/judge.h"
#include "fuzz/fuzz_world.h"

using namespace leash;

namespace {

// Defaults; a remapped key, fixed variables and an agent whose key no secret pattern matches; every
// other container withheld; an agent that claims every image.
const char* const kConfigs[] = {
    "",
    ("[agent.claude]\nkeys = ANTHROPIC_API_KEY=WORK_CLAUDE_KEY\nenv = MODE=fast TELEMETRY=0\n"
     "[agent.acme]\nkeys = ACME_KEY\nimages = *acme*\n"),
    "[leash]\nother_containers = withhold\n",
    "[agent.greedy]\nkeys = GREEDY_TOKEN OPENAI_API_KEY\nimages = *\n",
};
const std::optional<std::string_view> kExecImages[] = {std::nullopt, "example.com/team/claude-code:latest",
                                                       "alpine"};

const Config& config(size_t i) {
    static const std::vector<Config> configs = [] {
        std::vector<Config> out;
        for (const char* ini : kConfigs) {
            Config c = default_config();
            if (!apply_ini(c, ini, "fuzz.ini") || !validate(c)) std::abort();
            out.push_back(std::move(c));
        }
        return out;
    }();
    return configs[i];
}

const Env kBaseEnv = {"PATH=/usr/bin:/bin",        "HOME=/home/u",         "ANTHROPIC_API_KEY=sk-ant",
                      "OPENAI_API_KEY=sk-openai",  "GOOGLE_API_KEY=g",     "WORK_CLAUDE_KEY=sk-work",
                      "ACME_KEY=acme",             "GITHUB_TOKEN=ghp",     "LD_PRELOAD=/usr/lib/leash/libleash.so"};

[[noreturn]] void fail(const char* what, const Args& argv) {
    std::fprintf(stderr, "property violated: %s\nargv:", what);
    for (const auto& a : argv) std::fprintf(stderr, " [%s]", a.c_str());
    std::fprintf(stderr, "\n");
    std::abort();
}

// Every variable the runtime keeps is no credential, or the agent's own as its config spells it (a key,
// or one of its accepts).
bool scrubbed(const Config& c, const Decision& d, const Env& runtime_env) {
    const Agent* agent = d.recognition.kind == Recognition::Agent ? d.recognition.agent : nullptr;
    const Credentials creds(c);
    for (const auto& e : runtime_env) {
        std::string_view name = env_name(e);
        std::string_view value = std::string_view(e).substr(std::min(name.size() + 1, e.size()));
        if (creds.judge(nullptr, name, value).owner == Owner::None) continue;
        bool own = false;
        for (size_t i = 0; agent && i < agent->keys.size(); i++) own = own || agent->keys[i].name == name;
        for (size_t i = 0; agent && i < agent->accepts.size(); i++) own = own || agent->accepts[i] == name;
        if (!own) return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const Config& c = config(data[0] % std::size(kConfigs));
    auto exec_image = kExecImages[data[0] / std::size(kConfigs) % std::size(kExecImages)];
    std::vector<std::string> words;
    std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    for (size_t nul; (nul = rest.find('\0')) != std::string_view::npos; rest.remove_prefix(nul + 1))
        words.emplace_back(rest.substr(0, nul));
    words.emplace_back(rest);
    auto sep = std::find(words.begin(), words.end(), "\x1e");
    Args argv(words.begin(), sep);
    Env env = kBaseEnv;
    if (sep != words.end()) env.insert(env.end(), sep + 1, words.end());
    if (argv.empty()) return 0;

    fuzz::FuzzWorld world;
    world.exec_image = exec_image;
    auto once = judge_argv(c, argv, env, world);
    if (!once) return 0;
    const Decision& d = once->decision;
    const Env runtime_env = d.env.of(env);
    if (d.action == Action::Pass && (once->argv != argv || runtime_env != env)) fail("a pass changed something", argv);
    bool judged = once->inv.c.sub != Subcommand::Other &&
                  (d.recognition.kind != Recognition::Other || c.other_containers == OtherContainers::Withhold);
    if (judged && !scrubbed(c, d, runtime_env)) fail("a credential stayed in the runtime's environment", argv);

    auto twice = judge_argv(c, once->argv, runtime_env, world);
    if (!twice) fail("the engine refused its own output", once->argv);
    if (twice->argv != once->argv) fail("a second pass changed the argv", once->argv);
    if (twice->decision.env.of(runtime_env) != runtime_env) fail("a second pass changed the environment", once->argv);
    if (twice->decision.forward != d.forward) fail("a second pass forwarded other keys", once->argv);
    return 0;
}
