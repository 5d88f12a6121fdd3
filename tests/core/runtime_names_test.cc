// The runtime names have one source, src/core/runtimes.list: the generated array holds exactly its names,
// and every list of the runtimes that the README and the man pages give in prose names them all, in that
// order. Run from the top of the source tree, as make check does.
#include <regex>

#include "cli/files.h"
#include "core/config.h"
#include "test_util.h"

using namespace leash;

namespace {

std::string text_of(const std::string& path) {
    auto text = read_file(path);
    cr_assert(text, "%s", text ? "" : text.error().c_str());
    return *text;
}

std::string names_in_source() {
    std::string out, text = text_of("src/core/runtimes.list");
    for (const auto& line : split_list(text, "\n"))
        if (line[0] != '#') out += (out.empty() ? "" : " ") + line;
    return out;
}

std::string known_names() {
    std::string out;
    for (auto name : kRuntimeNames) out += (out.empty() ? "" : " ") + std::string(name);
    return out;
}

// The prose of a README or a man page: no markup, one line. Quotes stay, and end a list.
std::string prose(std::string text) {
    for (auto [markup, plain] : {std::pair{R"(\\f[BIRP])", ""}, {R"(\\[-])", "-"}, {R"(\\[&%])", ""},
                                 {"(^|\n)\\.[A-Z]+ ", "$1"}, {"`", ""}, {"\\s+", " "}})
        text = std::regex_replace(text, std::regex(markup), plain);
    return text;
}

// Each list that starts with the names FIRST and SECOND: "docker, podman, podman-remote and nerdctl"
// (three names or more: "docker, podman or nerdctl" speaks of the engines, not of every name), or the
// value "docker podman podman-remote nerdctl"; as names separated by spaces.
std::vector<std::string> lists_in(const std::string& text, std::string_view first = kRuntimeNames[0],
                                  std::string_view second = kRuntimeNames[1]) {
    std::string name = "[a-z][a-z0-9_+-]*";
    std::regex list("\\b" + std::string(first) + "((, " + name + ")+,? and " + name + "|(, " + name + "){2,}|( " +
                    std::string(second) + ")( " + name + ")*)\\b");
    std::vector<std::string> out;
    for (std::sregex_iterator m(text.begin(), text.end(), list), end; m != end; ++m)
        out.push_back(std::regex_replace(m->str(), std::regex(",? and |, "), " "));
    return out;
}

}  // namespace

Test(runtime_names, the_generated_array_is_the_source) { expect_str(known_names(), names_in_source()); }

Test(runtime_names, the_documentation_lists_them_all) {
    for (const char* doc : {"README.md", "man/leash.1", "man/leash.conf.5"}) {
        auto lists = lists_in(prose(text_of(doc)));
        cr_expect(!lists.empty(), "%s lists no runtimes", doc);
        for (const auto& l : lists)
            cr_expect(l == known_names(), "%s lists the runtimes as \"%s\", not \"%s\" (src/core/runtimes.list)",
                      doc, l.c_str(), known_names().c_str());
    }
}

// The test above would pass on documentation it cannot read: these are the spellings it must find.
Test(runtime_names, the_lists_are_found_in_markdown_and_roff) {
    auto found = [](std::string text) { return test::joined(lists_in(prose(text), "docker", "podman")); };
    std::string all = "docker podman podman-remote nerdctl";
    expect_str(found("links named `docker`, `podman`, `podman-remote` and `nerdctl` to"), all);
    expect_str(found("| `docker`, `podman`, `podman-remote`, `nerdctl`: links |"), all);
    expect_str(found("The PATH shims: docker, podman, podman\\-remote and\nnerdctl, links"), all);
    expect_str(found(".BR \"docker podman podman\\-remote nerdctl\" ."), all);
    expect_str(found("links named docker, podman and nerdctl"), "docker podman nerdctl");
    expect_str(found("a docker, podman or nerdctl command; the first of docker and podman; docker run -e"), "");
}
