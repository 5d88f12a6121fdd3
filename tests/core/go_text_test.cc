#include "core/go_text.h"

#include "test_util.h"

using namespace leash;

namespace {

// Each record's fields joined with '|', records with " / "; "error" when encoding/csv refuses the text.
std::string csv(std::string_view text, bool first_only = false) {
    auto r = go_csv(text, first_only);
    if (!r) return "error";
    std::string out;
    for (const auto& record : *r) {
        out += out.empty() ? "" : " / ";
        for (size_t i = 0; i < record.size(); i++) out += (i ? "|" : "") + record[i];
    }
    return out;
}

}  // namespace

// As encoding/csv reads them (its source, readRecord; docker --mount reads its value so, and the quoted
// values of tests/e2e/mount_grammar.cases check that against docker itself).
Test(go_text, csv) {
    expect_str(csv("a,b,c"), "a|b|c");
    expect_str(csv("a,,c,"), "a||c|");
    expect_str(csv("\"a,b\",c"), "a,b|c");
    expect_str(csv("\"a\"\"b\",c"), "a\"b|c");
    expect_str(csv("\"\""), "");
    expect_str(csv(" a , b "), " a | b ");  // spaces are kept
    expect_str(csv("a,b\nc,d\n"), "a|b / c|d");
    expect_str(csv("a,b\r\nc,d"), "a|b / c|d");
    expect_str(csv("a,b\r"), "a|b");  // a '\r' before the end is dropped
    expect_str(csv("\n\na,b\n\n"), "a|b");  // blank lines are skipped
    expect_str(csv("\"a\nb\",c"), "a\nb|c");  // a quoted field goes on over lines
    expect_str(csv("\"a\r\nb\",c"), "a\nb|c");
    expect_str(csv(""), "");
    expect_str(csv("a,b\nc"), "error");  // another number of fields
    expect_str(csv("a,b\nc", true), "a|b");
    expect_str(csv("a\"b"), "error");  // a bare quote
    expect_str(csv("\"a\"b"), "error");
    expect_str(csv("\"a"), "error");
    expect_str(csv("\"a\n"), "error");
    expect_str(csv("a,\"b"), "error");
}

Test(go_text, spaces_and_bools) {
    expect_str(go_trim_space(" \t\n\v\f\rx y\r\n "), "x y");
    expect_str(go_trim_space("\xC2\xA0x\xE2\x80\x8A"), "x");  // NO-BREAK SPACE, HAIR SPACE
    expect_str(go_trim_space("\xE3\x80\x80x\xC2\x85"), "x");  // IDEOGRAPHIC SPACE, NEL
    expect_str(go_trim_space("\xE2\x80\x8Bx"), "\xE2\x80\x8Bx");  // ZERO WIDTH SPACE is none to Go
    expect_str(go_trim_space(""), "");
    cr_expect_eq(go_space_prefix("\xE1\x9A\x80x"), 3u);  // OGHAM SPACE MARK
    cr_expect_eq(go_space_suffix("x\xE2\x80\x80"), 3u);
    cr_expect_eq(go_space_suffix("x\xE2\x80\x8B"), 0u);
    for (std::string_view t : {"1", "t", "T", "TRUE", "true", "True"}) cr_expect(go_parse_bool(t) == true);
    for (std::string_view f : {"0", "f", "F", "FALSE", "false", "False"}) cr_expect(go_parse_bool(f) == false);
    for (std::string_view x : {"", "yes", "tRUE", "2", " true"}) cr_expect(!go_parse_bool(x));
}
