// What the shell hook changes in its shell when it turns on or off, and the report of `leash status`:
// decided here from facts that the hook and the edge (src/cli/cmd_hook.cc) pass, and written in the
// shell's own syntax for the hook to evaluate. Pure. The hooks (shell/) keep only what the shell alone can
// do: find their own file, define and remove functions, keep $?.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/layout.h"
#include "core/parse.h"

namespace leash {

// How each shell the hooks are written for says what a hook changes.
struct ShellSyntax {
    std::string_view name;      // bash, zsh or fish
    std::string_view set;       // a global variable, from its name and quoted value
    std::string_view exported;  // an exported one
    std::string_view unset;     // from its name
    std::string_view eval;      // the code a variable holds, run, from the variable's name
    bool fish;                  // fish quotes otherwise, and its PATH is a list
};
const ShellSyntax* shell_syntax(std::string_view name);

// `word`, quoted so that the shell reads it back as it is.
std::string quote_for(const ShellSyntax& shell, std::string_view word);

// `name` set (globally, even from inside a function) to `value`, as the paths block of `leash init`
// and the hook's own bookkeeping need it.
std::string assignment(const ShellSyntax& shell, std::string_view name, std::string_view value);

// What the hook changes, as the shell has it (nullopt: unset), and what this shell's hook added, which
// `off` takes away and nothing else.
struct HookState {
    std::optional<std::string> ld_preload;
    std::optional<std::string> path;
    std::optional<std::string> docker_host;
    bool added_preload = false;      // the shim, to LD_PRELOAD
    bool added_path = false;         // the PATH shims, first in PATH
    bool added_docker_host = false;  // DOCKER_HOST, at the session guard
};

// `added`: the words the hook keeps for us ("preload path docker_host"), as hook_script writes them.
HookState hook_state(std::optional<std::string> ld_preload, std::optional<std::string> path, std::string_view added,
                     std::optional<std::string> docker_host = std::nullopt);

// The session guard (`leash serve`), as the edge found it for this shell.
struct GuardFacts {
    std::string socket;                 // its socket's path; empty: there is none, for the reason in `none`
    std::string none;
    std::optional<std::string> fronts;  // the daemon it fronts, as it answered; nullopt: it did not answer
    std::string daemon;                 // the daemon this shell's docker would use, and whence, or why unknown
    bool same = false;                  // the guard can stand in for that daemon: it fronts it, and no TLS is asked for
};

// What the edge found.
struct HookFacts {
    Layout layout;
    bool shim_exists = false;            // layout.shim is a file
    bool shims_exist = false;            // layout.shims is a directory
    bool path_shims = false;             // asked for: `leash init --path-shims`, or path_shims = true
    std::vector<std::string> runtimes;   // the configuration's
    bool shell_has_shim = false;         // the shell itself runs with libleash.so loaded
    GuardFacts guard;                    // on: whether to point DOCKER_HOST at it; off: whether it still is
};

struct HookChange {
    bool on = false;
    HookState state;                 // after the change
    std::vector<std::string> wrap;   // on: the runtimes to wrap in functions, and docker-compose
    std::vector<std::string> notes;  // to say on stderr
    bool restore_docker_host = false;  // off: DOCKER_HOST goes back to what it was before on
};

// On: the runtimes and docker-compose to wrap; the shim in LD_PRELOAD, joined with the separator the
// value already uses, unless some libleash.so is there already (a parent shell's); the PATH shims first
// in PATH when asked for and not there yet; DOCKER_HOST at the session guard when it answers and fronts
// the daemon this shell's docker would use (a shell whose docker uses another daemon keeps it). Off:
// only what this shell's hook added is taken away; DOCKER_HOST goes back to what it was, unless it was
// changed since.
HookChange hook_on(const HookState& before, const HookFacts& facts);
HookChange hook_off(const HookState& before, const HookFacts& facts);

// The code the hook evaluates for `change`: a call of the hook's __leash_wrap (on), the variables that
// change, LEASH_HOOK, and __leash_added last, so that its status is 0. What DOCKER_HOST was before on is
// kept, as the code that puts it back, in the shell variable __leash_docker_host, which off runs.
std::string hook_script(const ShellSyntax& shell, const HookState& before, const HookChange& change);

// What `leash status` reports, from the hook's own list of wrapped functions and the environment.
struct HookReport {
    std::optional<std::string> hook;     // LEASH_HOOK
    std::string wrapped;
    std::optional<std::string> skipped;  // LEASH_HOOK_SKIPPED
    std::optional<std::string> ld_preload;
    std::optional<std::string> path;
    std::string shims;                   // the PATH shims' directory
    std::optional<std::string> docker_host;
    GuardFacts guard;
};
struct HookStatus {
    std::string text;
    bool on;
};
HookStatus hook_status(const HookReport& report);

// DOCKER_HOST at the guard's socket.
std::string guard_host(const GuardFacts& guard);

}  // namespace leash
