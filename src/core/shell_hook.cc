#include "core/shell_hook.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/config.h"
#include "core/layout.h"
#include "core/render.h"

namespace leash {
namespace {

// As the hooks assign them: global even when the hook is sourced inside a function.
constexpr ShellSyntax kShells[] = {
    {"bash", "{}={}", "export {}={}", "unset {}", "eval \"${}\"", false},
    {"zsh", "typeset -g {}={}", "export {}={}", "unset {}", "eval \"${}\"", false},
    {"fish", "set -g {} {}", "set -gx {} {}", "set -e {}", "eval ${}", true},
};

// The hook's own words for what it added (the shell variable __leash_added).
struct AddedWords {
    std::string_view preload, path, docker_host;
};
constexpr AddedWords kAdded{"preload", "path", "docker_host"};
// The shell variable with the code that gives DOCKER_HOST back.
constexpr std::string_view kDockerHostBefore = "__leash_docker_host";
constexpr std::string_view kDockerHostChanged =
    "DOCKER_HOST changed since leash on pointed it at the session guard; left as it is";

// What the hook's __leash_wrap says, once, of the runtimes it kept from wrapping (%s: their names).
constexpr std::string_view kSkippedNote =
    "not wrapping %s: you have a function or alias of that name (see leash doctor)";
constexpr std::string_view kShellHasShim =
    "this shell itself runs with the shim (it was started below a hooked shell), so what it starts stays "
    "covered; a new terminal starts without leash";

// A runtime's name becomes a shell function's name; anything else would be a config mistake.
bool function_name(std::string_view s) {
    constexpr std::string_view kChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-";
    return !s.empty() && s[0] != '-' && s.find_first_not_of(kChars) == s.npos;
}

// LD_PRELOAD's entries are separated by spaces or colons (ld.so(8)): a value that has colons and no
// space keeps colons; any other, spaces.
constexpr std::string_view kPreloadSeps = " :";
char preload_separator(std::string_view value) {
    return value.find(':') != value.npos && value.find(' ') == value.npos ? ':' : ' ';
}

// PATH's entries, empty ones (the current directory) included.
std::vector<std::string> path_entries(std::string_view path) {
    std::vector<std::string> out;
    for (size_t i = 0;; i++) {
        size_t end = std::min(path.find(':', i), path.size());
        out.emplace_back(path.substr(i, end - i));
        if (end == path.size()) return out;
        i = end;
    }
}

std::string joined(const std::vector<std::string>& items, char sep) {
    std::string out;
    for (const auto& item : items) out += (&item == &items.front() ? "" : std::string(1, sep)) + item;
    return out;
}

bool has(const std::vector<std::string>& items, std::string_view item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

std::vector<std::string> without(std::vector<std::string> items, std::string_view item) {
    std::erase(items, item);
    return items;
}

// `name`'s new value, exported, or unset.
std::string exported(const ShellSyntax& shell, std::string_view name, const std::optional<std::string>& value) {
    if (!value) return fmt::format(fmt::runtime(shell.unset), name) + "\n";
    std::vector<std::string> words;
    if (shell.fish && name == "PATH") {  // fish's PATH is a list of its entries
        for (const auto& entry : path_entries(*value)) words.push_back(quote_for(shell, entry));
    } else {
        words.push_back(quote_for(shell, *value));
    }
    return fmt::format(fmt::runtime(shell.exported), name, joined(words, ' ')) + "\n";
}

}  // namespace

const ShellSyntax* shell_syntax(std::string_view name) {
    for (const auto& s : kShells)
        if (s.name == name) return &s;
    return nullptr;
}

std::string quote_for(const ShellSyntax& shell, std::string_view word) {
    // fish keeps \ and ' special inside single quotes; bash and zsh only '.
    std::string out = "'";
    for (char c : word) {
        if (c == '\'') out += shell.fish ? "\\'" : "'\\''";
        else if (c == '\\' && shell.fish) out += "\\\\";
        else out += c;
    }
    return out + "'";
}

std::string assignment(const ShellSyntax& shell, std::string_view name, std::string_view value) {
    return fmt::format(fmt::runtime(shell.set), name, quote_for(shell, value)) + "\n";
}

HookState hook_state(std::optional<std::string> ld_preload, std::optional<std::string> path, std::string_view added,
                     std::optional<std::string> docker_host) {
    auto words = split_list(added, " ");
    return {std::move(ld_preload), std::move(path), std::move(docker_host), has(words, kAdded.preload),
            has(words, kAdded.path), has(words, kAdded.docker_host)};
}

std::string guard_host(const GuardFacts& guard) { return "unix://" + guard.socket; }

HookChange hook_on(const HookState& before, const HookFacts& facts) {
    HookChange c{true, before, {}, {}};
    for (const auto& r : facts.runtimes) {
        if (function_name(r)) c.wrap.push_back(r);
        else c.notes.push_back(fmt::format("runtime \"{}\" cannot be a shell function's name; the hook does not wrap it", r));
    }
    c.wrap.emplace_back(kCompose);

    std::string preload = before.ld_preload.value_or("");
    auto entries = split_list(preload, kPreloadSeps);
    const std::string& shim = facts.layout.shim;
    if (std::any_of(entries.begin(), entries.end(), [](const auto& e) { return is_shim_path(e); })) {
        // A parent shell's, or the user's: once, however deep the nesting.
    } else if (!facts.shim_exists) {
        c.notes.push_back(fmt::format("no shim at {}: programs started from this shell are not covered", shim));
    } else if (shim.find_first_of(kPreloadSeps) != shim.npos) {
        c.notes.push_back(fmt::format("LD_PRELOAD cannot hold {} (a space or colon): programs started from this "
                                      "shell are not covered", shim));
    } else {
        c.state.ld_preload = preload.empty() ? shim : preload + preload_separator(preload) + shim;
        c.state.added_preload = true;
    }

    // Once: not again when sourced twice, nor when PATH has them already (a parent shell's, or the user's).
    const std::string& shims = facts.layout.shims;
    if (facts.path_shims && !before.added_path && !has(path_entries(before.path.value_or("")), shims)) {
        if (!facts.shims_exist) {
            c.notes.push_back(fmt::format("no PATH shims at {}", shims));
        } else {
            c.state.path = before.path.value_or("").empty() ? shims : shims + ":" + *before.path;
            c.state.added_path = true;
        }
    }

    // Once, as the shim: sourced again, it keeps what DOCKER_HOST was before the first time. A shell
    // whose DOCKER_HOST is the guard's already (a parent shell's) has nothing to add.
    const GuardFacts& g = facts.guard;
    if (!before.added_docker_host && !g.socket.empty() && before.docker_host != guard_host(g) && g.fronts && g.same) {
        c.state.docker_host = guard_host(g);
        c.state.added_docker_host = true;
    }
    return c;
}

HookChange hook_off(const HookState& before, const HookFacts& facts) {
    HookChange c{false, before, {}, {}};
    c.state.added_preload = c.state.added_path = c.state.added_docker_host = false;
    if (before.added_docker_host) {
        c.restore_docker_host = !facts.guard.socket.empty() && before.docker_host == guard_host(facts.guard);
        if (!c.restore_docker_host) c.notes.emplace_back(kDockerHostChanged);
    }
    if (before.added_preload && before.ld_preload) {
        auto entries = split_list(*before.ld_preload, kPreloadSeps);
        auto kept = without(entries, facts.layout.shim);
        if (kept.empty()) c.state.ld_preload.reset();
        else if (kept.size() < entries.size()) c.state.ld_preload = joined(kept, preload_separator(*before.ld_preload));
    }
    if (before.added_path && before.path) c.state.path = joined(without(path_entries(*before.path), facts.layout.shims), ':');
    // The shim puts itself back into any environment a process it is loaded in passes without it.
    if (facts.shell_has_shim) c.notes.emplace_back(kShellHasShim);
    return c;
}

std::string hook_script(const ShellSyntax& shell, const HookState& before, const HookChange& change) {
    std::string out;
    if (change.on) {
        out += "__leash_wrap " + quote_for(shell, kSkippedNote);
        for (const auto& r : change.wrap) out += " " + r;
        out += "\n";
    }
    if (change.state.ld_preload != before.ld_preload) out += exported(shell, "LD_PRELOAD", change.state.ld_preload);
    if (change.state.path != before.path) out += exported(shell, "PATH", change.state.path);
    if (change.state.added_docker_host && !before.added_docker_host) {
        out += exported(shell, "DOCKER_HOST", change.state.docker_host);
        out += assignment(shell, kDockerHostBefore, exported(shell, "DOCKER_HOST", before.docker_host));
    }
    if (change.restore_docker_host) out += fmt::format(fmt::runtime(shell.eval), kDockerHostBefore) + "\n";
    if (!change.on && before.added_docker_host) out += fmt::format(fmt::runtime(shell.unset), kDockerHostBefore) + "\n";
    if (change.on) out += exported(shell, "LEASH_HOOK", std::string(shell.name));
    else out += fmt::format(fmt::runtime(shell.unset), "LEASH_HOOK LEASH_HOOK_SKIPPED") + "\n";
    std::vector<std::string> added;
    if (change.state.added_preload) added.emplace_back(kAdded.preload);
    if (change.state.added_path) added.emplace_back(kAdded.path);
    if (change.state.added_docker_host) added.emplace_back(kAdded.docker_host);
    return out + assignment(shell, "__leash_added", joined(added, ' '));
}

namespace {

// Whether this shell's docker clients go through the session guard, and if not, why.
std::string guard_status(const HookReport& r) {
    const GuardFacts& g = r.guard;
    if (g.socket.empty()) return fmt::format("none ({})", g.none);
    std::string url = guard_host(g);
    if (r.docker_host == url)
        return g.fronts ? fmt::format("on, DOCKER_HOST={}, in front of {}", url, *g.fronts)
                        : fmt::format("DOCKER_HOST={}, where no guard answers: docker clients here fail until it runs", url);
    std::string now = r.docker_host ? fmt::format("DOCKER_HOST={}", *r.docker_host) : "DOCKER_HOST not set";
    if (!g.fronts) return fmt::format("not running at {}; {}", g.socket, now);
    if (!g.same)
        return fmt::format("not used: this shell's docker uses {}, the guard fronts {}; {}, as it was", g.daemon, *g.fronts, now);
    return fmt::format("off here ({}; leash on points it at the guard, in front of {})", now, *g.fronts);
}

}  // namespace

HookStatus hook_status(const HookReport& r) {
    bool on = r.hook && !r.hook->empty();
    std::string shim = "none";
    for (const auto& e : split_list(r.ld_preload.value_or(""), kPreloadSeps))
        if (is_shim_path(e)) shim = e;
    bool shims = has(path_entries(r.path.value_or("")), r.shims);
    // What the environment holds, made printable: a crafted value cannot drive the terminal.
    std::string text = fmt::format("hook:       {}\nwrapped:    {}\nskipped:    {}\nLD_PRELOAD: {}\nPATH shims: {}\nguard:      {}\n",
                                   on ? fmt::format("on ({})", printable(*r.hook)) : "off", printable(r.wrapped),
                                   printable(r.skipped.value_or("")), printable(shim), shims ? printable(r.shims) : "off",
                                   printable(guard_status(r)));
    return {std::move(text), on};
}

}  // namespace leash
