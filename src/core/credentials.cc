#include "core/credentials.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/glob.h"

namespace leash {
namespace {

using enum ValueRule::Body;

constexpr ValueRule kRules[] = {
#include "value_rules.inc"
};
constexpr size_t kRuleCount = std::size(kRules);
static_assert(kRuleCount < 256, "rule indices are bytes");
static_assert(std::all_of(std::begin(kRules), std::end(kRules),
                          [](const ValueRule& r) { return r.contains.empty() || r.max != 0; }),
              "a rule with `contains` needs a max: its whole body is read");

constexpr std::string_view kUrlKind = "URL with a password";
constexpr std::string_view kPrivateKeyKind = "private key";

constexpr bool is_alnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// For each byte: the bodies it belongs to.
constexpr auto kChar = [] {
    std::array<uint8_t, 256> t{};
    for (int c = 0; c < 256; c++) {
        bool upper = c >= 'A' && c <= 'Z', digit = c >= '0' && c <= '9';
        uint8_t b = 0;
        if (is_alnum(c)) b |= 1 << kAlnum | 1 << kWord | 1 << kAlnumDash | 1 << kWordDash | 1 << kPath;
        if (c == '_') b |= 1 << kWord | 1 << kWordDash;
        if (c == '-') b |= 1 << kAlnumDash | 1 << kWordDash;
        if (upper || (c >= '2' && c <= '7')) b |= 1 << kBase32;
        if (upper || digit) b |= 1 << kUpper;
        if (digit || (c >= 'a' && c <= 'f')) b |= 1 << kHex;
        if (c == '/' || c == '+') b |= 1 << kPath;
        t[c] = b;
    }
    return t;
}();

// The rules by first character, the longest prefix first (sk-ant-api03- before sk-), then in the
// file's order; kFirst gives each character's range of kOrder.
constexpr auto kOrder = [] {
    std::array<uint8_t, kRuleCount> order{};
    for (size_t i = 0; i < kRuleCount; i++) order[i] = uint8_t(i);
    std::sort(order.begin(), order.end(), [](uint8_t a, uint8_t b) {
        const ValueRule &x = kRules[a], &y = kRules[b];
        if (x.prefix[0] != y.prefix[0]) return uint8_t(x.prefix[0]) < uint8_t(y.prefix[0]);
        if (x.prefix.size() != y.prefix.size()) return x.prefix.size() > y.prefix.size();
        return a < b;
    });
    return order;
}();

struct Range {
    uint8_t begin = 0, end = 0;
};
constexpr auto kFirst = [] {
    std::array<Range, 256> r{};
    for (size_t i = 0, j = 0; i < kRuleCount; i = j) {
        uint8_t c = uint8_t(kRules[kOrder[i]].prefix[0]);
        while (j < kRuleCount && uint8_t(kRules[kOrder[j]].prefix[0]) == c) j++;
        r[c] = {uint8_t(i), uint8_t(j)};
    }
    return r;
}();

bool rule_matches(const ValueRule& r, std::string_view v, size_t i) {
    if (!v.substr(i).starts_with(r.prefix)) return false;
    size_t body = i + r.prefix.size();
    size_t limit = std::min<size_t>(r.max ? r.max + 1 : r.min, v.size() - body);
    size_t n = 0;
    while (n < limit && (kChar[uint8_t(v[body + n])] >> r.body & 1)) n++;
    if (n < r.min || (r.max && n > r.max)) return false;
    return r.contains.empty() || v.substr(body, n).find(r.contains) != std::string_view::npos;
}

// What ends a URL's authority (RFC 3986: "/", "?", "#"), and what ends a URL inside a longer value.
bool ends_authority(char c) {
    return c == '/' || c == '?' || c == '#' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f' || c == '"' || c == '\'' || c == '`' || c == '<' || c == '>';
}

// At "://": a userinfo with a non-empty password. The userinfo ends at the authority's last "@", as
// Go's net/url and curl read it (a password may hold an unencoded "@").
bool url_with_password(std::string_view v, size_t colon) {
    size_t start = colon + 3, end = start;
    while (end < v.size() && !ends_authority(v[end])) end++;
    std::string_view authority = v.substr(start, end - start);
    size_t at = authority.rfind('@');
    if (at == std::string_view::npos) return false;
    size_t c = authority.substr(0, at).find(':');
    return c != std::string_view::npos && c + 1 < at;
}

// At "-----BEGIN": a PEM or OpenSSH header naming a private key (RSA, EC, OPENSSH, ENCRYPTED, PGP ...
// BLOCK), as gitleaks' private-key rule reads it.
bool private_key(std::string_view v, size_t i) {
    std::string_view header = v.substr(i + 10, 110);
    size_t end = header.find("-----");
    return end != std::string_view::npos && header.substr(0, end).find("PRIVATE KEY") != std::string_view::npos;
}

char fold(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

bool equal_folded(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++)
        if (fold(a[i]) != fold(b[i])) return false;
    return true;
}

bool contains_folded(std::string_view text, std::string_view lit) {
    for (size_t i = 0; i + lit.size() <= text.size(); i++)
        if (fold(text[i]) == fold(lit[0]) && equal_folded(text.substr(i, lit.size()), lit)) return true;
    return false;
}

// podman trims a name's leading blanks, and reads "FOO*=v" and "FOO =v" in an env-file as variables named
// "FOO*" and "FOO ": judge the name the runtime creates by what it is called without them.
std::string_view bare_name(std::string_view name) {
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == '*' || name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    return name;
}

// A value as a user's glob sees it: without the quotes and blanks around it that docker keeps literally.
std::string_view unquoted(std::string_view v) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '"' || c == '\''; };
    while (!v.empty() && blank(v.front())) v.remove_prefix(1);
    while (!v.empty() && blank(v.back())) v.remove_suffix(1);
    return v;
}

}  // namespace

std::span<const ValueRule> value_rules() { return kRules; }

std::optional<std::string_view> value_shape(std::string_view v) {
    bool boundary = true;
    for (size_t i = 0; i < v.size(); i++) {
        uint8_t c = uint8_t(v[i]);
        if (boundary)
            for (uint8_t r = kFirst[c].begin; r < kFirst[c].end; r++)
                if (rule_matches(kRules[kOrder[r]], v, i)) return kRules[kOrder[r]].kind;
        if (c == ':' && v.substr(i, 3) == "://" && url_with_password(v, i)) return kUrlKind;
        if (c == '-' && v.substr(i, 10) == "-----BEGIN" && private_key(v, i)) return kPrivateKeyKind;
        boundary = !is_alnum(c);
    }
    return std::nullopt;
}

std::string reason(const Verdict& v) {
    bool own = v.owner == Owner::Own;
    switch (v.clue) {
    case Clue::None: return "";
    case Clue::Key: return fmt::format("its name: {}{}'s key", own ? "" : "named like ", v.rule);
    case Clue::KeyHost: return fmt::format("its name: the host variable of {}'s key", v.rule);
    case Clue::Accepts: return fmt::format("its name: {}one {} accepts", own ? "" : "named like ", v.rule);
    case Clue::Pattern: return fmt::format("its name matches {}", v.rule);
    case Clue::Shape: return fmt::format("its value is shaped like a credential ({})", v.rule);
    case Clue::ValueGlob: return fmt::format("its value matches {}", v.rule);
    }
    return "";
}

Credentials::Credentials(const Config& config) : config_(config) {
    for (const auto& a : config.agents) {
        for (const auto& k : a.keys) {
            agent_names_.push_back({k.name, &a, Clue::Key});
            if (k.host != k.name) agent_names_.push_back({k.host, &a, Clue::KeyHost});
        }
        for (const auto& n : a.accepts) agent_names_.push_back({n, &a, Clue::Accepts});
    }
    for (const auto& glob : config.secret_patterns) {
        std::string_view core = glob;
        bool lead = core.starts_with('*'), trail = core.ends_with('*');
        while (core.starts_with('*')) core.remove_prefix(1);
        while (core.ends_with('*')) core.remove_suffix(1);
        Shape shape = core.empty() || core.find_first_of("*?[\\") != std::string_view::npos ? Shape::Glob
                      : lead && trail                                                   ? Shape::Infix
                      : lead                                                            ? Shape::Suffix
                      : trail                                                           ? Shape::Prefix
                                                                                        : Shape::Exact;
        (shape == Shape::Exact || shape == Shape::Suffix ? ending_ : others_).push_back({glob, core, shape});
    }
    auto last = [](const Pattern& p) { return uint8_t(fold(p.literal.back())); };
    std::stable_sort(ending_.begin(), ending_.end(), [&](const Pattern& a, const Pattern& b) { return last(a) < last(b); });
    for (const auto& p : ending_) by_last_[last(p) + 1]++;
    for (size_t c = 1; c < by_last_.size(); c++) by_last_[c] += by_last_[c - 1];
}

std::optional<std::string_view> Credentials::pattern_match(std::string_view name) const {
    if (name.empty()) return std::nullopt;
    uint8_t c = uint8_t(fold(name.back()));
    for (uint32_t i = by_last_[c]; i < by_last_[c + 1]; i++) {
        const Pattern& p = ending_[i];
        if (p.shape == Shape::Exact ? equal_folded(name, p.literal)
                                    : name.size() >= p.literal.size() &&
                                          equal_folded(name.substr(name.size() - p.literal.size()), p.literal))
            return p.glob;
    }
    for (const auto& p : others_) {
        bool hit = p.shape == Shape::Prefix  ? name.size() >= p.literal.size() &&
                                                   equal_folded(name.substr(0, p.literal.size()), p.literal)
                   : p.shape == Shape::Infix ? contains_folded(name, p.literal)
                                             : glob_match(p.glob, name, true);
        if (hit) return p.glob;
    }
    return std::nullopt;
}

bool Credentials::exempt(std::string_view name) const {
    return std::any_of(config_.not_secret.begin(), config_.not_secret.end(),
                       [&](const std::string& g) { return glob_match(g, name, true); });
}

Verdict Credentials::judge(const Agent* agent, std::string_view name, std::string_view value) const {
    name = bare_name(name);
    // An agent's names are matched without regard to case, as the patterns are; only the name as
    // written is the agent's own.
    const AgentName* other = nullptr;
    for (const auto& e : agent_names_) {
        if (!equal_folded(e.name, name)) continue;
        bool exact = e.name == name;
        if (agent && exact && e.clue != Clue::KeyHost && e.agent->name == agent->name)
            return {Owner::Own, e.clue, e.agent->name};
        if (!other || (exact && other->name != name)) other = &e;
    }
    if (other) return {Owner::Other, other->clue, other->agent->name};
    if (auto p = pattern_match(name); p && !exempt(name)) return {Owner::Other, Clue::Pattern, *p};
    if (value.empty()) return {};
    if (auto kind = value_shape(value)) return {Owner::Other, Clue::Shape, *kind};
    for (const auto& g : config_.secret_values)
        if (glob_match(g, value) || glob_match(g, unquoted(value))) return {Owner::Other, Clue::ValueGlob, g};
    return {};
}

}  // namespace leash
