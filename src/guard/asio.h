// Boost.Asio for the guard's sockets, with C++20 coroutines.
#pragma once

#include "guard/boost.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace leash::guard {

namespace asio = boost::asio;
using boost::system::error_code;
template <class T>
using awaitable = asio::awaitable<T>;
using asio::use_awaitable;

// A unix or tcp stream socket, client or daemon side alike.
using Socket = asio::generic::stream_protocol::socket;

// A one-shot signal between two coroutines of one io_context: set() wakes every wait().
class Event {
public:
    explicit Event(const asio::any_io_executor& ex) : timer_(ex, asio::steady_timer::time_point::max()) {}
    void set() {
        set_ = true;
        timer_.cancel();
    }
    bool is_set() const { return set_; }
    awaitable<void> wait() {
        while (!set_) {
            error_code ec;
            co_await timer_.async_wait(asio::redirect_error(use_awaitable, ec));
        }
    }

private:
    asio::steady_timer timer_;
    bool set_ = false;
};

}  // namespace leash::guard
