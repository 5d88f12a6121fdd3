#include "call.h"
SPAWN_CALL(posix_spawnp)
