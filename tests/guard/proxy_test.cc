// The guard's proxy in this process, between clients on plain sockets and a fake daemon that records
// every byte it receives, with a judge from a table: framing, pass-through byte for byte, judged bodies,
// refusals, upgrades, streams and faults. (The real decision and the real daemon: tests/e2e/guard_test.sh.)
#include "guard/proxy.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "guard/listener.h"

// Last: its macros break Boost.Intrusive's, which Asio's headers bring.
#include <criterion/criterion.h>

using namespace leash;
using namespace leash::guard;
namespace http = boost::beast::http;

namespace {

std::string temp_dir() {
    char dir[] = "/tmp/leash-proxy-test.XXXXXX";
    cr_assert(mkdtemp(dir));
    return dir;
}

void set_timeout(int fd, int seconds) {
    timeval tv{seconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

void send_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) return;
        bytes.remove_prefix(size_t(n));
    }
}

// Everything until the peer closes (or 5 s pass).
std::string read_to_end(int fd) {
    std::string out;
    char buf[65536];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) out.append(buf, size_t(n));
    return out;
}

// One whole response (its header and body as sent), read from `fd` with `held` holding what came after.
std::string read_response(int fd, std::string& held, bool head = false) {
    http::response_parser<http::string_body> p;
    p.body_limit(64 << 20);
    if (head) p.skip(true);
    p.eager(true);
    std::string whole;
    char buf[65536];
    for (;;) {
        boost::beast::error_code ec;
        size_t used = held.empty() ? 0 : p.put(boost::asio::buffer(held), ec);
        if (ec && ec != http::error::need_more) return whole + "<<" + ec.message() + ">>";
        whole += held.substr(0, used);
        held.erase(0, used);
        if (p.is_done()) return whole;
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return whole + held + "<<EOF>>";
        held.append(buf, size_t(n));
    }
}

int connect_unix(const std::string& path) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::snprintf(a.sun_path, sizeof a.sun_path, "%s", path.c_str());
    if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        close(fd);
        return -1;
    }
    set_timeout(fd, 5);
    return fd;
}

// A daemon that answers by the request's target and records every byte of every connection.
class FakeDaemon {
public:
    explicit FakeDaemon(bool tcp, const std::string& dir) {
        if (tcp) {
            fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            cr_assert(bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
            socklen_t len = sizeof a;
            getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
            endpoint.kind = DockerEndpoint::Tcp;
            endpoint.host = "127.0.0.1";
            endpoint.port = std::to_string(ntohs(a.sin_port));
        } else {
            endpoint.path = dir + "/daemon.sock";
            fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_un a{};
            a.sun_family = AF_UNIX;
            std::snprintf(a.sun_path, sizeof a.sun_path, "%s", endpoint.path.c_str());
            cr_assert(bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        }
        listen(fd_, 64);
        acceptor_ = std::thread([this] { accept_loop(); });
    }
    ~FakeDaemon() {
        shutdown(fd_, SHUT_RDWR);
        close(fd_);
        acceptor_.join();
        for (auto& t : handlers_) t.join();
    }
    // Every byte each connection received, in the order the connections came.
    std::vector<std::string> received() {
        std::lock_guard lock(mu_);
        return received_;
    }
    std::string all_received() {
        std::string out;
        for (const auto& r : received()) out += r;
        return out;
    }

    DockerEndpoint endpoint;
    std::atomic<bool> go_on{false};  // /stream waits for it before its last chunk

private:
    void accept_loop() {
        for (;;) {
            int c = accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0) return;
            std::lock_guard lock(mu_);
            size_t index = received_.size();
            received_.emplace_back();
            handlers_.emplace_back([this, c, index] { serve(c, index); });
        }
    }
    void record(size_t index, std::string_view bytes) {
        std::lock_guard lock(mu_);
        received_[index] += bytes;
    }
    void serve(int c, size_t index) {
        set_timeout(c, 10);
        std::string held;
        char buf[65536];
        for (;;) {
            http::request_parser<http::string_body> p;
            p.body_limit(64 << 20);
            p.eager(true);
            for (;;) {
                boost::beast::error_code ec;
                size_t used = held.empty() ? 0 : p.put(boost::asio::buffer(held), ec);
                held.erase(0, used);
                if (p.is_done()) break;
                if (ec && ec != http::error::need_more) return finish(c);
                ssize_t n = ::recv(c, buf, sizeof buf, 0);
                if (n <= 0) return finish(c);
                record(index, std::string_view(buf, size_t(n)));
                held.append(buf, size_t(n));
            }
            if (!answer(c, index, p.get(), held)) return finish(c);
        }
    }
    void finish(int c) { close(c); }
    // False: the connection is over.
    bool answer(int c, size_t index, const http::request<http::string_body>& req, std::string& held) {
        std::string target(req.target());
        auto raw_echo = [&] {  // a hijacked stream: echo until the client's end, then "END"
            if (!held.empty()) send_all(c, held);
            char buf[4096];
            for (ssize_t n; (n = ::recv(c, buf, sizeof buf, 0)) > 0;) {
                record(index, std::string_view(buf, size_t(n)));
                send_all(c, std::string_view(buf, size_t(n)));
            }
            send_all(c, "END");
            return false;
        };
        if (target == "/upgrade") {
            // dockerd writes its 101 in three pieces.
            send_all(c, "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n");
            usleep(20000);
            send_all(c, "Connection: Upgrade\r\nUpgrade: tcp\r\n");
            usleep(20000);
            send_all(c, "\r\n");
            return raw_echo();
        }
        if (target == "/hijack200") {
            send_all(c, "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n");
            return raw_echo();
        }
        if (target.find("/containers/create") != std::string::npos) {
            send_all(c, "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 28\r\n\r\n"
                        "{\"Id\":\"abc\",\"Warnings\":[]}\n\n");
            return true;
        }
        if (target == "/stream") {
            send_all(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nfirst\n\r\n");
            for (int i = 0; i < 500 && !go_on; i++) usleep(10000);
            send_all(c, "5\r\nlast\n\r\n0\r\n\r\n");
            return true;
        }
        if (target == "/close") {
            send_all(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
            return false;
        }
        if (target == "/continue") {
            send_all(c, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone");
            return true;
        }
        if (req.method() == http::verb::head) {
            send_all(c, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Odd:  spaced \r\n\r\n");
            return true;
        }
        std::string body = "echo:" + req.body();
        send_all(c, "HTTP/1.1 200 OK\r\nX-Odd:  spaced \r\ncontent-length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
        return true;
    }

    int fd_ = -1;
    std::thread acceptor_;
    std::vector<std::thread> handlers_;
    std::mutex mu_;
    std::vector<std::string> received_;
};

// The judge as a table: a create body with SECRET=1 loses it (with a notice), one that says REFUSE is
// refused; exec bodies pass.
struct TableJudge {
    std::mutex mu;
    std::vector<std::string> bodies;  // as the judge got them

    Judge judge() {
        return Judge{
            [](std::string_view method, std::string_view target) {
                std::string_view path = target.substr(0, target.find('?'));
                if (method != "POST") return ApiRoute::None;
                if (path.ends_with("/containers/create")) return ApiRoute::Create;
                if (path.ends_with("/exec")) return ApiRoute::Exec;
                return ApiRoute::None;
            },
            [this](ApiRoute, std::string_view, std::string_view body, World&) {
                {
                    std::lock_guard lock(mu);
                    bodies.emplace_back(body);
                }
                if (body.find("REFUSE") != std::string_view::npos)
                    return ApiVerdict{false, 403, R"({"message":"leash: refused by the table"})", std::nullopt};
                std::string out(body);
                size_t at = out.find("\"SECRET=1\",");
                if (at == std::string::npos) return ApiVerdict{true, 0, out, std::nullopt};
                out.erase(at, 11);
                return ApiVerdict{true, 0, out, "leash: withheld SECRET"};
            },
            [](std::string_view response, std::string_view notice) {
                std::string out(response);
                size_t at = out.find("\"Warnings\":[]");
                if (at != std::string::npos) out.replace(at, 13, "\"Warnings\":[\"" + std::string(notice) + "\"]");
                return out;
            },
        };
    }
};

class Guard {
public:
    explicit Guard(bool tcp = false) : dir(temp_dir()), daemon(tcp, dir) { start(daemon.endpoint); }
    explicit Guard(const DockerEndpoint& elsewhere) : dir(temp_dir()), daemon(false, dir) { start(elsewhere); }
    ~Guard() {
        asio::post(io_, [this] { proxy_->stop(std::chrono::milliseconds(0), [] {}); });
        thread_.join();
        proxy_.reset();
        std::filesystem::remove_all(dir);
    }
    int client() {
        int fd = connect_unix(socket_);
        cr_assert(fd >= 0);
        return fd;
    }
    // A request on a connection of its own; what came back, until the guard closed it.
    std::string once(std::string_view request) {
        int fd = client();
        send_all(fd, request);
        std::string out = read_to_end(fd);
        close(fd);
        return out;
    }

    std::string dir;
    FakeDaemon daemon;
    TableJudge table;
    std::vector<std::string> log;

private:
    void start(const DockerEndpoint& upstream) {
        socket_ = dir + "/guard.sock";
        auto l = listen_at(socket_);
        cr_assert(l, "%s", l ? "" : l.error().c_str());
        proxy_ = std::make_unique<Proxy>(io_, l->fd, ProxyOptions{upstream, table.judge(), [this](std::string_view line) {
                                                                     log.emplace_back(line);
                                                                 }, dir + "/claims"});
        proxy_->start();
        thread_ = std::thread([this] { io_.run(); });
    }

    std::string socket_;
    asio::io_context io_;
    std::unique_ptr<Proxy> proxy_;
    std::thread thread_;
};

bool contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

// A request with a Content-Length that fits its body.
std::string post(std::string_view target, std::string_view body, std::string_view more_fields = "") {
    return "POST " + std::string(target) + " HTTP/1.1\r\nHost: d\r\n" + std::string(more_fields) +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

const std::string kCreateChunked =
    "POST /v1.41/containers/create?name=a HTTP/1.1\r\nHost: docker\r\nTransfer-Encoding: chunked\r\n"
    "Content-Type: application/json\r\n\r\n"
    "f\r\n{\"Env\":[\"SECRET\r\n"
    "12\r\n=1\",\"PATH=/bin\"]}\n\r\n"
    "0\r\n\r\n";

}  // namespace

TestSuite(proxy, .timeout = 30);

Test(proxy, requests_and_responses_pass_byte_for_byte_with_keep_alive) {
    Guard g;
    int fd = g.client();
    std::string a = "GET /v1.41/containers/json?all=1 HTTP/1.1\r\nHost: x\r\nX-Odd:   spaced  \r\nuser-agent: t\r\n\r\n";
    std::string b = "POST /build?t=x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nTrailer: t\r\n\r\n";
    std::string held;
    send_all(fd, a);
    std::string ra = read_response(fd, held);
    send_all(fd, b);
    std::string rb = read_response(fd, held);
    close(fd);
    cr_expect(ra == "HTTP/1.1 200 OK\r\nX-Odd:  spaced \r\ncontent-length: 5\r\n\r\necho:", "%s", ra.c_str());
    cr_expect(rb == "HTTP/1.1 200 OK\r\nX-Odd:  spaced \r\ncontent-length: 8\r\n\r\necho:abc", "%s", rb.c_str());
    auto got = g.daemon.received();
    cr_assert_eq(got.size(), 1u, "one connection to the daemon for one client connection");
    cr_expect(got[0] == a + b, "the daemon got: [%s]", got[0].c_str());
}

Test(proxy, a_judged_body_is_de_chunked_judged_and_forwarded_with_its_length) {
    Guard g;
    std::string out = g.once(std::string(kCreateChunked) + "GET /close HTTP/1.1\r\nHost: d\r\n\r\n");
    cr_assert_eq(g.table.bodies.size(), 1u);
    cr_expect(g.table.bodies[0] == "{\"Env\":[\"SECRET=1\",\"PATH=/bin\"]}\n", "%s", g.table.bodies[0].c_str());
    std::string want = "POST /v1.41/containers/create?name=a HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                       "Content-Length: 22\r\n\r\n{\"Env\":[\"PATH=/bin\"]}\n";
    std::string got = g.daemon.all_received();
    cr_expect(got.starts_with(want), "the daemon got: [%s]", got.c_str());
    cr_expect(!contains(got, "SECRET"));
    // The notice is in the create response's Warnings, re-framed to its new length.
    std::string created = "{\"Id\":\"abc\",\"Warnings\":[\"leash: withheld SECRET\"]}\n\n";
    cr_expect(contains(out, "Content-Length: " + std::to_string(created.size()) + "\r\n\r\n" + created), "%s", out.c_str());
    cr_expect(contains(out, "\r\n\r\nok"), "the next request on the connection: %s", out.c_str());
    cr_expect(g.log.size() == 1 && g.log[0] == "withheld SECRET");
}

Test(proxy, a_refused_request_never_reaches_the_daemon) {
    Guard g;
    int fd = g.client();
    std::string held;
    send_all(fd, post("/containers/create", "{\"Env\":[\"REFUSE\"]}"));
    std::string r = read_response(fd, held);
    cr_expect(r.starts_with("HTTP/1.1 403 Forbidden\r\n") && r.ends_with("{\"message\":\"leash: refused by the table\"}"), "%s", r.c_str());
    // The connection stays for the next request.
    send_all(fd, "GET /info HTTP/1.1\r\nHost: d\r\n\r\n");
    std::string next = read_response(fd, held);
    close(fd);
    cr_expect(next.ends_with("echo:"), "%s", next.c_str());
    cr_expect(!contains(g.daemon.all_received(), "create"), "%s", g.daemon.all_received().c_str());
}

Test(proxy, a_request_it_cannot_frame_gets_400_and_the_daemon_sees_nothing) {
    const char* bad[] = {
        "POST /containers/create HTTP/1.1\r\nHost: d\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}",
        "POST /containers/create HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: gzip\r\n\r\n",
        "POST /containers/create HTTP/1.0\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
        "POST /containers/create HTTP/1.1\r\nHost: d\r\nX: a\r\n b\r\nContent-Length: 2\r\n\r\n{}",
        "POST /containers/create HTTP/1.1\r\nHost: d\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
        "GET http://d/containers/json HTTP/1.1\r\nHost: d\r\n\r\n",
        "GET /containers/json HTTP/2.0\r\nHost: d\r\n\r\n",
        "GET /containers/json\r\n\r\n",
        "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
    };
    Guard g;
    // A client connected all along, between the refusals, is served as if nothing happened.
    int other = g.client();
    std::string held;
    // Each several times: a refusal's connection, once over, must not take a later one down with it; the
    // guard closes it at once (the client reads its end well before its own 5 s timeout).
    for (int round = 0; round < 10; round++) {
        for (const char* r : bad) {
            auto t0 = std::chrono::steady_clock::now();
            std::string out = g.once(r);
            cr_expect(out.starts_with("HTTP/1.1 400 Bad Request\r\n") && contains(out, "\"message\":\"leash: cannot read this request"),
                      "%s -> %s", r, out.c_str());
            cr_expect(contains(out, "\r\nConnection: close\r\n") && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2),
                      "%s: the connection stayed open", r);
        }
        send_all(other, "GET /containers/json HTTP/1.1\r\nHost: d\r\n\r\n");
        std::string r = read_response(other, held);
        cr_expect(r.ends_with("echo:"), "the other client got: %s", r.c_str());
    }
    close(other);
    std::string others;
    for (int round = 0; round < 10; round++) others += "GET /containers/json HTTP/1.1\r\nHost: d\r\n\r\n";
    cr_expect(g.daemon.all_received() == others, "the daemon was reached: %s", g.daemon.all_received().c_str());
    cr_expect(g.table.bodies.empty());
}

Test(proxy, a_body_over_the_limit_is_refused) {
    Guard g;
    std::string big = "POST /containers/create HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n";
    std::string chunk(1 << 20, 'x');
    for (int i = 0; i < 5; i++) big += "100000\r\n" + chunk + "\r\n";
    big += "0\r\n\r\n";
    std::string out = g.once(big);
    cr_expect(out.starts_with("HTTP/1.1 400 Bad Request\r\n") && contains(out, "over 4 MiB"), "%.200s", out.c_str());
    std::string declared = g.once("POST /containers/create HTTP/1.1\r\nHost: d\r\nContent-Length: 4194305\r\n\r\n{");
    cr_expect(contains(declared, "over 4 MiB"), "%s", declared.c_str());
    cr_expect(g.daemon.received().empty());
}

Test(proxy, a_create_pipelined_behind_another_request_is_still_judged) {
    Guard g;
    int fd = g.client();
    std::string create = post("/containers/create", "{\"Env\":[\"SECRET=1\",\"PATH=/bin\"]}");
    send_all(fd, "GET /a HTTP/1.1\r\nHost: d\r\n\r\n" + create);
    std::string held;
    std::string first = read_response(fd, held), second = read_response(fd, held);
    close(fd);
    cr_expect(first.ends_with("echo:"), "%s", first.c_str());
    cr_expect(contains(second, "withheld SECRET"), "%s", second.c_str());
    cr_expect(!contains(g.daemon.all_received(), "SECRET"), "%s", g.daemon.all_received().c_str());
}

Test(proxy, an_upgraded_connection_is_spliced_both_ways_with_half_close) {
    Guard g;
    int fd = g.client();
    send_all(fd, "POST /upgrade HTTP/1.1\r\nHost: d\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n");
    std::string held;
    std::string head = read_response(fd, held);
    cr_expect(head == "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\n"
                      "Upgrade: tcp\r\n\r\n",
              "%s", head.c_str());
    send_all(fd, "stdin data\n");
    // Binary too, and more than one read's worth.
    std::string blob(300000, '\0');
    for (size_t i = 0; i < blob.size(); i++) blob[i] = char(i * 7);
    send_all(fd, blob);
    shutdown(fd, SHUT_WR);  // the end of stdin; the output still comes
    std::string rest = held + read_to_end(fd);
    close(fd);
    cr_expect(rest == "stdin data\n" + blob + "END", "got %zu bytes", rest.size());
}

Test(proxy, an_old_style_hijack_with_200_is_spliced_too) {
    Guard g;
    int fd = g.client();
    send_all(fd, "POST /hijack200 HTTP/1.1\r\nHost: d\r\nContent-Length: 0\r\n\r\nearly bytes");
    shutdown(fd, SHUT_WR);
    std::string out = read_to_end(fd);
    close(fd);
    cr_expect(out == "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\nearly bytesEND", "%s", out.c_str());
}

Test(proxy, a_stream_passes_as_it_comes) {
    Guard g;
    int fd = g.client();
    send_all(fd, "GET /stream HTTP/1.1\r\nHost: d\r\n\r\n");
    std::string got;
    char buf[4096];
    while (!contains(got, "first\n")) {
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        cr_assert(n > 0, "the first chunk never came before the last was sent");
        got.append(buf, size_t(n));
    }
    cr_expect(!contains(got, "last"));
    g.daemon.go_on = true;
    std::string held = got;
    got = read_response(fd, held);
    close(fd);
    cr_expect(got.ends_with("5\r\nlast\n\r\n0\r\n\r\n"), "%s", got.c_str());
}

Test(proxy, head_and_100_continue_responses) {
    Guard g;
    int fd = g.client();
    std::string held;
    send_all(fd, "HEAD /_ping HTTP/1.1\r\nHost: d\r\n\r\n");
    std::string head = read_response(fd, held, true);
    send_all(fd, "POST /continue HTTP/1.1\r\nHost: d\r\nContent-Length: 1\r\n\r\nx");
    std::string cont = read_response(fd, held), final = read_response(fd, held);
    close(fd);
    cr_expect(head == "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Odd:  spaced \r\n\r\n", "%s", head.c_str());
    cr_expect(cont == "HTTP/1.1 100 Continue\r\n\r\n", "%s", cont.c_str());
    cr_expect(final == "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone", "%s", final.c_str());
}

// Go's server reads the Expect header's first value for the token 100-continue in any case, among
// others (net/http hasToken): each spelling gets its 100 Continue from the guard, and the body is judged.
Test(proxy, a_judged_request_that_expects_100_continue_gets_it_from_the_guard) {
    for (const char* expect : {"100-continue", "100-Continue", "100-CONTINUE", "100-cOnTiNuE", "x, 100-continue",
                               "100-continue\t,y"}) {
        Guard g;
        int fd = g.client();
        std::string body = "{\"Env\":[\"SECRET=1\",\"PATH=/bin\"]}\n";
        send_all(fd, fmt::format("POST /containers/create HTTP/1.1\r\nHost: d\r\nExpect: {}\r\nContent-Length: {}\r\n\r\n",
                                 expect, body.size()));
        std::string held;
        std::string cont = read_response(fd, held);
        cr_expect(cont == "HTTP/1.1 100 Continue\r\n\r\n", "Expect: %s: %s", expect, cont.c_str());
        send_all(fd, body);
        std::string r = read_response(fd, held);
        close(fd);
        cr_expect(r.starts_with("HTTP/1.1 201 Created") && contains(r, "withheld SECRET"), "Expect: %s: %s", expect, r.c_str());
        cr_expect(!contains(g.daemon.all_received(), "Expect") && !contains(g.daemon.all_received(), "SECRET"), "%s",
                  g.daemon.all_received().c_str());
    }
}

Test(proxy, the_daemon_away_is_a_502_and_the_guard_recovers) {
    std::string dir = temp_dir();
    DockerEndpoint nowhere;
    nowhere.path = dir + "/nothing.sock";
    Guard g(nowhere);
    std::string out = g.once("GET /_ping HTTP/1.1\r\nHost: d\r\n\r\n");
    cr_expect(out.starts_with("HTTP/1.1 502 Bad Gateway\r\n") && contains(out, "cannot connect to the Docker daemon at unix://" + nowhere.path),
              "%s", out.c_str());
    cr_expect(contains(out, "Connection: close"));
    std::filesystem::remove_all(dir);
}

Test(proxy, the_daemon_closing_closes_the_clients_connection) {
    Guard g;
    int fd = g.client();
    send_all(fd, "GET /close HTTP/1.1\r\nHost: d\r\n\r\n");
    std::string out = read_to_end(fd);
    close(fd);
    cr_expect(out == "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok", "%s", out.c_str());
}

Test(proxy, a_slow_client_holds_up_no_one) {
    Guard g;
    int slow = g.client();
    send_all(slow, "GET /containers/js");  // and nothing more for now
    for (int i = 0; i < 20; i++) {
        std::string out = g.once("GET /close HTTP/1.1\r\nHost: d\r\n\r\n");
        cr_assert(out.ends_with("ok"), "%s", out.c_str());
    }
    send_all(slow, "on HTTP/1.1\r\nHost: d\r\n\r\n");
    std::string held;
    std::string r = read_response(slow, held);
    close(slow);
    cr_expect(r.ends_with("echo:"), "%s", r.c_str());
}

// A create that arrives a byte at a time (its header, then the body the guard collects to judge) holds
// up no other client, and is judged whole at the end.
Test(proxy, a_create_a_byte_at_a_time_holds_up_no_one) {
    Guard g;
    int slow = g.client();
    std::string request = post("/containers/create", "{\"Env\":[\"SECRET=1\",\"PATH=/bin\"]}");
    std::atomic<bool> sent = false;
    std::thread trickle([&] {
        for (char c : request) {
            send_all(slow, std::string_view(&c, 1));
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        sent = true;
    });
    int served = 0;
    while (!sent) {
        auto t0 = std::chrono::steady_clock::now();
        std::string out = g.once("GET /close HTTP/1.1\r\nHost: d\r\n\r\n");
        cr_assert(out.ends_with("ok") && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1), "%s", out.c_str());
        served++;
    }
    trickle.join();
    std::string held;
    std::string r = read_response(slow, held);
    close(slow);
    cr_expect(served >= 10, "only %d served meanwhile", served);
    cr_expect(r.starts_with("HTTP/1.1 201 Created") && contains(r, "withheld SECRET"), "%s", r.c_str());
    cr_expect(!contains(g.daemon.all_received(), "SECRET"), "%s", g.daemon.all_received().c_str());
}

Test(proxy, a_daemon_on_tcp) {
    Guard g(true);
    std::string out = g.once(post("/containers/create", "{\"Env\":[\"SECRET=1\",\"PATH=/bin\"]}", "Connection: close\r\n"));
    cr_expect(contains(out, "withheld SECRET"), "%s", out.c_str());
    cr_expect(!contains(g.daemon.all_received(), "SECRET") && contains(g.daemon.all_received(), "PATH=/bin"));
}
