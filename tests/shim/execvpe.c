#include "call.h"
static int call(const char *file, char *const argv[], char *const envp[]) { return execvpe(file, argv, envp); }
