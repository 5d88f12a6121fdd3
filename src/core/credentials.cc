#include "core/credentials.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/glob.h"
#include "core/strings.h"

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

// What each byte may start, so that the scan of a value looks up one table per byte: a rule's prefix
// (at a word's start only), a URL's "://", a PEM header's "-----BEGIN"; and whether it is a letter or
// a digit (no word starts after one).
enum : uint8_t { kStartsRule = 1, kColon = 2, kDash = 4, kAlnumChar = 8 };
constexpr auto kScan = [] {
    std::array<uint8_t, 256> t{};
    for (int c = 0; c < 256; c++) t[c] = (kFirst[c].begin < kFirst[c].end ? kStartsRule : 0) | (is_alnum(c) ? kAlnumChar : 0);
    t[':'] |= kColon;
    t['-'] |= kDash;
    return t;
}();

// For each first character, the second characters its rules' prefixes have: most words that start
// with a rule's letter ("some", "rs") end the search at their second.
constexpr auto kSecond = [] {
    std::array<std::array<uint64_t, 4>, 256> t{};
    for (const auto& r : kRules) {
        uint8_t a = uint8_t(r.prefix[0]), b = uint8_t(r.prefix[1]);
        t[a][b / 64] |= uint64_t(1) << (b % 64);
    }
    return t;
}();
static_assert(std::all_of(std::begin(kRules), std::end(kRules), [](const ValueRule& r) { return r.prefix.size() >= 2; }));

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
        uint8_t what = kScan[c];
        if ((what & kStartsRule) && boundary && i + 1 < v.size()) {
            uint8_t next = uint8_t(v[i + 1]);
            if (kSecond[c][next / 64] >> (next % 64) & 1)
                for (uint8_t r = kFirst[c].begin; r < kFirst[c].end; r++)
                    if (rule_matches(kRules[kOrder[r]], v, i)) return kRules[kOrder[r]].kind;
        }
        if ((what & kColon) && v.substr(i, 3) == "://" && url_with_password(v, i)) return kUrlKind;
        if ((what & kDash) && v.substr(i, 10) == "-----BEGIN" && private_key(v, i)) return kPrivateKeyKind;
        boundary = !(what & kAlnumChar);
        // Nothing starts inside a word: on to its end at once.
        if (!boundary)
            while (i + 1 < v.size() && (kScan[uint8_t(v[i + 1])] & kAlnumChar)) i++;
    }
    return std::nullopt;
}

std::string reason(const Verdict& v) {
    switch (v.clue) {
    case Clue::None: return "";
    case Clue::Key: return fmt::format("its name: {}'s key", v.rule);
    case Clue::KeyHost: return fmt::format("its name: the host variable of {}'s key", v.rule);
    case Clue::Accepts: return fmt::format("its name: one {} accepts", v.rule);
    case Clue::Pattern: return fmt::format("its name matches {}", v.rule);
    case Clue::Shape: return fmt::format("its value is shaped like a credential ({})", v.rule);
    case Clue::ValueGlob: return fmt::format("its value matches {}", v.rule);
    }
    return "";
}

namespace {

template <class Match>
Verdict by_pattern(const Config& config, std::string_view name, Match match) {
    auto p = match(name);
    if (!p || std::any_of(config.not_secret.begin(), config.not_secret.end(),
                          [&](const std::string& g) { return glob_match(g, name, true); }))
        return {};
    return {Owner::Other, Clue::Pattern, *p};
}

// The name part of the test, with the patterns matched by `match` (glob_match, or its compiled
// shortcuts): an agent's names first, matched without regard to case as the patterns are (only the
// name as written is the agent's own), then the patterns less not_secret. `agent_name` false: the caller
// knows no agent lists the name.
template <class Match>
Verdict judge_by_name(const Config& config, const Agent* agent, std::string_view name, bool agent_name, Match match) {
    name = bare_name(name);
    if (name.empty()) return {};  // no variable
    if (!agent_name) return by_pattern(config, name, match);
    Verdict other;
    bool other_exact = false;
    auto see = [&](std::string_view listed, const Agent& a, Clue clue) {
        if (!equal_ignoring_case(listed, name)) return false;
        bool exact = listed == name;
        if (agent && exact && clue != Clue::KeyHost && a.name == agent->name) return true;
        if (other.owner == Owner::None || (exact && !other_exact)) other = {Owner::Other, clue, a.name};
        other_exact = other_exact || exact;
        return false;
    };
    for (const auto& a : config.agents) {
        for (const auto& k : a.keys)
            if (see(k.name, a, Clue::Key) || (equal_ignoring_case(k.host, name) && k.host != k.name && see(k.host, a, Clue::KeyHost)))
                return {Owner::Own, Clue::Key, a.name};
        for (const auto& n : a.accepts)
            if (see(n, a, Clue::Accepts)) return {Owner::Own, Clue::Accepts, a.name};
    }
    if (other.owner != Owner::None) return other;
    return by_pattern(config, name, match);
}

}  // namespace

Verdict judge_name(const Config& config, const Agent* agent, std::string_view name) {
    return judge_by_name(config, agent, name, true, [&](std::string_view n) -> std::optional<std::string_view> {
        for (const auto& p : config.secret_patterns)
            if (glob_match(p, n, true)) return p;
        return std::nullopt;
    });
}

Credentials::Credentials(const Config& config) : config_(config) {
    auto note = [&](std::string_view n) {
        if (!n.empty()) agent_ends_[uint8_t(ascii_lower(n.back()))] |= uint64_t(1) << std::min<size_t>(n.size(), 63);
    };
    for (const auto& a : config.agents) {
        for (const auto& k : a.keys) {
            note(k.name);
            note(k.host);
        }
        for (const auto& n : a.accepts) note(n);
    }
    // Each pattern by its shape; Exact and Suffix counted by their last letter and Infix by their first,
    // then placed in those orders by a counting sort, which keeps the configuration's order within a letter.
    std::vector<Pattern> ending, infix;
    ending.reserve(config.secret_patterns.size());
    infix.reserve(config.secret_patterns.size());
    for (const auto& glob : config.secret_patterns) {
        std::string_view core = glob;
        bool lead = core.starts_with('*'), trail = core.ends_with('*');
        while (core.starts_with('*')) core.remove_prefix(1);
        while (core.ends_with('*')) core.remove_suffix(1);
        bool plain = !core.empty() && std::none_of(core.begin(), core.end(), [](char c) {
            return c == '*' || c == '?' || c == '[' || c == '\\';
        });
        Shape shape = !plain         ? Shape::Glob
                      : lead && trail ? Shape::Infix
                      : lead          ? Shape::Suffix
                      : trail         ? Shape::Prefix
                                      : Shape::Exact;
        Pattern p{glob, core, shape};
        if (shape == Shape::Exact || shape == Shape::Suffix) {
            by_last_[uint8_t(ascii_lower(core.back())) + 1]++;
            ending.push_back(p);
        } else if (shape == Shape::Infix) {
            by_first_[uint8_t(ascii_lower(core.front())) + 1]++;
            infix.push_back(p);
        } else {
            others_.push_back(p);
        }
    }
    auto place = [](const std::vector<Pattern>& from, std::array<uint32_t, 257>& at, auto key) {
        for (size_t c = 1; c < at.size(); c++) at[c] += at[c - 1];
        std::array<uint32_t, 256> next{};
        std::copy(at.begin(), at.end() - 1, next.begin());
        std::vector<Pattern> out(from.size());
        for (const auto& p : from) out[next[key(p)]++] = p;
        return out;
    };
    ending_ = place(ending, by_last_, [](const Pattern& p) { return uint8_t(ascii_lower(p.literal.back())); });
    infix_ = place(infix, by_first_, [](const Pattern& p) { return uint8_t(ascii_lower(p.literal.front())); });
}

std::optional<std::string_view> Credentials::pattern_match(std::string_view name) const {
    if (name.empty()) return std::nullopt;
    uint8_t last = uint8_t(ascii_lower(name.back()));
    for (uint32_t i = by_last_[last]; i < by_last_[last + 1]; i++) {
        const Pattern& p = ending_[i];
        if (p.shape == Shape::Exact ? equal_ignoring_case(name, p.literal)
                                    : name.size() >= p.literal.size() &&
                                          equal_ignoring_case(name.substr(name.size() - p.literal.size()), p.literal))
            return p.glob;
    }
    if (!infix_.empty())
        for (size_t at = 0; at < name.size(); at++) {
            uint8_t c = uint8_t(ascii_lower(name[at]));
            for (uint32_t i = by_first_[c]; i < by_first_[c + 1]; i++) {
                std::string_view lit = infix_[i].literal;
                // The second letter first: most names share a pattern's first letter somewhere, few its second.
                if (lit.size() > name.size() - at || (lit.size() > 1 && ascii_lower(name[at + 1]) != ascii_lower(lit[1])))
                    continue;
                if (equal_ignoring_case(name.substr(at, lit.size()), lit)) return infix_[i].glob;
            }
        }
    for (const auto& p : others_) {
        bool hit = p.shape == Shape::Prefix ? equal_ignoring_case(name.substr(0, p.literal.size()), p.literal)
                                            : glob_match(p.glob, name, true);
        if (hit) return p.glob;
    }
    return std::nullopt;
}

Verdict Credentials::judge(const Agent* agent, std::string_view name, std::string_view value) const {
    std::string_view bare = bare_name(name);
    bool listed = !bare.empty() && (agent_ends_[uint8_t(ascii_lower(bare.back()))] >> std::min<size_t>(bare.size(), 63) & 1);
    Verdict by_name =
        judge_by_name(config_, agent, name, listed, [this](std::string_view n) { return pattern_match(n); });
    if (by_name.owner != Owner::None || value.empty()) return by_name;
    if (auto kind = value_shape(value)) return {Owner::Other, Clue::Shape, *kind};
    for (const auto& g : config_.secret_values)
        if (glob_match(g, value) || glob_match(g, unquoted(value))) return {Owner::Other, Clue::ValueGlob, g};
    return {};
}

}  // namespace leash
