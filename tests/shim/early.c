// libearly.so, preloaded before the shim: its constructor runs before the shim's and calls execv on
// $EARLY_DOCKER (`docker run -e OPENAI_API_KEY IMAGE`), so that the shim must find libc and the engine on
// its first call (libfaketime's constructor tests).
#define _GNU_SOURCE
#include <stdlib.h>
#include <unistd.h>

__attribute__((constructor)) static void early(void) {
    char *docker = getenv("EARLY_DOCKER");
    char *argv[] = {"docker", "run", "-e", "OPENAI_API_KEY", "example.com/team/claude-code", NULL};
    if (!docker) return;
    unsetenv("EARLY_DOCKER");  // once: the engine this starts preloads this library too
    execv(docker, argv);
}
