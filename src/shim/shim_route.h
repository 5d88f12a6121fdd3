// Which calls libleash.so hands to the engine: the shim's fast path, in a header of its own so that its
// benchmark (bench/fastpath.c) measures this very code. Plain C against libc, like the shim.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "core/runtime_names.h"  // generated from src/core/runtimes.list

// Arrays, not pointers: no relocation for the dynamic loader to apply in every process.
static const char kRuntimes[][LEASH_RUNTIME_NAME_SIZE] = {LEASH_RUNTIME_NAMES};

// The fast path: what every exec of every other program pays. No system call, no getenv, errno untouched.
static bool is_runtime(const char *path) {
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    for (size_t i = 0; i < sizeof kRuntimes / sizeof *kRuntimes; i++)
        if (base[0] == kRuntimes[i][0] && !strcmp(base, kRuntimes[i])) return true;
    return false;
}

// Only these words start or enter a container; `docker ps` and the like never reach the engine.
static bool may_start(char *const argv[]) {
    for (size_t i = 1; argv && argv[0] && argv[i]; i++)
        if (!strcmp(argv[i], "run") || !strcmp(argv[i], "create") || !strcmp(argv[i], "exec")) return true;
    return false;
}

static bool routed(const char *path, char *const argv[]) { return path && is_runtime(path) && may_start(argv); }
