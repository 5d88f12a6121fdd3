// The rules of Go's standard library that the runtimes' parsers apply to what they read (docker, podman
// and nerdctl are Go programs): unicode.IsSpace, strings.TrimSpace, strconv.ParseBool, encoding/csv. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace leash {

// The length of the space (Go's unicode.IsSpace) that `s` starts with or ends with, 0 if none: ASCII
// whitespace, U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F and U+3000.
size_t go_space_prefix(std::string_view s);
size_t go_space_suffix(std::string_view s);

// strings.TrimSpace.
std::string_view go_trim_space(std::string_view s);

// strconv.ParseBool: 1 t T TRUE true True, 0 f F FALSE false False; nullopt for anything else.
std::optional<bool> go_parse_bool(std::string_view s);

// encoding/csv's Reader with its defaults (comma ',', no comment character, quotes not lazy, leading
// spaces kept): every record of `text`. Blank lines are skipped; a quoted field may hold commas, quotes
// written twice and newlines; a quote anywhere else is an error, as is a record whose field count
// differs from the first's. `first_only` stops after the first record (Reader.Read, once).
Result<std::vector<std::vector<std::string>>> go_csv(std::string_view text, bool first_only = false);

}  // namespace leash
