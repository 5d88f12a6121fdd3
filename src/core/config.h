// The configuration: built-in defaults, then INI files layered on top (read with inih).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/strings.h"

namespace leash {

struct Key {
    std::string name;  // the name inside the container
    std::string host;  // the host variable that holds its value (== name unless remapped)
};

struct FixedVar {
    std::string name;
    std::string value;
    std::string origin;  // "path:line", for errors found after all files are read
};

struct Agent {
    std::string name;
    std::vector<Key> keys;                // injected when set on the host
    std::vector<std::string> accepts;     // its other own variables: they pass when named, never injected
    std::vector<std::string> images;      // globs over the image reference
    std::vector<std::string> commands;    // command names and npm packages that run it
    std::vector<std::string> files;       // its login files and directories, as written (~ not expanded)
    std::vector<std::string> sockets;     // host sockets it may mount: paths or globs as written, or $NAME
    std::vector<std::string> allow_host;  // host access allowed for it: "privileged", "pid=host" (no "--")
    std::vector<FixedVar> env;
    std::string image;    // what --open runs
    std::string command;  // and with which command (words separated by spaces)
};

// The runtimes leash knows by name: the default `runtimes`, and the names of the PATH shims. Generated
// from src/core/runtimes.list, their one source, as are the shim's and the Makefile's lists.
extern const std::span<const std::string_view> kRuntimeNames;

enum class OtherContainers { Pass, Withhold };
enum class Notice { Changes, Never };

struct Config {
    std::vector<std::string> runtimes;
    std::vector<std::string> secret_patterns;  // globs over names that are credentials
    std::vector<std::string> not_secret;       // globs over names taken out of secret_patterns
    std::vector<std::string> secret_values;    // globs over values, besides the built-in value rules
    std::vector<std::string> secret_files;     // other tools' credential stores, as written
    std::vector<std::string> multi_agent_images;
    OtherContainers other_containers = OtherContainers::Pass;
    Notice notice = Notice::Changes;
    std::string runtime = "auto";  // for --open: auto, docker or podman
    bool path_shims = false;
    std::vector<Agent> agents;
    // Set by the edge that loads the configuration, not by a file: leash's own files (the configuration's
    // directories, the binary, the shim), which a container must not change through a mount.
    std::vector<std::string> own_files;
    // Set by that edge too: the directory of leash's masks (resolved), whose files leash mounts; empty: none.
    std::string masks_dir;

    const Agent* agent(std::string_view name) const;
    std::string agent_names() const;  // "claude, codex, ..."
    bool is_runtime(std::string_view basename) const;
    // A credential by its name alone: some agent's keys (inside the container or on the host) or
    // accepts name it, or it matches secret_patterns and not not_secret. For many names, or with their
    // values, use credentials.h's Credentials.
    bool is_credential(std::string_view name) const;
};

Config default_config();

// Applies one INI file's text on top of `config`. Within a file a repeated key adds to a list (so a
// long list can go on on indented lines). The lists that say what a credential is and whose (the
// secret_*, not_secret, and each agent's accepts, files, sockets and allow_host) add to what earlier
// files and the built-in defaults set; any other key set in a later file replaces the earlier value.
// Errors read "PATH:LINE: what is wrong".
Status apply_ini(Config& config, std::string_view text, std::string_view path);

// Checks that need the whole configuration: a fixed variable named like a credential, or whose value
// has a credential's shape (the error names the variable and the kind, never the value).
Status validate(const Config& config);

}  // namespace leash
