// SHA-256 (FIPS 180-4), for the docker CLI's context store, which keeps a context under the hex digest
// of its name. Pure.
#pragma once

#include <string>
#include <string_view>

namespace leash {

// The digest of `data` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace leash
