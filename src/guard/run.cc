#include "guard/run.h"

#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "cli/claims.h"
#include "guard/boost.h"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read.hpp>

#include "guard/proxy.h"

namespace leash::guard {
namespace {

// The signals a guard handles: stop (serve) or pass on (guard), and its command's end.
constexpr int kSignals[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGCHLD};
constexpr auto kGrace = std::chrono::seconds(5);

sigset_t handled() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : kSignals) sigaddset(&set, s);
    return set;
}

// Every connection is two descriptors: as many as the hard limit allows (Go's runtime does the same).
void raise_fd_limit() {
    rlimit r;
    if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
        r.rlim_cur = r.rlim_max;
        setrlimit(RLIMIT_NOFILE, &r);
    }
}

// Reads the blocked signals from a signalfd and hands each to `on`; ends when closed.
class Signals {
public:
    Signals(asio::io_context& io, const sigset_t& set) : fd_(io, signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK)) {}
    template <class F>
    void start(F on) {
        asio::co_spawn(fd_.get_executor(), loop(std::move(on)), asio::detached);
    }
    void close() {
        error_code ec;
        fd_.close(ec);
    }

private:
    template <class F>
    awaitable<void> loop(F on) {
        for (;;) {
            signalfd_siginfo info;
            error_code ec;
            co_await asio::async_read(fd_, asio::buffer(&info, sizeof info), asio::redirect_error(use_awaitable, ec));
            if (ec) co_return;
            on(info);
        }
    }
    asio::posix::stream_descriptor fd_;
};

// As a shell reports it.
int exit_status(int status) { return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status); }

struct Spawned {
    pid_t pid = -1;
    int error = 0;
};

// The command, with the signal mask and dispositions of a fresh process.
Spawned spawn(const std::vector<std::string>& argv, const Env& env) {
    std::vector<char*> args, envp;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, defaults = handled();
    sigemptyset(&none);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    Spawned s;
    s.error = posix_spawnp(&s.pid, args[0], nullptr, &attr, args.data(), envp.data());
    posix_spawnattr_destroy(&attr);
    return s;
}

// Blocks the signals before any thread starts (the workers inherit the mask), so that they arrive
// only through the signalfd.
sigset_t block_signals() {
    sigset_t set = handled();
    sigprocmask(SIG_BLOCK, &set, nullptr);
    signal(SIGPIPE, SIG_IGN);
    return set;
}

// The proxy on this thread, `on_signal(info, proxy, signals)` for each signal; returns when every
// connection has ended and the signals are closed.
template <class F>
void run_proxy(const GuardSetup& setup, const sigset_t& set, F on_signal) {
    raise_fd_limit();
    asio::io_context io;
    Proxy proxy(io, setup.listener.fd, {setup.daemon, api_judge(setup.env, setup.daemon), setup.log, claims_dir(setup.env)});
    Signals signals(io, set);
    signals.start([&](const signalfd_siginfo& info) { on_signal(info, proxy, signals); });
    proxy.start();
    io.run();
    remove_socket(setup.listener);
}

}  // namespace

int serve(const GuardSetup& setup) {
    int stops = 0;
    run_proxy(setup, block_signals(), [&](const signalfd_siginfo& info, Proxy& proxy, Signals& signals) {
        if (info.ssi_signo != SIGTERM && info.ssi_signo != SIGINT) return;
        setup.log(fmt::format("{}: {}", strsignal(int(info.ssi_signo)), stops ? "closing every connection" : "stopping"));
        proxy.stop(stops++ ? std::chrono::milliseconds(0) : std::chrono::milliseconds(kGrace), [&] { signals.close(); });
    });
    return 0;
}

int serve_command(const GuardSetup& setup, const std::vector<std::string>& argv, const Env& env) {
    sigset_t set = block_signals();
    Spawned child = spawn(argv, env);
    if (child.error) {
        setup.log(fmt::format("{}: {}", argv[0], std::strerror(child.error)));
        remove_socket(setup.listener);
        return child.error == ENOENT ? 127 : 126;
    }
    int status = 0;
    run_proxy(setup, set, [&](const signalfd_siginfo& info, Proxy& proxy, Signals& signals) {
        int sig = int(info.ssi_signo);
        if (sig != SIGCHLD) {
            // Sent by a process other than the command (the terminal's reached it already).
            bool by_process = info.ssi_code == SI_USER || info.ssi_code == SI_QUEUE || info.ssi_code == SI_TKILL;
            if (by_process && pid_t(info.ssi_pid) != child.pid) kill(child.pid, sig);
            return;
        }
        int st;
        if (waitpid(child.pid, &st, WNOHANG) != child.pid) return;
        status = exit_status(st);
        proxy.stop(std::chrono::milliseconds(0), [&] { signals.close(); });
    });
    return status;
}

}  // namespace leash::guard
