#include "core/environment.h"

namespace leash {

std::string_view env_name(std::string_view entry) { return entry.substr(0, entry.find('=')); }

std::optional<std::string_view> env_get(const Env& env, std::string_view name) {
    for (const auto& e : env)
        if (e.size() > name.size() && e[name.size()] == '=' && std::string_view(e).starts_with(name))
            return std::string_view(e).substr(name.size() + 1);
    return std::nullopt;
}

DerivedEnv DerivedEnv::all_of(const Env& given) {
    DerivedEnv d;
    d.kept.resize(given.size());
    for (size_t i = 0; i < given.size(); i++) d.kept[i] = i;
    return d;
}

Env DerivedEnv::of(const Env& given) const {
    Env out;
    out.reserve(kept.size() + added.size());
    for (size_t i : kept) out.push_back(given[i]);
    out.insert(out.end(), added.begin(), added.end());
    return out;
}

std::vector<const char*> DerivedEnv::pointers(const Env& given) const {
    std::vector<const char*> out;
    out.reserve(kept.size() + added.size() + 1);
    for (size_t i : kept) out.push_back(given[i].c_str());
    for (const auto& e : added) out.push_back(e.c_str());
    out.push_back(nullptr);
    return out;
}

}  // namespace leash
