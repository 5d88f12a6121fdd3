// The fuzzers' World: an env-file's content is given by the fuzzer (or, for a path it never gave, the
// path itself, so that the fuzzer writes env-files in the argv); filtered copies get fresh paths with a
// NUL in them, which no path the fuzzer writes can be, and are sealed, as leash's own are.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/world.h"

namespace leash::fuzz {

struct FuzzWorld : World {
    std::map<std::string, std::string> files;
    std::optional<std::string_view> exec_image;

    Result<FileText> env_file(std::string_view path) override {
        auto it = files.find(std::string(path));
        if (it == files.end()) return FileText{std::string(path), false};
        return FileText{it->second, it->first.starts_with('\0')};
    }
    std::optional<ImageFacts> image(const Container&, std::string_view) override { return std::nullopt; }
    std::optional<ContainerFacts> container(const Container&, std::string_view) override {
        if (!exec_image) return std::nullopt;
        ContainerFacts f;
        f.image = *exec_image;
        return f;
    }
    Result<std::string> claim(const Container&, std::string_view, std::string_view) override { return std::string(); }
    std::optional<std::string> real_path(std::string_view path) override { return std::string(path); }
    Result<std::string> keep_copy(std::string_view, std::string_view content) override {
        std::string path = std::string("\0filtered ", 10) + std::to_string(files.size());
        files[path] = content;
        return path;
    }
    // A host where every directory a mount names holds every store: the plan has the most to do.
    std::optional<PathKind> path_kind(std::string_view path) override {
        return path.ends_with(".env") ? PathKind::File : PathKind::Dir;
    }
    std::vector<std::string> dir_names(std::string_view) override { return {".env", ".env.local", "src"}; }
    std::vector<std::string> glob(std::string_view pattern) override { return {std::string(pattern)}; }
    Result<std::string> keep_mask(Mask::Source kind, std::string_view) override {
        return std::string("/masks/") + std::to_string(int(kind));
    }
};

}  // namespace leash::fuzz
