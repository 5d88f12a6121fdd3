#include "core/config.h"

#include <ini.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "core/glob.h"
#include "core/runtime_names.h"  // generated

namespace leash {
namespace {

// The built-in agents. A [agent.NAME] section overrides any of these fields.
struct DefaultAgent {
    const char* name;
    const char* key;
    const char* images;
};
constexpr DefaultAgent kDefaultAgents[] = {
    {"claude", "ANTHROPIC_API_KEY", "*claude*"},
    {"codex", "OPENAI_API_KEY", "*codex*"},
    {"gemini", "GOOGLE_API_KEY", "*gemini*"},
    {"qwen", "DASHSCOPE_API_KEY", "*qwen*"},
    {"opencode", "OPENCODE_API_KEY", "*opencode*"},
};
constexpr const char* kDefaultOpenImage = "public.ecr.aws/s5i7k8t3/strongdm/coder:latest";

bool is_env_name(std::string_view s) {
    if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return c == '_' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    });
}

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

// A key of one value: a second line for it in the same file (inih also reads an indented line as one)
// would silently replace the first.
bool first_time(IniFile& f, std::string_view section, std::string_view name) {
    if (f.seen.emplace(section, name).second) return true;
    return f.fail(fmt::format("{} is set twice in [{}] (only lists go on on further lines)", name, section));
}

bool handle_leash(IniFile& f, std::string_view name, std::string_view value) {
    Config& c = f.config;
    if (name == "runtimes") {
        auto v = words(value);
        for (const auto& r : v)
            if (r.find('/') != std::string::npos)
                return f.fail(fmt::format("runtimes: \"{}\" is not a command name", r));
        set_list(f, "leash", name, c.runtimes, std::move(v));
    } else if (name == "secret_patterns") {
        set_list(f, "leash", name, c.secret_patterns, words(value));
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
    c.secret_patterns = {"*_API_KEY", "*_ACCESS_KEY*", "*SECRET*", "*_TOKEN", "*PASSWORD*", "*_CREDENTIALS"};
    c.multi_agent_images = {"*strongdm/coder*"};
    for (const auto& d : kDefaultAgents) {
        Agent a = new_agent(d.name);
        a.keys = {{d.key, d.key}};
        a.images = {d.images};
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

bool Config::is_credential(std::string_view name) const {
    // Judge the name a runtime would create, not a spelling of it: podman reads "FOO*=v" and
    // "FOO =v" from an env-file as variables named "FOO*" and "FOO ", carrying FOO's value.
    while (!name.empty() && (name.back() == '*' || name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    for (const auto& a : agents)
        for (const auto& k : a.keys)
            if (glob_match(k.name, name, true) || glob_match(k.host, name, true)) return true;
    for (const auto& p : secret_patterns)
        if (glob_match(p, name, true)) return true;
    return false;
}

Status apply_ini(Config& config, std::string_view text, std::string_view path) {
    IniFile f{.config = config, .path = path, .text = text};
    int line = ini_parse_stream(read_line, &f, handle, &f);
    if (f.error && (line == 0 || f.error->first <= line))
        return Error{fmt::format("{}:{}: {}", path, f.error->first, f.error->second)};
    if (line > 0) return Error{fmt::format("{}:{}: expected \"name = value\" or \"[section]\"", path, line)};
    return Unit{};
}

Status validate(const Config& config) {
    for (const auto& a : config.agents)
        for (const auto& v : a.env)
            if (config.is_credential(v.name))
                return Error{fmt::format("{}: env sets {}, a credential name; credentials go in keys", v.origin,
                                         v.name)};
    return Unit{};
}

}  // namespace leash
