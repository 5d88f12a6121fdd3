// A World for the unit tests: env-files from a map from path to content, filtered copies named
// "<filtered:PATH>" (sealed: a second run passes them on as they are), the image of the container an
// exec enters given by the test, and claims kept in a map. run() is the one decision through judge_argv, as `leash exec` calls it.
#pragma once

#include <algorithm>
#include <map>
#include <string>

#include "core/judge.h"
#include "test_util.h"

namespace leash::test {

struct TestWorld : World {
    std::map<std::string, std::string> files;      // env-files by path; copies are added here too
    std::string exec_image;  // what the runtime reports of an exec's container; empty: it knows no such container
    std::vector<std::pair<std::string, std::string>> exec_labels;  // and its labels
    std::vector<Mount> exec_mounts;                                 // and its mounts
    std::vector<std::string> exec_command;                          // and what it runs
    std::optional<ImageFacts> image_facts;         // what the runtime reports of an image
    std::map<std::string, std::string> claims;     // container ID -> the agent that claimed it
    std::optional<std::string> claim_error;        // the error every claim gets, if set
    std::vector<std::string> asked;                // what the decision asked, in order ("file PATH", ...)

    Result<FileText> env_file(std::string_view path) override {
        asked.push_back("file " + std::string(path));
        auto it = files.find(std::string(path));
        if (it == files.end()) return Error{"No such file or directory"};
        return FileText{it->second, it->first.starts_with("<filtered:")};
    }
    std::optional<ImageFacts> image(const Container&, std::string_view ref) override {
        asked.push_back("image " + std::string(ref));
        return image_facts;
    }
    std::optional<ContainerFacts> container(const Container&, std::string_view name) override {
        asked.push_back("container " + std::string(name));
        if (exec_image.empty()) return std::nullopt;
        ContainerFacts f;
        f.id = name.starts_with("id-of-") ? std::string(name) : "id-of-" + std::string(name);
        f.image = exec_image;
        f.labels = exec_labels;
        f.mounts = exec_mounts;
        f.command = exec_command;
        return f;
    }
    Result<std::string> claim(const Container&, std::string_view id, std::string_view agent) override {
        asked.push_back("claim " + std::string(id) + (agent.empty() ? "" : " for " + std::string(agent)));
        if (claim_error) return Error{*claim_error};
        auto it = claims.find(std::string(id));
        if (it != claims.end()) return it->second;
        if (!agent.empty()) claims.emplace(id, agent);
        return std::string(agent);
    }
    // Host paths that resolve to another (symlinks, relative ones); any other absolute path is itself,
    // unless it is in `missing`.
    std::map<std::string, std::string> real_paths;
    std::vector<std::string> missing;
    std::optional<std::string> real_path(std::string_view path) override {
        asked.push_back("real " + std::string(path));
        if (auto it = real_paths.find(std::string(path)); it != real_paths.end()) return it->second;
        if (!path.starts_with('/') || std::find(missing.begin(), missing.end(), path) != missing.end()) return std::nullopt;
        return std::string(path);
    }
    Result<std::string> keep_copy(std::string_view original, std::string_view content) override {
        std::string path = "<filtered:" + std::string(original) + ">";
        files[path] = content;
        return path;
    }
    // The host's files for masks: what exists (env-files in `files` are files too), directories' names
    // (from `kinds` and `files`), a glob's matches; masks are MASKS/empty-file, MASKS/empty-dir and
    // MASKS/.env.N (one per text, named as env-files are, as the real ones), whose text is added to `files`.
    std::map<std::string, PathKind> kinds;
    std::map<std::string, std::vector<std::string>> globs;
    std::optional<PathKind> path_kind(std::string_view path) override {
        asked.push_back("stat " + std::string(path));
        if (auto it = kinds.find(std::string(path)); it != kinds.end()) return it->second;
        if (files.count(std::string(path))) return PathKind::File;
        return std::nullopt;
    }
    std::vector<std::string> dir_names(std::string_view dir) override {
        std::vector<std::string> out;
        std::string prefix = std::string(dir) + "/";
        auto add = [&](const std::string& p) {
            if (!p.starts_with(prefix)) return;
            std::string name = p.substr(prefix.size(), p.find('/', prefix.size()) - prefix.size());
            if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
        };
        for (const auto& [p, k] : kinds) add(p);
        for (const auto& [p, t] : files) add(p);
        return out;
    }
    std::vector<std::string> glob(std::string_view pattern) override { return globs[std::string(pattern)]; }
    Result<std::string> keep_mask(Mask::Source kind, std::string_view content) override {
        if (kind == Mask::EmptyFile) return masks + "/empty-file";
        if (kind == Mask::EmptyDir) return masks + "/empty-dir";
        // Named by what it holds, as the real ones are.
        auto [it, made] = env_masks.try_emplace(std::string(content), masks + "/.env." + std::to_string(env_masks.size()));
        files[it->second] = content;
        return it->second;
    }
    std::map<std::string, std::string> env_masks;  // content -> path
    std::string masks = "/masks";                  // MASKS
};

struct Outcome {
    bool refused = false;
    std::string error;
    Decision decision;
    Args argv;
    std::map<std::string, std::string> files;  // filtered copies by their new path
    Env env;                                    // the runtime's environment
};

// In a world the test set up.
inline Outcome run(const Config& config, const Args& argv, const Env& env, TestWorld& world) {
    auto given = world.files;
    auto j = judge_argv(config, argv, env, world);
    if (!j) return {true, j.error(), {}, {}, {}, {}};
    Outcome o{false, {}, std::move(j->decision), std::move(j->argv), {}, {}};
    o.env = o.decision.env.of(env);
    for (const auto& [path, content] : world.files)
        if (path.starts_with("<filtered:") && !given.count(path)) o.files[path] = content;
    return o;
}

inline Outcome run(const Config& config, const Args& argv, const Env& env,
                   const std::map<std::string, std::string>& files = {},
                   std::optional<std::string_view> exec_image = std::nullopt) {
    TestWorld world;
    world.files = files;
    if (exec_image) world.exec_image = std::string(*exec_image);
    return run(config, argv, env, world);
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
