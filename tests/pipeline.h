// The engine's pure steps end to end, for the unit tests: parse -> recognize -> decide -> rewrite,
// with env-files given as a map from path to content and filtered copies named "<filtered:PATH>" (which a
// second run reads as leash's own copies).
#pragma once

#include <map>
#include <string>

#include "core/decide.h"
#include "core/recognize.h"
#include "core/rewrite.h"
#include "test_util.h"

namespace leash::test {

struct Outcome {
    bool refused = false;
    std::string error;
    Decision decision;
    Args argv;
    std::map<std::string, std::string> files;  // filtered copies by their new path
};

inline Outcome run(const Config& config, const Args& argv, const Env& env,
                   const std::map<std::string, std::string>& files = {},
                   std::optional<std::string_view> exec_image = std::nullopt) {
    Outcome o;
    auto inv = parse(argv);
    if (!inv) return {true, inv.error(), {}, {}, {}};
    auto rec = recognize(config, argv, *inv, env, exec_image);
    if (!rec) return {true, rec.error(), {}, {}, {}};
    EnvFiles contents(inv->env.size());
    for (size_t i = 0; i < inv->env.size() && needs_env_files(config, *rec); i++)
        if (inv->env[i].kind == EnvKind::EnvFile) {
            auto it = files.find(std::string(inv->env[i].value));
            cr_assert(it != files.end(), "no content for env-file %.*s", int(inv->env[i].value.size()),
                      inv->env[i].value.data());
            contents[i] = EnvFileText{it->second, it->first.starts_with("<filtered:")};
        }
    o.decision = decide(config, *inv, env, *rec, contents);
    for (const auto& f : o.decision.files) {
        std::string path = "<filtered:" + std::string(inv->env[f.flag].value) + ">";
        o.decision.edits[f.flag].value = path;
        o.files[path] = f.content;
    }
    o.argv = rewrite(argv, *inv, o.decision);
    return o;
}

inline std::string withheld_of(const Decision& d) {
    std::string out;
    for (const auto& w : d.withheld) {
        out += (out.empty() ? "" : "; ") + w.name + " (";
        for (size_t i = 0; i < w.via.size(); i++) out += (i ? ", " : "") + w.via[i];
        out += ")";
    }
    return out;
}

inline Env five_keys() {
    return {"PATH=/usr/bin:/bin",          "HOME=/home/u",
            "ANTHROPIC_API_KEY=sk-ant",    "OPENAI_API_KEY=sk-openai",
            "GOOGLE_API_KEY=google",       "DASHSCOPE_API_KEY=dashscope",
            "OPENCODE_API_KEY=opencode",   "GITHUB_TOKEN=ghp"};
}

}  // namespace leash::test
