// popen(FILE, "r"), its output copied, then pclose: FILE is the command line (ARG0 and the rest are not
// used). With ARG0 "w", popen(FILE, "w") is written ARGS, one a line, instead.
#include "call.h"
static int call(const char *file, char *const argv[], char *const envp[]) {
    (void)envp;
    bool write = !strcmp(argv[0], "w");
    FILE *p = popen(file, write ? "w" : "r");
    if (!p) return -1;
    char buf[4096];
    size_t n;
    for (size_t i = 1; write && argv[i]; i++) fprintf(p, "%s\n", argv[i]);
    while (!write && (n = fread(buf, 1, sizeof buf, p)) > 0) fwrite(buf, 1, n, stdout);
    fflush(stdout);
    return ended(pclose(p));
}
