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

#include "core/decide.h"
#include "core/recognize.h"
#include "core/rewrite.h"

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

struct Outcome {
    Decision decision;
    Args argv;
};

// One run of the pure engine. Filtered env-file copies get fresh paths, whose contents go to `files`.
std::optional<Outcome> engine(const Config& c, const Args& argv, const Env& env,
                              std::optional<std::string_view> exec_image, std::map<std::string, std::string>& files) {
    auto inv = parse(argv);
    if (!inv) return std::nullopt;
    auto rec = recognize(c, argv, *inv, env, exec_image);
    if (!rec) return std::nullopt;
    EnvFiles contents(inv->env.size());
    for (size_t i = 0; i < inv->env.size(); i++)
        if (inv->env[i].kind == EnvKind::EnvFile) {
            std::string path(inv->env[i].value);
            auto it = files.find(path);
            // The fuzzer's own copies are named with a NUL (below): a second run reads them as leash's.
            contents[i] = it == files.end() ? EnvFileText{path} : EnvFileText{it->second, path.starts_with('\0')};
        }
    Outcome o{decide(c, *inv, env, *rec, contents), {}};
    for (const auto& f : o.decision.files) {
        // A NUL in the name: no path the fuzzer writes can be the same.
        std::string path = std::string("\0filtered ", 10) + std::to_string(files.size());
        o.decision.edits[f.flag].value = path;
        files[path] = f.content;
    }
    o.argv = rewrite(argv, *inv, o.decision);
    return o;
}

bool scrubbed(const Config& c, const Decision& d) {
    const Agent* agent = d.recognition.kind == Recognition::Agent ? d.recognition.agent : nullptr;
    for (const auto& e : d.env) {
        std::string_view name = env_name(e);
        if (!c.is_credential(name)) continue;
        bool key = false;
        for (size_t i = 0; agent && i < agent->keys.size(); i++) key = key || agent->keys[i].name == name;
        if (!key) return false;
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

    std::map<std::string, std::string> files;
    auto once = engine(c, argv, env, exec_image, files);
    if (!once) return 0;
    const Decision& d = once->decision;
    if (d.action == Action::Pass && (once->argv != argv || d.env != env)) fail("a pass changed something", argv);
    if (needs_env_files(c, d.recognition) && !scrubbed(c, d))
        fail("a credential stayed in the runtime's environment", argv);

    auto twice = engine(c, once->argv, d.env, exec_image, files);
    if (!twice) fail("the engine refused its own output", once->argv);
    if (twice->argv != once->argv) fail("a second pass changed the argv", once->argv);
    if (twice->decision.env != d.env) fail("a second pass changed the environment", once->argv);
    if (twice->decision.forward != d.forward) fail("a second pass forwarded other keys", once->argv);
    return 0;
}
