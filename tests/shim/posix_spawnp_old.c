#include "call.h"
// Bound to posix_spawnp@GLIBC_2.2.5, as binaries built before glibc 2.15 are (see posix_spawn_old.c).
extern typeof(posix_spawnp) posix_spawnp_old;
__asm__(".symver posix_spawnp_old, posix_spawnp@GLIBC_2.2.5");
SPAWN_CALL(posix_spawnp_old)
