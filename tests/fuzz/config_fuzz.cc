// libFuzzer target: the config reader (apply_ini, then validate). Besides surviving any text:
//  - an error names the file and a line of it ("fuzz.ini:N: ...", 1 <= N <= the number of lines);
//  - reading the same file twice gives what reading it once gives (a later file replaces what an earlier
//    one set, and the credential lists, which add, hold each word once), so layering /etc and the user's
//    file cannot grow a list behind one's back.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/config.h"

using namespace leash;

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
    std::fprintf(stderr, "property violated: %s: %.*s\n", what, int(detail.size()), detail.data());
    std::abort();
}

// Everything the reader can set, as text, to compare two configurations.
std::string dump(const Config& c) {
    std::string out;
    auto list = [&](const std::vector<std::string>& v) {
        for (const auto& s : v) out += s + '\x1f';
        out += '\n';
    };
    list(c.runtimes);
    list(c.secret_patterns);
    list(c.not_secret);
    list(c.secret_values);
    list(c.secret_files);
    list(c.multi_agent_images);
    out += std::to_string(int(c.other_containers)) + std::to_string(int(c.notice)) + c.runtime +
           std::to_string(c.path_shims) + '\n';
    for (const auto& a : c.agents) {
        out += a.name + '\x1f' + a.image + '\x1f' + a.command + '\n';
        for (const auto& k : a.keys) out += k.name + '=' + k.host + '\x1f';
        for (const auto& v : a.env) out += v.name + '=' + v.value + '\x1f';
        out += '\n';
        list(a.accepts);
        list(a.images);
        list(a.commands);
        list(a.files);
        list(a.sockets);
        list(a.allow_host);
    }
    return out;
}

size_t line_count(std::string_view text) {
    size_t n = 1;
    for (char ch : text) n += ch == '\n';
    return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    Config once = default_config();
    auto applied = apply_ini(once, text, "fuzz.ini");
    if (!applied) {
        const std::string& e = applied.error();
        if (!e.starts_with("fuzz.ini:")) fail("an error without the file's name", e);
        size_t line = std::strtoul(e.c_str() + 9, nullptr, 10);
        if (line < 1 || line > line_count(text)) fail("an error on a line the file does not have", e);
        return 0;
    }
    Config twice = once;
    if (!apply_ini(twice, text, "fuzz.ini")) fail("a file accepted once and refused the second time", text);
    if (dump(twice) != dump(once)) fail("reading a file twice changed the configuration", text);
    (void)validate(once);
    return 0;
}
