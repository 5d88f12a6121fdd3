#include "core/environment.h"

namespace leash {

std::string_view env_name(std::string_view entry) { return entry.substr(0, entry.find('=')); }

std::optional<std::string_view> env_get(const Env& env, std::string_view name) {
    for (const auto& e : env)
        if (e.size() > name.size() && e[name.size()] == '=' && std::string_view(e).starts_with(name))
            return std::string_view(e).substr(name.size() + 1);
    return std::nullopt;
}

}  // namespace leash
