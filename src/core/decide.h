// decide: (config, invocation, environment, recognition, env-file contents) -> what the runtime gets.
// Pure; the policy of DESIGN.md. Running it on its own output changes nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/environment.h"
#include "core/parse.h"
#include "core/recognize.h"

namespace leash {

enum class Action { Pass, Rewrite };

struct Withheld {
    std::string name;
    std::vector<std::string> via;  // how it would have entered: "-e", "--env-file .env", "-e 'GOOGLE*'"
};

// What happens to one flag of Invocation::env.
struct FlagEdit {
    enum Op { Keep, Drop, Replace } op = Keep;
    std::string value;  // Replace: the new -e entry, or the path of the filtered env-file
};

struct FilteredFile {
    size_t flag;          // index in Invocation::env
    std::string content;  // the env-file without the lines that set a withheld variable
};

struct Decision {
    Action action = Action::Pass;
    Recognition recognition;
    std::vector<std::string> forward;  // keys that reach the container
    std::vector<Withheld> withheld;
    std::vector<FlagEdit> edits;       // one per Invocation::env entry
    std::vector<FilteredFile> files;   // the env-files that need a filtered copy
    std::vector<std::string> inject;   // tokens added just after the subcommand
    std::vector<std::string> fixed;    // the agent's fixed variables among them, by name
    std::vector<std::string> lifted;   // keys whose -e NAME=value leash moved off the command line
    Env env;                           // the runtime's environment
};

// What an env-file holds, as leash read it.
struct EnvFileText {
    std::string text;
    bool copy = false;  // one of leash's own filtered copies (a second pass reads its own output)
};

// Env-file contents, per Invocation::env entry (nothing for entries that are not env-files). Needed
// only when the decision is not a pass: see needs_env_files. The runtime then reads a copy of every one
// that is not already leash's: what leash read may change before the runtime reads it again (an agent's
// container may write to it), and a pipe cannot be read twice.
using EnvFiles = std::vector<std::optional<EnvFileText>>;

// Whether decide must see the env-files (a pass never reads them).
bool needs_env_files(const Config& config, const Recognition& recognition);

Decision decide(const Config& config, const Invocation& inv, const Env& env,
                const Recognition& recognition, const EnvFiles& files);

// The names in LD_PRELOAD that are leash's own shim, which the runtime does not need.
bool is_shim_path(std::string_view path);

}  // namespace leash
