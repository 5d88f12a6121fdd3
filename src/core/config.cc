#include "core/config.h"

#include <ini.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "core/credentials.h"
#include "core/glob.h"
#include "core/runtime_names.h"  // generated

namespace leash {
namespace {

// The built-in agents (DESIGN.md, and the agents' own credentials in the CLIs' documentation and
// source). A [agent.NAME] section overrides any of these fields. accepts holds only the same provider's
// other variables: qwen can also authenticate with OPENAI_API_KEY, but that is OpenAI's key (codex's),
// so qwen gets it only when the user adds it to its accepts.
struct DefaultAgent {
    const char* name;
    const char* key;
    const char* accepts;   // words
    const char* images;
    const char* commands;  // words: the command, then the npm package that runs it (npx -y PACKAGE)
    const char* files;     // words
};
constexpr DefaultAgent kDefaultAgents[] = {
    {"claude", "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN CLAUDE_CODE_OAUTH_TOKEN", "*claude*",
     "claude @anthropic-ai/claude-code", "~/.claude ~/.claude.json"},
    {"codex", "OPENAI_API_KEY", "CODEX_API_KEY CODEX_ACCESS_TOKEN", "*codex*", "codex @openai/codex", "~/.codex"},
    {"gemini", "GOOGLE_API_KEY", "GEMINI_API_KEY GOOGLE_APPLICATION_CREDENTIALS GOOGLE_CLOUD_ACCESS_TOKEN",
     "*gemini*", "gemini @google/gemini-cli", "~/.gemini"},
    {"qwen", "DASHSCOPE_API_KEY", "", "*qwen*", "qwen @qwen-code/qwen-code", "~/.qwen"},
    {"opencode", "OPENCODE_API_KEY", "OPENCODE_AUTH_CONTENT", "*opencode*", "opencode opencode-ai",
     "~/.local/share/opencode"},
};

// Names that are credentials besides the agents' own. Whole-word shapes: "*_KEY" catches OPENAI_KEY
// and AZURE_OPENAI_KEY but not KEYBOARD_LAYOUT, MONKEY or GPG_KEY_ID (a key's public ID); "*_TOKEN" not
// TOKENIZERS_PARALLELISM; "*_PASS" not GIT_ASKPASS. Bare PWD and OLDPWD are the working directory, and
// scripts name directories *_PWD too, so only the password variables that are known are listed
// (MYSQL_PWD, which mysql reads, and *DB_PWD). A DSN or DATABASE_URL is judged by its value: a URL with
// a password is a credential whatever its name, and one without (SENTRY_DSN is public) is not.
constexpr const char* kSecretPatterns[] = {
    "*_KEY", "*APIKEY", "*_ACCESS_KEY*", "*PRIVATE_KEY*", "*SECRET*", "TOKEN", "*_TOKEN", "*AUTH_TOKEN*",
    "*AUTHTOKEN*", "*_PAT", "*PASSWORD*", "*PASSWD*", "*PASSPHRASE*", "*_PASS", "MYSQL_PWD", "*DB_PWD",
    "*_AUTH", "*_AUTH_CONFIG", "*_CREDENTIAL", "*_CREDENTIALS", "*_CREDS", "*_CONNECTION_STRING",
    "*_WEBHOOK", "*_WEBHOOK_URL",
};

// Other tools' credential stores in a home (credential-doors.md's list).
constexpr const char* kSecretFiles[] = {
    "~/.aws", "~/.ssh", "~/.gnupg", "~/.config/gh", "~/.netrc", "~/.git-credentials", "~/.docker/config.json",
    "~/.kube", "~/.config/gcloud", "~/.azure", "~/.npmrc", "~/.pypirc", "~/.config/op",
};

constexpr const char* kDefaultOpenImage = "public.ecr.aws/s5i7k8t3/strongdm/coder:latest";

bool is_name_char(char c) { return c == '_' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

bool is_env_name(std::string_view s) {
    return !s.empty() && !(s[0] >= '0' && s[0] <= '9') && std::all_of(s.begin(), s.end(), is_name_char);
}

// Globs over variable names: the characters of names and of globs, nothing a typo would bring in
// ("*_TOKEN," or a quote).
bool is_name_glob(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return is_name_char(c) || std::string_view("*?[]!^-\\").find(c) != std::string_view::npos;
    });
}

// A host path as written: absolute, or under the home (the edge expands "~/").
bool is_host_path(std::string_view s) { return s.starts_with('/') || (s.starts_with("~/") && s.size() > 2); }

// A host-access setting as the runtime's flag names it, without its dashes: NAME or NAME=VALUE.
bool is_setting(std::string_view s) {
    size_t eq = s.find('=');
    std::string_view name = s.substr(0, eq);
    bool name_ok = !name.empty() && name[0] >= 'a' && name[0] <= 'z' &&
                   std::all_of(name.begin(), name.end(), [](char c) {
                       return c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
                   });
    return name_ok && (eq == std::string_view::npos || eq + 1 < s.size());
}

// A user's value glob must hold some literal character: "*" alone would make every value a credential.
bool has_literal(std::string_view s) { return s.find_first_not_of("*?[]") != std::string_view::npos; }

// A socket to let through: a path (globs allowed: /tmp/ssh-*/agent.*) or $NAME, the socket a host
// variable names ($SSH_AUTH_SOCK).
bool is_socket(std::string_view s) { return is_host_path(s) || (s.starts_with('$') && is_env_name(s.substr(1))); }

bool is_agent_name(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return c == '_' || c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
    });
}

Agent new_agent(std::string name) {
    Agent a;
    a.name = std::move(name);
    a.commands = {a.name};
    a.command = a.name;
    return a;
}

// One file being read. inih calls `read_line` for each line and `handle` for each name = value.
struct IniFile {
    Config& config;
    std::string_view path;
    std::string_view text;
    size_t pos = 0;
    int line = 0;
    std::set<std::pair<std::string, std::string>> seen = {};  // (section, name) set in this file
    std::optional<std::pair<int, std::string>> error = {};   // the first one

    bool fail(std::string message) {
        if (!error) error = {line, std::move(message)};
        return false;
    }
};

char* read_line(char* buf, int size, void* stream) {
    auto& f = *static_cast<IniFile*>(stream);
    if (f.pos >= f.text.size()) return nullptr;
    size_t nl = f.text.find('\n', f.pos);
    size_t end = nl == std::string_view::npos ? f.text.size() : nl + 1;
    std::string_view line = f.text.substr(f.pos, end - f.pos);
    f.pos = end;
    f.line++;
    // inih would cut a longer line in two and read the rest as a line of its own.
    if (line.size() > size_t(size - 1)) {
        f.fail(fmt::format("line longer than {} bytes; continue a long list on indented lines", size - 2));
        line = "\n";
    } else if (line.find('\0') != std::string_view::npos) {
        f.fail("NUL byte in line");
        line = "\n";
    }
    std::memcpy(buf, line.data(), line.size());
    buf[line.size()] = '\0';
    return buf;
}

// A list key: its first line in a file replaces what earlier files set; later lines add to it.
template <class T>
void set_list(IniFile& f, std::string_view section, std::string_view name, std::vector<T>& list,
              std::vector<T> values) {
    if (f.seen.emplace(section, name).second) list.clear();
    list.insert(list.end(), std::make_move_iterator(values.begin()), std::make_move_iterator(values.end()));
}

// A list of what credentials are and whose: it adds to what the defaults and earlier files and lines
// set, each word once, so that a user's `secret_patterns = *_PAT` keeps every built-in pattern.
void add_list(std::vector<std::string>& list, std::vector<std::string> values) {
    for (auto& v : values)
        if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(std::move(v));
}

// A list of what credentials are and whose: its key, where it is kept, what each word must be. A
// flag's name may be written with its dashes, as on the runtime's command line.
template <class Owner>
struct AddedList {
    std::string_view key;
    std::vector<std::string> Owner::*list;
    bool (*ok)(std::string_view);
    std::string_view what;
    bool flag_names = false;
};

const AddedList<Config> kLeashLists[] = {
    {"secret_patterns", &Config::secret_patterns, is_name_glob, "a glob over variable names"},
    {"not_secret", &Config::not_secret, is_name_glob, "a glob over variable names"},
    {"secret_values", &Config::secret_values, has_literal, "a glob with some of the value's own characters"},
    {"secret_files", &Config::secret_files, is_host_path, "an absolute path or ~/path"},
};
const AddedList<Agent> kAgentLists[] = {
    {"accepts", &Agent::accepts, is_env_name, "a variable name"},
    {"files", &Agent::files, is_host_path, "an absolute path or ~/path"},
    {"sockets", &Agent::sockets, is_socket, "an absolute path, ~/path or $NAME"},
    {"allow_host", &Agent::allow_host, is_setting, "a setting (privileged, pid=host, cap-add=SYS_ADMIN)", true},
};

// If `name` is one of `lists`, adds the value's words to it (nullopt: it is none of them).
template <class Owner, size_t N>
std::optional<bool> add_words(IniFile& f, const AddedList<Owner> (&lists)[N], Owner& owner, std::string_view name,
                              std::string_view value) {
    auto l = std::find_if(std::begin(lists), std::end(lists), [&](const auto& item) { return item.key == name; });
    if (l == std::end(lists)) return std::nullopt;
    auto w = words(value);
    for (auto& word : w) {
        if (l->flag_names && word.starts_with("--")) word.erase(0, 2);
        if (!l->ok(word)) return f.fail(fmt::format("{}: \"{}\" is not {}", name, word, l->what));
    }
    add_list(owner.*(l->list), std::move(w));
    return true;
}

// A key of one value: a second line for it in the same file (inih also reads an indented line as one)
// would silently replace the first.
bool first_time(IniFile& f, std::string_view section, std::string_view name) {
    if (f.seen.emplace(section, name).second) return true;
    return f.fail(fmt::format("{} is set twice in [{}] (only lists go on on further lines)", name, section));
}

bool handle_leash(IniFile& f, std::string_view name, std::string_view value) {
    Config& c = f.config;
    if (auto added = add_words(f, kLeashLists, c, name, value)) return *added;
    if (name == "runtimes") {
        auto v = words(value);
        for (const auto& r : v)
            if (r.find('/') != std::string::npos)
                return f.fail(fmt::format("runtimes: \"{}\" is not a command name", r));
        set_list(f, "leash", name, c.runtimes, std::move(v));
    } else if (name == "multi_agent_images") {
        set_list(f, "leash", name, c.multi_agent_images, words(value));
    } else if (!first_time(f, "leash", name)) {
        return false;
    } else if (name == "other_containers") {
        if (value == "pass") c.other_containers = OtherContainers::Pass;
        else if (value == "withhold") c.other_containers = OtherContainers::Withhold;
        else return f.fail(fmt::format("other_containers must be pass or withhold, not \"{}\"", value));
    } else if (name == "notice") {
        if (value == "changes") c.notice = Notice::Changes;
        else if (value == "never") c.notice = Notice::Never;
        else return f.fail(fmt::format("notice must be changes or never, not \"{}\"", value));
    } else if (name == "runtime") {
        if (value != "auto" && value != "docker" && value != "podman")
            return f.fail(fmt::format("runtime must be auto, docker or podman, not \"{}\"", value));
        c.runtime = value;
    } else if (name == "path_shims") {
        if (value == "true") c.path_shims = true;
        else if (value == "false") c.path_shims = false;
        else return f.fail(fmt::format("path_shims must be true or false, not \"{}\"", value));
    } else {
        return f.fail(fmt::format("unknown key \"{}\" in [leash]", name));
    }
    return true;
}

bool handle_agent(IniFile& f, std::string_view section, Agent& a, std::string_view name, std::string_view value) {
    if (auto added = add_words(f, kAgentLists, a, name, value)) return *added;
    if (name == "keys") {
        std::vector<Key> keys;
        for (const auto& w : words(value)) {
            size_t eq = w.find('=');
            Key k{w.substr(0, eq), eq == std::string::npos ? w.substr(0, eq) : w.substr(eq + 1)};
            if (!is_env_name(k.name) || !is_env_name(k.host))
                return f.fail(fmt::format("keys: \"{}\" is not NAME or NAME=HOSTNAME (variable names)", w));
            keys.push_back(std::move(k));
        }
        set_list(f, section, name, a.keys, std::move(keys));
    } else if (name == "images") {
        set_list(f, section, name, a.images, words(value));
    } else if (name == "commands") {
        set_list(f, section, name, a.commands, words(value));
    } else if (name == "env") {
        std::vector<FixedVar> vars;
        for (const auto& w : words(value)) {
            size_t eq = w.find('=');
            if (eq == std::string::npos || !is_env_name(std::string_view(w).substr(0, eq)))
                return f.fail(fmt::format("env: \"{}\" is not NAME=value", w));
            vars.push_back({w.substr(0, eq), w.substr(eq + 1), fmt::format("{}:{}", f.path, f.line)});
        }
        set_list(f, section, name, a.env, std::move(vars));
    } else if ((name == "image" || name == "command") && !first_time(f, section, name)) {
        return false;
    } else if (name == "image") {
        auto w = words(value);
        if (w.size() > 1) return f.fail("image: one image reference");
        a.image = w.empty() ? "" : w[0];
    } else if (name == "command") {
        a.command = value;
    } else {
        return f.fail(fmt::format("unknown key \"{}\" in [{}]", name, section));
    }
    return true;
}

int handle(void* user, const char* section_c, const char* name_c, const char* value_c) {
    auto& f = *static_cast<IniFile*>(user);
    std::string_view section = section_c, name = name_c, value = value_c;
    if (section == "leash") return handle_leash(f, name, value);
    if (section.starts_with("agent.")) {
        std::string_view agent = section.substr(6);
        if (!is_agent_name(agent))
            return f.fail(fmt::format("agent name \"{}\" must be lower-case letters, digits, - and _", agent));
        auto& agents = f.config.agents;
        auto it = std::find_if(agents.begin(), agents.end(), [&](const Agent& a) { return a.name == agent; });
        if (it == agents.end()) it = agents.insert(agents.end(), new_agent(std::string(agent)));
        return handle_agent(f, section, *it, name, value);
    }
    if (section.empty())
        return f.fail(fmt::format("\"{}\" is outside any section ([leash] or [agent.NAME])", name));
    return f.fail(fmt::format("unknown section [{}]", section));
}

}  // namespace



constexpr std::string_view kRuntimeNameList[] = {LEASH_RUNTIME_NAMES};
const std::span<const std::string_view> kRuntimeNames = kRuntimeNameList;

Config default_config() {
    Config c;
    c.runtimes.assign(std::begin(kRuntimeNames), std::end(kRuntimeNames));
    c.secret_patterns.assign(std::begin(kSecretPatterns), std::end(kSecretPatterns));
    c.secret_files.assign(std::begin(kSecretFiles), std::end(kSecretFiles));
    c.multi_agent_images = {"*strongdm/coder*"};
    for (const auto& d : kDefaultAgents) {
        Agent a = new_agent(d.name);
        a.keys = {{d.key, d.key}};
        a.accepts = words(d.accepts);
        a.images = {d.images};
        a.commands = words(d.commands);
        a.files = words(d.files);
        a.image = kDefaultOpenImage;
        c.agents.push_back(std::move(a));
    }
    return c;
}

const Agent* Config::agent(std::string_view name) const {
    auto it = std::find_if(agents.begin(), agents.end(), [&](const Agent& a) { return a.name == name; });
    return it == agents.end() ? nullptr : &*it;
}

std::string Config::agent_names() const {
    std::string out;
    for (const auto& a : agents) out += (out.empty() ? "" : ", ") + a.name;
    return out;
}

bool Config::is_runtime(std::string_view basename) const {
    return std::find(runtimes.begin(), runtimes.end(), basename) != runtimes.end();
}

bool Config::is_credential(std::string_view name) const { return judge_name(*this, nullptr, name).owner != Owner::None; }

Status apply_ini(Config& config, std::string_view text, std::string_view path) {
    IniFile f{.config = config, .path = path, .text = text};
    int line = ini_parse_stream(read_line, &f, handle, &f);
    if (f.error && (line == 0 || f.error->first <= line))
        return Error{fmt::format("{}:{}: {}", path, f.error->first, f.error->second)};
    if (line > 0) return Error{fmt::format("{}:{}: expected \"name = value\" or \"[section]\"", path, line)};
    return Unit{};
}

Status validate(const Config& config) {
    Credentials credentials(config);
    for (const auto& a : config.agents)
        for (const auto& v : a.env) {
            Verdict by_name = credentials.judge(nullptr, v.name);
            if (by_name.owner != Owner::None)
                return Error{fmt::format("{}: env sets {}, a credential name; credentials go in keys", v.origin,
                                         v.name)};
            Verdict by_value = credentials.judge(nullptr, v.name, v.value);
            if (by_value.owner != Owner::None)
                return Error{fmt::format("{}: env sets {} to what looks like a credential ({}); credentials go in "
                                         "keys, and their values on the host",
                                         v.origin, v.name, by_value.rule)};
        }
    return Unit{};
}

}  // namespace leash
