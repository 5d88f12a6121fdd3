// Env-files as docker and podman read them, line by line, for filtering. Pure.
#pragma once

#include <string_view>
#include <vector>

namespace leash {

struct EnvFileLine {
    enum Kind {
        Skip,      // blank or comment
        Assign,    // NAME=value
        Bare,      // NAME: the runtime copies its own NAME
        Wildcard,  // PREFIX*: podman copies every variable that starts with PREFIX
    };
    Kind kind;
    std::string_view text;  // the line as written, with its newline
    std::string_view name;  // the variable it names (for Wildcard, the prefix)
};

// The name is read generously (a BOM, Unicode spaces, "export " and stray '#' before it are skipped,
// spaces after it dropped), so that every spelling a runtime might turn into that variable is caught.
std::vector<EnvFileLine> read_env_file(std::string_view content);

}  // namespace leash
