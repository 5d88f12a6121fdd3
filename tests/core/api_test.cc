// judge_api and add_warning: the guard's body through the one decision and back.
#include "core/api.h"

#include "test_util.h"

using namespace leash;

Test(api, add_warning_puts_the_notice_in_warnings) {
    expect_str(add_warning("{\"Id\":\"abc\",\"Warnings\":[]}\n", "leash: n"), "{\"Id\":\"abc\",\"Warnings\":[\"leash: n\"]}\n");
    expect_str(add_warning(R"({"Id":"abc","Warnings":null})", "leash: n"), R"({"Id":"abc","Warnings":["leash: n"]})");
    expect_str(add_warning(R"({"Id":"abc"})", "leash: \"q\""), R"({"Id":"abc","Warnings":["leash: \"q\""]})");
    expect_str(add_warning(R"({"Id":"abc","Warnings":["w1"]})", "leash: n"), R"({"Id":"abc","Warnings":["w1","leash: n"]})");
    // What it cannot read stays as it is.
    for (const char* body : {"", "not json", "[]", R"({"Id":"abc","Warnings":"w"})", "{\"Id\":\"\xFF\"}"})
        expect_str(add_warning(body, "leash: n"), body);
}
