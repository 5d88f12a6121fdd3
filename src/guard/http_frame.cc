#include "guard/http_frame.h"

#include <limits>

#include <fmt/format.h>

#include <boost/beast/http/error.hpp>
#include <boost/beast/http/status.hpp>
#include <nlohmann/json.hpp>

#include "core/strings.h"

namespace leash::guard {

namespace http = boost::beast::http;
using boost::beast::error_code;

template <bool isRequest>
Frame<isRequest>::Frame() {
    this->header_limit(kHeaderLimit);
    // Streams have no size limit (a collected body has its own). Not boost::none: Beast 1.74 compares a
    // Content-Length with it as with an optional, which every length exceeds.
    this->body_limit(std::numeric_limits<std::uint64_t>::max());
}

template <bool isRequest>
size_t Frame<isRequest>::feed(std::string_view bytes, error_code& ec) {
    ec = {};
    bool in_header = !this->is_header_done();
    // Beast takes the start line, and then each field, as soon as it is complete; the caller keeps the
    // header's bytes until the whole header is, and gives them again: the part Beast has taken is skipped.
    size_t used = in_header ? header_taken_ : 0;
    while (!this->is_done() && used < bytes.size()) {
        size_t n = this->put(boost::asio::const_buffer(bytes.data() + used, bytes.size() - used), ec);
        used += n;
        if (ec == http::error::need_more) {
            ec = {};
            break;
        }
        if (ec) break;
        // The header alone first, so that the caller sees where it ends; then the body as it comes.
        if (this->is_header_done() && !this->eager()) {
            this->eager(true);
            break;
        }
        if (n == 0) break;
    }
    if (!in_header) return used;
    header_taken_ = used;
    return this->is_header_done() ? used : 0;
}

template <bool isRequest>
void Frame<isRequest>::collect(size_t limit) {
    collecting_ = true;
    limit_ = limit;
}

template <bool isRequest>
size_t Frame<isRequest>::keep(boost::beast::string_view body, error_code& ec) {
    if (!collecting_) return body.size();
    if (body.size() > limit_ - body_.size()) {
        ec = http::error::body_limit;
        return 0;
    }
    body_.append(body.data(), body.size());
    return body.size();
}

template <bool isRequest>
std::vector<std::string_view> Frame<isRequest>::values(std::string_view name) const {
    std::vector<std::string_view> out;
    for (const auto& [n, v] : fields_)
        if (equal_ignoring_case(n, name)) out.push_back(v);
    return out;
}

template <bool isRequest>
void Frame<isRequest>::on_request_impl(http::verb, boost::beast::string_view method, boost::beast::string_view target,
                                       int version, error_code&) {
    method_.assign(method.data(), method.size());
    target_.assign(target.data(), target.size());
    version_ = version;
}

template <bool isRequest>
void Frame<isRequest>::on_response_impl(int status, boost::beast::string_view reason, int version, error_code&) {
    status_ = status;
    reason_.assign(reason.data(), reason.size());
    version_ = version;
}

template <bool isRequest>
void Frame<isRequest>::on_field_impl(http::field, boost::beast::string_view name, boost::beast::string_view value,
                                     error_code&) {
    fields_.emplace_back(std::string(name.data(), name.size()), std::string(value.data(), value.size()));
}

template <bool isRequest>
size_t Frame<isRequest>::on_body_impl(boost::beast::string_view body, error_code& ec) {
    return keep(body, ec);
}

template <bool isRequest>
size_t Frame<isRequest>::on_chunk_body_impl(std::uint64_t, boost::beast::string_view body, error_code& ec) {
    return keep(body, ec);
}

template class Frame<true>;
template class Frame<false>;

std::optional<std::string> framing_error(const RequestFrame& request, std::string_view raw_header) {
    if (request.version() != 10 && request.version() != 11) return "only HTTP/1.0 and HTTP/1.1 are spoken here";
    if (!request.target().starts_with('/')) return "the request target is not a path";
    auto te = request.values("Transfer-Encoding");
    if (!te.empty()) {
        std::string_view v = te[0];
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
        if (te.size() != 1 || !equal_ignoring_case(v, "chunked") || request.version() != 11)
            return "a Transfer-Encoding other than one \"chunked\" in HTTP/1.1";
    }
    for (size_t i = raw_header.find('\n'); i != std::string_view::npos && i + 1 < raw_header.size();
         i = raw_header.find('\n', i + 1))
        if (raw_header[i + 1] == ' ' || raw_header[i + 1] == '\t') return "a header field folded over two lines";
    return std::nullopt;
}

namespace {

constexpr std::string_view kFraming[] = {"Content-Length", "Transfer-Encoding"};

bool is_framing(std::string_view name, bool request) {
    for (auto f : kFraming)
        if (equal_ignoring_case(name, f)) return true;
    // The guard has read the whole body already (and answered 100 Continue itself).
    return request && equal_ignoring_case(name, "Expect");
}

template <bool isRequest>
std::string with_body(std::string start, const Frame<isRequest>& frame, std::string_view body) {
    for (const auto& [name, value] : frame.fields())
        if (!is_framing(name, isRequest)) start += fmt::format("{}: {}\r\n", name, value);
    start += fmt::format("Content-Length: {}\r\n\r\n", body.size());
    start += body;
    return start;
}

}  // namespace

std::string reframed(const RequestFrame& r, std::string_view body) {
    return with_body(fmt::format("{} {} HTTP/{}.{}\r\n", r.method(), r.target(), r.version() / 10, r.version() % 10), r, body);
}

std::string reframed(const ResponseFrame& r, std::string_view body) {
    return with_body(fmt::format("HTTP/{}.{} {} {}\r\n", r.version() / 10, r.version() % 10, r.status(), r.reason()), r, body);
}

namespace {

std::string_view reason_of(int status) {
    auto r = http::obsolete_reason(http::int_to_status(unsigned(status)));
    return {r.data(), r.size()};
}

}  // namespace

std::string json_response(int status, std::string_view body, bool close) {
    return fmt::format("HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{}\r\n{}", status,
                       reason_of(status), body.size(), close ? "Connection: close\r\n" : "", body);
}

std::string error_response(int status, std::string_view message, bool close) {
    return json_response(status, nlohmann::json{{"message", message}}.dump() + "\n", close);
}

}  // namespace leash::guard
