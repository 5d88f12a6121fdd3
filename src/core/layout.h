// Where leash's parts are, from the binary's own path. Pure. The shim (src/shim.c) and the shell hooks
// (shell/) find one another by the same rule from their own places, so no path is compiled in.
#pragma once

#include <string>
#include <string_view>

namespace leash {

struct Layout {
    std::string exe;    // the leash binary
    std::string shim;   // libleash.so
    std::string shims;  // the PATH shims' directory
};

// Beside the binary in the build tree (build/leash, build/libleash.so, build/shims); for an installed
// PREFIX/bin/leash, PREFIX/lib/leash/libleash.so and PREFIX/lib/leash/shims.
Layout layout_of(std::string_view exe);

// An LD_PRELOAD entry that is leash's own shim, wherever it is installed.
bool is_shim_path(std::string_view path);

}  // namespace leash
