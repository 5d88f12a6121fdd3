#include "core/flags.h"

#include <algorithm>
#include <array>

namespace leash {
namespace {

constexpr Flag kFlags[] = {
#include "flag_table.inc"
};

constexpr bool sorted_by_name() {
    for (size_t i = 1; i < std::size(kFlags); i++)
        if (kFlags[i].name < kFlags[i - 1].name) return false;
    return true;
}
static_assert(sorted_by_name(), "flag_table.inc must be sorted by name");

// The rows that have a short letter, found at compile time, so a letter lookup scans only those.
constexpr size_t kLettered = std::count_if(std::begin(kFlags), std::end(kFlags),
                                           [](const Flag& f) { return f.letter != 0; });
constexpr auto kLetteredRows = [] {
    std::array<const Flag*, kLettered> rows{};
    size_t n = 0;
    for (const Flag& f : kFlags)
        if (f.letter != 0) rows[n++] = &f;
    return rows;
}();

}  // namespace

std::span<const Flag> flag_table() { return kFlags; }

const Flag* find_long_flag(std::string_view name, uint8_t at) {
    auto [lo, hi] = std::equal_range(std::begin(kFlags), std::end(kFlags), Flag{name, 0, false, 0, 0},
                                     [](const Flag& a, const Flag& b) { return a.name < b.name; });
    for (auto it = lo; it != hi; ++it)
        if (it->where & at) return &*it;
    return nullptr;
}

const Flag* find_short_flag(char letter, uint8_t at) {
    for (const Flag* f : kLetteredRows)
        if (f->letter == letter && (f->where & at)) return f;
    return nullptr;
}

}  // namespace leash
