// What leash prints: the notice, `explain` in text and JSON, shell-quoted command lines. Pure. No
// value of any credential is ever part of the output.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/decide.h"
#include "core/parse.h"
#include "core/strings.h"

namespace leash {

// argv for display, whatever its runtime or subcommand, parsed or not: in every token, what follows
// NAME= for a credential NAME ("-e K=v", "--env=K=v", "-iteK=v", "env K=v", "sh -c 'K=v ...'"), and any
// value of a credential's shape (-e MY_VAR=ghp_...), becomes "<hidden>".
Args redact(const Args& argv, const Config& config);

// The one-line notice on stderr, if this decision calls for one: an agent's container got a key or a
// fixed variable, or something was withheld, or the agent is unclear.
std::optional<std::string> notice(const Config& config, const Decision& d);

// `leash explain`: `argv` is the runtime's argv after rewriting (already redacted).
std::string explain_text(const Decision& d, const Args& argv);
std::string explain_json(const Decision& d, const Args& argv);
std::string explain_refusal_json(std::string_view error);

}  // namespace leash
