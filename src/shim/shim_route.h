// Which calls libleash.so hands to the engine: the shim's fast path, in a header of its own so that its
// benchmark (bench/fastpath.c) measures this very code. Plain C against libc, like the shim.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "core/runtime_names.h"  // generated from src/core/runtimes.list

// Arrays, not pointers: no relocation for the dynamic loader to apply in every process.
static const char kRuntimes[][LEASH_RUNTIME_NAME_SIZE] = {LEASH_RUNTIME_NAMES};

// docker-compose creates containers through the API whatever its words: the engine runs it behind a guard
// (src/core/parse.h, runs_compose).
static const char kCompose[] = "docker-compose";

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

// The fast path: what every exec of every other program pays. No system call, no getenv, errno untouched.
static bool is_runtime(const char *base) {
    for (size_t i = 0; i < sizeof kRuntimes / sizeof *kRuntimes; i++)
        if (base[0] == kRuntimes[i][0] && !strcmp(base, kRuntimes[i])) return true;
    return false;
}

// Only these words start or enter a container; `docker ps` and the like never reach the engine. docker's
// `compose` does, through the API: the engine runs it behind a guard.
static bool may_start(char *const argv[]) {
    for (size_t i = 1; argv && argv[0] && argv[i]; i++)
        if (!strcmp(argv[i], "run") || !strcmp(argv[i], "create") || !strcmp(argv[i], "exec") ||
            !strcmp(argv[i], "compose"))
            return true;
    return false;
}

static bool routed(const char *path, char *const argv[]) {
    if (!path) return false;
    const char *base = base_name(path);
    return is_runtime(base) ? may_start(argv) : base[0] == kCompose[0] && !strcmp(base, kCompose);
}
