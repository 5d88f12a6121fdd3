// rewrite: a decision -> the runtime's new argv. Pure. Untouched tokens stay byte-identical.
#pragma once

#include "core/decide.h"
#include "core/parse.h"

namespace leash {

Args rewrite(const Args& argv, const Invocation& inv, const Decision& decision);

}  // namespace leash
