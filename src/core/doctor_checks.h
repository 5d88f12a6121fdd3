// `leash doctor`: each check judges facts the edge gathered and says what to do. Pure.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace leash {

struct Check {
    enum Level { Ok, Warn, Fail } level;
    std::string text;
};

// "OK   text", "WARN text" or "FAIL text".
std::string render_check(const Check& c);

// The DT_NEEDED names of an ELF file's dynamic section, read through its program headers as the
// loader does. Only files of this machine's byte order; none for a static file.
Result<std::vector<std::string>> elf_needed(std::string_view file);

// `looked`: the config files read, in order; `present`: those that exist; `error`: load_config's.
Check config_check(const std::vector<std::string>& looked, const std::vector<std::string>& present,
                   const std::optional<std::string>& error);

// `expected`: where this leash's shim belongs (layout.h); `shim`: that file, if it exists; `needed`: its
// DT_NEEDED names.
Check shim_check(const std::string& expected, const std::optional<std::string>& shim,
                 const Result<std::vector<std::string>>& needed);

// LD_PRELOAD (space or colon separated) holds an existing libleash.so.
Check preload_check(std::optional<std::string_view> ld_preload, const std::function<bool(const std::string&)>& exists);

// The hook exports LEASH_HOOK=SHELL while in force, and LEASH_HOOK_SKIPPED="docker ..." for the
// runtimes a user function or alias of that name kept it from wrapping.
Check hook_check(std::optional<std::string_view> hook, std::optional<std::string_view> skipped);

// One check per runtime (`paths[i]` is where runtimes[i] is, or empty), and a failure if none is found.
std::vector<Check> runtime_checks(const std::vector<std::string>& runtimes, const std::vector<std::string>& paths);

// The session guard (leash serve at $XDG_RUNTIME_DIR/leash/docker.sock): `socket` is its path, or why
// there is none; `ping` what GET /_ping through it answered: nullopt when nothing listens, else the HTTP
// status (0: not HTTP).
Check guard_check(const Result<std::string>& socket, std::optional<int> ping);

// Whether this shell's docker clients go through the session guard: DOCKER_HOST names its socket. Nothing
// to say when there is no guard and DOCKER_HOST does not name one.
std::optional<Check> guard_use_check(const Result<std::string>& socket, std::optional<int> ping,
                                     std::optional<std::string_view> docker_host);

}  // namespace leash
