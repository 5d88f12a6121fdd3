// `vfork_environ FILE ARG0 ARGS...`: the vfork pattern of gcc's libiberty. The child points environ at a new
// array (the parent's entries and VFORK_CHILD=1) and calls execv; the parent, which shares that memory,
// puts environ back and checks that its environment and the child's array are as they were: an execv
// wrapper must not change either (Gentoo sandbox bug 669702).
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: vfork_environ FILE ARG0 [ARGS...]\n");
        return 2;
    }
    static char *saved[512], *child[512];
    size_t n = 0;
    for (; environ[n] && n + 2 < sizeof child / sizeof *child; n++) saved[n] = child[n] = environ[n];
    child[n] = "VFORK_CHILD=1";
    char **parent = environ;
    fflush(stdout);
    pid_t pid = vfork();
    if (pid == 0) {
        environ = child;
        execv(argv[1], argv + 2);
        _exit(127);
    }
    environ = parent;
    int status = 0;
    waitpid(pid, &status, 0);
    printf("exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    int intact = !getenv("VFORK_CHILD") && !strcmp(child[n], "VFORK_CHILD=1") && !child[n + 1];
    for (size_t i = 0; i < n; i++) intact = intact && parent[i] == saved[i] && child[i] == saved[i];
    puts(intact && !parent[n] ? "parent environ intact" : "parent environ CHANGED");
    return 0;
}
