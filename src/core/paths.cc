#include "core/paths.h"

#include <algorithm>
#include <vector>

namespace leash {

bool is_clean_path(std::string_view p) {
    if (p == "/") return true;
    if (p.empty()) return false;
    // Each name, from where it starts: not empty (a doubled or trailing '/'), "." or "..".
    for (size_t i = p[0] == '/' ? 1 : 0;;) {
        if (i == p.size() || p[i] == '/') return false;
        if (p[i] == '.') {
            size_t dots = i + 1 < p.size() && p[i + 1] == '.' ? 2 : 1;
            if (i + dots == p.size() || p[i + dots] == '/') return false;
        }
        size_t slash = p.find('/', i);
        if (slash == std::string_view::npos) return true;
        i = slash + 1;
    }
}

std::string clean_path(std::string_view p) {
    if (is_clean_path(p)) return std::string(p);
    bool rooted = p.starts_with('/');
    std::vector<std::string_view> names;
    while (!p.empty()) {
        size_t slash = p.find('/');
        std::string_view name = p.substr(0, slash);
        p.remove_prefix(slash == std::string_view::npos ? p.size() : slash + 1);
        if (name.empty() || name == ".") continue;
        if (name != "..")
            names.push_back(name);
        else if (!names.empty() && names.back() != "..")
            names.pop_back();
        else if (!rooted)
            names.push_back(name);
    }
    std::string out = rooted ? "/" : "";
    for (size_t i = 0; i < names.size(); i++) out.append(i ? "/" : "").append(names[i]);
    return out.empty() ? "." : out;
}

bool path_within(std::string_view path, std::string_view dir) {
    if (!path.starts_with(dir)) return false;
    return path.size() == dir.size() || dir.ends_with('/') || path[dir.size()] == '/';
}

std::string_view path_below(std::string_view path, std::string_view dir) {
    std::string_view rest = path.substr(dir.size());
    return rest.starts_with('/') ? rest.substr(1) : rest;
}

std::string cleaned(std::string p) { return is_clean_path(p) ? std::move(p) : clean_path(p); }

std::string join_path(std::string_view dir, std::string_view rel) {
    std::string out;
    out.reserve(dir.size() + 1 + rel.size());
    out += dir;
    if (rel.empty()) return out;
    if (!dir.ends_with('/')) out += '/';
    out += rel;
    return out;
}

}  // namespace leash
