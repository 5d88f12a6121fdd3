// JSON read as Go's encoding/json reads it into typed structs (the Docker daemon decodes API bodies so),
// over a schema of the fields that matter. Pure. nlohmann-json checks the syntax and decodes strings; this
// adds Go's rules: an object key matches a field without regard to case (Unicode simple folding, so the
// Kelvin sign matches k and the long s matches s); the last of duplicate keys wins, but a struct, a
// pointer to one or a map decoded twice is merged, and a slice decoded twice reuses its elements; null
// leaves a string or bool as it was and empties a slice, map or pointer; a value of the wrong type is an
// error; unknown keys are skipped; only the first JSON value is read, as json.Decoder reads it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace leash::gojson {

// Go's types, as far as the schemas need them.
enum class Type {
    String,    // string
    Bool,      // bool
    Strings,   // []string
    StrSlice,  // moby's strslice.StrSlice: []string that also takes one JSON string
    StringMap, // map[string]string
    Object,    // *struct
    Objects,   // []struct
};

struct Struct;

struct Field {
    std::string_view name;  // as Go matches it: the json tag's name, else the field's
    Type type;
    const Struct* of = nullptr;  // Object, Objects
};

struct Struct {
    std::vector<Field> fields;
    // The field's index; the schemas name only fields they have.
    size_t at(std::string_view name) const;
};

struct Span {
    size_t begin = 0, end = 0;
};

// A member of a JSON object as written, and the field it fills (npos: none).
struct Member {
    Span text;  // from the key's opening quote to the end of its value
    size_t field;
};

// A decoded value of some Type.
struct Value {
    // String, Bool: a JSON value set it. Slices, maps, pointers: not nil.
    bool present = false;
    std::string str;
    bool flag = false;
    // Slices: the backing array as far as anything wrote it (Go keeps stale elements past the length
    // and reuses them when the slice grows again), and the length.
    std::vector<Value> items;
    size_t len = 0;
    std::vector<std::pair<std::string, std::string>> map;  // in the order keys first came
    std::vector<Value> fields;                              // Object: one per field of its Struct
    // Where it was read from. Object: the members of every object merged into it, in document order;
    // other types: the JSON value that last wrote it and, for a slice, the spans of that array's items.
    std::vector<Member> members;
    Span last;
    std::vector<Span> item_spans;
};

// Whether Go's encoding/json takes `key` for the field `name` (ASCII): exact or folded.
bool key_matches(std::string_view name, std::string_view key);

// Go's decoder limit on nesting; deeper input is an error for the daemon too.
constexpr size_t kMaxDepth = 10000;

// Decodes the first JSON value of `text`, which must be an object, into `out` (a fresh Value of type
// Object). Returns where that value ends: json.Decoder reads no further. Errors name the field by its
// path in the schema (HostConfig.Binds), never a value.
Result<size_t> decode(std::string_view text, const Struct& schema, Value& out);

}  // namespace leash::gojson
