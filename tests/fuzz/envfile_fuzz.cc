// libFuzzer target: the env-file reader, judged by what docker and podman would read. The input is an
// env-file given to a container whose agent is unclear, so that every credential is withheld; after
// leash's filter, neither runtime may find a line in the copy that sets a credential. (A line with a
// bare name or a wildcard only copies from the runtime's own environment, which leash scrubs of
// credentials: the parse target checks that.)
// The two readers are modelled on their Go sources: docker/cli's pkg/kvfile.Parse and podman's
// pkg/env.ParseFile.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/decide.h"
#include "core/envfile.h"
#include "fuzz/fuzz_world.h"

using namespace leash;

namespace {

// Lines as Go's bufio.ScanLines gives them: split at '\n', one '\r' before it dropped.
std::vector<std::string_view> scan_lines(std::string_view s) {
    std::vector<std::string_view> lines;
    while (!s.empty()) {
        size_t nl = s.find('\n');
        std::string_view line = s.substr(0, nl);
        if (line.ends_with('\r')) line.remove_suffix(1);
        lines.push_back(line);
        if (nl == std::string_view::npos) break;
        s.remove_prefix(nl + 1);
    }
    return lines;
}

// The code point at the start of s and its length in bytes, or length 0 if not valid UTF-8 (as Go's
// utf8.DecodeRuneInString judges it: shortest form, no surrogates, at most U+10FFFF).
std::pair<uint32_t, size_t> decode(std::string_view s) {
    auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
    if (s.empty()) return {0, 0};
    if (b(0) < 0x80) return {b(0), 1};
    size_t n = b(0) >= 0xF0 ? 4 : b(0) >= 0xE0 ? 3 : b(0) >= 0xC2 ? 2 : 0;
    if (n == 0 || b(0) > 0xF4 || s.size() < n) return {0, 0};
    uint32_t c = b(0) & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((b(i) & 0xC0) != 0x80) return {0, 0};
        c = c << 6 | (b(i) & 0x3F);
    }
    bool shortest = (n == 3 && c >= 0x800) || (n == 4 && c >= 0x10000) || n == 2;
    if (!shortest || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) return {0, 0};
    return {c, n};
}

bool valid_utf8(std::string_view s) {
    for (size_t n; !s.empty(); s.remove_prefix(n))
        if ((n = decode(s).second) == 0) return false;
    return true;
}

// Go's unicode.IsSpace.
bool go_space(uint32_t c) {
    switch (c) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return c >= 0x2000 && c <= 0x200A;
    }
}

// strings.TrimLeftFunc(s, unicode.IsSpace)
std::string_view trim_left_go_space(std::string_view s) {
    for (auto d = decode(s); d.second && go_space(d.first); d = decode(s)) s.remove_prefix(d.second);
    return s;
}

// The names docker's reader sets; nothing when it rejects the file (then no container starts).
std::vector<std::string> docker_sets(std::string_view content) {
    std::vector<std::string> names;
    auto lines = scan_lines(content);
    for (size_t i = 0; i < lines.size(); i++) {
        std::string_view line = lines[i];
        if (line.size() > 65536 || !valid_utf8(line)) return {};
        if (i == 0 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
        line = trim_left_go_space(line);
        if (line.empty() || line[0] == '#') continue;
        size_t eq = line.find('=');
        std::string_view key = line.substr(0, eq);
        if (key.empty() || key.find_first_of(" \t") != std::string_view::npos) return {};
        if (eq != std::string_view::npos) names.emplace_back(key);
    }
    return names;
}

// The names podman's reader sets.
std::vector<std::string> podman_sets(std::string_view content) {
    std::vector<std::string> names;
    for (std::string_view line : scan_lines(content)) {
        line.remove_prefix(std::min(line.size(), line.find_first_not_of(" \t")));
        if (line.empty() || line[0] == '#') continue;
        size_t eq = line.find('=');
        std::string_view key = line.substr(0, eq);
        if (key.empty()) return {};
        if (eq != std::string_view::npos) names.emplace_back(key);
    }
    return names;
}

[[noreturn]] void fail(const char* what, std::string_view name) {
    std::fprintf(stderr, "property violated: %s: [%.*s]\n", what, int(name.size()), name.data());
    std::abort();
}

// The defaults and an agent whose key no secret pattern matches.
const Config& config() {
    static const Config c = [] {
        Config c = default_config();
        if (!apply_ini(c, "[agent.acme]\nkeys = ACME_KEY\nimages = *acme*\n", "fuzz.ini")) std::abort();
        return c;
    }();
    return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view content(reinterpret_cast<const char*>(data), size);
    std::string joined;
    for (const auto& line : read_env_file(content)) {
        if (line.text.find(line.name) == std::string_view::npos) fail("a name that is not in its line", line.name);
        joined += line.text;
    }
    if (joined != content) fail("lines that do not make up the file", joined);

    const Config& c = config();
    Container ctr;
    ctr.runtime = "docker";
    ctr.sub = Subcommand::Run;
    ctr.image = "me/acme-claude";  // the images of two agents: every credential is withheld
    ctr.env.push_back({EnvKind::File, "f.env", true, {}});
    fuzz::FuzzWorld world;
    world.files["f.env"] = content;
    auto d = decide(c, ctr, {}, world);
    if (!d) return 0;  // a refusal starts nothing
    if (d->recognition.kind != Recognition::Unclear) fail("the container is not judged unclear", "me/acme-claude");
    std::string_view copy = content;
    if (d->edits[0].op == Edit::Replace) copy = world.files.at(d->edits[0].value);
    for (const auto& name : docker_sets(copy))
        if (c.is_credential(name)) fail("docker sets a credential from the filtered copy", name);
    for (const auto& name : podman_sets(copy))
        if (c.is_credential(name)) fail("podman sets a credential from the filtered copy", name);
    return 0;
}
