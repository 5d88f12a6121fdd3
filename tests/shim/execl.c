#include "call.h"
static int call(const char *file, char *const argv[], char *const envp[]) {
    (void)envp;
    char **a = padded(argv, NULL);
    return execl(file, SPREAD(a), (char *)NULL);
}
