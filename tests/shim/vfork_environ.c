// `vfork_environ [-u NAME] FILE ARG0 ARGS...`: the vfork pattern of gcc's libiberty. The child points environ
// at a new array (the parent's entries but NAME's, and VFORK_CHILD=1) and calls execv; the parent, which
// shares that memory, puts environ back and checks that its environment and the child's array are as they
// were: an execv wrapper must not change either (Gentoo sandbox bug 669702).
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int named(const char *entry, const char *name) {
    size_t n = strlen(name);
    return !strncmp(entry, name, n) && entry[n] == '=';
}

int main(int argc, char **argv) {
    static const char *left_out;  // static, as what follows: not clobbered by vfork
    static char **args;
    args = argv;
    if (argc > 2 && !strcmp(argv[1], "-u")) left_out = argv[2], args += 2, argc -= 2;
    if (argc < 3) {
        fprintf(stderr, "usage: vfork_environ [-u NAME] FILE ARG0 [ARGS...]\n");
        return 2;
    }
    static char *saved[512], *child[512];
    size_t n = 0, k = 0;
    for (; environ[n] && n + 2 < sizeof child / sizeof *child; n++) {
        saved[n] = environ[n];
        if (!left_out || !named(environ[n], left_out)) child[k++] = environ[n];
    }
    child[k] = "VFORK_CHILD=1";
    char **parent = environ;
    fflush(stdout);
    pid_t pid = vfork();
    if (pid == 0) {
        environ = child;
        execv(args[1], args + 2);
        _exit(127);
    }
    environ = parent;
    int status = 0;
    waitpid(pid, &status, 0);
    printf("exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    int intact = !getenv("VFORK_CHILD") && !strcmp(child[k], "VFORK_CHILD=1") && !child[k + 1];
    for (size_t i = 0, j = 0; i < n; i++) {
        intact = intact && parent[i] == saved[i];
        if (j < k && child[j] == saved[i]) j++;
        else intact = intact && left_out && named(saved[i], left_out);  // the one entry left out
    }
    puts(intact && !parent[n] ? "parent environ intact" : "parent environ CHANGED");
    return 0;
}
