#include "core/glob.h"

#include "test_util.h"

using namespace leash;

Test(glob, match) {
    cr_expect(glob_match("*claude*", "example.com/team/claude-code"));
    cr_expect(glob_match("*_API_KEY", "OPENAI_API_KEY"));
    cr_expect(!glob_match("*_API_KEY", "OPENAI_API_KEYS"));
    cr_expect(glob_match("a?c", "abc"));
    cr_expect(!glob_match("a?c", "ac"));
    cr_expect(glob_match("[a-c]x", "bx"));
    cr_expect(!glob_match("[!a-c]x", "bx"));
    cr_expect(glob_match("[]]", "]"));
    cr_expect(glob_match("[", "["));  // an unclosed class is an ordinary character
    cr_expect(glob_match("\\*", "*"));
    cr_expect(!glob_match("\\*", "x"));
    cr_expect(glob_match("*", ""));
    cr_expect(glob_match("**a**b", "xxaxxb"));
    cr_expect(!glob_match("", "x"));
}

Test(glob, casefold) {
    cr_expect(glob_match("*_api_key", "OPENAI_API_KEY", true));
    cr_expect(glob_match("*SECRET*", "my_secret_thing", true));
    cr_expect(!glob_match("*SECRET*", "my_secret_thing", false));
}

Test(glob, image_references) {
    expect_str(image_name("example.com:5000/team/claude:1.2@sha256:abc"), "example.com:5000/team/claude");
    expect_str(image_name("example.com:5000/team/claude"), "example.com:5000/team/claude");
    expect_str(image_name("claude:latest"), "claude");
    cr_expect(image_matches("example.com/team/claude-code", "example.com/team/claude-code:latest"));
    cr_expect(image_matches("*/claude-code", "example.com/team/claude-code@sha256:0123"));
    cr_expect(!image_matches("*/claude-code", "example.com/team/claude-code-evil"));
}

// Linear time on a pattern that makes naive recursion exponential.
Test(glob, no_blowup) {
    std::string text(5000, 'a');
    cr_expect(!glob_match("*a*a*a*a*a*a*a*a*a*a*b", text));
}
