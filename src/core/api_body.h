// Create and exec bodies of the Docker API read as the daemon reads them (Go's encoding/json into moby's
// types: go_json.h), as the one model (container.h); and the body written back after the decision. Pure.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api.h"
#include "core/container.h"
#include "core/go_json.h"
#include "core/result.h"

namespace leash {

struct ApiBody {
    // What the model's views point into; on the heap, so that an ApiBody can move.
    struct Store {
        const gojson::Struct* schema = nullptr;
        gojson::Value root;
        std::string container;         // exec: the container the path names
        std::deque<std::string> made;  // values the model holds that the body does not spell as such
    };
    std::string_view text;  // the body as given; the writer edits it
    std::unique_ptr<Store> store;
    Container c;
};

// A Create or Exec body (target.route says which). Errors say what the daemon could not read (a value
// of the wrong type, say), naming the field and never a value.
Result<ApiBody> read_api_body(const ApiTarget& target, std::string_view body);

// The body for the daemon: `env` holds, for each entry of b.c.env, what the daemon gets instead
// (nullopt: nothing). The original bytes when nothing changes; otherwise only the Env list changes, and
// where the body spelled Env more than once (duplicate keys, other cases, escapes) the list is written
// once, so that every reader finds the same one.
std::string write_api_body(const ApiBody& b, const std::vector<std::optional<std::string_view>>& env);

// A create body with leash's masks, where the daemon reads the host configuration (HostConfig, or the
// top level when the body has none): the mounts of b.c.mounts that `dropped` names taken out of the
// Binds or Mounts list that holds them, and after the Mounts, one {"Type":"bind","Source":HOST,
// "Target":TARGET,"ReadOnly":true} per `added` (a Mounts entry takes any path, where a Binds string
// cannot hold a ':'; the daemon mounts it over a path inside another mount whatever the order, and in
// place of a --volumes-from mount at its target). The rest stays as written. An error where the body
// spells the host configuration, or a list that changes, more than once.
Result<std::string> write_api_mounts(const ApiBody& b, const std::vector<size_t>& dropped,
                                     const std::vector<std::pair<std::string, std::string>>& added);

}  // namespace leash
