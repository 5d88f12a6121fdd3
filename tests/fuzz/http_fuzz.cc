// libFuzzer target: the guard's request framing (src/guard/http_frame). Besides surviving any bytes, it
// must keep these properties:
//  - the bytes split anywhere (as a socket may deliver them) frame as they do whole: the same header,
//    ending at the same place, the same end of the message and body; a header or a message that fails
//    one way never frames the other (it may wait for more);
//  - a message it frames ends within the bytes it was given, and its header within the message;
//  - a request the guard would pass on re-framed (a judged body), re-read, is the same request: start
//    line, fields less the framing ones, and body, with nothing left over.
//
// Input: one byte that picks where to split, then the bytes of a request stream.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "core/strings.h"
#include "guard/http_frame.h"

using namespace leash;
using namespace leash::guard;
using boost::beast::error_code;

namespace {

constexpr size_t kLimit = 1 << 16;

struct Framed {
    error_code ec;
    bool header_failed = false;  // the error came before the header was complete
    size_t header = 0, total = 0;
    bool done = false;
    std::string method, target, body;
    std::vector<std::pair<std::string, std::string>> fields;
};

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "property violated: %s\n", what);
    std::abort();
}

// Feeds `bytes` in pieces of `step` (0: whole), as the proxy does: the header kept until it is complete,
// the body collected; `reframe`: and checks the request re-framed.
Framed frame(std::string_view bytes, size_t step, bool reframe = true) {
    Framed out;
    RequestFrame f;
    std::string held;
    size_t given = 0;
    while (!f.is_done() && given < bytes.size()) {
        size_t n = step ? std::min(step, bytes.size() - given) : bytes.size() - given;
        held.append(bytes.substr(given, n));
        given += n;
        bool header_before = f.is_header_done();
        size_t used = f.feed(held, out.ec);
        if (out.ec) break;
        if (!header_before && f.is_header_done()) {
            out.header = out.total = used;
            held.erase(0, used);
            f.collect(kLimit);
            used = f.is_done() ? 0 : f.feed(held, out.ec);
            if (out.ec) break;
        }
        if (header_before || f.is_header_done()) {
            out.total += used;
            held.erase(0, used);
        }
    }
    out.done = f.is_done();
    out.header_failed = out.ec && !f.is_header_done();
    if (f.is_header_done()) {
        out.method = f.method();
        out.target = f.target();
        out.fields = f.fields();
    }
    out.body = f.body();
    // A reframed copy of a complete request, for the last property.
    if (reframe && out.done && !out.ec && !framing_error(f, bytes.substr(0, out.header))) {
        std::string again = reframed(f, out.body);
        Framed back = frame(again, 0, false);
        if (back.ec || !back.done) fail("a re-framed request does not frame");
        if (back.total != again.size()) fail("a re-framed request leaves bytes over");
        if (back.method != out.method || back.target != out.target) fail("a re-framed request has another start line");
        if (back.body != out.body) fail("a re-framed request has another body");
        size_t kept = 0;
        for (const auto& [name, value] : out.fields) {
            if (equal_ignoring_case(name, "Content-Length") || equal_ignoring_case(name, "Transfer-Encoding") ||
                equal_ignoring_case(name, "Expect"))
                continue;
            if (kept >= back.fields.size() || back.fields[kept] != std::make_pair(name, value))
                fail("a re-framed request has other fields");
            kept++;
        }
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    size_t step = data[0] % 17 + 1;
    std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    Framed whole = frame(bytes, 0), split = frame(bytes, step);
    // Where one way fails and the other still waits for more, neither frames: Beast looks for a header's
    // end before it parses its last fields, and counts a chunk's size each time it retries its line.
    // What one way frames, the other must frame alike or not yet.
    auto header_ok = [](const Framed& f) { return f.header > 0 && !(f.ec && f.header_failed); };
    auto message_ok = [](const Framed& f) { return !f.ec && f.done; };
    if ((whole.ec && whole.header_failed && header_ok(split)) || (split.ec && split.header_failed && header_ok(whole)))
        fail("split bytes frame a header where whole ones fail, or the other way");
    if ((whole.ec && message_ok(split)) || (split.ec && message_ok(whole)))
        fail("split bytes frame a message where whole ones fail, or the other way");
    if (header_ok(whole) && header_ok(split)) {
        if (whole.header != split.header) fail("split bytes end the header elsewhere");
        if (whole.method != split.method || whole.target != split.target || whole.fields != split.fields)
            fail("split bytes have another header");
    }
    if (message_ok(whole) && message_ok(split) && (whole.total != split.total || whole.body != split.body))
        fail("split bytes end the message elsewhere, or have another body");
    if (whole.total > bytes.size() || whole.header > whole.total) fail("a message beyond the bytes given");
    return 0;
}
