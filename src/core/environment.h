// A process environment as execve passes it: "NAME=value" entries, possibly with duplicates or
// entries without '='.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leash {

using Env = std::vector<std::string>;

std::string_view env_name(std::string_view entry);

// The first entry's value, as getenv and Go's os.Getenv read it.
std::optional<std::string_view> env_get(const Env& env, std::string_view name);

// An environment made from another one (`given`): the entries of it that it keeps, in their order, then
// the entries added after them. Nothing of `given` is copied: a decision over a large environment keeps
// most of it, and the edge passes the entries on to execve as they are.
struct DerivedEnv {
    std::vector<size_t> kept;  // indexes into `given`
    Env added;

    static DerivedEnv all_of(const Env& given);
    bool is_all_of(const Env& given) const { return added.empty() && kept.size() == given.size(); }
    Env of(const Env& given) const;
    // The entries as execve takes them, null-terminated; they point into `given` and `added`.
    std::vector<const char*> pointers(const Env& given) const;
};

}  // namespace leash
