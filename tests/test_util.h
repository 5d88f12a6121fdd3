// Shared helpers for the Criterion unit tests.
#pragma once

#include <criterion/criterion.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/parse.h"

namespace leash::test {

inline Args args(std::initializer_list<std::string_view> words) { return Args(words.begin(), words.end()); }

inline std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
    return out;
}

}  // namespace leash::test

// Criterion's string assertions take C strings; these take anything string-like.
#define expect_str(actual, expected)                                                                   \
    do {                                                                                               \
        std::string a_ = std::string(actual), e_ = std::string(expected);                              \
        cr_expect(a_ == e_, "%s:%d: got \"%s\", expected \"%s\"", __FILE__, __LINE__, a_.c_str(), e_.c_str()); \
    } while (0)

// NEEDLE occurs in HAYSTACK.
#define expect_in(haystack, needle)                                                                    \
    do {                                                                                               \
        std::string h_ = std::string(haystack), n_ = std::string(needle);                              \
        cr_expect(h_.find(n_) != std::string::npos, "%s:%d: \"%s\" not in \"%s\"", __FILE__, __LINE__, \
                  n_.c_str(), h_.c_str());                                                             \
    } while (0)
