// Mount specs as docker's Linux parser reads them (-v, --volume, HostConfig.Binds). Pure.
#pragma once

#include <string_view>

#include "core/container.h"

namespace leash {

// [SOURCE:]TARGET[:MODE]: a Bind when SOURCE is an absolute path, else a Volume (named, or anonymous
// with no SOURCE); read-only when MODE lists "ro"; paths cleaned as the daemon cleans them. A spec the
// daemon would refuse is still read as far as it goes, so that the decision sees what it names. `via`
// and `at` are the caller's.
Mount read_bind(std::string_view spec);

}  // namespace leash
