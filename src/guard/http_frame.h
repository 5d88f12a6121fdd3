// HTTP/1.1 framing for the guard, with Beast's parser: where each request and response begins and ends
// in the bytes that arrive, what its header says, and, for a body the guard judges, its bytes without
// the chunked framing. Pure (no I/O), so that the fuzzer drives it directly. Everything the guard does
// not judge is forwarded as the bytes that arrived; a message is only re-written around a body it read.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "guard/boost.h"

#include <boost/beast/http/basic_parser.hpp>

namespace leash::guard {

// Go's net/http server reads a header of up to 1 MiB (http.DefaultMaxHeaderBytes); so does the guard.
constexpr size_t kHeaderLimit = 1 << 20;

template <bool isRequest>
class Frame : public boost::beast::http::basic_parser<isRequest> {
public:
    Frame();

    // Parses `bytes`. Until the header is complete, they are the message from its start, and the result
    // is 0: the caller keeps them (so that it still holds the header as it arrived) and feeds them again
    // with more after them; then the result is the header's size. After the header, `bytes` are what
    // follows what was fed before, and the result is how many of them belong to this message: the rest
    // begin the next message (or a raw stream after an upgrade). 0 with no error: more is needed.
    size_t feed(std::string_view bytes, boost::beast::error_code& ec);

    // Keep the body (its bytes alone, de-chunked) instead of dropping it; more than `limit` bytes is
    // the error body_limit.
    void collect(size_t limit);
    const std::string& body() const { return body_; }

    // The header, as parsed.
    std::string_view method() const { return method_; }
    std::string_view target() const { return target_; }
    int version() const { return version_; }  // 10 or 11
    int status() const { return status_; }
    std::string_view reason() const { return reason_; }
    const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }
    // The values of every field named `name`, compared without regard to case.
    std::vector<std::string_view> values(std::string_view name) const;

private:
    void on_request_impl(boost::beast::http::verb, boost::beast::string_view method, boost::beast::string_view target,
                         int version, boost::beast::error_code&) override;
    void on_response_impl(int status, boost::beast::string_view reason, int version, boost::beast::error_code&) override;
    void on_field_impl(boost::beast::http::field, boost::beast::string_view name, boost::beast::string_view value,
                       boost::beast::error_code&) override;
    void on_header_impl(boost::beast::error_code&) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t>&, boost::beast::error_code&) override {}
    size_t on_body_impl(boost::beast::string_view body, boost::beast::error_code&) override;
    void on_chunk_header_impl(std::uint64_t, boost::beast::string_view, boost::beast::error_code&) override {}
    size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body, boost::beast::error_code&) override;
    void on_finish_impl(boost::beast::error_code&) override {}

    size_t keep(boost::beast::string_view body, boost::beast::error_code& ec);

    size_t header_taken_ = 0;  // of the header's bytes, those Beast has parsed
    bool collecting_ = false;
    size_t limit_ = 0;
    std::string body_;
    std::string method_, target_, reason_;
    int version_ = 0, status_ = 0;
    std::vector<std::pair<std::string, std::string>> fields_;
};

using RequestFrame = Frame<true>;
using ResponseFrame = Frame<false>;

// Why the guard will not pass on a request whose header parsed, or nullopt. Where Beast and Go's
// net/http could frame a request differently, the guard refuses it rather than guess which way the
// daemon reads it: only origin-form targets, HTTP/1.0 and 1.1, one Transfer-Encoding and only "chunked"
// (Go refuses any other, and ignores it in HTTP/1.0), no obsolete line folding. `raw_header` is the
// header as it arrived.
std::optional<std::string> framing_error(const RequestFrame& request, std::string_view raw_header);

// The request or response re-framed around a new body: the start line and every field as parsed, less
// Content-Length, Transfer-Encoding and (for a request) Expect, with the body's Content-Length.
std::string reframed(const RequestFrame& request, std::string_view body);
std::string reframed(const ResponseFrame& response, std::string_view body);

// A response the guard gives itself: STATUS with a JSON body; an error's is {"message": MESSAGE}, which
// docker clients print. `close`: the guard closes the connection after it.
std::string json_response(int status, std::string_view body, bool close);
std::string error_response(int status, std::string_view message, bool close);

}  // namespace leash::guard
