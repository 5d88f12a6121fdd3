#include "call.h"
// A path with a directory runs relative to that directory's descriptor (not close-on-exec: the kernel hands
// a script to its interpreter as /dev/fd/N/NAME).
static int call(const char *file, char *const argv[], char *const envp[]) {
    const char *slash = file ? strrchr(file, '/') : NULL;
    if (!slash) return execveat(AT_FDCWD, file, argv, envp, 0);
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", slash == file ? 1 : (int)(slash - file), file);
    int fd = open(dir, O_PATH | O_DIRECTORY);
    return fd < 0 ? -1 : execveat(fd, slash + 1, argv, envp, 0);
}
