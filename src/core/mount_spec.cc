#include "core/mount_spec.h"

#include "core/go_path.h"

namespace leash {

Mount read_bind(std::string_view spec) {
    std::string_view parts[3];
    size_t n = 0;
    // strings.SplitN(spec, ":", 3)
    while (n < 2) {
        size_t colon = spec.find(':');
        if (colon == std::string_view::npos) break;
        parts[n++] = spec.substr(0, colon);
        spec.remove_prefix(colon + 1);
    }
    parts[n++] = spec;
    Mount m;
    std::string_view source = n == 1 ? std::string_view() : parts[0];
    m.target = clean_path(n == 1 ? parts[0] : parts[1]);
    m.type = source.starts_with('/') ? Mount::Bind : Mount::Volume;
    m.source = m.type == Mount::Bind ? clean_path(source) : std::string(source);
    for (std::string_view mode = n == 3 ? parts[2] : ""; !mode.empty();) {
        size_t comma = mode.find(',');
        m.readonly = m.readonly || mode.substr(0, comma) == "ro";
        mode.remove_prefix(comma == std::string_view::npos ? mode.size() : comma + 1);
    }
    return m;
}

}  // namespace leash
