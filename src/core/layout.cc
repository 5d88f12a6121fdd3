#include "core/layout.h"

#include "core/strings.h"

#include "core/parse.h"

namespace leash {

Layout layout_of(std::string_view exe) {
    size_t slash = exe.rfind('/');
    std::string dir(slash == std::string_view::npos ? "." : exe.substr(0, slash));
    if (basename(dir) == "bin") dir = dir.substr(0, dir.size() - 3) + "lib/leash";
    return {std::string(exe), dir + "/libleash.so", dir + "/shims"};
}

bool is_shim_path(std::string_view path) { return basename(path) == "libleash.so"; }

}  // namespace leash
