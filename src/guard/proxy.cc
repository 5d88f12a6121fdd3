#include "guard/proxy.h"

#include <sys/socket.h>

#include <cstdlib>
#include <optional>

#include <fmt/format.h>

#include "guard/boost.h"

#include <boost/beast/core/flat_buffer.hpp>
#include <nlohmann/json.hpp>

#include "guard/docker_world.h"
#include "guard/http_frame.h"
#include "guard/listener.h"
#include "guard/upstream.h"

namespace leash::guard {
namespace {

using Buffer = boost::beast::flat_buffer;

// Read at most this much at a time; a buffer grows past it only to hold a header.
constexpr size_t kReadSize = 64 << 10;
// A create response that gets a notice is read whole; the daemon's is under 1 KiB.
constexpr size_t kResponseLimit = 1 << 20;
// After an error the guard gives itself, how long it still reads (and drops) what the client sends, so
// that closing with unread input (a reset) does not destroy the answer on its way; as Go's server does.
constexpr auto kLinger = std::chrono::milliseconds(500);

std::string_view view(const Buffer& b) {
    auto d = b.data();
    return {static_cast<const char*>(d.data()), d.size()};
}

// Reads more into `b`; 0 at the end of the input or on an error.
awaitable<size_t> read_more(Socket& s, Buffer& b) {
    error_code ec;
    size_t n = co_await s.async_read_some(b.prepare(kReadSize), asio::redirect_error(use_awaitable, ec));
    b.commit(n);
    co_return ec ? 0 : n;
}

awaitable<void> send(Socket& s, std::string_view bytes) {
    co_await asio::async_write(s, asio::buffer(bytes.data(), bytes.size()), use_awaitable);
}

// Whether the client waits for 100 Continue before it sends the body, as the daemon (Go's net/http)
// reads Expect: the token 100-continue, in any case, in the field's first value between spaces, tabs or
// commas (hasToken), from an HTTP/1.1 client whose body is not empty.
bool is_100_continue(const RequestFrame& r) {
    constexpr std::string_view token = "100-continue";
    auto values = r.values("Expect");
    if (values.empty() || r.version() < 11 || (r.content_length() && *r.content_length() == 0)) return false;
    std::string_view v = values[0];
    auto sep = [](char c) { return c == ' ' || c == ',' || c == '\t'; };
    for (size_t at = 0, end = token.size(); end <= v.size(); at++, end++)
        if ((at == 0 || sep(v[at - 1])) && (end == v.size() || sep(v[end])) && equal_ignoring_case(v.substr(at, token.size()), token))
            return true;
    return false;
}

// What clients read says it is leash's; the log is leash's anyway.
std::string unprefixed(std::string_view line) {
    return std::string(line.starts_with("leash: ") ? line.substr(7) : line);
}

std::string message_of(const std::string& json_body) {
    auto j = nlohmann::json::parse(json_body, nullptr, false);
    if (j.is_object() && j.contains("message") && j["message"].is_string()) return unprefixed(j["message"].get<std::string>());
    return json_body;
}

// The body of the answer to GET kUpstreamPath.
std::string upstream_body(const DockerEndpoint& daemon) { return nlohmann::json{{"Upstream", daemon.url()}}.dump() + "\n"; }

}  // namespace

// One request on its way to the daemon, and its response on the way back.
struct Exchange {
    explicit Exchange(const asio::any_io_executor& ex) : finished(ex) {}
    bool head = false;                  // HEAD: the response has no body
    std::optional<std::string> notice;  // for the create response's Warnings
    enum Outcome { Pending, Done, Raw, Failed } outcome = Pending;
    bool keep_alive = true;
    bool responded = false;  // some of the response has reached the client
    Event finished;          // the outcome is known
};

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(Proxy& proxy, Socket client) : proxy_(proxy), client_(std::move(client)), upstream_(client_.get_executor()) {
        proxy_.sessions_.insert(this);
    }
    ~Session() {
        proxy_.sessions_.erase(this);
        if (proxy_.stopping_ && proxy_.sessions_.empty()) proxy_.drained();
    }

    void start() { asio::co_spawn(client_.get_executor(), requests(shared_from_this()), asio::detached); }

    void close() {
        error_code ec;
        client_.close(ec);
        upstream_.close(ec);
    }

    void stop() {
        stopping_ = true;
        if (idle_) close();
    }

private:
    awaitable<void> requests(std::shared_ptr<Session>);
    awaitable<void> responses(std::shared_ptr<Session>);
    awaitable<bool> exchange(RequestFrame& request, size_t header_size);
    awaitable<bool> relay();
    awaitable<void> splice(Socket& from, Socket& to, Buffer& buffer);
    awaitable<bool> answer(const std::shared_ptr<Exchange>& ex, const RequestFrame& request, int status, std::string_view body);
    awaitable<bool> connect();
    awaitable<ApiVerdict> judge(ApiRoute route, const RequestFrame& request);
    awaitable<void> refuse(int status, std::string_view message);
    void finish(Exchange::Outcome outcome);

    Proxy& proxy_;
    Socket client_;
    Socket upstream_;
    Buffer from_client_, from_daemon_;
    std::shared_ptr<Exchange> exchange_;  // the one in flight, if any
    std::optional<ResponseFrame> response_;
    bool rewriting_ = false;  // the response is read whole, to add the notice
    bool idle_ = true;        // between requests, with nothing of the next one read
    bool stopping_ = false;
};

// Requests, one after the other: each is framed, judged if it is a create or an exec, forwarded, and
// its response awaited before the next is read (the responses coroutine relays it meanwhile).
awaitable<void> Session::requests(std::shared_ptr<Session> /* alive while this runs */) {
    try {
        for (;;) {
            RequestFrame request;
            size_t header_size = 0;
            for (;;) {
                error_code ec;
                if (from_client_.size() > 0) header_size = request.feed(view(from_client_), ec);
                if (ec) co_return co_await refuse(400, fmt::format("leash: cannot read this request: {}", ec.message()));
                if (request.is_header_done()) break;
                idle_ = from_client_.size() == 0;
                if (stopping_ && idle_) co_return close();
                bool more = co_await read_more(client_, from_client_) > 0;
                idle_ = false;
                if (!more) co_return close();  // the client is done (or gone mid-header)
            }
            if (auto why = framing_error(request, view(from_client_).substr(0, header_size)))
                co_return co_await refuse(400, fmt::format("leash: cannot read this request: {}", *why));
            if (!co_await exchange(request, header_size)) co_return;
            co_await exchange_->finished.wait();
            auto outcome = exchange_->outcome;
            bool keep_alive = exchange_->keep_alive && request.keep_alive();
            exchange_.reset();
            if (outcome == Exchange::Raw) co_return co_await splice(client_, upstream_, from_client_);
            if (outcome == Exchange::Failed || !keep_alive || stopping_) co_return close();
            if (from_client_.size() == 0) from_client_.shrink_to_fit();
        }
    } catch (const std::exception&) {
        close();
    }
}

// Forwards one request whose header is complete. False: the session is over.
awaitable<bool> Session::exchange(RequestFrame& request, size_t header_size) {
    auto executor = client_.get_executor();
    auto ex = std::make_shared<Exchange>(executor);
    ex->head = request.method() == "HEAD";
    ApiRoute route = proxy_.options_.judge.route(request.method(), request.target());

    // The guard's own question, which the daemon has no answer to: which daemon it fronts (listener.h).
    if (request.method() == "GET" && request.target() == kUpstreamPath && request.is_done()) {
        from_client_.consume(header_size);
        co_return co_await answer(ex, request, 200, upstream_body(proxy_.options_.daemon));
    }

    if (route != ApiRoute::None) {
        if (request.content_length() && *request.content_length() > kMaxApiBody) {
            co_await refuse(400, fmt::format("leash: the request body is over {} MiB", kMaxApiBody >> 20));
            co_return false;
        }
        request.collect(kMaxApiBody);
        from_client_.consume(header_size);
        if (is_100_continue(request)) co_await send(client_, "HTTP/1.1 100 Continue\r\n\r\n");
        while (!request.is_done()) {
            error_code ec;
            if (from_client_.size() > 0) from_client_.consume(request.feed(view(from_client_), ec));
            if (ec == boost::beast::http::error::body_limit) {
                co_await refuse(400, fmt::format("leash: the request body is over {} MiB", kMaxApiBody >> 20));
                co_return false;
            }
            if (ec) {
                co_await refuse(400, fmt::format("leash: cannot read this request's body: {}", ec.message()));
                co_return false;
            }
            if (!request.is_done() && co_await read_more(client_, from_client_) == 0) {
                close();
                co_return false;
            }
        }
        ApiVerdict verdict = co_await judge(route, request);
        if (!verdict.forward) {
            proxy_.options_.log(fmt::format("refused {} {}: {}", request.method(), request.target(), message_of(verdict.body)));
            co_return co_await answer(ex, request, verdict.status, verdict.body);
        }
        if (verdict.notice) {
            proxy_.options_.log(unprefixed(*verdict.notice));
            if (route == ApiRoute::Create) ex->notice = verdict.notice;
        }
        if (!co_await connect()) co_return false;
        exchange_ = ex;
        co_await send(upstream_, reframed(request, verdict.body));
        co_return true;
    }

    if (!co_await connect()) co_return false;
    exchange_ = ex;
    co_await send(upstream_, view(from_client_).substr(0, header_size));
    from_client_.consume(header_size);
    // The body, if any, as it comes: each piece as soon as the parser has placed it.
    for (size_t n = 1; !request.is_done();) {
        if ((from_client_.size() == 0 || n == 0) && co_await read_more(client_, from_client_) == 0) {
            close();  // the client left mid-body: the daemon must not take a part for the whole
            co_return false;
        }
        error_code ec;
        n = request.feed(view(from_client_), ec);
        if (ec) {
            close();
            co_return false;
        }
        co_await send(upstream_, view(from_client_).substr(0, n));
        from_client_.consume(n);
    }
    co_return true;
}

// An answer the guard gives itself to `request` (whose body it has read), the connection kept as the
// request asks. True: the session goes on.
awaitable<bool> Session::answer(const std::shared_ptr<Exchange>& ex, const RequestFrame& request, int status, std::string_view body) {
    co_await send(client_, json_response(status, body, !request.keep_alive()));
    ex->outcome = Exchange::Done;
    ex->keep_alive = request.keep_alive();
    ex->finished.set();
    exchange_ = ex;
    co_return true;
}

// The connection to the daemon, opened at the first request; when the daemon cannot be reached, the
// client gets a 502 that says so, and the connection closes.
awaitable<bool> Session::connect() {
    if (upstream_.is_open()) co_return true;
    error_code failed;
    try {
        upstream_ = co_await connect_to(proxy_.options_.daemon);
    } catch (const boost::system::system_error& e) {
        failed = e.code();
    }
    if (failed) {
        co_await refuse(502, fmt::format("leash: cannot connect to the Docker daemon at {}: {}. Is the docker daemon running?",
                                         proxy_.options_.daemon.url(), failed.message()));
        co_return false;
    }
    asio::co_spawn(client_.get_executor(), responses(shared_from_this()), asio::detached);
    co_return true;
}

awaitable<ApiVerdict> Session::judge(ApiRoute route, const RequestFrame& request) {
    ApiVerdict verdict{false, 500, "", std::nullopt};
    auto executor = client_.get_executor();
    Event done(executor);
    const Judge& judge = proxy_.options_.judge;
    const DockerEndpoint& daemon = proxy_.options_.daemon;
    asio::post(proxy_.workers_, [&, executor] {
        const char* runtime_dir = std::getenv("XDG_RUNTIME_DIR");
        DockerWorld world(daemon, runtime_dir ? runtime_dir : "", proxy_.options_.claims);
        try {
            verdict = judge.judge(route, request.target(), request.body(), world);
        } catch (const std::exception& e) {
            verdict.body = nlohmann::json{{"message", fmt::format("leash: cannot judge this request: {}", e.what())}}.dump();
        }
        asio::post(executor, [&] { done.set(); });
    });
    co_await done.wait();
    co_return verdict;
}

// An answer the guard gives itself, after which the connection closes.
awaitable<void> Session::refuse(int status, std::string_view message) {
    proxy_.options_.log(unprefixed(message));
    error_code ec;
    upstream_.close(ec);
    co_await asio::async_write(client_, asio::buffer(error_response(status, message, true)),
                               asio::redirect_error(use_awaitable, ec));
    if (!ec) {
        client_.shutdown(Socket::shutdown_send, ec);
        asio::steady_timer timer(client_.get_executor(), kLinger);
        timer.async_wait([self = shared_from_this()](error_code e) {
            error_code ignored;
            if (!e) self->client_.close(ignored);  // not when cancelled: the session may be over by then
        });
        while (co_await read_more(client_, from_client_) > 0) from_client_.consume(from_client_.size());
        timer.cancel();
    }
    close();
}

void Session::finish(Exchange::Outcome outcome) {
    exchange_->outcome = outcome;
    exchange_->finished.set();
    response_.reset();
    rewriting_ = false;
}

// Responses, as the daemon sends them, to the requests in flight. Between exchanges the daemon sends
// nothing; its closing then closes the client's connection too, as the daemon's own socket would.
awaitable<void> Session::responses(std::shared_ptr<Session> /* alive while this runs */) {
    try {
        for (;;) {
            bool more = co_await read_more(upstream_, from_daemon_) > 0;
            bool pending = exchange_ && exchange_->outcome == Exchange::Pending;
            if (!more || !pending) {
                if (pending && !exchange_->responded) {
                    co_await send(client_, error_response(502, "leash: the Docker daemon closed the connection", true));
                }
                if (pending) finish(Exchange::Failed);
                co_return close();
            }
            if (co_await relay()) co_return co_await splice(upstream_, client_, from_daemon_);
            if (from_daemon_.size() == 0 && !exchange_) from_daemon_.shrink_to_fit();
        }
    } catch (const std::exception&) {
        if (exchange_ && exchange_->outcome == Exchange::Pending) finish(Exchange::Failed);
        close();
    }
}

// Passes on what the daemon sent of the pending exchange's response. True: the connection is now raw.
awaitable<bool> Session::relay() {
    while (from_daemon_.size() > 0 && exchange_ && exchange_->outcome == Exchange::Pending) {
        if (!response_) {
            response_.emplace();
            if (exchange_->head) response_->skip(true);
        }
        ResponseFrame& r = *response_;
        error_code ec;
        if (!r.is_header_done()) {
            size_t n = r.feed(view(from_daemon_), ec);
            if (ec) throw boost::system::system_error(ec);
            if (!r.is_header_done()) co_return false;  // more to come
            bool upgraded = r.status() == 101 || r.need_eof();
            rewriting_ = exchange_->notice && r.status() == 201 && r.values("Content-Encoding").empty() && !upgraded;
            if (rewriting_) {
                r.collect(kResponseLimit);
            } else {
                co_await send(client_, view(from_daemon_).substr(0, n));
                exchange_->responded = true;
            }
            from_daemon_.consume(n);
            // A hijacked connection (101, or an old client's 200 with no end but the connection's):
            // raw both ways from here on.
            if (upgraded) {
                finish(Exchange::Raw);
                co_return true;
            }
            if (r.status() / 100 == 1) {  // 100 Continue: the response follows
                response_.reset();
                continue;
            }
        }
        if (!r.is_done()) {
            size_t n = r.feed(view(from_daemon_), ec);
            if (ec) throw boost::system::system_error(ec);
            if (!rewriting_) co_await send(client_, view(from_daemon_).substr(0, n));
            from_daemon_.consume(n);
            if (n == 0 && !r.is_done()) co_return false;  // a piece of framing that is not complete yet
        }
        if (r.is_done()) {
            if (rewriting_) {
                co_await send(client_, reframed(r, proxy_.options_.judge.add_warning(r.body(), *exchange_->notice)));
                exchange_->responded = true;
            }
            exchange_->keep_alive = r.keep_alive();
            finish(Exchange::Done);
        }
    }
    co_return false;
}

// Raw bytes from `from` to `to`, those already read first; the end of `from`'s input becomes the end of
// `to`'s (half-close), so that `docker run -i` ends stdin and still reads the output. An error ends both.
awaitable<void> Session::splice(Socket& from, Socket& to, Buffer& buffer) {
    try {
        for (;;) {
            if (buffer.size() > 0) {
                co_await send(to, view(buffer));
                buffer.consume(buffer.size());
            }
            if (co_await read_more(from, buffer) == 0) break;
        }
        error_code ec;
        to.shutdown(Socket::shutdown_send, ec);
    } catch (const std::exception&) {
        close();
    }
}

Proxy::Proxy(asio::io_context& io, int listen_fd, ProxyOptions options)
    : io_(io),
      acceptor_(io, asio::generic::stream_protocol(AF_UNIX, 0), listen_fd),
      options_(std::move(options)),
      workers_(2),
      grace_(io) {}

Proxy::~Proxy() {
    workers_.join();
}

void Proxy::start() { asio::co_spawn(io_, accept(), asio::detached); }

awaitable<void> Proxy::accept() {
    for (;;) {
        error_code ec;
        Socket client = co_await acceptor_.async_accept(asio::redirect_error(use_awaitable, ec));
        if (ec == asio::error::operation_aborted || stopping_) co_return;
        if (ec) {
            // Out of descriptors, say: the pending connection waits in the backlog until one closes.
            asio::steady_timer pause(io_, std::chrono::milliseconds(100));
            co_await pause.async_wait(asio::redirect_error(use_awaitable, ec));
            continue;
        }
        std::make_shared<Session>(*this, std::move(client))->start();
    }
}

void Proxy::stop(std::chrono::milliseconds grace, std::function<void()> drained) {
    stopping_ = true;
    drained_ = std::move(drained);
    error_code ec;
    acceptor_.close(ec);
    // Copied: a session may close, and leave the set, as it is told to stop.
    for (Session* s : std::set<Session*>(sessions_)) s->stop();
    if (sessions_.empty()) return this->drained();
    grace_.expires_after(grace);
    grace_.async_wait([this](error_code e) {
        if (e) return;
        for (Session* s : std::set<Session*>(sessions_)) s->close();
    });
}

void Proxy::drained() {
    grace_.cancel();
    if (auto f = std::exchange(drained_, nullptr)) asio::post(io_, f);
}

}  // namespace leash::guard
