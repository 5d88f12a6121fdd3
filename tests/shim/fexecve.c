#include "call.h"
static int call(const char *file, char *const argv[], char *const envp[]) {
    int fd = open(file, O_RDONLY);  // not close-on-exec: a script's interpreter opens it as /dev/fd/N
    return fd < 0 ? -1 : fexecve(fd, argv, envp);
}
