#include "core/go_path.h"

#include <vector>

namespace leash {

std::string clean_path(std::string_view path) {
    bool rooted = path.starts_with('/');
    std::vector<std::string_view> parts;
    size_t up = 0;  // leading ".." elements of a relative path
    while (!path.empty()) {
        size_t slash = path.find('/');
        std::string_view part = path.substr(0, slash);
        path.remove_prefix(slash == std::string_view::npos ? path.size() : slash + 1);
        if (part.empty() || part == ".") continue;
        if (part != "..") {
            parts.push_back(part);
        } else if (!parts.empty()) {
            parts.pop_back();
        } else if (!rooted) {
            up++;
        }
    }
    std::string out = rooted ? "/" : "";
    for (size_t i = 0; i < up; i++) out += i ? "/.." : "..";
    for (auto p : parts) {
        if (!out.empty() && out.back() != '/') out += '/';
        out += p;
    }
    return out.empty() ? "." : out;
}

}  // namespace leash
