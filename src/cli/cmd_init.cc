// leash init bash|zsh|fish [--path-shims]: prints the shell hook, for `eval "$(leash init bash)"` or
// `leash init fish | source`. The text is shell/leash.SHELL, embedded at build time so that it always
// matches this binary, with its paths block replaced by absolute paths found at run time from
// /proc/self/exe: no build-tree path is compiled in.
//
// leash init --settings: what the hook reads from the configuration each time it turns on, one
// "NAME VALUE..." line per setting: `runtimes` (the functions it defines) and `path_shims`.
#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "cli/cli.h"
#include "cli/config_files.h"
#include "core/layout.h"
#include "cli/runtime.h"

namespace leash {
namespace {

struct Hook {
    std::string_view shell;
    std::string_view text;
};
constexpr Hook kHooks[] = {
#include "shell_hooks.inc"
};

// The lines from kBegin to kEnd are the paths block that `leash init` replaces.
constexpr std::string_view kBegin = "# >>> leash paths";
constexpr std::string_view kEnd = "# <<< leash paths";
constexpr bool has_paths_block(std::string_view text) {
    size_t end = text.find(kEnd, text.find(kBegin));
    return text.find(kBegin) != text.npos && end != text.npos && text.find('\n', end) != text.npos;
}
static_assert(std::ranges::all_of(kHooks, [](const Hook& h) { return has_paths_block(h.text); }));


std::string quote(std::string_view shell, std::string_view s) {
    // fish keeps \ and ' special inside single quotes; bash and zsh only '.
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += shell == "fish" ? "\\'" : "'\\''";
        else if (c == '\\' && shell == "fish") out += "\\\\";
        else out += c;
    }
    return out + "'";
}

std::string assignments(std::string_view shell, const Layout& p, bool path_shims) {
    // As the static files assign them: global even when the hook is sourced inside a function.
    std::string_view assign = shell == "fish" ? "set -g {} {}\n" : shell == "zsh" ? "typeset -g {}={}\n" : "{}={}\n";
    auto set = [&](std::string_view name, std::string_view value) {
        return fmt::format(fmt::runtime(assign), name, quote(shell, value));
    };
    return "# leash paths, from `leash init`\n" + set("__leash_exe", p.exe) + set("__leash_lib", p.shim) +
           set("__leash_shims", p.shims) + set("__leash_path_shims", path_shims ? "1" : "");
}

// A runtime's name becomes a shell function's name; anything else would be a config mistake.
bool function_name(std::string_view s) {
    constexpr std::string_view kChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-";
    return !s.empty() && s[0] != '-' && s.find_first_not_of(kChars) == s.npos;
}

int settings(const Env& env) {
    auto config = load_config(env);
    if (!config) {
        say(config.error());
        return kExitRefused;
    }
    std::string runtimes;
    for (const auto& r : config->runtimes) {
        if (function_name(r)) runtimes += " " + r;
        else say(fmt::format("runtime \"{}\" cannot be a shell function's name; the hook does not wrap it", r));
    }
    fmt::print("runtimes{}\npath_shims {}\n", runtimes, config->path_shims ? "true" : "false");
    return 0;
}

}  // namespace

int cmd_init(const Args& args, const Env& env) {
    if (args.size() == 1 && args[0] == "--settings") return settings(env);
    bool path_shims = args.size() == 2 && args[1] == "--path-shims";
    const Hook* hook = nullptr;
    for (const auto& h : kHooks)
        if (!args.empty() && args[0] == h.shell) hook = &h;
    if (!hook || args.size() > 2 || (args.size() == 2 && !path_shims)) {
        say("usage: leash init bash|zsh|fish [--path-shims]");
        return kExitUsage;
    }
    auto exe = self_exe();
    if (!exe) {
        say(exe.error());
        return 1;
    }
    std::string_view text = hook->text;
    size_t begin = text.find(kBegin);
    size_t end = text.find('\n', text.find(kEnd, begin));
    fmt::print("{}{}{}", text.substr(0, begin), assignments(hook->shell, layout_of(*exe), path_shims), text.substr(end + 1));
    return 0;
}

}  // namespace leash
