#include "core/go_json.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/strings.h"

namespace leash::gojson {
namespace {

using json = nlohmann::json;

constexpr size_t npos = std::string_view::npos;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }


// The syntax of the first value, as nlohmann-json reads it, with Go's limit on nesting.
class Syntax : public nlohmann::json_sax<json> {
public:
    bool too_deep = false;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return enter(); }
    bool key(string_t&) override { return true; }
    bool end_object() override { return leave(); }
    bool start_array(std::size_t) override { return enter(); }
    bool end_array() override { return leave(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
    size_t depth_ = 0;
    bool enter() {
        too_deep = ++depth_ > kMaxDepth;
        return !too_deep;
    }
    bool leave() {
        depth_--;
        return true;
    }
};

std::string_view expected(Type t) {
    switch (t) {
        case Type::String: return "a string";
        case Type::Bool: return "true or false";
        case Type::Strings: return "a list of strings";
        case Type::StrSlice: return "a string or a list of strings";
        case Type::StringMap: return "an object of strings";
        case Type::Object: return "an object";
        case Type::Objects: return "a list of objects";
    }
    return "";
}

Value fresh(const Field& f) {
    Value v;
    if (f.type == Type::Object) v.fields.resize(f.of->fields.size());
    return v;
}

// Walks text that Syntax accepted, by the schema; what the schema does not name is skipped.
class Decoder {
public:
    explicit Decoder(std::string_view text) : t_(text) {}

    size_t pos = 0;

    void ws() {
        while (pos < t_.size() && is_space(t_[pos])) pos++;
    }
    char peek() {
        ws();
        return pos < t_.size() ? t_[pos] : '\0';
    }

    Status object(const Struct& s, Value& v, const std::string& path) {
        return members([&](std::string key, size_t begin) -> Status {
            size_t f = field(s, key);
            if (f == npos) {
                skip();
            } else {
                const Field& fd = s.fields[f];
                auto r = value(fd, v.fields[f], path.empty() ? std::string(fd.name) : path + "." + std::string(fd.name));
                if (!r) return r;
            }
            v.members.push_back({{begin, pos}, f});
            return Unit{};
        });
    }

private:
    std::string_view t_;

    // Go's lookup: an exact match first, else the first field that matches folded.
    static size_t field(const Struct& s, std::string_view key) {
        for (size_t i = 0; i < s.fields.size(); i++)
            if (s.fields[i].name == key) return i;
        for (size_t i = 0; i < s.fields.size(); i++)
            if (key_matches(s.fields[i].name, key)) return i;
        return npos;
    }

    size_t string_end(size_t at) const {
        size_t i = at + 1;
        while (t_[i] != '"') i += t_[i] == '\\' ? 2 : 1;
        return i + 1;
    }

    // A string token, decoded: its bytes when it has no escape, else as nlohmann-json decodes it.
    std::string string() {
        size_t end = string_end(pos);
        std::string_view raw = t_.substr(pos, end - pos);
        pos = end;
        if (raw.find('\\') == npos) return std::string(raw.substr(1, raw.size() - 2));
        json j = json::parse(raw, nullptr, false);
        return j.is_string() ? j.get<std::string>() : std::string();
    }

    void skip() {
        size_t depth = 0;
        do {
            char c = peek();
            if (c == '"') {
                pos = string_end(pos);
            } else if (c == '{' || c == '[') {
                depth++;
                pos++;
            } else if (c == '}' || c == ']') {
                depth--;
                pos++;
            } else if (c == ',' || c == ':') {
                pos++;
            } else {
                while (pos < t_.size() && !is_space(t_[pos]) && t_[pos] != ',' && t_[pos] != '}' && t_[pos] != ']')
                    pos++;
            }
        } while (depth > 0);
    }

    Status wrong(const std::string& path, Type t) { return Error{fmt::format("{} must be {}", path, expected(t))}; }

    Status value(const Field& f, Value& v, const std::string& path) {
        char c = peek();
        size_t begin = pos;
        if (c == 'n') {
            pos += 4;
            // null leaves a string or bool as it is, and makes a slice, map or pointer nil.
            if (f.type != Type::String && f.type != Type::Bool) v = fresh(f);
            v.last = {begin, pos};
            return Unit{};
        }
        Status r = Unit{};
        switch (f.type) {
            case Type::String:
                if (c != '"') return wrong(path, f.type);
                v.str = string();
                break;
            case Type::Bool:
                if (c != 't' && c != 'f') return wrong(path, f.type);
                v.flag = c == 't';
                pos += v.flag ? 4 : 5;
                break;
            case Type::StrSlice:
                // strslice.UnmarshalJSON decodes into a new slice each time.
                if (c == '"') {
                    v.items.assign(1, Value{});
                    v.items[0].present = true;
                    v.items[0].str = string();
                    v.len = 1;
                    v.item_spans = {{begin, pos}};
                    break;
                }
                if (c != '[') return wrong(path, f.type);
                v = Value{};
                r = slice(f, v, path);
                break;
            case Type::Strings:
            case Type::Objects:
                if (c != '[') return wrong(path, f.type);
                r = slice(f, v, path);
                break;
            case Type::StringMap:
                if (c != '{') return wrong(path, f.type);
                r = map(v, path);
                break;
            case Type::Object:
                if (c != '{') return wrong(path, f.type);
                if (!v.present) v = fresh(f);
                r = object(*f.of, v, path);
                break;
        }
        if (!r) return r;
        v.present = true;
        v.last = {begin, pos};
        return Unit{};
    }

    // Go decodes an array into the slice it has: item i goes into the element already there while i is
    // below the old length (a null item leaves it, a struct item is merged into it); past the length,
    // an element that an earlier, longer array wrote is still in the backing array unless Go had to
    // grow it, which depends on Go's version: leash refuses that case rather than guess.
    Status slice(const Field& f, Value& v, const std::string& path) {
        bool objects = f.type == Type::Objects;
        std::string items = path + " items";
        std::vector<Span> spans;
        size_t i = 0;
        pos++;  // '['
        if (peek() == ']') {
            pos++;
        } else {
            for (;; i++) {
                char c = peek();
                size_t begin = pos;
                bool null = c == 'n';
                if (!null && c != (objects ? '{' : '"'))
                    return Error{fmt::format("{} must be {}", items, objects ? "objects" : "strings")};
                bool stale = i >= v.len && i < v.items.size();
                if (stale && (objects || null))
                    return Error{fmt::format("{} is given more than once in a way leash does not follow", path)};
                if (i >= v.items.size()) {
                    Value& item = v.items.emplace_back();
                    if (objects) item.fields.resize(f.of->fields.size());
                    item.present = true;
                }
                if (null) {
                    pos += 4;
                } else if (objects) {
                    auto r = object(*f.of, v.items[i], fmt::format("{}[{}]", path, i));
                    if (!r) return r;
                } else {
                    v.items[i].str = string();
                }
                spans.push_back({begin, pos});
                if (peek() == ']') break;
                pos++;  // ','
            }
            i++;
            pos++;
        }
        v.len = i;
        if (i == 0) v.items.clear();  // Go makes a new, empty slice
        v.item_spans = std::move(spans);
        return Unit{};
    }

    Status map(Value& v, const std::string& path) {
        return members([&](std::string key, size_t) -> Status {
            char c = peek();
            std::string val;
            if (c == 'n')
                pos += 4;  // the element's zero value
            else if (c == '"')
                val = string();
            else
                return Error{fmt::format("{} values must be strings", path)};
            auto it = v.map.begin();
            while (it != v.map.end() && it->first != key) ++it;
            if (it == v.map.end())
                v.map.emplace_back(std::move(key), std::move(val));
            else
                it->second = std::move(val);
            return Unit{};
        });
    }

    // An object's members in order: member(key, where the member begins) reads the value after the ':'.
    template <class Member>
    Status members(Member member) {
        pos++;  // '{'
        if (peek() == '}') {
            pos++;
            return Unit{};
        }
        for (;;) {
            ws();
            size_t begin = pos;
            std::string key = string();
            peek();
            pos++;  // ':'
            auto r = member(std::move(key), begin);
            if (!r) return r;
            if (peek() == '}') break;
            pos++;  // ','
        }
        pos++;
        return Unit{};
    }
};

}  // namespace

size_t Struct::at(std::string_view name) const {
    for (size_t i = 0; i < fields.size(); i++)
        if (fields[i].name == name) return i;
    return npos;
}

// Go folds a key rune by rune (Unicode simple folding): an ASCII letter matches either case, and the
// only other runes that fold to ASCII are the Kelvin sign (k) and the long s (s).
bool key_matches(std::string_view name, std::string_view key) {
    size_t i = 0;
    for (char n : name) {
        if (i >= key.size()) return false;
        char k = key[i];
        if (n == k || (ascii_lower(n) >= 'a' && ascii_lower(n) <= 'z' && ascii_lower(n) == ascii_lower(k))) {
            i++;
        } else if (ascii_lower(n) == 'k' && key.substr(i).starts_with("\xE2\x84\xAA")) {
            i += 3;
        } else if (ascii_lower(n) == 's' && key.substr(i).starts_with("\xC5\xBF")) {
            i += 2;
        } else {
            return false;
        }
    }
    return i == key.size();
}

Result<size_t> decode(std::string_view text, const Struct& schema, Value& out) {
    // nlohmann-json skips a byte order mark; Go's decoder does not take one.
    if (text.starts_with("\xEF\xBB\xBF")) return Error{"not JSON (a byte order mark)"};
    Syntax syntax;
    if (!json::sax_parse(text.begin(), text.end(), &syntax, json::input_format_t::json, false))
        return Error{syntax.too_deep ? fmt::format("nested deeper than {} levels", kMaxDepth) : std::string("not JSON")};
    Decoder d(text);
    if (d.peek() != '{') return Error{"not a JSON object"};
    out = Value{};
    out.fields.resize(schema.fields.size());
    out.present = true;
    size_t begin = d.pos;
    auto r = d.object(schema, out, "");
    if (!r) return Error{r.error()};
    out.last = {begin, d.pos};
    return d.pos;
}

}  // namespace leash::gojson
