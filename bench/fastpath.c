// The shim's decision for one exec (src/shim/shim_route.h), compiled with the shim's flags and called across a
// translation unit, as libleash.so's wrappers call it, for bench/fastpath_bench.cc.
#include "shim/shim_route.h"

bool leash_bench_routed(const char *path, char *const argv[]);
bool leash_bench_routed(const char *path, char *const argv[]) { return routed(path, argv); }
