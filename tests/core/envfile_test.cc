#include "core/envfile.h"

#include "test_util.h"

using namespace leash;

namespace {

// "kind:name" per line.
std::string read(std::string_view content) {
    std::string out;
    for (const auto& l : read_env_file(content)) {
        const char* kind = l.kind == EnvFileLine::Skip     ? "skip"
                           : l.kind == EnvFileLine::Assign ? "set"
                           : l.kind == EnvFileLine::Bare   ? "bare"
                                                           : "wild";
        out += (out.empty() ? "" : " ") + std::string(kind) + ":" + std::string(l.name);
    }
    return out;
}

}  // namespace

Test(envfile, plain_lines) {
    expect_str(read("A=1\nB\n# C=3\n\n  \nD*\nE=x=y\n"), "set:A bare:B skip: skip: skip: wild:D set:E");
}

Test(envfile, spellings_that_hide_a_name) {
    expect_str(read("\xEF\xBB\xBFOPENAI_API_KEY=x\n"), "set:OPENAI_API_KEY");          // BOM
    expect_str(read("OPENAI_API_KEY=x\r\n"), "set:OPENAI_API_KEY");                    // CRLF
    expect_str(read("OPENAI_API_KEY\r\n"), "bare:OPENAI_API_KEY");
    expect_str(read("export OPENAI_API_KEY=x\n"), "set:OPENAI_API_KEY");
    expect_str(read("  \texport\t OPENAI_API_KEY=x\n"), "set:OPENAI_API_KEY");
    expect_str(read("OPENAI_API_KEY =x\n"), "set:OPENAI_API_KEY");                     // podman key "NAME "
    expect_str(read("OPENAI_API_KEY   \n"), "bare:OPENAI_API_KEY");                    // trailing spaces
    expect_str(read("\xC2\xA0OPENAI_API_KEY=x\n"), "set:OPENAI_API_KEY");              // NO-BREAK SPACE
    expect_str(read("\v#OPENAI_API_KEY=x\n"), "set:OPENAI_API_KEY");                   // not a comment to podman
    expect_str(read("\xEF\xBB\xBF#OPENAI_API_KEY=x\n"), "set:OPENAI_API_KEY");
}

// docker trims every space Go's unicode.IsSpace knows before a name, so "<IDEOGRAPHIC SPACE>ACME_KEY=x" sets
// ACME_KEY; leash read a name with the space in it, which no secret pattern or key matched unless it began
// with '*' (found by the differential test against the docker CLI).
Test(envfile, every_space_docker_trims) {
    for (std::string space : {"\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x83", "\xE2\x80\x8A", "\xE2\x80\xA8",
                              "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80"})
        expect_str(read(space + " \t" + space + "ACME_KEY=x\n"), "set:ACME_KEY");
    // ZERO WIDTH SPACE is no space to Go: docker keeps it in the name, and so does leash.
    expect_str(read("\xE2\x80\x8B" "ACME_KEY=x\n"), "set:\xE2\x80\x8B" "ACME_KEY");
}

Test(envfile, last_line_without_newline_and_empty_file) {
    expect_str(read("A=1"), "set:A");
    expect_str(read(""), "");
    auto lines = read_env_file("A=1\nB=2");
    cr_assert_eq(lines.size(), 2u);
    expect_str(lines[0].text, "A=1\n");
    expect_str(lines[1].text, "B=2");
}

Test(envfile, invalid_utf8_and_long_lines) {
    expect_str(read("\xff\xfe=1\nOK=2\n"), "set:\xff\xfe set:OK");
    std::string long_line = "OPENAI_API_KEY=" + std::string(200000, 'x') + "\n";
    expect_str(read(long_line), "set:OPENAI_API_KEY");
}

Test(envfile, empty_names) {
    expect_str(read("=value\n"), "set:");
    expect_str(read("export\n"), "bare:export");
}
