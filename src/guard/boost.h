// Boost's configuration for the guard: every guard file includes this before any Boost header, so that
// all of them see Boost configured alike.
#pragma once

#include <coroutine>
#include <utility>

// Asio 1.74 finds <coroutine> only the way gcc provides it; clang 14 (make sanitize, make fuzz) provides
// it with libstdc++ too.
#if defined(__clang__) && defined(__cpp_impl_coroutine)
#define BOOST_ASIO_HAS_CO_AWAIT 1
#define BOOST_ASIO_HAS_STD_COROUTINE 1
#endif

// No BOOST_ASSERT: Beast 1.74 asserts that a chunked body's last chunk has 5 bytes in view when it
// arrives in pieces (parse_chunk_header), which any client can make false by sending a body with no chunk
// before the last one a byte at a time. Its code handles that case; an assertion must not be a way to stop
// the guard for every client. (The unit tests and the fuzzer check the framing itself.)
#define BOOST_DISABLE_ASSERTS
