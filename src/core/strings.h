// The small string helpers every part uses: paths, lists, and text for people, shells and JSON. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace leash {

std::string_view basename(std::string_view path);

// ASCII case folding, for names that are ASCII by definition (HTTP fields, variable names as matched).
inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }
inline bool equal_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

// Every piece of `s` between `sep`s, empty ones too, as Go's strings.Split cuts ("" is one empty piece).
std::vector<std::string_view> split(std::string_view s, char sep);

// ASCII case folding of a whole word (mount options, capability names).
std::string ascii_lowered(std::string_view s);
std::string ascii_uppered(std::string_view s);

// The non-empty items of a list separated by any of `seps` (LD_PRELOAD's spaces and colons, say).
std::vector<std::string> split_list(std::string_view s, std::string_view seps);

// A value's words, separated by spaces or tabs (a list, or the words of an agent's command).
std::vector<std::string> words(std::string_view s);

// Control characters as '?', so a crafted name cannot drive the terminal.
std::string printable(std::string_view s);

// The items, made printable, with `sep` between them.
std::string join(const std::vector<std::string>& items, std::string_view sep);

std::string shell_quote(std::string_view word);
std::string shell_join(const std::vector<std::string>& argv);

std::string json_string(std::string_view s);
std::string json_list(const std::vector<std::string>& items);

}  // namespace leash
