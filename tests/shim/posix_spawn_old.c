#include "call.h"
// Bound to posix_spawn@GLIBC_2.2.5, as binaries built before glibc 2.15 are: it runs a file without #! with
// /bin/sh.
extern typeof(posix_spawn) posix_spawn_old;
__asm__(".symver posix_spawn_old, posix_spawn@GLIBC_2.2.5");
SPAWN_CALL(posix_spawn_old)
