#include "core/strings.h"

#include <fmt/format.h>

namespace leash {
namespace {

// Bytes of one UTF-8 sequence at the start of s, or 0 if it is not valid UTF-8.
size_t utf8_length(std::string_view s) {
    auto c = static_cast<unsigned char>(s[0]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || n > s.size()) return 0;
    for (size_t i = 1; i < n; i++)
        if ((static_cast<unsigned char>(s[i]) >> 6) != 0x2) return 0;
    return n;
}

}  // namespace

std::string_view basename(std::string_view path) {
    size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    while (true) {
        size_t at = s.find(sep);
        out.push_back(s.substr(0, at));
        if (at == std::string_view::npos) return out;
        s.remove_prefix(at + 1);
    }
}

std::string ascii_lowered(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

std::string ascii_uppered(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    return out;
}

std::vector<std::string> split_list(std::string_view s, std::string_view seps) {
    std::vector<std::string> out;
    for (size_t i = 0; i <= s.size();) {
        size_t end = std::min(s.find_first_of(seps, i), s.size());
        if (end > i) out.emplace_back(s.substr(i, end - i));
        i = end + 1;
    }
    return out;
}

std::vector<std::string> words(std::string_view s) { return split_list(s, " \t"); }

std::string printable(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : std::string(sep)) + printable(s);
    return out;
}

std::string shell_quote(std::string_view w) {
    if (!w.empty() && w.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                          "@%+=:,./-_") == std::string_view::npos)
        return std::string(w);
    std::string out = "'";
    for (char c : w) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string shell_join(const std::vector<std::string>& argv) {
    std::string out;
    for (const auto& a : argv) out += (out.empty() ? "" : " ") + shell_quote(printable(a));
    return out;
}

std::string json_string(std::string_view s) {
    std::string out = "\"";
    while (!s.empty()) {
        size_t n = utf8_length(s);
        auto c = static_cast<unsigned char>(s[0]);
        if (n == 0) {
            out += "\\ufffd";
            n = 1;
        } else if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c < 0x20 || c == 0x7f) {
            out += fmt::format("\\u{:04x}", c);
        } else {
            out.append(s.substr(0, n));
        }
        s.remove_prefix(n);
    }
    return out + "\"";
}

std::string json_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (const auto& s : items) out += (out.size() > 1 ? "," : "") + json_string(s);
    return out + "]";
}

}  // namespace leash
