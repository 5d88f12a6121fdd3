// leash init bash|zsh|fish [--path-shims]: prints the shell hook, for `eval "$(leash init bash)"` or
// `leash init fish | source`. The text is shell/leash.SHELL, embedded at build time so that it always
// matches this binary, with its paths block replaced by absolute paths found at run time from
// /proc/self/exe: no build-tree path is compiled in.
//
// leash init --settings: the configuration's `runtimes` and `path_shims`, one "NAME VALUE..." line each,
// for the completions. (The hook itself asks `leash hook`, cmd_hook.cc.)
#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "cli/cli.h"
#include "cli/config_files.h"
#include "cli/runtime.h"
#include "core/layout.h"
#include "core/render.h"
#include "core/shell_hook.h"

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


std::string assignments(const ShellSyntax& shell, const Layout& p, bool path_shims) {
    return "# leash paths, from `leash init`\n" + assignment(shell, "__leash_exe", p.exe) +
           assignment(shell, "__leash_path_shims", path_shims ? "1" : "");
}

// What the completions ask: the runtimes (`leash exec RUNTIME`) and path_shims of the configuration.
int settings(const Env& env) {
    auto config = load_config(env);
    if (!config) return refuse(config.error());
    fmt::print("runtimes {}\npath_shims {}\n", join(config->runtimes, " "), config->path_shims ? "true" : "false");
    return 0;
}

}  // namespace

int cmd_init(const Args& args, const Env& env) {
    if (args.size() == 1 && args[0] == "--settings") return settings(env);
    bool path_shims = args.size() == 2 && args[1] == "--path-shims";
    const Hook* hook = nullptr;
    for (const auto& h : kHooks)
        if (!args.empty() && args[0] == h.shell) hook = &h;
    const ShellSyntax* shell = hook ? shell_syntax(hook->shell) : nullptr;
    if (!shell || args.size() > 2 || (args.size() == 2 && !path_shims))
        return misuse("usage: leash init bash|zsh|fish [--path-shims]");
    auto exe = self_exe();
    if (!exe) {
        say(exe.error());
        return 1;
    }
    std::string_view text = hook->text;
    size_t begin = text.find(kBegin);
    size_t end = text.find('\n', text.find(kEnd, begin));
    fmt::print("{}{}{}", text.substr(0, begin), assignments(*shell, layout_of(*exe), path_shims), text.substr(end + 1));
    return 0;
}

}  // namespace leash
