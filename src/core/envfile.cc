#include "core/envfile.h"

#include "core/go_text.h"

namespace leash {
namespace {

// Bytes before a name that some runtime skips or that would only disguise it: the UTF-8 BOM, every space
// docker trims (Go's unicode.IsSpace), and '#'.
size_t junk_prefix(std::string_view s) {
    if (s.starts_with("\xEF\xBB\xBF")) return 3;
    if (s.starts_with('#')) return 1;
    return go_space_prefix(s);
}

std::string_view skip_junk(std::string_view s) {
    while (size_t n = junk_prefix(s)) s.remove_prefix(n);
    return s;
}

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\v' ||
                          s.back() == '\f'))
        s.remove_suffix(1);
    return s;
}

EnvFileLine read_line(std::string_view text) {
    std::string_view body = text;
    if (body.ends_with('\n')) body.remove_suffix(1);
    // Blank and comment lines as podman sees them (it trims only spaces and tabs). docker also skips a
    // BOM and other spaces first; such a line is read as a variable below, which is the safer error.
    size_t first = body.find_first_not_of(" \t");
    if (first == std::string_view::npos || body[first] == '#') return {EnvFileLine::Skip, text, {}};
    std::string_view s = skip_junk(body);
    if (s.starts_with("export ") || s.starts_with("export\t")) s = skip_junk(s.substr(7));
    size_t eq = s.find('=');
    if (eq != std::string_view::npos) return {EnvFileLine::Assign, text, trim_right(s.substr(0, eq))};
    std::string_view name = trim_right(s);
    if (name.empty()) return {EnvFileLine::Skip, text, {}};
    if (name.ends_with('*')) return {EnvFileLine::Wildcard, text, name.substr(0, name.size() - 1)};
    return {EnvFileLine::Bare, text, name};
}

}  // namespace

std::vector<EnvFileLine> read_env_file(std::string_view content) {
    std::vector<EnvFileLine> lines;
    while (!content.empty()) {
        size_t nl = content.find('\n');
        size_t len = nl == std::string_view::npos ? content.size() : nl + 1;
        lines.push_back(read_line(content.substr(0, len)));
        content.remove_prefix(len);
    }
    return lines;
}

}  // namespace leash
