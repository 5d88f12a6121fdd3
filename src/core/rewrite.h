// rewrite: a decision -> the runtime's new argv. Pure. Untouched tokens stay byte-identical.
#pragma once

#include "core/decide.h"
#include "core/parse.h"

namespace leash {

// Every FlagEdit::Replace of an env-file must carry the path of its filtered copy by now.
Args rewrite(const Args& argv, const Invocation& inv, const Decision& decision);

}  // namespace leash
