#include "guard/upstream.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace leash::guard {

awaitable<Socket> connect_to(const DockerEndpoint& daemon) {
    auto ex = co_await asio::this_coro::executor;
    Socket s(ex);
    if (daemon.kind == DockerEndpoint::Unix) {
        co_await s.async_connect(asio::local::stream_protocol::endpoint(daemon.path), use_awaitable);
        co_return s;
    }
    asio::ip::tcp::resolver resolver(ex);
    auto found = co_await resolver.async_resolve(daemon.host, daemon.port, use_awaitable);
    error_code last = asio::error::host_not_found;
    for (const auto& entry : found) {
        error_code ec;
        if (s.is_open()) s.close(ec);
        co_await s.async_connect(entry.endpoint(), asio::redirect_error(use_awaitable, ec));
        if (!ec) {
            int one = 1;
            setsockopt(s.native_handle(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            co_return s;
        }
        last = ec;
    }
    throw boost::system::system_error(last);
}

}  // namespace leash::guard
