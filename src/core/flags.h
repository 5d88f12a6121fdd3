// The docker, podman and nerdctl flag grammar, as a table generated from flags.tsv.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace leash {

// Where a flag is accepted: before the subcommand, also after it (podman's persistent globals), or
// after a given subcommand.
enum Position : uint8_t { kGlobal = 1, kPersistent = 2, kRun = 4, kCreate = 8, kExec = 16 };
enum Tool : uint8_t { kDocker = 1, kPodman = 2, kNerdctl = 4 };

struct Flag {
    std::string_view name;  // long name, without "--"
    char letter;            // short letter, 0 if none
    bool takes_value;
    uint8_t where;  // Position bits
    uint8_t tool;   // Tool bits
};

// Every row of flags.tsv, sorted by name.
std::span<const Flag> flag_table();

// The flag accepted at a position (any Position bit in `at`) under that name or letter, or null.
const Flag* find_long_flag(std::string_view name, uint8_t at);
const Flag* find_short_flag(char letter, uint8_t at);

}  // namespace leash
