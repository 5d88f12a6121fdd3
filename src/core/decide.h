// decide: the one decision. (config, the model of a container, the caller's environment, what the world
// answers) -> what reaches the container, what is withheld and why, and how the front end's own form must
// change. Pure but for the questions it asks through World. Running it on its own output changes nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/container.h"
#include "core/environment.h"
#include "core/recognize.h"
#include "core/result.h"
#include "core/world.h"

namespace leash {

enum class Action { Pass, Rewrite };

struct Withheld {
    std::string name;
    std::vector<std::string> via;  // how it would have entered: "-e", "--env-file .env", "-e 'GOOGLE*'"
    std::string why;               // what gave it away, name or value: "its name matches *_TOKEN" (never the value)
};

// What happens to one entry of Container::env.
struct Edit {
    enum Op { Keep, Drop, Replace } op = Keep;
    std::string value;  // Replace: the new entry, or the path of the env-file's filtered copy
};

struct Decision {
    Action action = Action::Pass;
    Recognition recognition;
    std::vector<std::string> forward;  // keys that reach the container
    std::vector<Withheld> withheld;
    std::vector<Edit> edits;           // one per Container::env entry
    std::vector<std::string> inject;   // entries added, as -e takes them: the agent's keys (NAME) and fixed NAME=value
    std::vector<std::string> inject_files;  // env-files added (leash's own, sealed): the remapped keys
    std::vector<std::string> labels;        // labels added: leash.agent=NAME on an agent's new container
    std::optional<std::string> exec_id;     // an exec goes to the container leash looked at, by its ID
    std::vector<std::string> fixed;    // the agent's fixed variables among them, by name
    std::vector<std::string> lifted;   // keys whose NAME=value leash moved off the command line
    // Masks (file_masks.h): read-only binds added (host path, target), the container's mounts whose flag
    // goes (a mask takes its place), and the host files it gets read-only. A masked file is in `withheld`
    // under its host path.
    std::vector<std::pair<std::string, std::string>> mounts;
    std::vector<size_t> dropped_mounts;
    std::vector<Withheld> read_only;
    DerivedEnv env;                    // the runtime's environment, made from the one decide() was given
};

// An error is a refusal: nothing may run.
Result<Decision> decide(const Config& config, const Container& c, const Env& env, World& world);

}  // namespace leash
