// leash hook SHELL on|off [--path-shims] [--added WORDS] [--pid PID]: what the shell hook
// (shell/leash.SHELL) evaluates to turn itself on or off, in SHELL's syntax, from the facts the hook
// passes (what it added before, whether PATH shims were asked for, the shell's process) and those found
// here (the configuration, where the shim and the PATH shims are, the environment, the session guard and
// the daemon it fronts). One call per on or off: the hook runs nothing else. Messages go to stderr.
//
// leash hook status [--wrapped NAMES]: the report of `leash status`, from the hook's list of the
// functions it defined and the environment; exit status 0 when the hook is on, 1 when it is off.
#include <sys/stat.h>

#include <algorithm>

#include <fmt/format.h>

#include "cli/cli.h"
#include "cli/config_files.h"
#include "cli/files.h"
#include "cli/runtime.h"
#include "core/shell_hook.h"
#include "guard/listener.h"

namespace leash {
namespace {

constexpr std::string_view kUsage =
    "usage: leash hook bash|zsh|fish on|off [--path-shims] [--added WORDS] [--pid PID], or leash hook status "
    "[--wrapped NAMES]";

bool is_type(const std::string& path, mode_t type) {
    struct stat st;
    return stat(path.c_str(), &st) == 0 && (st.st_mode & S_IFMT) == type;
}

// The shell's process has libleash.so mapped: it was started below a hooked shell.
bool runs_shim(std::string_view pid) {
    if (pid.empty() || pid.find_first_not_of("0123456789") != pid.npos) return false;
    auto maps = read_file(fmt::format("/proc/{}/maps", pid));
    return maps && maps->find("libleash.so") != std::string::npos;
}

struct Options {
    bool path_shims = false;
    std::string added, pid, wrapped;
};

constexpr std::pair<std::string_view, std::string Options::*> kValued[] = {
    {"--added", &Options::added}, {"--pid", &Options::pid}, {"--wrapped", &Options::wrapped}};

// The options after the first `skip` words; false on any it does not know, or one missing its value.
bool parse(const Args& args, size_t skip, Options& o) {
    for (size_t i = skip; i < args.size(); i++) {
        auto valued = std::find_if(std::begin(kValued), std::end(kValued), [&](auto& v) { return v.first == args[i]; });
        if (args[i] == "--path-shims") o.path_shims = true;
        else if (valued == std::end(kValued) || ++i == args.size()) return false;
        else o.*(valued->second) = args[i];
    }
    return true;
}

Layout own_layout() {
    auto exe = self_exe();
    return layout_of(exe ? *exe : "leash");
}

std::optional<std::string> env_string(const Env& env, std::string_view name) {
    auto v = env_get(env, name);
    return v ? std::optional<std::string>(*v) : std::nullopt;
}

// A guard answers at once, or after systemd started it for the question (leash.socket); a shell starts
// this much later at worst.
constexpr int kGuardTimeoutMs = 1000;

// The variables that ask the docker CLI for TLS, which the guard's socket does not speak.
constexpr std::string_view kTlsVariables[] = {"DOCKER_TLS_VERIFY", "DOCKER_TLS"};

// The session guard at its default socket: whether it answers, what it fronts, and whether that is the
// daemon this environment's docker would use.
GuardFacts guard_facts(const Env& env) {
    GuardFacts g;
    auto socket = guard::default_socket(env);
    if (!socket) {
        g.none = socket.error();
        return g;
    }
    g.socket = *socket;
    g.fronts = guard::fronted(g.socket, kGuardTimeoutMs);
    if (!g.fronts) return g;
    auto daemon = guard::docker_daemon(env);
    if (!daemon) {
        g.daemon = daemon.error();
        return g;
    }
    g.daemon = fmt::format("{} (from {})", daemon->url(), daemon->origin);
    auto fronts = parse_docker_host(*g.fronts, false, "the guard");
    g.same = fronts && guard::same_daemon(*daemon, *fronts);
    for (auto tls : kTlsVariables) {
        if (env_get(env, tls).value_or("").empty()) continue;
        g.daemon += fmt::format(" with TLS ({} is set), which the guard's socket does not speak", tls);
        g.same = false;
        break;
    }
    return g;
}

int status(const Options& o, const Env& env) {
    auto report = hook_status({env_string(env, "LEASH_HOOK"), o.wrapped, env_string(env, "LEASH_HOOK_SKIPPED"),
                               env_string(env, "LD_PRELOAD"), env_string(env, "PATH"), own_layout().shims,
                               env_string(env, "DOCKER_HOST"), guard_facts(env)});
    fmt::print("{}", report.text);
    return report.on ? 0 : 1;
}

}  // namespace

int cmd_hook(const Args& args, const Env& env) {
    Options o;
    if (!args.empty() && args[0] == "status" && parse(args, 1, o)) return status(o, env);
    const ShellSyntax* shell = args.empty() ? nullptr : shell_syntax(args[0]);
    bool on = args.size() > 1 && args[1] == "on";
    if (!shell || !(on || (args.size() > 1 && args[1] == "off")) || !parse(args, 2, o)) return misuse(kUsage);

    HookFacts facts;
    facts.layout = own_layout();
    facts.shim_exists = is_type(facts.layout.shim, S_IFREG);
    facts.shims_exist = is_type(facts.layout.shims, S_IFDIR);
    HookState before = hook_state(env_string(env, "LD_PRELOAD"), env_string(env, "PATH"), o.added,
                                  env_string(env, "DOCKER_HOST"));
    // On asks the guard only when the hook may point DOCKER_HOST at it; off needs only its socket's path.
    if (on && !before.added_docker_host) facts.guard = guard_facts(env);
    else if (auto socket = guard::default_socket(env)) facts.guard.socket = *socket;
    if (on) {
        // On error the binary says why and the defaults apply: the hook is never off by a config mistake.
        auto config = load_config(env);
        if (!config) say(config.error());
        const Config& c = config ? *config : default_config();
        facts.runtimes = c.runtimes;
        facts.path_shims = o.path_shims || c.path_shims;
    } else {
        facts.shell_has_shim = runs_shim(o.pid);
    }
    HookChange change = on ? hook_on(before, facts) : hook_off(before, facts);
    for (const auto& note : change.notes) say(note);
    fmt::print("{}", hook_script(*shell, before, change));
    return 0;
}

}  // namespace leash
