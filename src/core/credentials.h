// What leash counts as a credential (DESIGN.md, "Policy"), and whose it is. A variable is a credential
// when some agent's keys or accepts name it, when its name matches secret_patterns and not not_secret,
// or when its value has a known credential's shape (value_rules.tsv, a private-key block, a URL with a
// password) or matches secret_values. An agent's own names (its keys and accepts, as written) are its
// own whatever their value. Pure; judging a variable allocates nothing.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"

namespace leash {

enum class Owner {
    None,   // not a credential: it passes
    Own,    // the asking agent's own: its keys or accepts name it, whatever the value
    Other,  // a credential that is not the asking agent's (or there is no agent): withhold it
};

// What gave a credential away: the name or the value, and which rule. Never the value itself.
enum class Clue {
    None,
    Key,        // an agent's keys name it (its name inside the container); rule: the agent's name
    KeyHost,    // the host variable a remapped key is read from (keys = NAME=HOSTNAME); rule: the agent
    Accepts,    // an agent's accepts name it; rule: the agent's name
    Pattern,    // its name matches secret_patterns; rule: the pattern
    Shape,      // its value has a built-in credential's shape; rule: the kind ("GitHub personal access token")
    ValueGlob,  // its value matches secret_values; rule: the glob
};

struct Verdict {
    Owner owner = Owner::None;
    Clue clue = Clue::None;
    std::string_view rule;  // into the Config or the built-in table: lives as long as they do

    bool by_value() const { return clue == Clue::Shape || clue == Clue::ValueGlob; }
};

// The words for `leash explain` and the notice: "its name: codex's key", "its name matches *_TOKEN",
// "its value is shaped like a credential (GitHub personal access token)". Empty for Owner::None.
std::string reason(const Verdict& v);

// One row of value_rules.tsv: a prefix and at least `min` (and at most `max`, unless 0) characters of
// `body`, which contain `contains` when it is given.
struct ValueRule {
    enum Body : uint8_t { kAlnum, kWord, kAlnumDash, kWordDash, kBase32, kUpper, kHex, kPath };
    std::string_view prefix;
    Body body;
    unsigned short min, max;
    std::string_view contains;
    std::string_view kind;
};

// Every row, in the file's order.
std::span<const ValueRule> value_rules();

// The name alone, as Credentials::judge judges it, matching the patterns with glob_match: for a caller
// that asks about a few names (Config::is_credential); a decision asks Credentials.
Verdict judge_name(const Config& config, const Agent* agent, std::string_view name);

// The kind of built-in credential a value holds ("Anthropic API key", "URL with a password",
// "private key"), found at its start or after any character that is not a letter or a digit.
std::optional<std::string_view> value_shape(std::string_view value);

// The credential test of one configuration, compiled once (per decision, or per process) and asked for
// every variable. Holds views into `config`, which must outlive it and not change meanwhile.
class Credentials {
public:
    explicit Credentials(const Config& config);

    // NAME=VALUE as the runtime will create it, judged for a container of `agent` (one of config.agents;
    // null: no agent's container, where every credential is Other). `value` empty: not known (a bare
    // -e NAME the host does not set), judged by the name alone. The name is judged without the blanks
    // around it and a trailing '*' (podman trims leading blanks; "FOO*=v" in an env-file creates "FOO*").
    Verdict judge(const Agent* agent, std::string_view name, std::string_view value = {}) const;

    // The name alone, for any agent: a credential by name (some agent's, or a pattern's).
    bool is_credential_name(std::string_view name) const { return judge(nullptr, name).owner != Owner::None; }

private:
    enum class Shape : unsigned char { Exact, Suffix, Prefix, Infix, Glob };
    struct Pattern {
        std::string_view glob;     // as written
        std::string_view literal;  // the glob without its leading and trailing '*' (not for Glob)
        Shape shape = Shape::Glob;
    };

    std::optional<std::string_view> pattern_match(std::string_view name) const;

    const Config& config_;
    // The patterns as glob_match would match them, by shortcuts: Exact and Suffix patterns end where the
    // name ends, so they are sorted by their last letter (folded) and a name tries only those ending in
    // its own; Infix patterns are sorted by their first letter, tried where a name has that letter.
    // by_last_ and by_first_ give each letter's range.
    std::vector<Pattern> ending_, infix_;
    std::array<uint32_t, 257> by_last_{}, by_first_{};
    std::vector<Pattern> others_;  // Prefix and Glob
    // For each last letter (folded), the lengths (63: any longer) of the names agents list that end in
    // it: a name no agent can list skips the agents' lists.
    std::array<uint64_t, 256> agent_ends_{};
};

}  // namespace leash
