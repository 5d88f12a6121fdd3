// leash serve and leash guard: the Docker-API guard's commands (src/guard does the serving).
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "cli/cli.h"
#include "cli/config_files.h"
#include "core/daemon_flags.h"
#include "core/docker_endpoint.h"
#include "guard/run.h"
#include "guard/listener.h"

namespace leash {
namespace {

// What chooses a docker client's daemon, replaced for `leash guard`'s command by DOCKER_HOST at the
// guard: DOCKER_HOST wins over a context anyway, and the guard's socket speaks no TLS.
constexpr std::string_view kDaemonChoice[] = {"DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_TLS",
                                              "DOCKER_CERT_PATH"};

// --upstream URL, else the daemon the docker CLI would use in this environment.
Result<DockerEndpoint> daemon_for(const std::optional<std::string>& upstream, const Env& env) {
    if (upstream) return parse_docker_host(*upstream, false, "--upstream");
    return guard::docker_daemon(env);
}

// The environment as the command's client reads it: docker's --config DIR is DOCKER_CONFIG, where its
// current context is found.
Env client_env(const DaemonFlags& flags, const Env& env) {
    if (!flags.config) return env;
    Env out;
    for (const auto& e : env)
        if (env_name(e) != "DOCKER_CONFIG") out.push_back(e);
    out.push_back("DOCKER_CONFIG=" + *flags.config);
    return out;
}

// The daemon the command line names, found as its client finds it: -H as DOCKER_HOST, --context in
// the client's configuration directory.
Result<DockerEndpoint> named_daemon(const DaemonFlags& flags, const Env& client) {
    if (flags.host) return parse_docker_host(*flags.host, flags.tls || tls_in(client), "-H");
    return guard::docker_context(docker_config_dir(client), *flags.context, "--context", tls_in(client));
}

// The configuration is read at every judged request; a broken one is better found now.
bool config_ok(const Env& env) {
    auto config = load_config(env);
    if (!config) say(config.error());
    return bool(config);
}

void log_line(std::string_view line) { say(line); }

// `--name VALUE` or `--name=VALUE` at args[i]; advances i past it.
std::optional<std::string> option(const Args& args, size_t& i, std::string_view name) {
    std::string_view a = args[i];
    if (a == name && i + 1 < args.size()) return args[++i];
    if (a.starts_with(name) && a.size() > name.size() && a[name.size()] == '=') return std::string(a.substr(name.size() + 1));
    return std::nullopt;
}

}  // namespace

int cmd_serve(const Args& args, const Env& env) {
    std::optional<std::string> socket, upstream;
    for (size_t i = 0; i < args.size(); i++) {
        if (auto v = option(args, i, "--socket")) socket = v;
        else if (auto u = option(args, i, "--upstream")) upstream = u;
        else return misuse("usage: leash serve [--socket PATH] [--upstream URL]");
    }
    if (!config_ok(env)) return kExitRefused;
    auto daemon = daemon_for(upstream, env);
    if (!daemon) return refuse(daemon.error());
    // systemd's socket (leash.socket) when it started this process, else one of its own.
    Result<guard::Listener> listener = Error{""};
    if (auto inherited = guard::inherited_listener(env)) {
        listener = std::move(*inherited);
    } else {
        auto path = socket ? Result<std::string>(*socket) : guard::default_socket(env);
        if (!path) return refuse(path.error() + "; pass --socket PATH");
        listener = guard::listen_at(*path);
    }
    if (!listener) return refuse(listener.error());
    if (auto ok = guard::not_itself(*listener, *daemon); !ok) {
        say(ok.error());
        guard::remove_socket(*listener);
        return kExitRefused;
    }
    say(fmt::format("guarding {} (from {}) at {}", daemon->url(), daemon->origin, listener->path));
    return guard::serve({*listener, *daemon, env, log_line});
}

int cmd_guard(const Args& args, const Env& env) {
    Args argv(args.begin() + (!args.empty() && args[0] == "--" ? 1 : 0), args.end());
    if (argv.empty()) return misuse("usage: leash guard -- COMMAND [ARGS...]");
    // A daemon named on the command line is the one to front, and the command is pointed at the guard.
    auto flags = daemon_flags(argv);
    if (!flags) return refuse(flags.error());
    if (!config_ok(env)) return kExitRefused;
    Env client = client_env(*flags, env);
    auto daemon = flags->names() ? named_daemon(*flags, client) : daemon_for(std::nullopt, client);
    if (!daemon) return refuse(daemon.error());
    // A directory of its own, 0700 (mkdtemp), under the runtime directory if there is one.
    std::string base(env_get(env, "XDG_RUNTIME_DIR").value_or(""));
    if (base.empty() || !base.starts_with('/')) base = env_get(env, "TMPDIR").value_or("/tmp");
    std::string dir = base + "/leash-guard.XXXXXX";
    if (!mkdtemp(dir.data())) return refuse(fmt::format("{}: {}", dir, std::strerror(errno)));
    auto listener = guard::listen_at(dir + "/docker.sock");
    if (!listener) {
        say(listener.error());
        rmdir(dir.c_str());
        return kExitRefused;
    }
    int status = kExitRefused;
    if (auto ok = guard::not_itself(*listener, *daemon); !ok) {
        say(ok.error());
        guard::remove_socket(*listener);
    } else {
        Env child;
        for (const auto& e : env)
            if (std::find(std::begin(kDaemonChoice), std::end(kDaemonChoice), env_name(e)) == std::end(kDaemonChoice))
                child.push_back(e);
        child.push_back("DOCKER_HOST=unix://" + listener->path);
        status = guard::serve_command({*listener, *daemon, env, log_line}, flags->argv, child);
    }
    rmdir(dir.c_str());
    return status;
}

}  // namespace leash
