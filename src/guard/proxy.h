// The guard's proxy: a Docker-API socket in front of the daemon. Each client connection gets one
// connection to the daemon, opened at its first request, and two coroutines: requests (client to
// daemon) and responses (daemon to client). A request the decision judges has its body read, judged and
// forwarded re-framed, or is refused; every other request and every response pass as the bytes that
// came, and an upgraded connection (attach, exec start, run -i) is spliced raw both ways. One thread
// serves every connection; judging, which may ask the daemon about an image, runs on worker threads.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string_view>

#include "core/docker_endpoint.h"
#include "guard/asio.h"
#include "guard/judge.h"

#include <boost/asio/basic_socket_acceptor.hpp>
#include <boost/asio/thread_pool.hpp>

namespace leash::guard {

struct ProxyOptions {
    DockerEndpoint daemon;
    Judge judge;
    std::function<void(std::string_view)> log;  // a line for each refusal and notice, without "leash: "
    std::string claims;                         // the claims' directory (cli/claims.h)
};

class Session;

class Proxy {
public:
    // Serves the listening socket `listen_fd` (which it owns from then on) on `io`.
    Proxy(asio::io_context& io, int listen_fd, ProxyOptions options);
    ~Proxy();
    void start();
    // No new connections; an idle one closes now, a busy one after its exchange, all after `grace`;
    // `drained` is called once none is left.
    void stop(std::chrono::milliseconds grace, std::function<void()> drained);
    size_t connections() const { return sessions_.size(); }

private:
    friend class Session;
    awaitable<void> accept();

    asio::io_context& io_;
    asio::basic_socket_acceptor<asio::generic::stream_protocol> acceptor_;
    ProxyOptions options_;
    asio::thread_pool workers_;
    std::set<Session*> sessions_;
    void drained();

    bool stopping_ = false;
    asio::steady_timer grace_;
    std::function<void()> drained_;
};

}  // namespace leash::guard
