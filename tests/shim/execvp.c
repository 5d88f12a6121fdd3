#include "call.h"
static int call(const char *file, char *const argv[], char *const envp[]) {
    (void)envp;
    return execvp(file, argv);
}
