#include "core/go_text.h"

#include <cstdint>

namespace leash {
namespace {

// The spaces above ASCII that unicode.IsSpace knows, in UTF-8 (U+2000-U+200A are checked as a range).
constexpr std::string_view kWideSpaces[] = {"\xC2\x85",     "\xC2\xA0",     "\xE1\x9A\x80",
                                            "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF",
                                            "\xE2\x81\x9F", "\xE3\x80\x80"};

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

bool is_en_quad_to_hair_space(std::string_view s) {  // U+2000-U+200A
    return s.size() == 3 && s.starts_with("\xE2\x80") && uint8_t(s[2]) >= 0x80 && uint8_t(s[2]) <= 0x8A;
}

// One line of `text` from `at`, as encoding/csv's readLine gives it: up to and with its '\n', a "\r\n"
// read as "\n", and a '\r' just before the end of the text dropped.
std::string read_line(std::string_view text, size_t& at) {
    size_t nl = text.find('\n', at);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string line(text.substr(at, end - at));
    at = end;
    if (nl == std::string_view::npos && line.ends_with('\r')) line.pop_back();
    if (line.ends_with("\r\n")) line.erase(line.size() - 2, 1);
    return line;
}

size_t newline_len(std::string_view line) { return line.ends_with('\n') ? 1 : 0; }

// One record (readRecord): nullopt at the end of the text.
Result<std::optional<std::vector<std::string>>> read_record(std::string_view text, size_t& at) {
    std::string line;
    do {
        if (at >= text.size()) return std::optional<std::vector<std::string>>{};
        line = read_line(text, at);
    } while (line.size() == newline_len(line));  // blank lines are skipped

    std::vector<std::string> fields;
    std::string_view rest = line;
    while (true) {
        if (rest.empty() || rest[0] != '"') {
            size_t comma = rest.find(',');
            std::string_view field = comma == std::string_view::npos
                                         ? rest.substr(0, rest.size() - newline_len(rest))
                                         : rest.substr(0, comma);
            if (field.find('"') != std::string_view::npos) return Error{"a bare \" in a non-quoted field"};
            fields.emplace_back(field);
            if (comma == std::string_view::npos) return std::optional{std::move(fields)};
            rest.remove_prefix(comma + 1);
            continue;
        }
        // A quoted field, which may go on over the following lines.
        rest.remove_prefix(1);
        std::string field;
        while (true) {
            size_t quote = rest.find('"');
            if (quote != std::string_view::npos) {
                field += rest.substr(0, quote);
                rest.remove_prefix(quote + 1);
                if (rest.starts_with('"')) {
                    field += '"';
                    rest.remove_prefix(1);
                } else if (rest.starts_with(',')) {
                    rest.remove_prefix(1);
                    break;
                } else if (rest.size() == newline_len(rest)) {
                    fields.push_back(std::move(field));
                    return std::optional{std::move(fields)};
                } else {
                    return Error{"extraneous or missing \" in a quoted field"};
                }
            } else if (!rest.empty()) {
                field += rest;
                if (at >= text.size()) return Error{"extraneous or missing \" in a quoted field"};
                line = read_line(text, at);
                rest = line;
            } else {
                return Error{"extraneous or missing \" in a quoted field"};
            }
        }
        fields.push_back(std::move(field));
    }
}

}  // namespace

size_t go_space_prefix(std::string_view s) {
    if (!s.empty() && is_ascii_space(s[0])) return 1;
    for (std::string_view w : kWideSpaces)
        if (s.starts_with(w)) return w.size();
    return is_en_quad_to_hair_space(s.substr(0, 3)) ? 3 : 0;
}

size_t go_space_suffix(std::string_view s) {
    if (!s.empty() && is_ascii_space(s.back())) return 1;
    for (std::string_view w : kWideSpaces)
        if (s.ends_with(w)) return w.size();
    return s.size() >= 3 && is_en_quad_to_hair_space(s.substr(s.size() - 3)) ? 3 : 0;
}

std::string_view go_trim_space(std::string_view s) {
    while (size_t n = go_space_prefix(s)) s.remove_prefix(n);
    while (size_t n = go_space_suffix(s)) s.remove_suffix(n);
    return s;
}

std::optional<bool> go_parse_bool(std::string_view s) {
    for (std::string_view t : {"1", "t", "T", "TRUE", "true", "True"})
        if (s == t) return true;
    for (std::string_view f : {"0", "f", "F", "FALSE", "false", "False"})
        if (s == f) return false;
    return std::nullopt;
}

Result<std::vector<std::vector<std::string>>> go_csv(std::string_view text, bool first_only) {
    std::vector<std::vector<std::string>> records;
    size_t at = 0;
    while (true) {
        auto record = read_record(text, at);
        if (!record) return Error{record.error()};
        if (!*record) return records;
        if (!records.empty() && (*record)->size() != records[0].size())
            return Error{"a record with another number of fields"};
        records.push_back(std::move(**record));
        if (first_only) return records;
    }
}

}  // namespace leash
