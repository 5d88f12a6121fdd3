#include "guard/http_frame.h"

#include "test_util.h"

using namespace leash::guard;
using boost::beast::error_code;

namespace {

// What a frame makes of `bytes` fed in pieces of `step` bytes, as a socket might deliver them: the
// header's size, and how many bytes belong to the message.
template <bool isRequest>
struct Fed {
    Frame<isRequest> frame;
    size_t header = 0;
    size_t total = 0;
    error_code ec;
};

template <bool isRequest>
void feed_in_steps(Fed<isRequest>& f, std::string_view bytes, size_t step, bool collect = false) {
    std::string held;  // what the caller holds: the header until it is complete, then the unparsed rest
    size_t given = 0;
    while (!f.frame.is_done() && given < bytes.size()) {
        size_t n = std::min(step, bytes.size() - given);
        held.append(bytes.substr(given, n));
        given += n;
        bool header_before = f.frame.is_header_done();
        size_t used = f.frame.feed(held, f.ec);
        if (f.ec) return;
        if (!header_before && f.frame.is_header_done()) {
            f.header = used;
            f.total = used;
            held.erase(0, used);
            if (collect) f.frame.collect(1 << 20);
            used = f.frame.is_done() ? 0 : f.frame.feed(held, f.ec);
            if (f.ec) return;
        }
        if (header_before || f.frame.is_header_done()) {
            f.total += used;
            held.erase(0, used);
        }
    }
}

constexpr std::string_view kChunked =
    "POST /v1.41/containers/create?name=x HTTP/1.1\r\nHost: docker\r\nTransfer-Encoding: chunked\r\n"
    "Content-Type: application/json\r\n\r\n"
    "5\r\n{\"Env\r\n"
    "a;ext=1\r\n\":[\"A=1\"]}\r\n"
    "0\r\nX-Trailer: t\r\n\r\n";
constexpr std::string_view kNext = "GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n";

}  // namespace

Test(http_frame, a_chunked_body_in_every_split_is_the_same_body_and_ends_where_it_ends) {
    std::string both = std::string(kChunked) + std::string(kNext);
    for (size_t step = 1; step <= both.size(); step++) {
        Fed<true> f;
        feed_in_steps(f, both, step, true);
        cr_assert(!f.ec, "step %zu: %s", step, f.ec.message().c_str());
        cr_assert(f.frame.is_done(), "step %zu", step);
        expect_str(f.frame.body(), "{\"Env\":[\"A=1\"]}");
        cr_expect_eq(f.header, kChunked.find("\r\n\r\n") + 4, "step %zu", step);
        cr_expect_eq(f.total, kChunked.size(), "step %zu: %zu", step, f.total);
        expect_str(f.frame.method(), "POST");
        expect_str(f.frame.target(), "/v1.41/containers/create?name=x");
    }
}

// A chunked body with no chunk before its last one, a byte at a time: Beast's assertion on it must not
// stop the guard, and the framing is as for the whole.
Test(http_frame, an_empty_chunked_body_a_byte_at_a_time) {
    std::string req = "POST /containers/create HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
    for (size_t step = 1; step <= req.size(); step++) {
        Fed<true> f;
        feed_in_steps(f, req + std::string(kNext), step, true);
        cr_assert(!f.ec && f.frame.is_done(), "step %zu: %s", step, f.ec.message().c_str());
        cr_expect_eq(f.total, req.size(), "step %zu", step);
        expect_str(f.frame.body(), "");
    }
}

Test(http_frame, a_response_header_written_in_pieces_as_the_daemon_writes_a_hijack) {
    // dockerd writes the status line and the first fields, then the rest, then the blank line.
    std::string r = "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\n"
                    "Upgrade: tcp\r\nApi-Version: 1.41\r\n\r\n\x01\x00\x00\x00\x00\x00\x00\x03hi\n";
    for (size_t step = 1; step <= r.size(); step++) {
        Fed<false> f;
        feed_in_steps(f, r, step);
        cr_assert(!f.ec, "step %zu: %s", step, f.ec.message().c_str());
        cr_assert_eq(f.frame.status(), 101);
        cr_expect(f.frame.is_done());  // a 101 has no body: what follows is the stream
        cr_expect_eq(f.header, r.find("\r\n\r\n") + 4, "step %zu", step);
    }
}

Test(http_frame, a_body_the_guard_does_not_read_is_still_framed) {
    std::string req = "PUT /containers/x/archive?path=/ HTTP/1.1\r\nHost: d\r\nContent-Length: 10\r\n\r\n0123456789";
    Fed<true> f;
    feed_in_steps(f, req + std::string(kNext), 3);
    cr_assert(!f.ec);
    cr_expect_eq(f.total, req.size());
    expect_str(f.frame.body(), "");  // not collected
}

Test(http_frame, a_response_that_ends_with_the_connection) {
    std::string r = "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\nraw bytes";
    Fed<false> f;
    feed_in_steps(f, r, 7);
    cr_assert(!f.ec);
    cr_expect(f.frame.is_header_done() && f.frame.need_eof());
}

Test(http_frame, a_collected_body_over_its_limit) {
    std::string req = "POST /containers/create HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "8\r\n01234567\r\n8\r\n01234567\r\n0\r\n\r\n";
    RequestFrame frame;
    error_code ec;
    size_t header = frame.feed(req, ec);
    cr_assert(header > 0 && !ec);
    frame.collect(12);
    frame.feed(std::string_view(req).substr(header), ec);
    cr_expect(ec == boost::beast::http::error::body_limit, "%s", ec.message().c_str());
}

namespace {

enum class Verdict { Fine, GuardRefuses, BeastRefuses };

Verdict verdict_of(std::string_view request) {
    RequestFrame frame;
    error_code ec;
    size_t header = frame.feed(request, ec);
    if (ec || header == 0) return Verdict::BeastRefuses;
    return framing_error(frame, request.substr(0, header)) ? Verdict::GuardRefuses : Verdict::Fine;
}

}  // namespace

// Requests that Beast and Go's net/http could frame differently, or that are not for a Docker daemon:
// refused, by the guard's rules or by Beast itself, whichever way each would read them.
Test(http_frame, requests_the_guard_refuses_to_frame) {
    const std::pair<const char*, Verdict> cases[] = {
        {"POST /containers/create HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: gzip\r\n\r\n", Verdict::GuardRefuses},
        {"POST /containers/create HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", Verdict::GuardRefuses},
        {"POST /containers/create HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n\r\n",
         Verdict::GuardRefuses},
        {"POST /containers/create HTTP/1.0\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n", Verdict::GuardRefuses},
        {"POST /containers/create HTTP/1.1\r\nHost: d\r\nX-A: 1\r\n folded\r\nContent-Length: 2\r\n\r\n", Verdict::GuardRefuses},
        {"POST http://d/containers/create HTTP/1.1\r\nHost: d\r\nContent-Length: 2\r\n\r\n", Verdict::GuardRefuses},
        {"POST * HTTP/1.1\r\nHost: d\r\n\r\n", Verdict::GuardRefuses},
        // Beast's own refusals, where Go would pick one reading.
        {"POST /containers/create HTTP/1.1\r\nHost: d\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n",
         Verdict::BeastRefuses},
        {"POST /containers/create HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n",
         Verdict::BeastRefuses},
        {"POST /containers/create HTTP/1.1\r\nHost: d\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n", Verdict::BeastRefuses},
        {"POST /containers/create HTTP/1.1\nHost: d\n\n", Verdict::BeastRefuses},
        {"POST /containers/create HTTP/1.1\r\nHost : d\r\n\r\n", Verdict::BeastRefuses},
        {"POST /containers/create HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: Chunked \r\n\r\n", Verdict::Fine},
        {"GET /_ping HTTP/1.0\r\n\r\n", Verdict::Fine},
        {"POST /v1.41/containers/create HTTP/1.1\r\nHost: d\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n", Verdict::Fine},
    };
    for (const auto& [request, want] : cases) cr_expect(verdict_of(request) == want, "%s: verdict %d", request, int(verdict_of(request)));
}

Test(http_frame, a_judged_body_is_forwarded_with_its_own_length) {
    RequestFrame frame;
    error_code ec;
    std::string header(kChunked.substr(0, kChunked.find("\r\n\r\n") + 4));
    std::string raw = std::string(header.substr(0, header.size() - 2)) + "Expect: 100-continue\r\n\r\n";
    cr_assert(frame.feed(raw, ec) == raw.size() && !ec);
    expect_str(reframed(frame, "{}"),
               "POST /v1.41/containers/create?name=x HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
               "Content-Length: 2\r\n\r\n{}");
}

Test(http_frame, a_create_response_reframed_around_its_warnings) {
    ResponseFrame frame;
    error_code ec;
    std::string raw = "HTTP/1.1 201 Created\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\nContent-Length: 30\r\n\r\n";
    cr_assert(frame.feed(raw, ec) == raw.size() && !ec);
    expect_str(reframed(frame, "{\"Id\":\"a\",\"Warnings\":[\"w\"]}"),
               "HTTP/1.1 201 Created\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n"
               "{\"Id\":\"a\",\"Warnings\":[\"w\"]}");
}

Test(http_frame, the_guards_own_errors_are_json_that_docker_clients_print) {
    expect_str(error_response(403, "leash: \"no\"", true),
               "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: 28\r\nConnection: close\r\n\r\n"
               "{\"message\":\"leash: \\\"no\\\"\"}\n");
    expect_str(json_response(400, "{}", false), "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
}
