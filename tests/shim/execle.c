#include "call.h"
static int call(const char *file, char *const argv[], char *const envp[]) {
    char **a = padded(argv, envp);
    return execle(file, SPREAD(a), (char *)NULL, (char *const *)NULL);  // envp: after the first NULL of a
}
